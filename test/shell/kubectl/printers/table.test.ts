/**
 * The human-readable printer's client-side decorations of server Tables.
 */
import { describe, expect, it } from "vitest";
import type { Table } from "../../../../src/cluster/apiserver/table.js";
import { TablePrinter, cellText } from "../../../../src/shell/commands/kubectl/printers/table.js";
import { TabWriter } from "../../../../src/shell/commands/kubectl/printers/tabwriter.js";
import { CustomColumnsPrinter, columnsFromSpec, columnsFromTemplate } from "../../../../src/shell/commands/kubectl/printers/customcolumns.js";

function table(rows: Array<{ name: string; ns: string; labels?: Record<string, string>; status: unknown }>): Table {
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion: "1" },
    columnDefinitions: [
      { name: "Name", type: "string", format: "name", priority: 0 },
      { name: "Status", type: "string", priority: 0 },
      { name: "Node", type: "string", priority: 1 },
    ],
    rows: rows.map((r) => ({ cells: [r.name, r.status, "node01"], object: { metadata: { name: r.name, namespace: r.ns, labels: r.labels } } })),
  };
}

function print(printer: TablePrinter, ...tables: Table[]): string {
  let out = "";
  const w = new TabWriter((s) => (out += s));
  for (const t of tables) printer.print(t, w);
  w.flush();
  return out;
}

describe("table decorations", () => {
  const t = table([
    { name: "web", ns: "prod", labels: { app: "web", "app.kubernetes.io/version": "1.2" }, status: "Running" },
    { name: "db", ns: "data", status: "Pending" },
  ]);

  it("adds NAMESPACE, the kind prefix, -L columns and LABELS; hides wide columns", () => {
    const p = new TablePrinter({ withNamespace: true, withKind: true, kind: { group: "apps", kind: "Deployment" }, columnLabels: ["app", "app.kubernetes.io/version"], showLabels: true });
    expect(print(p, t)).toBe(
      "NAMESPACE   NAME                  STATUS    APP   VERSION   LABELS\n" +
        "prod        deployment.apps/web   Running   web   1.2       app=web,app.kubernetes.io/version=1.2\n" +
        "data        deployment.apps/db    Pending                   <none>\n",
    );
  });

  it("shows priority columns with -o wide and the EVENT column of watch events", () => {
    const p = new TablePrinter({ wide: true });
    let out = "";
    const w = new TabWriter((s) => (out += s));
    p.print(t, w, "MODIFIED");
    w.flush();
    expect(out).toBe("EVENT      NAME   STATUS    NODE\nMODIFIED   web    Running   node01\nMODIFIED   db     Pending   node01\n");
  });

  it("prints one header for tables with the same columns, none for an empty table or with --no-headers", () => {
    const p = new TablePrinter({});
    expect(print(p, table([]), t, table([{ name: "x", ns: "n", status: "Done" }]))).toBe("NAME   STATUS\nweb    Running\ndb     Pending\nx      Done\n");
    expect(print(new TablePrinter({ noHeaders: true }), t)).toBe("web   Running\ndb    Pending\n");
  });

  it("cuts cells at a line break and prints other values as Go does", () => {
    expect(cellText("line one\nline two")).toBe("line one...");
    expect(cellText("esc\x1b[31m")).toBe("esc^[[31m");
    expect(cellText(3)).toBe("3");
    expect(cellText(false)).toBe("false");
    expect(cellText(null)).toBe("");
  });
});

describe("custom columns", () => {
  it("prints <none> for missing values, joins several with commas, lays out with the tabwriter", () => {
    const p = new CustomColumnsPrinter(columnsFromSpec("NAME:.metadata.name,PORTS:.spec.ports[*].port,MISSING:.spec.x"));
    const list = { apiVersion: "v1", kind: "List", metadata: {}, items: [{ metadata: { name: "a" }, spec: { ports: [{ port: 80 }, { port: 443 }] } }, { metadata: { name: "bb" }, spec: {} }] };
    expect(p.print(list as never)).toBe("NAME   PORTS    MISSING\na      80,443   <none>\nbb     <none>   <none>\n");
  });

  it("reads a template file of headers and paths", () => {
    expect(columnsFromTemplate("NAME   IMAGE\nmetadata.name  {.spec.containers[0].image}\n")).toEqual([
      { header: "NAME", fieldSpec: "{.metadata.name}" },
      { header: "IMAGE", fieldSpec: "{.spec.containers[0].image}" },
    ]);
    expect(() => columnsFromTemplate("")).toThrow("invalid template, missing header line.");
    expect(() => columnsFromTemplate("A B\n")).toThrow("invalid template, missing spec line.");
    expect(() => columnsFromTemplate("A B\n.x\n")).toThrow("number of headers (2) and field specifications (1) don't match");
  });
});
