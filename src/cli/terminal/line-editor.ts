/**
 * The prompt's line editor, readline's emacs mode as bash users know it:
 * moving (arrows, Home/End, Ctrl-A/E/B/F, Alt-B/F), deleting (Backspace,
 * Delete, Ctrl-D, Ctrl-K/U/W, Alt-D) with a kill ring (Ctrl-Y), Ctrl-T,
 * history (Up/Down, Ctrl-P/N), reverse incremental search (Ctrl-R, with
 * bash's "(reverse-i-search)`q': " prompt), and Tab completion (the common
 * prefix at once, the list on a second Tab, "Display all N possibilities?"
 * past 100). It redraws the prompt and line after every key, across as
 * many terminal rows as the line takes.
 */
import type { Completion } from "./completion.js";
import { escapeWord } from "./completion.js";
import type { Key } from "./keys.js";

export interface LineEditorHost {
  write(text: string): void;
  columns(): number;
  /** Earlier lines, oldest first. */
  history(): readonly string[];
  complete(lineBeforeCursor: string): Promise<Completion>;
}

export type LineOutcome = { kind: "line"; line: string } | { kind: "eof" } | { kind: "interrupt" };

/** readline's completion-query-items. */
const QUERY_ITEMS = 100;

function visibleWidth(s: string): number {
  return [...s.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, "")].length;
}

interface Search {
  query: string;
  /** Index in history of the match shown (-1: none). */
  index: number;
  /** Where the match starts in that line. */
  at: number;
  failed: boolean;
  /** The line and cursor before the search, for Ctrl-G. */
  saved: { text: string; cursor: number };
}

export class LineEditor {
  private text = "";
  private cursor = 0;
  private killed = "";
  /** History being browsed: a copy, so edits to recalled lines last until Enter. */
  private browse: string[];
  private browseIndex: number;
  private search?: Search;
  private lastKeyWasTab = false;
  /** The last Tab changed the line: the next one completes again instead of listing (readline's completion_changed_buffer). */
  private tabChangedLine = false;
  /** "Display all N possibilities? (y or n)" is waiting for its answer. */
  private query?: Completion;
  private cursorRow = 0;

  /** A prompt's lines before its last, printed once (only the last line is redrawn with the text). */
  private readonly promptHead: string;
  private readonly prompt: string;

  constructor(
    private readonly host: LineEditorHost,
    prompt: string,
    private readonly echo = true,
  ) {
    const nl = prompt.lastIndexOf("\n");
    this.promptHead = prompt.slice(0, nl + 1);
    this.prompt = prompt.slice(nl + 1);
    this.browse = [...host.history(), ""];
    this.browseIndex = this.browse.length - 1;
  }

  /** What has been typed so far. */
  get line(): string {
    return this.text;
  }

  /** Draws the prompt and the (empty) line. */
  start(): void {
    if (this.echo && this.promptHead) this.host.write(this.promptHead);
    this.render();
  }

  /** Handles one key; returns what ends the line, if it did. */
  async feed(key: Key): Promise<LineOutcome | undefined> {
    const tab = key.kind === "key" && key.name === "tab";
    try {
      if (this.query) return this.answerQuery(key);
      if (this.search) return await this.searchKey(key);
      return await this.editKey(key);
    } finally {
      this.lastKeyWasTab = tab;
    }
  }

  private async editKey(key: Key): Promise<LineOutcome | undefined> {
    if (key.kind === "text") {
      this.insert(key.text);
      return undefined;
    }
    switch (key.name) {
      case "enter":
        return this.finish({ kind: "line", line: this.text });
      case "ctrl-c":
        this.cursor = this.text.length;
        this.render();
        this.host.write("^C\n");
        return { kind: "interrupt" };
      case "ctrl-d":
        if (this.text === "") return { kind: "eof" };
        if (this.cursor < this.text.length) this.edit(this.text.slice(0, this.cursor) + this.text.slice(this.cursor + 1), this.cursor);
        else this.bell();
        return undefined;
      case "tab":
        await this.completeWord();
        return undefined;
      case "ctrl-r":
        this.search = { query: "", index: -1, at: 0, failed: false, saved: { text: this.text, cursor: this.cursor } };
        this.render();
        return undefined;
      case "ctrl-l":
        this.host.write("\x1b[H\x1b[2J");
        this.cursorRow = 0;
        this.render();
        return undefined;
      default:
        this.motion(key.name);
        return undefined;
    }
  }

