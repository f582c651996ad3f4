/**
 * Values as Helm builds them: strvals parsing of --set / --set-string,
 * -f files merged in order before --set, and user values coalesced over
 * the chart's (a null deletes a default).
 */
import { describe, expect, it } from "vitest";
import { coalesceValues, mergeValues, parseSet, toJsonValues, type Values } from "../../../src/shell/commands/helm/values.js";
import { GoInt } from "../../../src/shell/commands/kubectl/printers/gotemplate.js";

function set(s: string, stringsOnly = false): unknown {
  const v: Values = {};
  parseSet(s, v, stringsOnly);
  return v;
}

describe("--set (strvals)", () => {
  it("types ints, booleans and null, and keeps the rest as strings", () => {
    expect(set("a=1,b=true,c=FALSE,d=null,e=0,f=007,g=1.5,h=x y")).toEqual({ a: new GoInt(1), b: true, c: false, d: null, e: new GoInt(0), f: "007", g: "1.5", h: "x y" });
    expect(set("a=1,b=true", true)).toEqual({ a: "1", b: "true" });
  });

  it("nests dotted keys, fills list indexes, reads {a,b} lists and honours escapes", () => {
    expect(toJsonValues(set("image.tag=1.2,image.pullPolicy=Always"))).toEqual({ image: { tag: "1.2", pullPolicy: "Always" } });
    expect(toJsonValues(set("hosts[1].name=b,hosts[0].name=a"))).toEqual({ hosts: [{ name: "a" }, { name: "b" }] });
    expect(toJsonValues(set("args={--v=2,--x}"))).toEqual({ args: ["--v=2", "--x"] });
    expect(toJsonValues(set("annotations.kubernetes\\.io/ingress\\.class=nginx,msg=a\\,b"))).toEqual({ annotations: { "kubernetes.io/ingress.class": "nginx" }, msg: "a,b" });
  });

  it("fails as strvals does on a key without a value", () => {
    expect(() => set("novalue")).toThrow('key "novalue" has no value');
    expect(() => set("a=1,b,")).toThrow('key "b" has no value (cannot end with ,)');
  });
});

describe("merging and coalescing", () => {
  it("merges -f files in order, then applies --set and --set-string", async () => {
    const files: Record<string, string> = { "a.yaml": "replicaCount: 1\nimage:\n  tag: a\n  repository: r\n", "b.yaml": "image:\n  tag: b\n" };
    const v = await mergeValues(
      { valueFiles: ["a.yaml", "b.yaml"], values: ["replicaCount=3"], stringValues: ["image.tag=2"], jsonValues: [], fileValues: [], literalValues: [] },
      async (p) => files[p],
    );
    expect(toJsonValues(v)).toEqual({ replicaCount: 3, image: { tag: "2", repository: "r" } });
  });

  it("puts user values over the chart's, a null deleting the default", () => {
    const chart = { service: { type: "LoadBalancer", port: 80 }, replicas: 1, extra: { a: 1 } };
    expect(coalesceValues(chart, { service: { type: "NodePort" }, extra: null })).toEqual({ service: { type: "NodePort", port: 80 }, replicas: 1 });
  });
});
