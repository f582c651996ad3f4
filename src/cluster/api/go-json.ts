/**
 * Go's encoding/json as kubectl's errors show it: the syntax check of
 * json.Unmarshal with its messages, and the kind names of its type errors.
 */

/** quoteChar: how encoding/json names an offending character. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const code = c.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `'${JSON.stringify(c).slice(1, -1).replace(/^\\u00/, "\\x")}'`;
  return `'${c}'`;
}

/**
 * json.Unmarshal's syntax check: the value, or an Error worded as Go words
 * it (`unexpected end of JSON input`, `invalid character 'x' after object
 * key`, ...).
 */
export function parseGoJson(text: string): unknown {
  let i = 0;
  const n = text.length;
  const fail = (context: string): never => {
    if (i >= n) throw new Error("unexpected end of JSON input");
    throw new Error(`invalid character ${quoteChar(text[i])} ${context}`);
  };
  const ws = () => {
    while (i < n && " \t\r\n".includes(text[i])) i++;
  };
  const literal = (word: string) => {
    for (let j = 0; j < word.length; j++, i++) {
      if (i >= n) fail("");
      if (text[i] !== word[j]) fail(`in literal ${word} (expecting ${quoteChar(word[j])})`);
    }
  };
  const value = (): void => {
    ws();
    if (i >= n) fail("");
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail("looking for beginning of object key string");
        string();
        ws();
        if (text[i] !== ":") fail("after object key");
        i++;
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") return void i++;
        fail("after object key:value pair");
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") return void i++;
        fail("after array element");
      }
    }
    if (c === '"') return string();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    if (c === "-" || (c >= "0" && c <= "9")) {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m || m[0] === "-") {
        i++;
        fail("in numeric literal");
      }
      i += m![0].length;
      return;
    }
    fail("looking for beginning of value");
  };
  const string = () => {
    i++;
    while (i < n && text[i] !== '"') {
      if (text[i] === "\\") {
        i++;
        if (i < n && !`"\\/bfnrtu`.includes(text[i])) fail("in string escape code");
      } else if (text.charCodeAt(i) < 0x20) fail("in string literal");
      i++;
    }
    if (i >= n) fail("");
    i++;
  };
  value();
  ws();
  if (i < n) fail("after top-level value");
  return JSON.parse(text);
}

/** The JSON kind json.Unmarshal names in `cannot unmarshal <kind> into Go value of type ...`. */
export function goJsonKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  return typeof v === "boolean" ? "bool" : typeof v;
}
