/**
 * -o go-template=... : the everyday subset of Go's text/template that
 * kubectl users write - fields, variables, pipelines, if/else, range/else,
 * with, and the builtin functions (and, or, not, len, index, print,
 * printf, println, eq, ne, lt, le, gt, ge) plus kubectl's `exists` and
 * `base64decode`. The data is the object as apimachinery's json.Unmarshal
 * decodes it: whole numbers are int64 (`eq .spec.replicas 3` holds, while
 * `eq .spec.replicas 3.0` fails on incompatible types, as with the real one)
 * and null prints `<no value>`. Errors name the failing command and its
 * position (`template: output:1:2: executing "output" at <eq ...>: ...`).
 *
 * Beyond what kubectl needs, the same engine runs Helm charts
 * (GoTemplateSet): named templates (define, template, block), extra
 * functions registered by the caller (helm/template-funcs.ts) that may call
 * back into the set (include, tpl), methods on the data (values that are
 * functions, like `.Capabilities.APIVersions.Has`), the missingkey=zero
 * option (a missing key is a nil interface) and numbers decoded as float64
 * (YAML values), with typed ints (GoInt) where Go has them.
 */
import { formatGoFloat, goQuote, goSprint } from "./gofmt.js";

export class TemplateError extends Error {}

/** The value of a missing map key (missingkey=default): prints `<no value>`. */
const NO_VALUE = Symbol("no value");

/** An int: a constant written in the template (Go's untyped int becomes int), or a value a function returns as one. */
export class GoInt {
  constructor(readonly value: number) {}
}

/** A floating-point constant written in the template (`3.0` is a float64, never equal to an int). */
export class GoFloat {
  constructor(readonly value: number) {}
}

type Value = unknown;

/** What an extra function sees besides its arguments: the set it runs in, to execute named templates or parse more. */
export interface TemplateCall {
  set: GoTemplateSet;
  /** Whether plain numbers are float64 (Helm values) rather than int64 where whole (kubectl objects). */
  floats: boolean;
}

/** A function registered through GoTemplateOptions.funcs; throws TemplateError to fail the template. */
export type TemplateFunc = (args: Value[], call: TemplateCall) => Value;

export interface GoTemplateOptions {
  /** Functions beyond Go's builtins (and kubectl's exists/base64decode); they shadow builtins of the same name. */
  funcs?: Record<string, TemplateFunc>;
  /** text/template's missingkey option: "default" prints <no value>, "zero" yields a nil interface, "error" fails. */
  missingKey?: "default" | "zero" | "error";
  /** Plain JS numbers are float64 (sigs.k8s.io/yaml decoding) instead of int64 when whole. */
  floats?: boolean;
}

/** A parsed template: its body, and where it came from (for error positions). */
interface TemplateDef {
  /** The template's name (a file name, or a `define`d name). */
  name: string;
  /** The name of what was parsed (the file), which error locations use. */
  parseName: string;
  source: string;
  nodes: TNode[];
}

// ---------------------------------------------------------------- lexing and parsing

type Pipeline = { decls: string[]; assign: boolean; cmds: Command[]; pos: number };
/** A command with where it starts in the template and its text, for error messages. */
type Command = { args: Operand[]; pos: number; text: string };
type Operand =
  | { kind: "field"; receiver: Operand | null; path: string[] } // receiver null: dot
  | { kind: "dot" }
  | { kind: "var"; name: string; path: string[] }
  | { kind: "ident"; name: string }
  | { kind: "const"; value: Value }
  | { kind: "pipe"; pipe: Pipeline; path: string[] };

type TNode =
  | { type: "text"; text: string }
  | { type: "action"; pipe: Pipeline; src: string }
  | { type: "if" | "with"; pipe: Pipeline; list: TNode[]; else?: TNode[] }
  | { type: "range"; pipe: Pipeline; list: TNode[]; else?: TNode[] }
  | { type: "template"; name: string; pipe?: Pipeline; pos: number; text: string }
  | { type: "break" | "continue" };

interface Token {
  kind: "text" | "action";
  text: string;
  pos: number;
  /** Offset of text[0] in the template. */
  start: number;
}

interface Lexeme {
  text: string;
  at: number;
  /** Follows the previous lexeme with no space between (`(x).field` chains a field; `(x) .field` is another argument). */
  adjacent?: boolean;
}

