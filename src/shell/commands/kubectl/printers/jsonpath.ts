/**
 * kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath): `{...}`
 * actions among plain text, fields (`.metadata.name`, escaped dots
 * `app\.kubernetes\.io/name`), `[*]`, indexes and slices `[0]`, `[-1:]`,
 * `[::2]`, unions `[0,2]`, `['key']`, filters `[?(@.type=="Ready")]`,
 * recursive descent `..`, `range`/`end`, quoted text `{"\n"}`.
 *
 * Values are decoded JSON as an unstructured object holds it: whole numbers
 * are Go int64, others float64. Results print as Go prints them: scalars via
 * fmt, maps and lists as compact JSON, several results of one action joined
 * by a space.
 */
import { goJsonMarshal, goSprint, goTypeName } from "./gofmt.js";

type ListNode = { type: "list"; nodes: Node[] };
type Param = { value: number; known: boolean; derived: boolean };
type Node =
  | ListNode
  | { type: "text"; text: string }
  | { type: "field"; value: string }
  | { type: "array"; params: [Param, Param, Param] }
  | { type: "filter"; left: ListNode; right: ListNode; op: string }
  | { type: "int"; value: number }
  | { type: "float"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "wildcard" }
  | { type: "recursive" }
  | { type: "union"; nodes: ListNode[] }
  | { type: "identifier"; name: string };

export class JSONPathError extends Error {}

/** A float64 literal of a template (`2.5`); plain JS numbers from objects are typed by their value. */
class GoFloat {
  constructor(readonly value: number) {}
}

const EOF = "";
const isDigit = (r: string) => /^\p{Nd}$/u.test(r);
const isLetter = (r: string) => /^\p{L}$/u.test(r);
const isAlphaNumeric = (r: string) => r === "_" || isLetter(r) || isDigit(r);
const isSpace = (r: string) => r === " " || r === "\t";
const isEndOfLine = (r: string) => r === "\r" || r === "\n";
const isTerminator = (r: string) => isSpace(r) || isEndOfLine(r) || [EOF, ".", ",", "[", "]", "$", "@", "{", "}"].includes(r);

/** `%#U` of a rune: `U+0023 '#'`. */
function formatRune(r: string): string {
  const cp = r.codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")} '${r}'`;
}

class Parser {
  private input = "";
  private pos = 0;
  private start = 0;
  private width = 0;
  root: ListNode = { type: "list", nodes: [] };

  parse(text: string): ListNode {
    this.input = text;
    this.root = { type: "list", nodes: [] };
    this.pos = 0;
    this.start = 0;
    this.parseText(this.root);
    return this.root;
  }

  /** The inside of one action, parsed as `{text}` would be. */
  static action(text: string): ListNode {
    const root = new Parser().parse(`{${text}}`);
    return root.nodes[0] as ListNode;
  }

  private consumeText(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }

  private next(): string {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const cp = this.input.codePointAt(this.pos)!;
    const r = String.fromCodePoint(cp);
    this.width = r.length;
    this.pos += this.width;
    return r;
  }

  private peek(): string {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private parseText(cur: ListNode): void {
    for (;;) {
      if (this.input.startsWith("{", this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ type: "text", text: this.consumeText() });
        return this.parseLeftDelim(cur);
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: "text", text: this.consumeText() });
  }