  /** Keys that move, delete, recall or yank. */
  private motion(name: string): void {
    const t = this.text;
    const c = this.cursor;
    switch (name) {
      case "left":
      case "ctrl-b":
        return this.move(Math.max(0, c - 1));
      case "right":
      case "ctrl-f":
        return this.move(Math.min(t.length, c + 1));
      case "home":
      case "ctrl-a":
        return this.move(0);
      case "end":
      case "ctrl-e":
        return this.move(t.length);
      case "word-left":
        return this.move(wordStart(t, c));
      case "word-right":
        return this.move(wordEnd(t, c));
      case "backspace":
        if (c === 0) return this.bell();
        return this.edit(t.slice(0, c - 1) + t.slice(c), c - 1);
      case "delete":
        if (c >= t.length) return this.bell();
        return this.edit(t.slice(0, c) + t.slice(c + 1), c);
      case "ctrl-k":
        this.killed = t.slice(c);
        return this.edit(t.slice(0, c), c);
      case "ctrl-u":
        this.killed = t.slice(0, c);
        return this.edit(t.slice(c), 0);
      case "ctrl-w": {
        // unix-word-rubout: back to the previous whitespace.
        let s = c;
        while (s > 0 && /\s/.test(t[s - 1])) s--;
        while (s > 0 && !/\s/.test(t[s - 1])) s--;
        this.killed = t.slice(s, c);
        return this.edit(t.slice(0, s) + t.slice(c), s);
      }
      case "kill-word-back": {
        const s = wordStart(t, c);
        this.killed = t.slice(s, c);
        return this.edit(t.slice(0, s) + t.slice(c), s);
      }
      case "kill-word-forward": {
        const e = wordEnd(t, c);
        this.killed = t.slice(c, e);
        return this.edit(t.slice(0, c) + t.slice(e), c);
      }
      case "ctrl-y":
        return this.insert(this.killed);
      case "ctrl-t": {
        if (c === 0 || t.length < 2) return this.bell();
        const at = c === t.length ? c - 1 : c;
        return this.edit(t.slice(0, at - 1) + t[at] + t[at - 1] + t.slice(at + 1), Math.min(t.length, at + 1));
      }
      case "up":
      case "ctrl-p":
        return this.recall(this.browseIndex - 1);
      case "down":
      case "ctrl-n":
        return this.recall(this.browseIndex + 1);
      case "escape":
        return;
      default:
        return this.bell();
    }
  }

  private recall(index: number): void {
    if (index < 0 || index >= this.browse.length) return this.bell();
    this.browse[this.browseIndex] = this.text;
    this.browseIndex = index;
    this.text = this.browse[index];
    this.cursor = this.text.length;
    this.render();
  }