function tokenize(src: string, name: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    if (open < 0) {
      out.push({ kind: "text", text: src.slice(i), pos: i, start: i });
      break;
    }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src.startsWith("- ", start) || src.startsWith("-\t", start) || src.startsWith("-\n", start)) {
      text = text.replace(/\s+$/, "");
      start += 1;
    }
    if (text) out.push({ kind: "text", text, pos: i, start: i });
    const close = findClose(src, start);
    if (close < 0) throw new TemplateError(`template: ${name}:${lineOf(src, open)}: unclosed action`);
    let inner = src.slice(start, close);
    let after = close + 2;
    if (/\s-$/.test(inner)) {
      inner = inner.slice(0, -1);
      const m = /^\s*/.exec(src.slice(after))!;
      after += m[0].length;
    }
    out.push({ kind: "action", text: inner, pos: open, start });
    i = after;
  }
  return out;
}

/** The `}}` closing an action, skipping quoted strings and comments. */
function findClose(src: string, from: number): number {
  let i = from;
  while (i < src.length) {
    const c = src[i];
    if (src.startsWith("/*", i)) {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) return -1;
      i = end + 2;
      continue;
    }
    if (c === '"' || c === "`" || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += c !== "`" && src[j] === "\\" ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (src.startsWith("}}", i)) return i;
    i++;
  }
  return -1;
}

function lineOf(src: string, pos: number): number {
  return src.slice(0, pos).split("\n").length;
}

class ActionLexer {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly offset: number,
    private readonly fail: (msg: string) => TemplateError,
  ) {}

  tokens(): Lexeme[] {
    const out: Lexeme[] = [];
    const s = this.s;
    let spaced = true;
    while (this.i < s.length) {
      const c = s[this.i];
      if (/\s/.test(c)) {
        this.i++;
        spaced = true;
        continue;
      }
      const start = this.i;
      if (c === '"' || c === "`" || c === "'") {
        let j = this.i + 1;
        while (j < s.length && s[j] !== c) j += c !== "`" && s[j] === "\\" ? 2 : 1;
        if (j >= s.length) throw this.fail("unterminated quoted string");
        this.i = j + 1;
      } else if (c === "(" || c === ")" || c === "|" || c === ",") this.i++;
      else if (s.startsWith(":=", this.i)) this.i += 2;
      else if (c === "=") this.i++;
      else {
        while (this.i < s.length && !/[\s()|,=]/.test(s[this.i])) {
          if (s.startsWith(":=", this.i)) break;
          this.i++;
        }
        // A closing paren may be followed by a field: (index . 0).name
      }
      out.push({ text: s.slice(start, this.i), at: this.offset + start, adjacent: !spaced });
      spaced = false;
    }
    return out;
  }
}

class TemplateParser {
  private toks: Token[];
  private k = 0;

  constructor(
    private readonly src: string,
    private readonly name: string,
    private readonly isFunc: (name: string) => boolean = (n) => Object.hasOwn(FUNCS, n),
    /** Registers a `define`d (or `block`) template. */
    private readonly define: (name: string, nodes: TNode[]) => void = () => {},
  ) {
    this.toks = tokenize(src, name);
  }

  parse(): TNode[] {
    const list = this.list(new Set());
    if (this.k < this.toks.length) {
      const t = this.toks[this.k];
      throw this.error(t.pos, `unexpected {{${t.text.trim()}}}`);
    }
    return list;
  }

  private error(pos: number, msg: string): TemplateError {
    return new TemplateError(`template: ${this.name}:${lineOf(this.src, pos)}: ${msg}`);
  }

  /** Nodes up to (not including) an action whose keyword is in `stops`. */
  private list(stops: Set<string>): TNode[] {
    const out: TNode[] = [];
    while (this.k < this.toks.length) {
      const t = this.toks[this.k];
      if (t.kind === "text") {
        out.push({ type: "text", text: t.text });
        this.k++;
        continue;
      }
      const body = t.text.trim();
      const bodyAt = t.start + (t.text.length - t.text.trimStart().length);
      if (body.startsWith("/*")) {
        this.k++;
        continue;
      }
      const word = body.split(/\s+/)[0];
      if (stops.has(word)) return out;
      if (word === "end" || word === "else") throw this.error(t.pos, `unexpected {{${word}}}`);
      this.k++;
      if (word === "if" || word === "with" || word === "range") out.push(this.control(word, body.slice(word.length), bodyAt + word.length, t));
      else if (word === "break" || word === "continue") out.push({ type: word });
      else if (word === "define" || word === "template" || word === "block") out.push(...this.named(word, body, bodyAt, t));
      else out.push({ type: "action", pipe: this.pipeline(body, bodyAt, t.pos), src: body });
    }
    if (stops.size > 0) throw this.error(this.src.length, "unexpected EOF");
    return out;
  }

