/**
 * An interactive shell's command history, as bash keeps it: lines typed at
 * the prompt (HISTCONTROL's ignorespace/ignoredups/erasedups honoured),
 * read from ~/.bash_history when the shell starts and written back when it
 * exits; history expansion (!!, !N, !-N, !string, !?string?, !$, !^, !*,
 * ^old^new) before a line runs; and the `history` builtin.
 */
import type { ToolResult } from "../tool.js";

export type Expansion = { line: string; changed: boolean } | { error: string };

export class History {
  private entries: string[] = [];

  /** `control` reads $HISTCONTROL now (the shell's variables can change it). */
  constructor(private readonly control: () => string = () => "") {}

  list(): readonly string[] {
    return this.entries;
  }

  /** Lines from a history file (one command a line; bash's timestamps `#123` skipped). */
  load(text: string): void {
    for (const line of text.split("\n")) if (line && !/^#\d+$/.test(line)) this.entries.push(line);
  }

  /** The file as bash writes it at exit (HISTFILESIZE lines at most). */
  file(maxLines = 2000): string {
    const keep = this.entries.slice(-maxLines);
    return keep.length ? keep.join("\n") + "\n" : "";
  }

  add(line: string): void {
    const text = line.replace(/\n+$/, "");
    if (!text.trim()) return;
    const control = new Set(this.control().split(":"));
    const ignoreSpace = control.has("ignorespace") || control.has("ignoreboth");
    const ignoreDups = control.has("ignoredups") || control.has("ignoreboth");
    if (ignoreSpace && /^\s/.test(text)) return;
    if (ignoreDups && this.entries[this.entries.length - 1] === text) return;
    if (control.has("erasedups")) this.entries = this.entries.filter((e) => e !== text);
    this.entries.push(text);
  }

  /** History expansion of a line typed at the prompt (bash's history_expand). */
  expand(line: string): Expansion {
    let changed = false;
    let input = line;
    const quick = /^\^([^^]*)\^([^^]*)\^?(.*)$/.exec(line);
    if (quick) {
      const prev = this.entries[this.entries.length - 1];
      if (prev === undefined || !prev.includes(quick[1])) return { error: "bash: :s^" + quick[1] + "^" + quick[2] + "^: substitution failed" };
      return { line: prev.replace(quick[1], quick[2]) + quick[3], changed: true };
    }
    let out = "";
    let single = false;
    let double = false;
    for (let i = 0; i < input.length; i++) {
      const c = input[i];
      if (c === "\\" && !single && i + 1 < input.length) {
        out += c + input[++i];
        continue;
      }
      if (c === "'" && !double) single = !single;
      if (c === '"' && !single) double = !double;
      if (c !== "!" || single) {
        out += c;
        continue;
      }
      const next = input[i + 1];
      if (next === undefined || /[\s=(]/.test(next) || (double && next === '"')) {
        out += c;
        continue;
      }
      const ev = this.event(input, i + 1);
      if ("error" in ev) return ev;
      out += ev.text;
      i = ev.end - 1;
      changed = true;
    }
    input = out;
    return { line: input, changed };
  }

  /** An event designator (and word designator) starting at `from`, just after the `!`. */
  private event(s: string, from: number): { text: string; end: number } | { error: string } {
    const prev = this.entries[this.entries.length - 1];
    let i = from;
    let entry: string | undefined;
    let wordsDefault: "all" | "last" | "first" | "rest" = "all";
    const c = s[i];
    if (c === "!") {
      entry = prev;
      i++;
    } else if (c === "$" || c === "^" || c === "*") {
      entry = prev;
      wordsDefault = c === "$" ? "last" : c === "^" ? "first" : "rest";
      i++;
    } else if (/[-0-9]/.test(c)) {
      const m = /^-?\d+/.exec(s.slice(i));
      if (!m) return { error: `bash: !${c}: event not found` };
      const n = Number(m[0]);
      entry = n < 0 ? this.entries[this.entries.length + n] : this.entries[n - 1];
      if (entry === undefined) return { error: `bash: !${m[0]}: event not found` };
      i += m[0].length;
    } else if (c === "?") {
      const close = s.indexOf("?", i + 1);
      const needle = s.slice(i + 1, close < 0 ? undefined : close);
      entry = [...this.entries].reverse().find((e) => e.includes(needle));
      if (entry === undefined) return { error: `bash: !?${needle}${close < 0 ? "" : "?"}: event not found` };
      i = close < 0 ? s.length : close + 1;
    } else {
      const m = /^[^\s:;&|<>()"'`]+/.exec(s.slice(i));
      const prefix = m ? m[0] : "";
      entry = [...this.entries].reverse().find((e) => e.startsWith(prefix));
      if (entry === undefined) return { error: `bash: !${prefix}: event not found` };
      i += prefix.length;
    }
    if (entry === undefined) return { error: "bash: !!: event not found" };
    const words = splitWords(entry);
    let pick = wordsDefault;
    let index: number | undefined;
    const wd = /^:(\$|\^|\*|\d+)/.exec(s.slice(i));
    if (wd && wordsDefault === "all") {
      i += wd[0].length;
      if (wd[1] === "$") pick = "last";
      else if (wd[1] === "^") pick = "first";
      else if (wd[1] === "*") pick = "rest";
      else index = Number(wd[1]);
    }
    let text: string;
    if (index !== undefined) {
      if (index >= words.length) return { error: `bash: :${index}: bad word specifier` };
      text = words[index];
    } else if (pick === "last") text = words[words.length - 1] ?? "";
    else if (pick === "first") text = words[1] ?? "";
    else if (pick === "rest") text = words.slice(1).join(" ");
    else text = entry;
    return { text, end: i };
  }

  /** The `history` builtin: list (all, or the last N), -c to clear, -d N to delete one. */
  builtin(args: string[]): ToolResult {
    const list = () => this.entries.map((e, i) => `${String(i + 1).padStart(5)}  ${e}\n`);
    if (args[0] === "-c") {
      this.entries = [];
      return { stdout: "", stderr: "", exitCode: 0 };
    }
    if (args[0] === "-d") {
      const n = Number(args[1]);
      if (!Number.isInteger(n) || n < 1 || n > this.entries.length) {
        return { stdout: "", stderr: `bash: history: ${args[1] ?? ""}: history position out of range\n`, exitCode: 1 };
      }
      this.entries.splice(n - 1, 1);
      return { stdout: "", stderr: "", exitCode: 0 };
    }
    if (args.length === 0) return { stdout: list().join(""), stderr: "", exitCode: 0 };
    if (/^\d+$/.test(args[0])) return { stdout: list().slice(-Number(args[0])).join(""), stderr: "", exitCode: 0 };
    if (args[0].startsWith("-")) {
      return {
        stdout: "",
        stderr: `bash: history: ${args[0]}: invalid option\nhistory: usage: history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]\n`,
        exitCode: 2,
      };
    }
    return { stdout: "", stderr: `bash: history: ${args[0]}: numeric argument required\n`, exitCode: 1 };
  }
}

/** The words of a history line, as history expansion splits them (quotes kept with their word). */
function splitWords(line: string): string[] {
  const words: string[] = [];
  let cur = "";
  let quote: string | undefined;
  for (const c of line) {
    if (quote) {
      cur += c;
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
      cur += c;
    } else if (/\s/.test(c)) {
      if (cur) words.push(cur);
      cur = "";
    } else cur += c;
  }
  if (cur) words.push(cur);
  return words;
}
