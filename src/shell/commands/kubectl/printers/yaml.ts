/**
 * YAML exactly as kubectl writes it: sigs.k8s.io/yaml turns the JSON form
 * into go-yaml v2 values and marshals them, so the output follows go-yaml
 * v2's emitter (a port of libyaml):
 *  - keys in go-yaml's "natural" order (digits compared as numbers);
 *  - strings that would read back as something else (`"123"`, `"true"`,
 *    `"y"`, `""`, timestamps like `"2025-01-02T10:00:00Z"`) double-quoted;
 *  - strings plain YAML cannot hold (`a: b`, `- x`, `*x`, leading or
 *    trailing spaces) single-quoted, with control characters double-quoted;
 *  - strings with line breaks as literal blocks (`|-`, `|`, `|+`);
 *  - long strings folded at spaces past column 80;
 *  - sequences inside mappings not indented; `{}` and `[]` for empty ones.
 */

import { formatGoFloat } from "./gofmt.js";

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

type Style = "plain" | "single" | "double" | "literal";

// ---------------------------------------------------------------- what a string resolves to

const RESOLVE_MAP = new Set([
  "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
  "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
  "", "~", "null", "Null", "NULL",
  ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
  "<<",
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** strconv.ParseInt/ParseUint(s, 0, 64) accepting the syntax (range aside). */
function parsesAsGoInt(s: string): boolean {
  return /^[+-]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]*|0[bB][01]+|[1-9][0-9]*)$/.test(s) || /^[+-]?0$/.test(s);
}

/** strconv.ParseFloat syntax (decimal, hex mantissa, inf/nan words). */
function parsesAsGoFloat(s: string): boolean {
  return /^[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+|[iI][nN][fF]([iI][nN][iI][tT][yY])?|[nN][aA][nN])$/.test(s);
}

/** go-yaml's timestamp recognition: four digits and a dash, then a date (and time) layout. */
function isTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  return (
    /^\d{4}-\d{1,2}-\d{1,2}$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d{1,9})?$/.test(s)
  );
}

/** True when the string, written plainly, would read back as a string (resolve() gives !!str). */
function resolvesToString(s: string): boolean {
  const hint = s === "" ? "N" : s[0];
  const mapped = /[yYnNtTfFoO~]/.test(hint);
  const isSign = hint === "+" || hint === "-";
  const isDigit = /[0-9]/.test(hint);
  if (!(mapped || isSign || isDigit || hint === "." || s === "")) return true;
  if (RESOLVE_MAP.has(s)) return false;
  if (hint === ".") return !parsesAsGoFloat(s);
  if (isSign || isDigit) {
    if (isTimestamp(s)) return false;
    const plain = s.replace(/_/g, "");
    if (parsesAsGoInt(plain)) return false;
    if (YAML_STYLE_FLOAT.test(plain) && parsesAsGoFloat(plain)) return false;
    if (/^-?0b[01]+$/.test(plain)) return false;
  }
  return true;
}

function isBase60Float(s: string): boolean {
  if (s === "" || !/^[-+0-9]/.test(s) || !s.includes(":")) return false;
  return BASE60_FLOAT.test(s);
}

// ---------------------------------------------------------------- scalar analysis (yaml_emitter_analyze_scalar)

const isPrintable = (cp: number) => cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
const isBreak = (c: string) => c === "\r" || c === "\n" || c === "\u0085" || c === "\u2028" || c === "\u2029";
const isBlankZ = (c: string | undefined) => c === undefined || c === " " || c === "\t" || c === "\0" || isBreak(c);

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** Strings made only of these characters need no analysis: plain, single or block style all fit. */
const SIMPLE = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+=-]*$/;

function analyze(value: string): Analysis {
  if (SIMPLE.test(value) && !value.startsWith("...")) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  const chars = [...value];
  if (chars.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith("---") || value.startsWith("...")) blockIndicators = true;
  let precededByWhitespace = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === " " || next === "\t";
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(c)) blockIndicators = true;
      else if ((c === "?" || c === ":" || c === "-") && followedByWhitespace) blockIndicators = true;
    } else if (c === ":" && followedByWhitespace) blockIndicators = true;
    else if (c === "#" && precededByWhitespace) blockIndicators = true;

    if (!isPrintable(c.codePointAt(0)!)) special = true;
    if (c === " ") {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankZ(c);
  }
  const a: Analysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) a.blockPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

