/**
 * How systemd turns a service's settings into a process: the words of an
 * ExecStart= line (extract_first_word with quotes and C escapes), the
 * Environment= and EnvironmentFile= assignments (load_env_file), and the
 * variable expansion in the command line (replace_env_argv, v255):
 *
 *  - `$VAR` as a word of its own becomes the value split at whitespace
 *    (zero words when unset or empty);
 *  - `${VAR}` becomes the exact value, as part of its word (empty when unset);
 *  - `$VAR` inside a word stays as it is; `$$` is a literal `$`.
 */

/** An ExecStart=-style command: the executable, its words as written, and its prefix flags. */
export interface ExecCommand {
  path: string;
  /** argv as written, quotes removed, variables not yet expanded (what `systemctl status` shows). */
  argv: string[];
  /** `-`: a failure is ignored. */
  ignoreFailure: boolean;
  file: string;
  line: number;
}

const WHITESPACE = /[ \t\n\r]/;

const C_ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "'": "'", s: " " };

/**
 * Splits a value into words as extract_first_word(EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE)
 * does; undefined for unbalanced quotes.
 */
export function splitWords(text: string, opts: { unescape?: boolean } = { unescape: true }): string[] | undefined {
  const words: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && WHITESPACE.test(text[i])) i++;
    if (i >= n) break;
    let word = "";
    let quote: '"' | "'" | undefined;
    for (; i < n; i++) {
      const c = text[i];
      if (quote) {
        if (c === quote) {
          quote = undefined;
          continue;
        }
        if (c === "\\" && i + 1 < n && opts.unescape !== false) {
          const next = text[++i];
          word += C_ESCAPES[next] ?? next;
          continue;
        }
        word += c;
        continue;
      }
      if (WHITESPACE.test(c)) break;
      if (c === '"' || c === "'") {
        quote = c;
        continue;
      }
      if (c === "\\" && i + 1 < n) {
        const next = text[++i];
        word += opts.unescape !== false ? (C_ESCAPES[next] ?? next) : next;
        continue;
      }
      word += c;
    }
    if (quote) return undefined;
    words.push(word);
  }
  return words;
}

/** Expands the unit specifiers systemd resolves in ExecStart= and Environment= (%n, %N, %p, %i, %H, %%). */
export function expandSpecifiers(text: string, unit: string, hostname: string): string {
  const base = unit.replace(/\.[^.]+$/, "");
  const prefix = base.split("@")[0];
  const instance = base.includes("@") ? base.slice(base.indexOf("@") + 1) : "";
  return text.replace(/%([a-zA-Z%])/g, (all, c: string) => {
    switch (c) {
      case "%":
        return "%";
      case "n":
        return unit;
      case "N":
        return base;
      case "p":
        return prefix;
      case "i":
      case "I":
        return instance;
      case "H":
      case "l":
        return hostname;
      default:
        return all;
    }
  });
}

/** Parses an ExecStart= value (after the empty-assignment reset was handled). */
export function parseExecLine(value: string, file: string, line: number): ExecCommand | { error: string } {
  let rest = value;
  let ignoreFailure = false;
  // Prefixes: - (ignore failure), @ (argv[0] follows), : (no expansion), + ! !! (privileges).
  const m = /^([-@:+!]*)/.exec(rest)!;
  const prefix = m[1];
  ignoreFailure = prefix.includes("-");
  rest = rest.slice(prefix.length);
  const words = splitWords(rest);
  if (!words) return { error: `Unbalanced quoting, ignoring: "${value}"` };
  if (words.length === 0) return { error: `Empty executable name or zeroeth argument, ignoring: ${value}` };
  let path = words[0];
  let argv = words;
  if (prefix.includes("@")) {
    argv = words.slice(1);
    path = words[0];
  }
  return { path, argv, ignoreFailure, file, line };
}

const VALID_ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Environment= value → assignments; invalid words are reported (and ignored) as systemd does. */
export function parseEnvironmentValue(value: string): { vars: Array<[string, string]>; invalid: string[] } | undefined {
  const words = splitWords(value);
  if (!words) return undefined;
  const vars: Array<[string, string]> = [];
  const invalid: string[] = [];
  for (const w of words) {
    const eq = w.indexOf("=");
    if (eq <= 0 || !VALID_ENV_NAME.test(w.slice(0, eq))) invalid.push(w);
    else vars.push([w.slice(0, eq), w.slice(eq + 1)]);
  }
  return { vars, invalid };
}

/**
 * An EnvironmentFile= as load_env_file parses it: `KEY=VALUE` lines, `#` and
 * `;` comments, values in double quotes (backslash escapes) or single quotes
 * (literal), unquoted values trimmed with backslash escaping one character.
 */
export function parseEnvironmentFile(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    // Skip blank space and comment lines.
    while (i < n && /[ \t\r\n]/.test(text[i])) i++;
    if (i >= n) break;
    if (text[i] === "#" || text[i] === ";") {
      while (i < n && text[i] !== "\n") i++;
      continue;
    }
    let key = "";
    while (i < n && text[i] !== "=" && text[i] !== "\n") key += text[i++];
    if (i >= n || text[i] === "\n") continue; // no '=': ignored
    i++; // '='
    key = key.trim();
    while (i < n && (text[i] === " " || text[i] === "\t")) i++;
    let value = "";
    let pendingSpace = "";
    while (i < n && text[i] !== "\n") {
      const c = text[i];
      if (c === '"') {
        i++;
        value += pendingSpace;
        pendingSpace = "";
        while (i < n && text[i] !== '"') {
          if (text[i] === "\\" && i + 1 < n) {
            const next = text[i + 1];
            if (next === "\n") i += 2;
            else {
              value += next;
              i += 2;
            }
            continue;
          }
          value += text[i++];
        }
        i++;
        continue;
      }
      if (c === "'") {
        i++;
        value += pendingSpace;
        pendingSpace = "";
        while (i < n && text[i] !== "'") value += text[i++];
        i++;
        continue;
      }
      if (c === "\\" && i + 1 < n) {
        value += pendingSpace + (text[i + 1] === "\n" ? "" : text[i + 1]);
        pendingSpace = "";
        i += 2;
        continue;
      }
      if (c === " " || c === "\t") {
        pendingSpace += c;
        i++;
        continue;
      }
      value += pendingSpace + c;
      pendingSpace = "";
      i++;
    }
    if (VALID_ENV_NAME.test(key)) out.push([key, value]);
  }
  return out;
}

/** ${VAR} and $$ inside one word (replace_env without braceless variables). */
function replaceInWord(word: string, env: ReadonlyMap<string, string>): string {
  let out = "";
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (c === "$" && word[i + 1] === "$") {
      out += "$";
      i++;
      continue;
    }
    if (c === "$" && word[i + 1] === "{") {
      const end = word.indexOf("}", i + 2);
      if (end > 0) {
        out += env.get(word.slice(i + 2, end)) ?? "";
        i = end;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** replace_env_argv: the argv a process is really started with. */
export function expandArgv(argv: readonly string[], env: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const word of argv) {
    if (word.startsWith("$") && word[1] !== "{" && word[1] !== "$" && VALID_ENV_NAME.test(word.slice(1))) {
      const value = env.get(word.slice(1));
      if (value !== undefined) out.push(...(splitWords(value, { unescape: false }) ?? value.split(/\s+/).filter(Boolean)));
      continue;
    }
    out.push(replaceInWord(word, env));
  }
  return out;
}
