/**
 * Server-side printing: the API server turns objects into a meta.k8s.io/v1
 * Table (column definitions + rows of cells) and kubectl only lays it out.
 * One TableConvertor per resource lives in printers/.
 */
import type { KubeObject } from "../api/types.js";

export interface TableColumn {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  format?: string;
  description?: string;
  /** 0: always shown; >0: only with -o wide. */
  priority: number;
}

export interface TableRow {
  cells: unknown[];
  object: KubeObject;
}

export interface Table {
  kind: "Table";
  apiVersion: "meta.k8s.io/v1";
  metadata: { resourceVersion: string };
  columnDefinitions: TableColumn[];
  rows: TableRow[];
}

/** What a printer may consult besides the object: the time now (for AGE). */
export interface PrintContext {
  now: number;
}

export interface TableConvertor {
  columns: TableColumn[];
  /** One row's cells, in column order (wide columns included). */
  cells(obj: KubeObject, ctx: PrintContext): unknown[];
}