/** The style go-yaml's encoder asks for, then the emitter's downgrades (select_scalar_style). */
function scalarStyle(s: string, simpleKey: boolean): { style: Style; analysis: Analysis } {
  const canUsePlain = resolvesToString(s) && !isBase60Float(s);
  let style: Style = s.includes("\n") ? "literal" : canUsePlain ? "plain" : "double";
  const a = analyze(s);
  if (simpleKey && a.multiline) style = "double";
  if (style === "plain") {
    if (!a.blockPlainAllowed) style = "single";
    if (s.length === 0 && simpleKey) style = "single";
  }
  if (style === "single" && !a.singleQuotedAllowed) style = "double";
  if (style === "literal" && (!a.blockAllowed || simpleKey)) style = "double";
  return { style, analysis: a };
}

// ---------------------------------------------------------------- the emitter

/** Anything the double-quoted writer escapes (non-printable, breaks, quote, backslash). */
const NEEDS_ESCAPE = /[^\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]|[\n"\\\u2028\u2029]/u;

const ESCAPES: Record<number, string> = {
  0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f", 0x0d: "r",
  0x1b: "e", 0x22: '"', 0x5c: "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
};

/** Characters (code points) in a string, as go-yaml counts columns. */
function runeLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--; // the second half of a surrogate pair
  }
  return n;
}

class Emitter {
  out = "";
  column = 0;
  /** Nothing but whitespace written since the last indicator (go-yaml `whitespace`). */
  whitespace = true;
  /** Only indentation written on this line so far (go-yaml `indention`). */
  indention = true;

  put(s: string): void {
    this.out += s;
    this.column += runeLength(s);
  }

  putBreak(): void {
    this.out += "\n";
    this.column = 0;
  }

  writeIndent(indent: number): void {
    const i = Math.max(indent, 0);
    if (!this.indention || this.column > i || (this.column === i && !this.whitespace)) this.putBreak();
    if (this.column < i) this.put(" ".repeat(i - this.column));
    this.whitespace = true;
    this.indention = true;
  }

