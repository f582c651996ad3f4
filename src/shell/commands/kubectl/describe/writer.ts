/**
 * The output machinery of kubectl's describers (pkg/describe): a
 * PrefixWriter that indents each write by two spaces per level and escapes
 * terminal control characters, feeding one Go text/tabwriter per described
 * object (tabbedString: minwidth 0, tabwidth 8, padding 2, pad ' ', no flags).
 * Consecutive lines with tab-terminated cells form aligned column blocks; a
 * line without a tab ends the block.
 */
import { escapeTerminal } from "../printers/table.js";
import { TabWriter } from "../printers/tabwriter.js";

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

export interface PrefixWriter {
  /** Writes text (already formatted) after `level` indentation steps. */
  write(level: number, text: string): void;
  /** fmt.Sprintln of the text: the text and a line break, unindented. */
  writeLine(text?: string): void;
  /** Lays out everything buffered so far (the tabwriter's Flush). */
  flush(): void;
}

class TabbedPrefixWriter implements PrefixWriter {
  constructor(private readonly tw: TabWriter) {}

  write(level: number, text: string): void {
    this.tw.write(escapeTerminal("  ".repeat(level) + text));
  }

  writeLine(text = ""): void {
    this.tw.write(escapeTerminal(text + "\n"));
  }

  flush(): void {
    this.tw.flush();
  }
}

/** NewNestedPrefixWriter: every write, WriteLine included, gains `indent` levels. */
export class NestedPrefixWriter implements PrefixWriter {
  constructor(
    private readonly inner: PrefixWriter,
    private readonly indent: number,
  ) {}

  write(level: number, text: string): void {
    this.inner.write(level + this.indent, text);
  }

  writeLine(text = ""): void {
    this.inner.write(this.indent, text + "\n");
  }

  flush(): void {
    this.inner.flush();
  }
}

/** tabbedString: runs a describer body against a fresh tabwriter and returns the laid-out text. */
export function tabbedString(body: (w: PrefixWriter) => void): string {
  let out = "";
  const tw = new TabWriter((s) => (out += s), { minWidth: 0, padding: 2, rememberWidths: false });
  body(new TabbedPrefixWriter(tw));
  tw.flush();
  return out;
}