  private insert(s: string): void {
    this.edit(this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor), this.cursor + s.length);
  }

  private edit(text: string, cursor: number): void {
    this.text = text;
    this.cursor = cursor;
    this.render();
  }

  private move(cursor: number): void {
    this.cursor = cursor;
    this.render();
  }

  private bell(): void {
    if (this.echo) this.host.write("\x07");
  }

  private finish(outcome: LineOutcome): LineOutcome {
    this.search = undefined;
    this.cursor = this.text.length;
    this.render();
    if (this.echo) this.host.write("\n");
    return outcome;
  }

  // ------------------------------------------------------------ reverse-i-search

  private async searchKey(key: Key): Promise<LineOutcome | undefined> {
    const s = this.search!;
    if (key.kind === "text") {
      // Character by character, as typed: each one narrows the search from the current match.
      for (const c of key.text) {
        s.query += c;
        this.findMatch(s.index >= 0 ? s.index : this.browse.length - 1, true);
      }
      return undefined;
    }
    switch (key.name) {
      case "ctrl-r":
        if (s.query === "") {
          // An empty search repeats the last one, as readline does.
          return undefined;
        }
        this.findMatch(s.index - 1, false);
        return undefined;
      case "backspace":
        s.query = s.query.slice(0, -1);
        this.findMatch(this.browse.length - 1, true);
        return undefined;
      case "ctrl-g":
        this.text = s.saved.text;
        this.cursor = s.saved.cursor;
        this.search = undefined;
        this.render();
        return undefined;
      case "ctrl-c":
        this.search = undefined;
        return this.editKey(key);
      case "enter":
        this.acceptSearch();
        return this.finish({ kind: "line", line: this.text });
      default:
        // Any other key ends the search, leaving the match to edit, and then does what it does.
        this.acceptSearch();
        if (key.name === "escape") return undefined;
        return this.editKey(key);
    }
  }

  /** Searches history backwards from `from` for the query (staying on the current match when it still fits). */
  private findMatch(from: number, stayIfMatching: boolean): void {
    const s = this.search!;
    const start = stayIfMatching && s.index >= 0 && this.browse[s.index].includes(s.query) ? s.index : from;
    for (let i = Math.min(start, this.browse.length - 1); i >= 0; i--) {
      const at = this.browse[i].lastIndexOf(s.query);
      if (s.query !== "" && at >= 0) {
        s.index = i;
        s.at = at;
        s.failed = false;
        this.render();
        return;
      }
    }
    s.failed = s.query !== "";
    this.render();
    if (s.failed) this.bell();
  }

  private acceptSearch(): void {
    const s = this.search!;
    if (s.index >= 0) {
      this.text = this.browse[s.index];
      this.cursor = s.at;
      this.browseIndex = this.browse.length - 1;
    }
    this.search = undefined;
    this.render();
  }

  // ------------------------------------------------------------ completion

  private async completeWord(): Promise<void> {
    const before = this.text.slice(0, this.cursor);
    const c = await this.host.complete(before);
    const values = c.candidates;
    const listing = this.lastKeyWasTab && !this.tabChangedLine;
    this.tabChangedLine = false;
    if (values.length === 0) return this.bell();
    const replace = (word: string, done: boolean) => {
      const inserted = escapeWord(word) + (done ? " " : "");
      this.edit(this.text.slice(0, c.start) + inserted + this.text.slice(this.cursor), c.start + inserted.length);
      this.tabChangedLine = true;
    };
    if (values.length === 1) return replace(values[0].value, !values[0].continues);
    if (!listing) {
      // The common prefix goes in; the bell says other matches remain.
      const prefix = commonPrefix(values.map((v) => v.value));
      if (prefix.length > c.word.length) replace(prefix, false);
      return this.bell();
    }
    if (values.length > QUERY_ITEMS) {
      this.query = c;
      this.moveToEnd();
      this.host.write(`\nDisplay all ${values.length} possibilities? (y or n)`);
      return;
    }
    this.list(c);
  }

  private answerQuery(key: Key): undefined {
    const c = this.query!;
    const answer = key.kind === "text" ? key.text[0] : key.name === "tab" || key.name === "enter" ? "y" : "n";
    if (answer === "y" || answer === "Y" || answer === " ") {
      this.query = undefined;
      this.host.write("\n");
      this.cursorRow = 0;
      this.list(c, false);
      return undefined;
    }
    if (answer === "n" || answer === "N" || (key.kind === "key" && (key.name === "ctrl-c" || key.name === "ctrl-g" || key.name === "escape"))) {
      this.query = undefined;
      this.host.write("\n");
      this.cursorRow = 0;
      this.render();
    }
    return undefined;
  }

  /** Prints the candidates in columns (sorted down the columns, as readline does) and redraws the line below them. */
  private list(c: Completion, newline = true): void {
    const shown = c.candidates.map((v) => v.display);
    // rl_display_match_list: as many columns of the widest item plus 2 as fit, one fewer if they fill the row exactly.
    const width = Math.max(...shown.map(visibleWidth)) + 2;
    let cols = Math.max(1, Math.floor(this.host.columns() / width));
    if (cols !== 1 && cols * width === this.host.columns()) cols--;
    const rows = Math.ceil(shown.length / cols);
    const lines: string[] = [];
    for (let r = 0; r < rows; r++) {
      let line = "";
      for (let k = 0; k < cols; k++) {
        const item = shown[k * rows + r];
        if (item === undefined) continue;
        const last = shown[(k + 1) * rows + r] === undefined;
        line += last ? item : item.padEnd(width);
      }
      lines.push(line);
    }
    if (newline) this.moveToEnd();
    this.host.write((newline ? "\n" : "") + lines.join("\n") + "\n");
    this.cursorRow = 0;
    this.render();
  }

  private moveToEnd(): void {
    this.cursor = this.text.length;
    this.render();
  }

  // ------------------------------------------------------------ drawing

  private render(): void {
    if (!this.echo) return;
    const cols = Math.max(1, this.host.columns());
    const s = this.search;
    let prompt = this.prompt;
    let text = this.text;
    let cursor = this.cursor;
    if (s) {
      prompt = `(${s.failed ? "failed " : ""}reverse-i-search)\`${s.query}': `;
      text = s.index >= 0 ? this.browse[s.index] : "";
      cursor = s.index >= 0 ? s.at : 0;
    }
    let out = this.cursorRow > 0 ? `\x1b[${this.cursorRow}A` : "";
    out += "\r\x1b[J" + prompt + text;
    const pw = visibleWidth(prompt);
    const total = pw + visibleWidth(text);
    // A line that ends exactly at the margin leaves the cursor waiting to wrap: move it down.
    if (total > 0 && total % cols === 0) out += "\n";
    const endRow = Math.floor(total / cols);
    const at = pw + visibleWidth(text.slice(0, cursor));
    const row = Math.floor(at / cols);
    const col = at % cols;
    if (endRow > row) out += `\x1b[${endRow - row}A`;
    out += "\r" + (col > 0 ? `\x1b[${col}C` : "");
    this.cursorRow = row;
    this.host.write(out);
  }
}

function wordStart(t: string, c: number): number {
  let s = c;
  while (s > 0 && !/[A-Za-z0-9]/.test(t[s - 1])) s--;
  while (s > 0 && /[A-Za-z0-9]/.test(t[s - 1])) s--;
  return s;
}

function wordEnd(t: string, c: number): number {
  let e = c;
  while (e < t.length && !/[A-Za-z0-9]/.test(t[e])) e++;
  while (e < t.length && /[A-Za-z0-9]/.test(t[e])) e++;
  return e;
}

function commonPrefix(words: string[]): string {
  let p = words[0] ?? "";
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}
