/** Shared helpers of the printer tests: a fixed now, timestamps before it, a row as {column: cell}. */
import { expect } from "vitest";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import { tableConvertors } from "../../../../src/cluster/apiserver/printers/index.js";

export const NOW = Date.parse("2026-01-12T10:00:00Z");

/** RFC 3339 timestamp `seconds` before NOW. */
export function ago(seconds: number): string {
  return new Date(NOW - seconds * 1000).toISOString().replace(/\.000Z$/, "Z");
}

export function meta(name: string, extra: Record<string, unknown> = {}): KubeObject["metadata"] {
  return { name, namespace: "default", creationTimestamp: ago(300), ...extra };
}

/** Column headers as kubectl shows them: default columns, then the -o wide ones. */
export function headers(kindKey: string): { normal: string[]; wide: string[] } {
  const cols = tableConvertors[kindKey].columns;
  return {
    normal: cols.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase()),
    wide: cols.filter((c) => c.priority > 0).map((c) => c.name.toUpperCase()),
  };
}

/** One printed row, keyed by column name. */
export function row(kindKey: string, obj: Partial<KubeObject> & { metadata: KubeObject["metadata"] }): Record<string, unknown> {
  const t = tableConvertors[kindKey];
  const cells = t.cells(obj as KubeObject, { now: NOW });
  expect(cells).toHaveLength(t.columns.length);
  return Object.fromEntries(t.columns.map((c, i) => [c.name, cells[i]]));
}
