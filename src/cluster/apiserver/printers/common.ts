/**
 * Building blocks the per-group printers share: column definitions and the
 * cell formats kube-apiserver's printers use in many places (ages, container
 * lists, "N more..." lists, booleans).
 */
import type { KubeObject } from "../../api/types.js";
import { age } from "../../api/duration.js";
import type { PrintContext, TableColumn, TableConvertor } from "../table.js";

/** A column definition; `wide` columns (priority 1) only show with `-o wide`. */
export function column(name: string, type: TableColumn["type"] = "string", opts: { wide?: boolean; format?: string } = {}): TableColumn {
  const c: TableColumn = { name, type, priority: opts.wide ? 1 : 0 };
  if (opts.format) c.format = opts.format;
  return c;
}

/** The NAME column every printer starts with (format "name": kubectl prefixes `kind/` to it). */
export const NAME = column("Name", "string", { format: "name" });
export const AGE = column("Age");

/** The containers/images pair of the wide columns (`nginx,sidecar` / `nginx:1.27,busybox`). */
export function containerCells(containers: Array<{ name?: string; image?: string }> | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? "").join(","), list.map((c) => c.image ?? "").join(",")];
}

export const CONTAINERS = column("Containers", "string", { wide: true });
export const IMAGES = column("Images", "string", { wide: true });
export const SELECTOR = column("Selector", "string", { wide: true });

/** translateTimestampSince against the server's clock. */
export function ageOf(timestamp: string | null | undefined, ctx: PrintContext): string {
  return age(timestamp, ctx.now);
}

export function creationAge(obj: KubeObject, ctx: PrintContext): string {
  return ageOf(obj.metadata.creationTimestamp, ctx);
}

/** `a,b,c + 2 more...`, or `<unset>` for an empty list (listWithMoreString). */
export function listWithMore(items: string[], max = 3, empty = "<unset>"): string {
  if (items.length === 0) return empty;
  const shown = items.slice(0, max).join(",");
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}

/** printBoolPtr: `True` / `False` / `<unset>`. */
export function boolPtr(v: unknown): string {
  if (v === undefined || v === null) return "<unset>";
  return v ? "True" : "False";
}

/** The number in an int field, 0 when unset (Go's zero value). */
export function int(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

/** An IntOrString as Go's IntOrString.String() prints it. */
export function intOrString(v: unknown): string {
  return typeof v === "number" ? String(v) : String(v ?? "");
}

/** A resource.Quantity cell: the stored string, `0` when absent. */
export function quantity(v: unknown): string {
  if (v === undefined || v === null || v === "") return "0";
  return String(v);
}

/** A printer that only shows NAME and AGE plus the given middle columns. */
export function simpleTable(middle: TableColumn[], cells: (obj: KubeObject, ctx: PrintContext) => unknown[]): TableConvertor {
  return {
    columns: [NAME, ...middle, AGE],
    cells: (obj, ctx) => [obj.metadata.name, ...cells(obj, ctx), creationAge(obj, ctx)],
  };
}

/** Lower-cased `kind.group/name`, as formatResourceName prints a reference with its kind. */
export function kindName(kind: string, group: string, name: string): string {
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${name}`;
}