  /** {{define "name"}}...{{end}}, {{template "name" [pipeline]}}, {{block "name" pipeline}}...{{end}}. */
  private named(word: "define" | "template" | "block", body: string, bodyAt: number, t: Token): TNode[] {
    const m = /^(\s*)("(?:[^"\\]|\\.)*"|`[^`]*`)/.exec(body.slice(word.length));
    if (!m) throw this.error(t.pos, `unexpected "}}" in ${word} clause`);
    const nameTok = m[2];
    const name = nameTok.startsWith("`") ? nameTok.slice(1, -1) : unquote(nameTok, (msg) => this.error(t.pos, msg));
    const restAt = word.length + m[1].length + nameTok.length;
    const rest = body.slice(restAt);
    const pipe = rest.trim() ? this.pipeline(rest, bodyAt + restAt, t.pos) : undefined;
    // Go positions a template node at its name.
    const namePos = bodyAt + word.length + m[1].length;
    const text = `${word} ${nameTok}${pipe ? ` ${rest.trim()}` : ""}`;
    if (word === "template") return [{ type: "template", name, pipe, pos: namePos, text }];
    if (word === "define" && pipe) throw this.error(t.pos, `unexpected "${rest.trim().split(/\s+/)[0]}" in define clause`);
    const nodes = this.list(new Set(["end"]));
    this.k++;
    this.define(name, nodes);
    if (word === "define") return [];
    if (!pipe) throw this.error(t.pos, `missing value for block clause`);
    return [{ type: "template", name, pipe, pos: namePos, text }];
  }

  private control(word: "if" | "with" | "range", rest: string, restAt: number, t: Token): TNode {
    const pipe = this.pipeline(rest, restAt, t.pos);
    const list = this.list(new Set(["end", "else"]));
    const node: { type: "if" | "with" | "range"; pipe: Pipeline; list: TNode[]; else?: TNode[] } = { type: word, pipe, list };
    const stop = this.toks[this.k];
    this.k++;
    const stopBody = stop.text.trim();
    if (stopBody.startsWith("else")) {
      const elseRest = stopBody.slice(4).trim();
      if ((elseRest.startsWith("if ") && word === "if") || (elseRest.startsWith("with ") && word === "with")) {
        // {{else if x}} / {{else with x}} nests a clause that shares our {{end}}.
        this.k--;
        this.toks[this.k] = { kind: "action", text: elseRest, pos: stop.pos, start: stop.start + stop.text.indexOf(elseRest) };
        node.else = [this.nested(word)];
        return node;
      }
      node.else = this.list(new Set(["end"]));
      this.k++;
    }
    return node;
  }

  private nested(word: "if" | "with"): TNode {
    const t = this.toks[this.k++];
    const body = t.text.trim();
    const at = t.start + (t.text.length - t.text.trimStart().length);
    return this.control(word, body.slice(word.length), at + word.length, t);
  }

  private pipeline(text: string, at: number, pos: number): Pipeline {
    const fail = (msg: string) => this.error(pos, msg);
    const lexemes = new ActionLexer(text, at, fail).tokens();
    let decls: string[] = [];
    let assign = false;
    const declAt = lexemes.findIndex((x) => x.text === ":=" || x.text === "=");
    if (declAt > 0 && lexemes.slice(0, declAt).every((x) => x.text.startsWith("$") || x.text === ",")) {
      decls = lexemes.slice(0, declAt).filter((x) => x.text !== ",").map((x) => x.text);
      assign = lexemes[declAt].text === "=";
      lexemes.splice(0, declAt + 1);
    }
    const [cmds, rest] = this.commands(lexemes, fail);
    if (rest.length) throw fail(`unexpected "${rest[0].text}" in operand`);
    if (cmds.length === 0) throw fail("missing value for command");
    return { decls, assign, cmds, pos };
  }

  private commands(toks: Lexeme[], fail: (m: string) => TemplateError): [Command[], Lexeme[]] {
    const cmds: Command[] = [];
    let cur: Operand[] = [];
    let words: Lexeme[] = [];
    const finish = () => {
      cmds.push({ args: cur, pos: words[0].at, text: words.map((w) => w.text).join(" ") });
      cur = [];
      words = [];
    };
    while (toks.length) {
      const t = toks[0];
      if (t.text === ")") break;
      toks.shift();
      if (t.text === "|") {
        if (cur.length === 0) throw fail("missing command");
        finish();
        continue;
      }
      const before = toks.length;
      cur.push(this.operand(t.text, toks, fail));
      words.push(t);
      // A parenthesized pipeline consumed more lexemes: keep them in the command's text.
      if (toks.length < before) words.push({ text: "…", at: t.at });
    }
    if (cur.length) finish();
    return [cmds, toks];
  }

  private operand(t: string, toks: Lexeme[], fail: (m: string) => TemplateError): Operand {
    if (t === "(") {
      const [cmds, rest] = this.commands(toks, fail);
      if (rest[0]?.text !== ")") throw fail("unclosed left paren");
      rest.shift();
      let path: string[] = [];
      if (rest.length && rest[0].text.startsWith(".") && rest[0].adjacent) path = rest.shift()!.text.slice(1).split(".");
      return { kind: "pipe", pipe: { decls: [], assign: false, cmds, pos: 0 }, path };
    }
    if (t === ".") return { kind: "dot" };
    if (t.startsWith(".")) return { kind: "field", receiver: null, path: t.slice(1).split(".") };
    if (t.startsWith("$")) {
      const [name, ...path] = t.split(".");
      return { kind: "var", name, path };
    }
    if (t.startsWith('"')) return { kind: "const", value: unquote(t, fail) };
    if (t.startsWith("`")) return { kind: "const", value: t.slice(1, -1) };
    if (t.startsWith("'")) return { kind: "const", value: new GoInt(unquote(`"${t.slice(1, -1)}"`, fail).codePointAt(0) ?? 0) };
    if (t === "true" || t === "false") return { kind: "const", value: t === "true" };
    if (t === "nil") return { kind: "const", value: null };
    if (/^[+-]?(\d|\.\d)/.test(t)) {
      if (/^[+-]?\d+$/.test(t)) return { kind: "const", value: new GoInt(parseInt(t, 10)) };
      if (/^0x[0-9a-f]+$/i.test(t)) return { kind: "const", value: new GoInt(parseInt(t, 16)) };
      const f = Number(t);
      if (Number.isNaN(f)) throw fail(`bad number syntax: "${t}"`);
      return { kind: "const", value: new GoFloat(f) };
    }
    if (!this.isFunc(t)) throw fail(`function "${t}" not defined`);
    return { kind: "ident", name: t };
  }
}

