/**
 * The elastic tabstop writer kubectl lays tables out with
 * (github.com/liggitt/tabwriter, a fork of Go's text/tabwriter, as set up
 * by cli-runtime's GetNewTabWriter: minwidth 6, tabwidth 4, padding 3,
 * pad character ' ', flag RememberWidths).
 *
 * Text is cells terminated by '\t' on lines terminated by '\n'. A column
 * block is a run of consecutive lines that have a tab-terminated cell in
 * that column; its width is the widest such cell plus the padding, at least
 * minwidth. A line's last cell is never padded. A line with a single cell
 * flushes what came before. With RememberWidths, columns never shrink
 * across flushes (what `kubectl get -w` relies on).
 */

interface Cell {
  text: string;
  /** Width in runes (code points), as utf8.RuneCount counts. */
  width: number;
  /** Terminated by a tab (as opposed to a line end). */
  htab: boolean;
}

export interface TabWriterOptions {
  minWidth: number;
  padding: number;
  rememberWidths: boolean;
}

export const KUBECTL_TABWRITER: TabWriterOptions = { minWidth: 6, padding: 3, rememberWidths: true };

const runeCount = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

export class TabWriter {
  private lines: Cell[][] = [[]];
  private cell = "";
  private widths: number[] = [];
  private maxWidths: number[] = [];
  private readonly opts: TabWriterOptions;

  constructor(
    private readonly sink: (text: string) => void,
    opts: Partial<TabWriterOptions> = {},
  ) {
    this.opts = { ...KUBECTL_TABWRITER, ...opts };
  }

  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== "\t" && ch !== "\v" && ch !== "\n" && ch !== "\f") continue;
      this.cell += text.slice(start, i);
      start = i + 1;
      const cells = this.terminateCell(ch === "\t");
      if (ch === "\n" || ch === "\f") {
        this.lines.push([]);
        if (ch === "\f" || cells === 1) this.flush();
      }
    }
    this.cell += text.slice(start);
  }

  /** Lays out and emits everything written so far. */
  flush(): void {
    if (this.cell.length > 0) this.terminateCell(false);
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.cell = "";
    this.widths = [];
  }

  /** Forgets (or sets) the remembered column widths, as kubectl does for each new resource type. */
  setRememberedWidths(widths: number[] | null): void {
    this.maxWidths = widths ? [...widths] : [];
  }

  rememberedWidths(): number[] {
    return [...this.maxWidths];
  }

  private terminateCell(htab: boolean): number {
    const line = this.lines[this.lines.length - 1];
    line.push({ text: this.cell, width: runeCount(this.cell), htab });
    this.cell = "";
    return line.length;
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let row = line0; row < line1; row++) {
      if (column >= this.lines[row].length - 1) continue;
      // This line starts a block of cells in this column: print the lines above it first.
      this.writeLines(line0, row);
      line0 = row;
      let width = this.opts.minWidth;
      for (; row < line1; row++) {
        const line = this.lines[row];
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column].width + this.opts.padding);
      }
      if (this.opts.rememberWidths) {
        if (this.maxWidths.length < this.widths.length) this.maxWidths.push(...this.widths.slice(this.maxWidths.length));
        if (this.maxWidths.length === this.widths.length) this.maxWidths.push(width);
        else if (this.maxWidths[column] > width) width = this.maxWidths[column];
        else this.maxWidths[column] = width;
      }
      this.widths.push(width);
      this.format(line0, row);
      this.widths.pop();
      line0 = row;
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    let out = "";
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i];
      line.forEach((c, j) => {
        out += c.text;
        if (j < this.widths.length) out += " ".repeat(this.widths[j] - c.width);
      });
      if (i + 1 === this.lines.length) out += this.cell;
      else out += "\n";
    }
    if (out) this.sink(out);
  }
}

/** Lays out tab-separated lines in one go (for callers that print a whole table at once). */
export function tabulate(text: string, opts: Partial<TabWriterOptions> = {}): string {
  let out = "";
  const w = new TabWriter((s) => (out += s), opts);
  w.write(text);
  w.flush();
  return out;
}