  private parseLeftDelim(cur: ListNode): void {
    this.pos += 1;
    this.consumeText();
    const node: ListNode = { type: "list", nodes: [] };
    cur.nodes.push(node);
    this.parseInsideAction(node);
  }

  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.input.slice(this.pos);
      if (rest.startsWith("}")) return this.parseRightDelim();
      if (rest.startsWith("[?(")) return this.parseFilter(cur);
      if (rest.startsWith("..")) return this.parseRecursive(cur);
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw new JSONPathError("unclosed action");
      if (r === " " || r === "@" || r === "$") {
        // Spaces separate words; @ and $ name the current object, which is where we are.
        this.consumeText();
        continue;
      }
      if (r === "[") return this.parseArray(cur);
      if (r === '"' || r === "'") return this.parseQuote(cur, r);
      if (r === ".") return this.parseField(cur);
      if (r === "+" || r === "-" || isDigit(r)) {
        this.backup();
        return this.parseNumber(cur);
      }
      if (isAlphaNumeric(r)) {
        this.backup();
        return this.parseIdentifier(cur);
      }
      throw new JSONPathError(`unrecognized character in action: ${formatRune(r)}`);
    }
  }

  private parseRightDelim(): void {
    this.pos += 1;
    this.consumeText();
    this.parseText(this.root);
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === "true" || value === "false") cur.nodes.push({ type: "bool", value: value === "true" });
    else cur.nodes.push({ type: "identifier", name: value });
    this.parseInsideAction(cur);
  }

  private parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last?.type === "recursive") throw new JSONPathError("invalid multiple recursive descent");
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: "recursive" });
    if (isAlphaNumeric(this.peek())) return this.parseField(cur);
    this.parseInsideAction(cur);
  }

  private parseNumber(cur: ListNode): void {
    const first = this.peek();
    if (first === "+" || first === "-") this.next();
    for (;;) {
      const r = this.next();
      if (r !== "." && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (/^[+-]?\d+$/.test(value)) cur.nodes.push({ type: "int", value: parseInt(value, 10) });
    else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) cur.nodes.push({ type: "float", value: parseFloat(value) });
    else throw new JSONPathError(`cannot parse number ${value}`);
    this.parseInsideAction(cur);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === "\n") throw new JSONPathError("unterminated array");
      if (r === "]") break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === "*") text = ":";

    const parts = text.split(",");
    if (parts.length > 1) {
      cur.nodes.push({ type: "union", nodes: parts.map((s) => Parser.action(`[${s.trim()}]`)) });
      return this.parseInsideAction(cur);
    }

    const dict = /^'([^']*)'$/.exec(text);
    if (dict) {
      cur.nodes.push(...Parser.action(`.${dict[1]}`).nodes);
      return this.parseInsideAction(cur);
    }

    const slice = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/.exec(text);
    if (!slice) throw new JSONPathError(`invalid array index ${text}`);
    const params: [Param, Param, Param] = [0, 1, 2].map(() => ({ value: 0, known: false, derived: false })) as [Param, Param, Param];
    for (let i = 0; i < 3; i++) {
      let v = slice[i + 1] ?? "";
      if (v !== "") {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === "") params[i].known = false;
        else {
          if (!/^[+-]?\d+$/.test(v)) throw new JSONPathError(`array index ${v} is not a number`);
          params[i] = { value: parseInt(v, 10), known: true, derived: false };
        }
      } else if (i === 1) {
        params[i] = { value: params[0].value + 1, known: true, derived: true };
      }
    }
    cur.nodes.push({ type: "array", params });
    this.parseInsideAction(cur);
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = "";
    for (;;) {
      const r = this.next();
      if (r === EOF || r === "\n") throw new JSONPathError("unterminated filter");
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== "\\" && r === pair) end = true;
      } else if (r === ")") {
        if (begin === end) break;
      }
    }
    if (this.next() !== "]") throw new JSONPathError("unclosed array expect ]");
    const text = this.consumeText().slice(0, -2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/.exec(text);
    if (!m) cur.nodes.push({ type: "filter", left: Parser.action(text), right: { type: "list", nodes: [] }, op: "exists" });
    else cur.nodes.push({ type: "filter", left: Parser.action(m[1]), right: Parser.action(m[3]), op: m[2] });
    this.parseInsideAction(cur);
  }

  private parseQuote(cur: ListNode, quote: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === "\n") throw new JSONPathError("unterminated quoted string");
      if (r === quote && this.input[this.pos - 2] !== "\\") break;
    }
    const value = this.consumeText();
    cur.nodes.push({ type: "text", text: unquoteExtend(value) });
    this.parseInsideAction(cur);
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    while (this.advance()) {
      // scan to the next unescaped terminator
    }
    const value = this.consumeText();
    if (value === "*") cur.nodes.push({ type: "wildcard" });
    else cur.nodes.push({ type: "field", value: value.replace(/\\/g, "") });
    this.parseInsideAction(cur);
  }

  private advance(): boolean {
    const r = this.next();
    if (r === "\\") this.next();
    else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

/** strconv.Unquote, also for single-quoted strings. */
function unquoteExtend(s: string): string {
  const bad = () => new JSONPathError(`unquote string ${s} error invalid syntax`);
  if (s.length < 2 || s[0] !== s[s.length - 1] || (s[0] !== '"' && s[0] !== "'")) throw bad();
  const quote = s[0];
  const body = s.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === quote) throw bad();
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };
    if (e in simple) out += simple[e];
    else if (e === quote) out += e;
    else if (e === "x" || e === "u" || e === "U") {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw bad();
      out += String.fromCodePoint(parseInt(hex, 16));
      i += n;
    } else if (/[0-7]/.test(e ?? "")) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) throw bad();
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else throw bad();
  }
  return out;
}

