/**
 * -o yaml and -o json as kubectl writes them. yaml-golden.json holds the
 * JSON of objects and the YAML the real kubectl printed for them
 * (`kubectl create ... --dry-run=client -o json|yaml`).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { asList, resourceName, toJson, toYaml } from "../../../../src/shell/commands/kubectl/printers/index.js";
import { naturalLess } from "../../../../src/shell/commands/kubectl/printers/yaml.js";

const golden: Array<{ object: unknown; yaml: string }> = JSON.parse(readFileSync(new URL("./yaml-golden.json", import.meta.url), "utf8"));

describe("toYaml", () => {
  it.each(golden.map((g, i) => [i, g] as const))("matches the real kubectl for recorded object %i", (_i, g) => {
    expect(toYaml(g.object)).toBe(g.yaml);
  });

  it("quotes strings that would read back as another type", () => {
    const y = toYaml({ a: "123", b: "true", c: "y", d: "null", e: "", f: "1e3", g: "0x1F", h: "1:20", i: "2024-01-15", j: "10.0.0.1", k: "~", l: ".5", m: "-1" });
    expect(y).toBe('a: "123"\nb: "true"\nc: "y"\nd: "null"\ne: ""\nf: "1e3"\ng: "0x1F"\nh: "1:20"\ni: "2024-01-15"\nj: 10.0.0.1\nk: "~"\nl: ".5"\nm: "-1"\n');
  });

  it("single-quotes indicators, double-quotes control characters, and uses literal blocks for line breaks", () => {
    expect(toYaml({ a: "a: b", b: "- x", c: "*x", d: " lead", e: "it's", f: "tab\there", g: "l1\nl2", h: "l1\n", i: "l1\n\n" })).toBe(
      "a: 'a: b'\nb: '- x'\nc: '*x'\nd: ' lead'\ne: it's\nf: \"tab\\there\"\ng: |-\n  l1\n  l2\nh: |\n  l1\ni: |+\n  l1\n\n",
    );
  });

  it("folds long strings at spaces after column 80", () => {
    const long = Array.from({ length: 20 }, () => "word").join(" ");
    expect(toYaml({ k: long })).toBe(`k: word word word word word word word word word word word word word word word word\n  word word word word\n`);
  });

  it("lays out nested maps and lists like go-yaml: lists not indented under keys, {} and [] when empty", () => {
    expect(toYaml({ spec: { containers: [{ name: "a", args: ["x", "y"] }], volumes: [], nodeSelector: {} }, n: null, t: true, f: 1.5, i: 3 })).toBe(
      'f: 1.5\ni: 3\n"n": null\nspec:\n  containers:\n  - args:\n    - x\n    - "y"\n    name: a\n  nodeSelector: {}\n  volumes: []\nt: true\n',
    );
    expect(toYaml({ a: [[1, 2], []] })).toBe("a:\n- - 1\n  - 2\n- []\n");
  });

  it("orders keys as go-yaml does: runs of digits by value, other characters before letters (as the real secret above)", () => {
    const keys = ["k10", "k9", "k1", "a-b", "a_b", "a.b", "A", "_x", "9", "09", "b"];
    expect([...keys].sort((x, y) => (naturalLess(x, y) ? -1 : naturalLess(y, x) ? 1 : 0))).toEqual(["_x", "9", "09", "A", "a-b", "a.b", "a_b", "b", "k1", "k9", "k10"]);
  });
});

describe("toJson", () => {
  it("indents four spaces, sorts keys and escapes <, > and & as encoding/json does", () => {
    expect(toJson({ b: 1, a: { note: "a <b> & c" }, c: [], d: {} })).toBe('{\n    "a": {\n        "note": "a \\u003cb\\u003e \\u0026 c"\n    },\n    "b": 1,\n    "c": [],\n    "d": {}\n}\n');
  });
});

describe("names and lists", () => {
  it("names objects kind.group/name", () => {
    expect(resourceName({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" } })).toBe("deployment.apps/web");
    expect(resourceName({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" } })).toBe("pod/p");
  });

  it("wraps several objects in a List with an empty resourceVersion", () => {
    expect(toYaml(asList([]))).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });
});
