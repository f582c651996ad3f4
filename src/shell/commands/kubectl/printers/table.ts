/**
 * kubectl's human-readable printer (cli-runtime HumanReadablePrinter): it
 * takes the Table the API server printed and decorates it on the client
 * side - NAMESPACE column for -A, `kind/` prefix on names when several types
 * are shown, -L label columns, --show-labels, the EVENT column of
 * --output-watch-events - then writes tab-separated rows for the tabwriter.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import type { Table, TableColumn } from "../../../../cluster/apiserver/table.js";
import { formatLabels } from "../../../../cluster/api/labels.js";
import { goSprint } from "./gofmt.js";
import type { TabWriter } from "./tabwriter.js";

export interface TablePrintOptions {
  noHeaders?: boolean;
  wide?: boolean;
  withNamespace?: boolean;
  /** Prefix names with `kind.group/` (several resource types in one listing, or --show-kind). */
  withKind?: boolean;
  kind?: { group: string; kind: string };
  showLabels?: boolean;
  /** -L keys. */
  columnLabels?: string[];
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "ERROR";

const EVENT_TYPE_CELL: Record<WatchEventType, string> = {
  ADDED: "ADDED   ",
  MODIFIED: "MODIFIED",
  DELETED: "DELETED ",
  ERROR: "ERROR   ",
};

interface Row {
  cells: unknown[];
  object?: KubeObject;
}

/** One cell as printTable writes it: strings cut at the first line break (`...`), other values via fmt. */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") {
    const br = cell.search(/[\f\n\r]/);
    const text = br >= 0 ? cell.slice(0, br) + "..." : cell;
    return escapeTerminal(text);
  }
  return escapeTerminal(goSprint(cell));
}

/** printers.EscapeTerminal: ESC and CR made visible. */
export function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, "^[").replace(/\r/g, "\\r");
}

/** The group-qualified, lower-cased kind kubectl puts before names: `deployment.apps`. */
export function kindPrefix(kind: { group: string; kind: string }): string {
  return (kind.group ? `${kind.kind}.${kind.group}` : kind.kind).toLowerCase();
}

function sameColumns(a: TableColumn[] | undefined, b: TableColumn[]): boolean {
  return !!a && JSON.stringify(a) === JSON.stringify(b);
}

export class TablePrinter {
  private lastColumns?: TableColumn[];
  private printedHeaders = false;

  constructor(readonly options: TablePrintOptions) {}

  /** Writes a server Table (or one watch event's Table) to the tabwriter. */
  print(table: Table, w: TabWriter, eventType?: WatchEventType): void {
    let noHeaders = !!this.options.noHeaders;
    let columns = table.columnDefinitions;
    // A table with the columns already printed continues under the same header.
    if (this.printedHeaders && (columns.length === 0 || sameColumns(this.lastColumns, columns))) noHeaders = true;
    if (columns.length === 0) columns = this.lastColumns ?? [];
    else if (!sameColumns(this.lastColumns, columns)) {
      this.lastColumns = columns;
      this.printedHeaders = false;
    }
    if (table.rows.length > 0) this.printedHeaders = true;

    const decorated = this.decorate(columns, table.rows);
    if (eventType) {
      decorated.columns.unshift({ name: "Event", type: "string", priority: 0 });
      for (const r of decorated.rows) r.cells.unshift(EVENT_TYPE_CELL[eventType]);
    }
    this.printRows(decorated.columns, decorated.rows, noHeaders, w);
  }

  private decorate(columns: TableColumn[], rows: Table["rows"]): { columns: TableColumn[]; rows: Row[] } {
    const o = this.options;
    const labels = o.columnLabels ?? [];
    const outColumns: TableColumn[] = [];
    if (o.withNamespace) outColumns.push({ name: "Namespace", type: "string", priority: 0 });
    outColumns.push(...columns);
    for (const l of labels) outColumns.push({ name: labelHeader(l), type: "string", priority: 0 });
    if (o.showLabels) outColumns.push({ name: "Labels", type: "string", priority: 0 });

    const nameColumn = o.withKind && o.kind ? columns.findIndex((c) => c.format === "name" && c.type === "string") : -1;
    const outRows = rows.map((row) => {
      const cells = [...row.cells];
      if (nameColumn >= 0) cells[nameColumn] = `${kindPrefix(o.kind!)}/${String(cells[nameColumn] ?? "")}`;
      const meta = row.object?.metadata;
      if (o.withNamespace) cells.unshift(meta ? (meta.namespace ?? "") : null);
      if (meta) {
        for (const l of labels) cells.push(meta.labels?.[l] ?? "");
        if (o.showLabels) cells.push(formatLabels(meta.labels));
      } else {
        while (cells.length < outColumns.length) cells.push(null);
      }
      return { cells, object: row.object };
    });
    return { columns: outColumns, rows: outRows };
  }

  private printRows(columns: TableColumn[], rows: Row[], noHeaders: boolean, w: TabWriter): void {
    const visible = (c: TableColumn) => this.options.wide || c.priority === 0;
    let out = "";
    if (!noHeaders) {
      // No rows, no header.
      if (rows.length === 0) return;
      out += columns
        .filter(visible)
        .map((c) => c.name.toUpperCase())
        .join("\t");
      out += "\n";
    }
    for (const row of rows) {
      const cells: string[] = [];
      row.cells.forEach((cell, i) => {
        if (i >= columns.length || !visible(columns[i])) return;
        cells.push(cellText(cell));
      });
      out += cells.join("\t") + "\n";
    }
    w.write(out);
  }
}

/** -L app.kubernetes.io/name shows as NAME: the last path segment, upper-cased. */
function labelHeader(key: string): string {
  const parts = key.split("/");
  return parts[parts.length - 1].toUpperCase();
}