function unquote(t: string, fail: (m: string) => TemplateError): string {
  try {
    return JSON.parse(t.replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1").replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b"));
  } catch {
    throw fail(`malformed quoted string ${t}`);
  }
}

// ---------------------------------------------------------------- evaluation

const isTrue = (v: Value): boolean => {
  if (v === NO_VALUE || v === null || v === undefined) return false;
  if (v instanceof GoInt || v instanceof GoFloat) return v.value !== 0;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v as object).length > 0;
  return true;
};

const num = (v: Value): number => (v instanceof GoInt || v instanceof GoFloat ? v.value : (v as number));

type Kind = "bool" | "int" | "float" | "string";
function basicKind(v: Value, floats = false): Kind {
  if (v instanceof GoInt) return "int";
  if (v instanceof GoFloat) return "float";
  if (typeof v === "number") return !floats && Number.isInteger(v) ? "int" : "float";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "string";
  throw new TemplateError("invalid type for comparison");
}

function eq(floats: boolean, a: Value, ...rest: Value[]): boolean {
  const ka = basicKind(a, floats);
  if (rest.length === 0) throw new TemplateError("missing argument for comparison");
  for (const b of rest) {
    if (basicKind(b, floats) !== ka) throw new TemplateError("incompatible types for comparison");
    if ((ka === "int" || ka === "float" ? num(a) === num(b) : a === b)) return true;
  }
  return false;
}

function lt(floats: boolean, a: Value, b: Value): boolean {
  const ka = basicKind(a, floats);
  if (basicKind(b, floats) !== ka) throw new TemplateError("incompatible types for comparison");
  if (ka === "bool") throw new TemplateError("invalid type for comparison");
  return ka === "string" ? (a as string) < (b as string) : num(a) < num(b);
}

/** The decoded-JSON form of a value, typed numbers unwrapped (for printing nested values and for encoders). */
export function plainValue(v: Value): unknown {
  if (v instanceof GoInt || v instanceof GoFloat) return v.value;
  if (v === NO_VALUE) return null;
  if (Array.isArray(v)) return v.some((x) => x !== null && typeof x === "object") ? v.map(plainValue) : v;
  if (v !== null && typeof v === "object" && typeof v !== "function") {
    const o = v as Record<string, Value>;
    if (!Object.values(o).some((x) => x instanceof GoInt || x instanceof GoFloat || (x !== null && typeof x === "object"))) return o;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) if (typeof x !== "function") out[k] = plainValue(x);
    return out;
  }
  return v;
}