// ---------------------------------------------------------------- evaluation

/** A value in a result list; JSON null stays a (nil) value, absent keys produce nothing. */
type Value = unknown;

interface RangeState {
  beginRange: number;
  inRange: number;
  endRange: number;
  lastEndNode?: Node;
}

const isArray = (v: Value): v is Value[] => Array.isArray(v);
const isMap = (v: Value): v is Record<string, Value> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof GoFloat);

export class JSONPath {
  private root?: ListNode;
  allowMissingKeys = false;
  outputJSON = false;

  constructor(readonly name = "") {}

  parse(text: string): this {
    this.root = new Parser().parse(text);
    return this;
  }

  /** Evaluates the template against data; one result list per action (and per range iteration). */
  findResults(data: Value): Value[][] {
    if (!this.root) throw new JSONPathError(`${this.name} is an incomplete jsonpath template`);
    return this.find(data, this.root.nodes, { beginRange: 0, inRange: 0, endRange: 0 });
  }

  execute(data: Value): string {
    return this.findResults(data)
      .map((r) => this.printResults(r))
      .join("");
  }

  printResults(results: Value[]): string {
    if (this.outputJSON) return goJsonMarshal(results.map(plain), "    ") + "\n";
    return results
      .map((r) => {
        const v = plain(r);
        if (v !== null && typeof v === "object") return goJsonMarshal(v);
        if (v === null) return "null";
        return goSprint(v);
      })
      .join(" ");
  }

