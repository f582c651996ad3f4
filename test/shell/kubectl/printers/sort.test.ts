/**
 * --sort-by: kubectl's key comparison and Go's (unstable) sort.Sort.
 */
import { describe, expect, it } from "vitest";
import { goSorted } from "../../../../src/shell/commands/kubectl/printers/gosort.js";
import { parseQuantity, sortByField, SortFieldError } from "../../../../src/shell/commands/kubectl/printers/sort.js";
import { KubectlError } from "../../../../src/shell/commands/kubectl/errors.js";

describe("Go's sort.Sort", () => {
  it("orders ties as the real kubectl did for 15 config maps sorted by name", () => {
    // List order (etcd key order: namespace, then name), as `kubectl get cm -A --sort-by=.metadata.name` received it.
    const input = [
      "default/kube-root-ca.crt",
      "golden/app-config",
      "golden/empty",
      "golden/kube-root-ca.crt",
      "golden/quoting",
      "kube-flannel/kube-flannel-cfg",
      "kube-flannel/kube-root-ca.crt",
      "kube-node-lease/kube-root-ca.crt",
      "kube-public/cluster-info",
      "kube-public/kube-root-ca.crt",
      "kube-system/coredns",
      "kube-system/kube-proxy",
      "kube-system/kube-root-ca.crt",
      "kube-system/kubeadm-config",
      "kube-system/kubelet-config",
    ];
    const name = (s: string) => s.split("/")[1];
    expect(goSorted(input, (a, b) => name(a) < name(b))).toEqual([
      "golden/app-config",
      "kube-public/cluster-info",
      "kube-system/coredns",
      "golden/empty",
      "kube-flannel/kube-flannel-cfg",
      "kube-system/kube-proxy",
      "kube-flannel/kube-root-ca.crt",
      "kube-node-lease/kube-root-ca.crt",
      "default/kube-root-ca.crt",
      "kube-public/kube-root-ca.crt",
      "golden/kube-root-ca.crt",
      "kube-system/kube-root-ca.crt",
      "kube-system/kubeadm-config",
      "kube-system/kubelet-config",
      "golden/quoting",
    ]);
  });

  it("keeps the order of equal keys for 12 elements or fewer (insertion sort)", () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ k: i % 3, i }));
    expect(goSorted(items, (a, b) => a.k < b.k).map((x) => x.i)).toEqual([0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11]);
  });

  it("sorts large inputs correctly", () => {
    const items = Array.from({ length: 500 }, (_, i) => (i * 7919) % 500);
    expect(goSorted(items, (a, b) => a < b)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    const reversed = Array.from({ length: 300 }, (_, i) => 300 - i);
    expect(goSorted(reversed, (a, b) => a < b)[0]).toBe(1);
  });
});

describe("sort keys", () => {
  const pods = (values: unknown[]) => values.map((v, i) => ({ metadata: { name: `p${i}` }, spec: { v } }));
  const names = (objs: Array<{ metadata: { name: string } }>) => objs.map((o) => o.metadata.name);

  it("compares strings that are both quantities as quantities, other strings byte-wise", () => {
    expect(names(sortByField(pods(["1Gi", "100Mi", "2", "500m"]), (o) => o, ".spec.v", false))).toEqual(["p3", "p2", "p1", "p0"]);
    expect(names(sortByField(pods(["web-10", "web-9", "Web"]), (o) => o, "{.spec.v}", false))).toEqual(["p2", "p0", "p1"]);
    expect(parseQuantity("1.5Gi")).toBe(1.5 * 2 ** 30);
    expect(parseQuantity("1e3")).toBe(1000);
    expect(parseQuantity("web")).toBeUndefined();
  });

  it("sorts numbers numerically and puts objects without the field first", () => {
    expect(names(sortByField(pods([10, 9, undefined, 100]), (o) => o, "spec.v", false))).toEqual(["p2", "p1", "p0", "p3"]);
  });

  it("fails when no object has the field, or the path is bad", () => {
    expect(() => sortByField(pods([1]), (o) => o, ".spec.nope", false)).toThrow(new KubectlError('couldn\'t find any field with path "{.spec.nope}" in the list of objects'));
    expect(() => sortByField(pods([1, 2]), (o) => o, "{.spec[}", true)).toThrow("sorting error: unterminated array");
  });

  it("gives up on values that cannot be ordered", () => {
    expect(() => sortByField(pods([true, false]), (o) => o, ".spec.v", false)).toThrow(SortFieldError);
    expect(() => sortByField(pods(["a", 1]), (o) => o, ".spec.v", false)).toThrow(SortFieldError);
  });
});