  indicator(text: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    this.put(text);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  scalar(value: string, style: Style, indent: number, allowBreaks: boolean): void {
    switch (style) {
      case "plain":
        return this.plain(value, indent, allowBreaks);
      case "single":
        return this.single(value, indent, allowBreaks);
      case "double":
        return this.double(value, indent, allowBreaks);
      case "literal":
        return this.literal(value, indent);
    }
  }

  private plain(value: string, indent: number, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(" ");
    // Breaks only happen at a space past column 80: a scalar that ends before it goes out whole.
    if (!allowBreaks || this.column + runeLength(value) <= BEST_WIDTH + 1) {
      this.put(value);
      this.whitespace = false;
      this.indention = false;
      return;
    }
    const chars = [...value];
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === " ") {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== " ") this.writeIndent(indent);
        else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private single(value: string, indent: number, allowBreaks: boolean): void {
    this.indicator("'", true, false, false);
    const chars = [...value];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === " ") {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== " ") this.writeIndent(indent);
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === "\n") this.putBreak();
        if (c === "\n") this.putBreak();
        else {
          this.put(c);
          this.column = 0;
        }
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent(indent);
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.indicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private double(value: string, indent: number, allowBreaks: boolean): void {
    this.indicator('"', true, false, false);
    if (!NEEDS_ESCAPE.test(value) && (!allowBreaks || this.column + runeLength(value) <= BEST_WIDTH + 1)) {
      this.put(value);
      this.indicator('"', false, false, false);
      this.whitespace = false;
      this.indention = false;
      return;
    }
    const chars = [...value];
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      const cp = c.codePointAt(0)!;
      if (!isPrintable(cp) || isBreak(c) || c === '"' || c === "\\") {
        this.put("\\");
        const esc = ESCAPES[cp];
        if (esc !== undefined) this.put(esc);
        else if (cp <= 0xff) this.put("x" + cp.toString(16).toUpperCase().padStart(2, "0"));
        else if (cp <= 0xffff) this.put("u" + cp.toString(16).toUpperCase().padStart(4, "0"));
        else this.put("U" + cp.toString(16).toUpperCase().padStart(8, "0"));
        spaces = false;
      } else if (c === " ") {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.writeIndent(indent);
          if (chars[i + 1] === " ") this.put("\\");
        } else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.indicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private literal(value: string, indent: number): void {
    this.indicator("|", true, false, false);
    const chars = [...value];
    if (chars[0] === " " || isBreak(chars[0] ?? "")) this.indicator(String(BEST_INDENT), false, false, false);
    let chomp = "";
    const last = chars[chars.length - 1];
    if (chars.length === 0 || !isBreak(last)) chomp = "-";
    else if (chars.length === 1) chomp = "+";
    else if (isBreak(chars[chars.length - 2])) chomp = "+";
    if (chomp) this.indicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of chars) {
      if (isBreak(c)) {
        if (c === "\n") this.putBreak();
        else {
          this.put(c);
          this.column = 0;
        }
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent(indent);
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

// ---------------------------------------------------------------- go-yaml's key order

/** keyList.Less for string keys: runs of digits compare by value, letters after other characters. */
export function naturalLess(a: string, b: string): boolean {
  if (a === b) return false;
  const ar = ASCII.test(a) ? a : [...a];
  const br = ASCII.test(b) ? b : [...b];
  const isLetter = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c > "\x7f" && /\p{L}/u.test(c));
  const isDigit = (c: string | undefined) => c !== undefined && ((c >= "0" && c <= "9") || (c > "\x7f" && /\p{Nd}/u.test(c)));
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

const ASCII = /^[\x00-\x7f]*$/;

/** Sorted key lists by the key set they sort: objects of one kind share a few key sets. */
const sortedKeyCache = new Map<string, string[]>();

function sortedKeys(o: Record<string, unknown>): string[] {
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  const id = keys.join("\u0000");
  let sorted = sortedKeyCache.get(id);
  if (!sorted) {
    sorted = [...keys].sort((x, y) => (naturalLess(x, y) ? -1 : naturalLess(y, x) ? 1 : 0));
    if (sortedKeyCache.size > 5000) sortedKeyCache.clear();
    sortedKeyCache.set(id, sorted);
  }
  return sorted;
}

// ---------------------------------------------------------------- nodes

function isEmptyCollection(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return v !== null && typeof v === "object" && sortedKeys(v as Record<string, unknown>).length === 0;
}

/** A scalar's text and style (numbers, booleans and null are plain). */
function scalarOf(v: unknown, simpleKey: boolean): { text: string; style: Style } {
  if (v === null || v === undefined) return { text: "null", style: "plain" };
  if (typeof v === "boolean") return { text: v ? "true" : "false", style: "plain" };
  if (typeof v === "number") return { text: formatNumber(v), style: "plain" };
  const s = String(v);
  return { text: s, style: scalarStyle(s, simpleKey).style };
}

/** Integers as Itoa, other numbers as strconv.FormatFloat(f, 'g', -1, 64). */
function formatNumber(n: number): string {
  if (Number.isNaN(n)) return ".nan";
  if (!Number.isFinite(n)) return n > 0 ? ".inf" : "-.inf";
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  return formatGoFloat(n);
}

class Writer {
  readonly e = new Emitter();

  /** A node; `indent` is the block indentation of the collection it belongs to (-1 at the root). */
  node(v: unknown, indent: number, ctx: { mapping: boolean; sequence: boolean; simpleKey: boolean }): void {
    if (Array.isArray(v)) return v.length === 0 ? this.flowEmpty("[", "]") : this.blockSequence(v, indent, ctx.mapping);
    if (v !== null && typeof v === "object") {
      return isEmptyCollection(v) ? this.flowEmpty("{", "}") : this.blockMapping(v as Record<string, unknown>, indent);
    }
    const { text, style } = scalarOf(v, ctx.simpleKey);
    // emit_scalar's increase_indent(flow=true): one step in, or best_indent at the root.
    const scalarIndent = indent < 0 ? BEST_INDENT : indent + BEST_INDENT;
    this.e.scalar(text, style, scalarIndent, !ctx.simpleKey);
  }

  private flowEmpty(open: string, close: string): void {
    this.e.indicator(open, true, true, false);
    this.e.indicator(close, false, false, false);
  }

  private blockMapping(o: Record<string, unknown>, parent: number): void {
    const indent = parent < 0 ? 0 : parent + BEST_INDENT;
    for (const k of sortedKeys(o)) {
      this.e.writeIndent(indent);
      this.node(k, indent, { mapping: true, sequence: false, simpleKey: true });
      this.e.indicator(":", false, false, false);
      this.node(o[k], indent, { mapping: true, sequence: false, simpleKey: false });
    }
  }

  private blockSequence(items: unknown[], parent: number, inMapping: boolean): void {
    // A sequence that is a mapping value stays at the key's indentation.
    const indentless = inMapping && !this.e.indention;
    const indent = parent < 0 ? 0 : indentless ? parent : parent + BEST_INDENT;
    for (const item of items) {
      this.e.writeIndent(indent);
      this.e.indicator("-", true, false, true);
      this.node(item, indent, { mapping: false, sequence: true, simpleKey: false });
    }
  }
}

/** go-yaml v2 Marshal of a decoded JSON value (one document, trailing newline). */
export function goYamlMarshal(value: unknown): string {
  const w = new Writer();
  w.node(value, -1, { mapping: false, sequence: false, simpleKey: false });
  if (w.e.column !== 0) w.e.putBreak();
  return w.e.out;
}