/** fmt.Sprint of a template value. */
function show(v: Value, floats = false): string {
  if (v === NO_VALUE) return "<no value>";
  if (v instanceof GoInt) return String(v.value);
  if (v instanceof GoFloat) return formatGoFloat(v.value);
  return goSprint(plainValue(v), floats);
}

/** fmt.Sprint, exported for function libraries (sprig's toString and friends). */
export function goPrint(v: Value, floats = false): string {
  return show(v, floats);
}

function basicKindOrNull(v: Value, floats = false): Kind | null {
  try {
    return basicKind(v, floats);
  } catch {
    return null;
  }
}

/** A minimal fmt.Sprintf: %s %v %d %q %t %f %x %%, with optional width. */
export function sprintf(format: string, args: Value[], floats = false): string {
  let i = 0;
  return format.replace(/%([-+# 0]*)(\d*)(?:\.(\d+))?([svdqtfxXce%])/g, (_m, flags: string, width: string, prec: string | undefined, verb: string) => {
    if (verb === "%") return "%";
    if (i >= args.length) return `%!${verb}(MISSING)`;
    const a = args[i++];
    let s: string;
    switch (verb) {
      case "d":
        s = basicKindOrNull(a, floats) === "int" ? String(num(a)) : basicKindOrNull(a, floats) === "float" ? `%!d(float64=${formatGoFloat(num(a))})` : `%!d(${show(a, floats)})`;
        break;
      case "f":
        s = typeof a === "number" || a instanceof GoInt || a instanceof GoFloat ? num(a).toFixed(prec ? Number(prec) : 6) : `%!f(${show(a, floats)})`;
        break;
      case "q":
        s = goQuote(show(a, floats));
        break;
      case "t":
        s = typeof a === "boolean" ? String(a) : `%!t(${show(a, floats)})`;
        break;
      case "x":
      case "X":
        s = typeof a === "string" ? Buffer.from(a).toString("hex") : Math.trunc(num(a)).toString(16);
        if (verb === "X") s = s.toUpperCase();
        break;
      case "c":
        s = String.fromCodePoint(num(a));
        break;
      default:
        s = show(a, floats);
    }
    const w = width ? Number(width) : 0;
    if (s.length < w) s = flags.includes("-") ? s.padEnd(w) : s.padStart(w, flags.includes("0") && verb !== "s" ? "0" : " ");
    return s;
  });
}

/** fmt.Sprint: spaces between operands when neither is a string. */
function sprint(args: Value[], floats = false): string {
  let out = "";
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== "string" && typeof args[i - 1] !== "string") out += " ";
    out += show(a, floats);
  });
  return out;
}

function length(v: Value): number {
  if (typeof v === "string") return Buffer.byteLength(v);
  if (Array.isArray(v)) return v.length;
  if (v && typeof v === "object" && !(v instanceof GoInt)) return Object.keys(v).length;
  throw new TemplateError(`len of type ${v === null || v === NO_VALUE ? "<nil>" : typeof v === "number" ? "float64" : typeof v}`);
}

function indexOf(v: Value, ...keys: Value[]): Value {
  let cur = v;
  for (const k of keys) {
    if (Array.isArray(cur)) {
      const i = num(k);
      if (typeof i !== "number" || i < 0 || i >= cur.length) throw new TemplateError(`error calling index: index out of range: ${i}`);
      cur = cur[i];
    } else if (cur && typeof cur === "object") {
      const o = cur as Record<string, Value>;
      cur = Object.prototype.hasOwnProperty.call(o, String(k)) ? o[String(k)] : NO_VALUE;
    } else if (cur === null || cur === NO_VALUE) {
      throw new TemplateError("error calling index: index of untyped nil");
    } else throw new TemplateError(`error calling index: can't index item of type ${typeof cur === "number" ? "float64" : typeof cur}`);
  }
  return cur;
}

