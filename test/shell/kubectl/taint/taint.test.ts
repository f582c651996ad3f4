/**
 * kubectl taint: adding, replacing and removing taints on nodes, the
 * operation printed (tainted / untainted / modified), -l and --all, dry
 * runs, and the real kubectl's errors (golden output of the real v1.32 for
 * the ones it prints offline; taint.go / utils.go for the others).
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const taintsOf = (c: ReturnType<typeof newCluster>, node: string) => c.client().get("nodes", undefined, node).spec.taints ?? [];

describe("kubectl taint", () => {
  it("adds a taint, refuses the same key and effect without --overwrite, and removes it", async () => {
    const c = newCluster();
    const r = await sh("kubectl taint nodes node01 dedicated=special:NoSchedule", { cluster: c });
    expect(r.stdout).toBe("node/node01 tainted\n");
    expect(taintsOf(c, "node01")).toEqual([{ key: "dedicated", value: "special", effect: "NoSchedule" }]);

    const again = await sh("kubectl taint nodes node01 dedicated=other:NoSchedule", { cluster: c });
    expect(again.stderr).toBe("error: node node01 already has dedicated taint(s) with same effect(s) and --overwrite is false\n");
    expect(again.exitCode).toBe(1);

    const over = await sh("kubectl taint nodes node01 dedicated=other:NoSchedule --overwrite", { cluster: c });
    expect(over.stdout).toBe("node/node01 modified\n");
    expect(taintsOf(c, "node01")).toEqual([{ key: "dedicated", value: "other", effect: "NoSchedule" }]);

    const gone = await sh("kubectl taint nodes node01 dedicated:NoSchedule-", { cluster: c });
    expect(gone.stdout).toBe("node/node01 untainted\n");
    expect(taintsOf(c, "node01")).toEqual([]);

    const missing = await sh("kubectl taint nodes node01 dedicated-", { cluster: c });
    expect(missing.stderr).toBe('error: taint "dedicated" not found\n');
    expect(missing.exitCode).toBe(1);
  });

  it("removes the control-plane taint so pods can schedule there", async () => {
    const c = newCluster();
    const r = await sh("kubectl taint node controlplane node-role.kubernetes.io/control-plane:NoSchedule-", { cluster: c });
    expect(r.stdout).toBe("node/controlplane untainted\n");
    expect(taintsOf(c, "controlplane")).toEqual([]);
  });

  it("puts new taints before the old ones; adding and removing at once is `modified`", async () => {
    const c = newCluster();
    await sh("kubectl taint node node01 a=1:NoSchedule b:PreferNoSchedule", { cluster: c });
    expect(taintsOf(c, "node01").map((t: { key: string }) => t.key)).toEqual(["a", "b"]);
    const r = await sh("kubectl taint node node01 c=3:NoExecute a-", { cluster: c });
    expect(r.stdout).toBe("node/node01 modified\n");
    expect(taintsOf(c, "node01").map((t: { key: string }) => t.key)).toEqual(["c", "b"]);
  });

  it("selects nodes with -l and --all", async () => {
    const c = newCluster();
    const r = await sh("kubectl taint node -l kubernetes.io/hostname=node02 x=y:NoSchedule\nkubectl taint node --all z:PreferNoSchedule", { cluster: c });
    expect(r.stdout).toBe("node/node02 tainted\nnode/controlplane tainted\nnode/node01 tainted\nnode/node02 tainted\n");
    expect(taintsOf(c, "node02").map((t: { key: string }) => t.key)).toEqual(["z", "x"]);
  });

  it("--dry-run and -o", async () => {
    const c = newCluster();
    const r = await sh(
      "kubectl taint node node01 a=b:NoSchedule --dry-run=client\nkubectl taint node node01 a=b:NoSchedule --dry-run=server -o name\nkubectl taint node node01 a=b:NoSchedule -o jsonpath='{.spec.taints[0].key}'",
      { cluster: c },
    );
    expect(r.stdout).toBe("node/node01 tainted (dry run)\nnode/node01\na");
    expect(taintsOf(c, "node01")).toEqual([{ key: "a", value: "b", effect: "NoSchedule" }]);
  });

  it("keeps going past a node that does not exist", async () => {
    const r = await sh("kubectl taint node nope node01 a=b:NoSchedule");
    expect(r.stdout).toBe("node/node01 tainted\n");
    expect(r.stderr).toBe('Error from server (NotFound): nodes "nope" not found\n');
    expect(r.exitCode).toBe(1);
  });

  it("prints kubectl's errors", async () => {
    const nameRule =
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    const usage = "\nSee 'kubectl taint -h' for help and examples\n";
    const cases: Array<[string, string]> = [
      // Golden: the real kubectl v1.32, offline.
      ["kubectl taint nodes foo a=b:Bad", "error: invalid taint effect: Bad, unsupported taint effect" + usage],
      ["kubectl taint nodes foo a=b", `error: invalid taint spec: a=b, ${nameRule}` + usage],
      ["kubectl taint nodes foo", "error: at least one taint update is required\n"],
      ["kubectl taint nodes foo a=b:NoSchedule x", "error: all resources must be specified before taint changes: x\n"],
      ["kubectl taint nodes foo a=b=c:NoSchedule", "error: invalid taint spec: a=b=c:NoSchedule" + usage],
      ["kubectl taint nodes foo 'a b=c:NoSchedule'", `error: invalid taint spec: a b=c:NoSchedule, ${nameRule}` + usage],
      ["kubectl taint nodes foo a:b:c", "error: invalid taint spec: a:b:c" + usage],
      ["kubectl taint nodes foo a=b:NoSchedule a=c:NoSchedule", "error: duplicated taints with the same key and effect: {a c NoSchedule <nil>}" + usage],
      ["kubectl taint nodes foo a=b:NoSchedule a-", "error: can not both modify and remove the following taint(s) in the same command: a=\n"],
      ["kubectl taint pods foo a=b:NoSchedule", "error: invalid resource type pods, only node types are supported\n"],
      // From taint.go.
      ["kubectl taint a=b:NoSchedule", "error: one or more resources must be specified as <resource> <name>\n"],
      ["kubectl taint nodes a=b:NoSchedule", "error: at least one resource name must be specified since 'all' parameter is not set\n"],
      ["kubectl taint nodes --all -l a=b x=y:NoSchedule", "error: setting 'all' parameter with a non empty selector is prohibited\n"],
      ["kubectl taint foo bar a=b:NoSchedule", 'error: the server doesn\'t have a resource type "foo"\n'],
      ["kubectl taint nodes nope a=b:NoSchedule", 'Error from server (NotFound): nodes "nope" not found\n'],
      ["kubectl taint nodes node01 a:NoSchedule-", 'error: taint "a:NoSchedule" not found\n'],
    ];
    const c = newCluster();
    for (const [cmd, stderr] of cases) {
      const r = await sh(cmd, { cluster: c });
      expect({ cmd, stderr: r.stderr, stdout: r.stdout, code: r.exitCode }).toEqual({ cmd, stderr, stdout: "", code: 1 });
    }
  });
});