  private find(data: Value, nodes: Node[], st: RangeState): Value[][] {
    const full: Value[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      const results = this.walk([data], node, st);
      // An end node closes the innermost range.
      if (st.endRange > 0 && st.endRange <= st.inRange) {
        st.endRange--;
        st.lastEndNode = node;
        break;
      }
      if (st.beginRange > 0) {
        st.beginRange--;
        st.inRange++;
        const body = nodes.slice(i + 1);
        if (results.length > 0) for (const v of results) full.push(...this.find(v, body, st));
        else this.find(null, body, st); // still advance to the end node
        st.inRange--;
        for (let k = i + 1; k < nodes.length; k++) {
          if (nodes[k] === st.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(input: Value[], node: Node, st: RangeState): Value[] {
    switch (node.type) {
      case "list": {
        let cur = input;
        for (const n of node.nodes) cur = this.walk(cur, n, st);
        return cur;
      }
      case "text":
        return [node.text];
      case "field":
        return this.evalField(input, node.value);
      case "array":
        return this.evalArray(input, node.params);
      case "filter":
        return this.evalFilter(input, node, st);
      case "int":
        return input.map(() => node.value);
      case "float":
        return input.map(() => new GoFloat(node.value));
      case "bool":
        return input.map(() => node.value);
      case "wildcard":
        return input.flatMap((v) => children(v));
      case "recursive":
        return this.evalRecursive(input);
      case "union":
        return node.nodes.flatMap((n) => this.walk(input, n, st));
      case "identifier":
        if (node.name === "range") {
          st.beginRange++;
          return input;
        }
        if (node.name === "end") {
          if (st.inRange > 0) {
            st.endRange++;
            return [];
          }
          throw new JSONPathError("not in range, nothing to end");
        }
        throw new JSONPathError(`unrecognized identifier ${node.name}`);
    }
  }

  private evalField(input: Value[], key: string): Value[] {
    const results: Value[] = [];
    if (input.length === 0) return results;
    for (const v of input) {
      if (v === null || v === undefined) continue;
      if (isMap(v) && Object.prototype.hasOwnProperty.call(v, key) && v[key] !== undefined) results.push(v[key]);
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new JSONPathError(`${key} is not found`);
    return results;
  }

  private evalArray(input: Value[], params: [Param, Param, Param]): Value[] {
    const result: Value[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      if (!isArray(v)) throw new JSONPathError(`${goTypeName(plain(v))} is not array or slice`);
      const p = params.map((x) => ({ ...x }));
      const len = v.length;
      if (!p[0].known) p[0].value = 0;
      if (p[0].value < 0) p[0].value += len;
      if (!p[1].known) p[1].value = len;
      if (p[1].value < 0 || (p[1].value === 0 && p[1].derived)) p[1].value += len;
      if (p[1].value === p[0].value) return result; // zero elements requested
      if (p[0].value >= len || p[0].value < 0) throw new JSONPathError(`array index out of bounds: index ${p[0].value}, length ${len}`);
      if (p[1].value > len || p[1].value < 0) throw new JSONPathError(`array index out of bounds: index ${p[1].value - 1}, length ${len}`);
      if (p[0].value > p[1].value) throw new JSONPathError(`starting index ${p[0].value} is greater than ending index ${p[1].value}`);
      let step = 1;
      if (p[2].known) {
        if (p[2].value <= 0) throw new JSONPathError("step must be > 0");
        step = p[2].value;
      }
      const slice = v.slice(p[0].value, p[1].value);
      for (let i = 0; i < slice.length; i += step) result.push(slice[i]);
    }
    return result;
  }

  private evalRecursive(input: Value[]): Value[] {
    const result: Value[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      const kids = children(v);
      if (kids.length !== 0) {
        result.push(v);
        result.push(...this.evalRecursive(kids));
      }
    }
    return result;
  }

  private evalFilter(input: Value[], node: Extract<Node, { type: "filter" }>, st: RangeState): Value[] {
    const results: Value[] = [];
    for (const v of input) {
      if (!isArray(v)) throw new JSONPathError(`${goSprint(plain(v))} is not array or slice and cannot be filtered`);
      for (const item of v) {
        let lefts: Value[];
        try {
          lefts = this.walk([item], node.left, st);
        } catch (e) {
          if (node.op === "exists") continue;
          throw e;
        }
        if (node.op === "exists") {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new JSONPathError("can only compare one element at a time");
        const rights = this.walk([item], node.right, st);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new JSONPathError("can only compare one element at a time");
        if (compare(lefts[0], rights[0], node.op)) results.push(item);
      }
    }
    return results;
  }
}

function plain(v: Value): Value {
  return v instanceof GoFloat ? v.value : v;
}

/** Map values (in key order) or list elements or string bytes, as wildcard and `..` visit them. */
function children(v: Value): Value[] {
  if (v === null || v === undefined) return [];
  if (isArray(v)) return [...v];
  if (isMap(v)) return Object.keys(v)
    .sort()
    .map((k) => v[k]);
  if (typeof v === "string") return [...Buffer.from(v, "utf8")];
  return [];
}

type Kind = "bool" | "int" | "float" | "string";

function kindOf(v: Value): Kind {
  if (v instanceof GoFloat) return "float";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  throw new JSONPathError("invalid type for comparison");
}

/** text/template's eq/ne/lt/le/gt/ge on basic kinds. */
function compare(a: Value, b: Value, op: string): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  const x = plain(a) as number | string | boolean;
  const y = plain(b) as number | string | boolean;
  const equal = (): boolean => {
    if (ka !== kb) throw new JSONPathError("incompatible types for comparison");
    return x === y;
  };
  const less = (): boolean => {
    if (ka !== kb) throw new JSONPathError("incompatible types for comparison");
    if (ka === "bool") throw new JSONPathError("invalid type for comparison");
    return x < y;
  };
  switch (op) {
    case "==":
      return equal();
    case "!=":
      return !equal();
    case "<":
      return less();
    case "<=":
      return less() || equal();
    case ">":
      return !(less() || equal());
    case ">=":
      return !less();
  }
  throw new JSONPathError(`unrecognized filter operator ${op}`);
}

/**
 * kubectl's relaxed form for --sort-by and custom columns: `metadata.name`,
 * `.metadata.name`, `{metadata.name}` all become `{.metadata.name}`.
 */
export function relaxedJSONPathExpression(expr: string): string {
  if (expr === "") return expr;
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expr);
  if (!m) throw new JSONPathError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1] || m[2]}}`;
}