const FUNCS: Record<string, TemplateFunc> = {
  and: (a) => a.find((x) => !isTrue(x)) ?? a[a.length - 1],
  or: (a) => a.find((x) => isTrue(x)) ?? a[a.length - 1],
  not: (a) => !isTrue(a[0]),
  len: (a) => new GoInt(length(a[0])),
  index: (a) => indexOf(a[0], ...a.slice(1)),
  print: (a, c) => sprint(a, c.floats),
  println: (a, c) => a.map((x) => show(x, c.floats)).join(" ") + "\n",
  printf: (a, c) => sprintf(String(a[0]), a.slice(1), c.floats),
  eq: (a, c) => eq(c.floats, a[0], ...a.slice(1)),
  ne: (a, c) => !eq(c.floats, a[0], a[1]),
  lt: (a, c) => lt(c.floats, a[0], a[1]),
  le: (a, c) => lt(c.floats, a[0], a[1]) || eq(c.floats, a[0], a[1]),
  gt: (a, c) => !(lt(c.floats, a[0], a[1]) || eq(c.floats, a[0], a[1])),
  ge: (a, c) => !lt(c.floats, a[0], a[1]),
  exists: (a) => {
    try {
      const v = indexOf(a[0], ...a.slice(1));
      return v !== NO_VALUE && v !== null;
    } catch {
      return false;
    }
  },
  base64decode: (a) => {
    const s = String(a[0]);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) throw new TemplateError("base64 decode failed: illegal base64 data at input byte 0");
    return Buffer.from(s, "base64").toString("utf8");
  },
  html: (a, c) => sprint(a, c.floats).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&#34;").replace(/'/g, "&#39;"),
  urlquery: (a, c) => encodeURIComponent(sprint(a, c.floats)).replace(/%20/g, "+"),
};

class LoopControl {
  constructor(readonly kind: "break" | "continue") {}
}

/** Go's maxExecDepth: templates calling templates (or themselves) stop here instead of overflowing. */
const MAX_EXEC_DEPTH = 10000;

class Executor {
  private out = "";
  private vars: Array<Map<string, Value>> = [];
  private readonly call: TemplateCall;

  constructor(
    private readonly root: Value,
    private readonly set: GoTemplateSet,
    private readonly def: TemplateDef,
    private readonly depth = 0,
  ) {
    this.vars.push(new Map([["$", root]]));
    this.call = { set, floats: set.options.floats === true };
  }

  run(): string {
    this.list(this.def.nodes, this.root);
    return this.out;
  }

  private get floats(): boolean {
    return this.call.floats;
  }

  /** `template: file:line:col: executing "name" at <text>: msg`, the position of offset `pos` in the file. */
  private located(pos: number, text: string, msg: string): TemplateError {
    const before = this.def.source.slice(0, pos);
    const line = before.split("\n").length;
    const col = pos - (before.lastIndexOf("\n") + 1);
    return new TemplateError(`template: ${this.def.parseName}:${line}:${col}: executing "${this.def.name}" at <${text}>: ${msg}`);
  }

  private list(nodes: TNode[], dot: Value): void {
    for (const n of nodes) this.node(n, dot);
  }

  private node(n: TNode, dot: Value): void {
    switch (n.type) {
      case "text":
        this.out += n.text;
        return;
      case "action": {
        const v = this.pipeline(n.pipe, dot);
        // A nil interface comes out of the pipeline as no value at all.
        if (n.pipe.decls.length === 0) this.out += v === null ? "<no value>" : show(v, this.floats);
        return;
      }
      case "template": {
        const data = n.pipe ? this.pipeline(n.pipe, dot) : null;
        const def = this.set.lookup(n.name);
        if (!def) throw this.located(n.pos, `{{${n.text}}}`, `template "${n.name}" not defined`);
        if (this.depth >= MAX_EXEC_DEPTH) throw this.located(n.pos, `{{${n.text}}}`, `exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
        this.out += new Executor(data, this.set, def, this.depth + 1).run();
        return;
      }
      case "if":
      case "with": {
        this.vars.push(new Map());
        const v = this.pipeline(n.pipe, dot);
        if (isTrue(v)) this.list(n.list, n.type === "with" ? v : dot);
        else if (n.else) this.list(n.else, dot);
        this.vars.pop();
        return;
      }
      case "range": {
        this.vars.push(new Map());
        const v = this.pipeline(n.pipe, dot, true);
        let entries: Array<[Value, Value]>;
        if (Array.isArray(v)) entries = v.map((x, i) => [new GoInt(i), x]);
        else if (v instanceof GoInt || (typeof v === "number" && Number.isInteger(v))) entries = Array.from({ length: num(v) }, (_, i) => [new GoInt(i), new GoInt(i)]);
        else if (v !== null && typeof v === "object") {
          const o = v as Record<string, Value>;
          entries = Object.keys(o)
            .sort()
            .map((k) => [k, o[k]]);
        } else if (v === null || v === undefined || v === NO_VALUE) entries = [];
        else throw new TemplateError(`range can't iterate over ${show(v, this.floats)}`);
        if (entries.length === 0) {
          if (n.else) this.list(n.else, dot);
        } else {
          for (const [key, elem] of entries) {
            const scope = this.vars[this.vars.length - 1];
            if (n.pipe.decls.length === 1) scope.set(n.pipe.decls[0], elem);
            if (n.pipe.decls.length === 2) {
              scope.set(n.pipe.decls[0], key);
              scope.set(n.pipe.decls[1], elem);
            }
            try {
              this.list(n.list, elem);
            } catch (e) {
              if (e instanceof LoopControl) {
                if (e.kind === "break") break;
                continue;
              }
              throw e;
            }
          }
        }
        this.vars.pop();
        return;
      }
      case "break":
      case "continue":
        throw new LoopControl(n.type);
    }
  }

  /** Runs a pipeline; in a range header the declarations bind per element instead. */
  private pipeline(p: Pipeline, dot: Value, forRange = false): Value {
    let v: Value = undefined;
    let first = true;
    for (const cmd of p.cmds) {
      v = this.command(cmd, dot, first ? undefined : { value: v });
      first = false;
    }
    if (p.decls.length && !forRange) {
      if (p.assign) {
        const scope = [...this.vars].reverse().find((m) => m.has(p.decls[0]));
        if (!scope) throw new TemplateError(`undefined variable: ${p.decls[0]}`);
        scope.set(p.decls[0], v);
      } else this.vars[this.vars.length - 1].set(p.decls[0], v);
    }
    return v;
  }

  private command(cmd: Command, dot: Value, piped?: { value: Value }): Value {
    try {
      return this.runCommand(cmd, dot, piped);
    } catch (e) {
      if (!(e instanceof TemplateError) || e.message.startsWith("template:")) throw e;
      throw this.located(cmd.pos, cmd.text, e.message);
    }
  }

  private runCommand(cmd: Command, dot: Value, piped?: { value: Value }): Value {
    const [head, ...rest] = cmd.args;
    if (head.kind === "ident") {
      const args = rest.map((a) => this.operand(a, dot));
      if (piped) args.push(piped.value);
      const fn = this.set.func(head.name)!;
      try {
        return fn(args, this.call);
      } catch (e) {
        if (e instanceof TemplateError && !e.message.startsWith("error calling") && !e.message.startsWith("template:")) throw new TemplateError(`error calling ${head.name}: ${e.message}`);
        throw e;
      }
    }
    // A method at the end of a field chain takes the command's arguments (`.Capabilities.APIVersions.Has "v1"`).
    if ((rest.length > 0 || piped) && (head.kind === "field" || head.kind === "var" || head.kind === "pipe")) {
      const args = rest.map((a) => this.operand(a, dot));
      if (piped) args.push(piped.value);
      const method = this.operand(head, dot, args);
      if (method !== METHOD_CALLED) throw new TemplateError(`can't give argument to non-function ${describe(head)}`);
      return this.methodResult;
    }
    if (rest.length > 0 || piped) throw new TemplateError(`can't give argument to non-function ${describe(head)}`);
    return this.operand(head, dot);
  }

  /** The result of the method call a field chain ended in (see runCommand). */
  private methodResult: Value = undefined;

  private operand(o: Operand, dot: Value, methodArgs?: Value[]): Value {
    switch (o.kind) {
      case "dot":
        return dot;
      case "field":
        return this.fields(dot, o.path, methodArgs);
      case "var": {
        const scope = [...this.vars].reverse().find((m) => m.has(o.name));
        if (!scope) throw new TemplateError(`undefined variable "${o.name}"`);
        return this.fields(scope.get(o.name), o.path, methodArgs);
      }
      case "const":
        return o.value;
      case "pipe":
        return this.fields(this.pipeline(o.pipe, dot), o.path, methodArgs);
      case "ident":
        return this.set.func(o.name)!([], this.call);
    }
  }

  private fields(v: Value, path: string[], methodArgs?: Value[]): Value {
    let cur = v;
    const steps = path.filter((f) => f !== "");
    for (let i = 0; i < steps.length; i++) {
      const f = steps[i];
      if (cur === NO_VALUE || cur === null || cur === undefined) {
        if (cur === null) throw new TemplateError(`nil pointer evaluating interface {}.${f}`);
        return NO_VALUE;
      }
      // Methods of non-map values (a list with a Has method, like Helm's VersionSet).
      const method = typeof cur === "object" && Object.hasOwn(cur as object, f) ? (cur as Record<string, Value>)[f] : undefined;
      if ((typeof cur !== "object" || Array.isArray(cur) || cur instanceof GoInt) && typeof method !== "function") {
        const type = Array.isArray(cur) ? "[]interface {}" : typeof cur === "number" ? (!this.floats && Number.isInteger(cur) ? "int64" : "float64") : typeof cur === "boolean" ? "bool" : "string";
        throw new TemplateError(`can't evaluate field ${f} in type ${type}`);
      }
      const o = cur as Record<string, Value>;
      if (!Object.prototype.hasOwnProperty.call(o, f) || o[f] === undefined) {
        const missing = this.set.options.missingKey ?? (this.set.strictKeys ? "error" : "default");
        if (missing === "error") throw new TemplateError(`map has no entry for key "${f}"`);
        cur = missing === "zero" ? null : NO_VALUE;
      } else cur = o[f];
      if (typeof cur === "function") {
        // A method: called with the command's arguments at the end of the chain, with none before.
        const last = i === steps.length - 1;
        const result = (cur as (args: Value[]) => Value)(last && methodArgs ? methodArgs : []);
        if (last && methodArgs) {
          this.methodResult = result;
          return METHOD_CALLED;
        }
        cur = result;
      }
    }
    return cur;
  }
}

/** Marks that a field chain ended in a method that consumed the command's arguments. */
const METHOD_CALLED = Symbol("method called");

function describe(o: Operand): string {
  switch (o.kind) {
    case "field":
      return `.${o.path.join(".")}`;
    case "var":
      return [o.name, ...o.path].join(".");
    case "const":
      return show(o.value);
    default:
      return ".";
  }
}

/**
 * A set of associated templates, as text/template's Template with its
 * common namespace: every parse adds the template and the ones it defines
 * (a later definition of a name replaces the earlier one); any of them can
 * be executed, and they call each other with {{template}} (or a function
 * such as Helm's include).
 */
export class GoTemplateSet {
  private readonly defs = new Map<string, TemplateDef>();
  /** Legacy switch of GoTemplate.allowMissingKeys (missingkey=error when false). */
  strictKeys = false;

  constructor(readonly options: GoTemplateOptions = {}) {}

  func(name: string): TemplateFunc | undefined {
    const extra = this.options.funcs;
    if (extra && Object.hasOwn(extra, name)) return extra[name];
    return Object.hasOwn(FUNCS, name) ? FUNCS[name] : undefined;
  }

  /** Parses `source` as the template `name`; errors read `template: name:line: ...`. */
  parse(name: string, source: string): void {
    const defined: TemplateDef[] = [];
    const nodes = new TemplateParser(source, name, (n) => this.func(n) !== undefined, (dname, dnodes) =>
      defined.push({ name: dname, parseName: name, source, nodes: dnodes }),
    ).parse();
    this.defs.set(name, { name, parseName: name, source, nodes });
    for (const d of defined) this.defs.set(d.name, d);
  }

  has(name: string): boolean {
    return this.defs.has(name);
  }

  lookup(name: string): TemplateDef | undefined {
    return this.defs.get(name);
  }

  /** Runs a template of the set on `data`; a missing one is text/template's ExecuteTemplate error. */
  execute(name: string, data: unknown, depth = 0): string {
    const def = this.defs.get(name);
    if (!def) throw new TemplateError(`template: no template "${name}" associated with template "${this.rootName}"`);
    return new Executor(data, this, def, depth).run();
  }

  /** The name the set was created under (text/template's New(name)), for ExecuteTemplate's error. */
  rootName = "gotpl";

  /** Template.Clone: the same definitions, to which new ones can be added without touching this set. */
  clone(): GoTemplateSet {
    const c = new GoTemplateSet(this.options);
    c.strictKeys = this.strictKeys;
    c.rootName = this.rootName;
    for (const [k, v] of this.defs) c.defs.set(k, v);
    return c;
  }
}

export class GoTemplate {
  private readonly set: GoTemplateSet;
  allowMissingKeys = true;

  constructor(
    readonly source: string,
    readonly name = "output",
    options: GoTemplateOptions = {},
  ) {
    this.set = new GoTemplateSet(options);
    this.set.rootName = name;
    this.set.parse(name, source);
  }

  /** Runs the template on JSON data; errors carry Go's `template: output:...` prefix. */
  execute(data: unknown): string {
    this.set.strictKeys = !this.allowMissingKeys;
    try {
      return this.set.execute(this.name, data);
    } catch (e) {
      if (e instanceof TemplateError && !e.message.startsWith("template:")) {
        throw new TemplateError(`template: ${this.name}:1:0: executing "${this.name}" at <.>: ${e.message}`);
      }
      throw e;
    }
  }
}
