/**
 * kubectl cordon / uncordon / drain: the strings of fact sheet section 5
 * (pkg/cmd/drain/drain.go, pkg/drain/{drain,filters,cordon}.go), and what
 * the cluster does: the node becomes unschedulable (SchedulingDisabled),
 * evicted pods go away and their controllers recreate them elsewhere,
 * PodDisruptionBudgets hold the eviction back (429, retried every 5s).
 */
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../../helpers.js";

const podsOn = (c: Cluster, node: string, ns = "default") =>
  c
    .client()
    .list("pods", ns)
    .items.filter((p) => p.spec.nodeName === node)
    .map((p) => p.metadata.name as string);

/** A deployment of `n` nginx pods, all running after 30s. */
const deployment = (name: string, n: number) => `kubectl create deployment ${name} --image=nginx --replicas=${n} >/dev/null\nsleep 30\n`;

const barePod = (name: string, extra = "") => `kubectl apply -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  nodeName: node01
  containers:
  - name: c
    image: nginx
${extra}EOF
`;

const PDB = `kubectl apply -f - >/dev/null <<'EOF'
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web-pdb
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: web
EOF
`;

/** `ns/name, ns/name` of the DaemonSet pods on node01 (kube-flannel and kube-proxy), in the order drain lists them. */
const daemonSetPods = (c: Cluster) =>
  c
    .client()
    .list("pods", undefined, { fieldSelector: "spec.nodeName=node01" })
    .items.filter((p) => p.metadata.ownerReferences?.[0]?.kind === "DaemonSet")
    .map((p) => `${p.metadata.namespace}/${p.metadata.name}`)
    .join(", ");

describe("kubectl cordon and uncordon", () => {
  it("marks the node unschedulable and back, saying when nothing changes", async () => {
    const c = newCluster();
    const r = await sh("kubectl cordon node01\nkubectl cordon node01\nkubectl get nodes node01", { cluster: c });
    expect(r.stdout).toBe(
      "node/node01 cordoned\nnode/node01 already cordoned\nNAME     STATUS                     ROLES    AGE   VERSION\nnode01   Ready,SchedulingDisabled   <none>   46m   v1.34.1\n",
    );
    const node = c.client().get("nodes", undefined, "node01");
    expect(node.spec.unschedulable).toBe(true);
    expect(node.spec.taints.map((t: { key: string }) => t.key)).toEqual(["node.kubernetes.io/unschedulable"]);

    const u = await sh("kubectl uncordon node01\nkubectl uncordon node01", { cluster: c });
    expect(u.stdout).toBe("node/node01 uncordoned\nnode/node01 already uncordoned\n");
    expect(c.client().get("nodes", undefined, "node01").spec.unschedulable).toBeUndefined();
  });

  it("new pods avoid a cordoned node", async () => {
    const c = newCluster();
    await sh("kubectl cordon node01\n" + deployment("web", 4), { cluster: c });
    expect(podsOn(c, "node01")).toEqual([]);
    expect(podsOn(c, "node02")).toHaveLength(4);
  });

  it("selects nodes with -l, and honours --dry-run", async () => {
    const c = newCluster();
    const r = await sh("kubectl cordon -l kubernetes.io/os=linux --dry-run=client\nkubectl cordon -l kubernetes.io/hostname=node02", { cluster: c });
    expect(r.stdout).toBe("node/controlplane cordoned (dry run)\nnode/node01 cordoned (dry run)\nnode/node02 cordoned (dry run)\nnode/node02 cordoned\n");
    expect(c.client().get("nodes", undefined, "node01").spec.unschedulable).toBeUndefined();
    const s = await sh("kubectl cordon node01 --dry-run=server", { cluster: c });
    expect(s.stdout).toBe("node/node01 cordoned (server dry run)\n");
    expect(c.client().get("nodes", undefined, "node01").spec.unschedulable).toBeUndefined();
  });

  it("prints kubectl's usage errors", async () => {
    const c = newCluster();
    const cases: Array<[string, string]> = [
      // Golden: the real kubectl v1.32, offline.
      ["kubectl cordon", "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n"],
      ["kubectl uncordon", "error: USAGE: uncordon NODE [flags]\nSee 'kubectl uncordon -h' for help and examples\n"],
      ["kubectl drain", "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n"],
      ["kubectl drain foo -l a=b", "error: cannot specify both a node name and a --selector option\nSee 'kubectl drain -h' for help and examples\n"],
      ["kubectl cordon foo -l a=b", "error: cannot specify both a node name and a --selector option\nSee 'kubectl cordon -h' for help and examples\n"],
      ["kubectl drain foo --pod-selector='a b'", "error: --pod-selector=<pod_selector> must be a valid label selector\n"],
      ["kubectl drain foo --dry-run=bad", 'error: Invalid dry-run value (bad). Must be "none", "server", or "client".\n'],
      // From drain.go.
      ["kubectl cordon nope", 'Error from server (NotFound): nodes "nope" not found\n'],
      ["kubectl drain deploy/x", 'Error from server (NotFound): deployments.apps "x" not found\n'],
    ];
    for (const [cmd, stderr] of cases) {
      const r = await sh(cmd, { cluster: c });
      expect({ cmd, stderr: r.stderr, stdout: r.stdout, code: r.exitCode }).toEqual({ cmd, stderr, stdout: "", code: 1 });
    }
    const wrongType = await sh(deployment("x", 1) + "kubectl drain deploy/x", { cluster: c });
    expect(wrongType.stderr).toBe('error: expected resource of type node, got "apps/v1, Resource=deployments"\n');
  });
});

describe("kubectl drain", () => {
  it("refuses DaemonSet pods, then with --ignore-daemonsets evicts the rest, which are recreated elsewhere (CKA seed notes)", async () => {
    const c = newCluster();
    const DS_NODE01 = daemonSetPods(c);
    await sh(deployment("web", 4), { cluster: c });
    const before = podsOn(c, "node01");
    expect(before).toHaveLength(2);

    const refused = await sh("kubectl drain node01", { cluster: c });
    expect(refused.stdout).toBe("node/node01 cordoned\n");
    expect(refused.stderr).toBe(
      `error: unable to drain node "node01" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${DS_NODE01}, continuing command...\n` +
        "There are pending nodes to be drained:\n node01\n" +
        `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${DS_NODE01}\n`,
    );
    expect(refused.exitCode).toBe(1);
    expect(podsOn(c, "node01")).toEqual(before);

    const r = await sh("kubectl drain node01 --ignore-daemonsets", { cluster: c });
    expect(r.stderr).toBe(`Warning: ignoring DaemonSet-managed Pods: ${DS_NODE01}\n`);
    expect(r.stdout).toBe(
      "node/node01 already cordoned\n" +
        before.map((p) => `evicting pod default/${p}\n`).join("") +
        before.map((p) => `pod/${p} evicted\n`).join("") +
        "node/node01 drained\n",
    );
    expect(r.exitCode).toBe(0);
    await sh("sleep 10", { cluster: c });
    expect(podsOn(c, "node01")).toEqual([]);
    expect(podsOn(c, "node02")).toHaveLength(4);
    const ready = c.client().get("deployments", "default", "web").status.readyReplicas;
    expect(ready).toBe(4);
    // The DaemonSet pods stay.
    expect(daemonSetPods(c)).toBe(DS_NODE01);
    const nodes = await sh("kubectl get node node01 --no-headers", { cluster: c });
    expect(nodes.stdout).toMatch(/^node01\s+Ready,SchedulingDisabled\s/);
  });

  it("skips mirror pods of static pods on the control plane", async () => {
    const r = await sh("kubectl drain controlplane --ignore-daemonsets");
    expect(r.stdout).not.toContain("kube-apiserver");
    expect(r.stdout).not.toContain("etcd");
    expect(r.stdout).toMatch(/^node\/controlplane cordoned\nevicting pod kube-system\/coredns-/);
    expect(r.stdout).toMatch(/node\/controlplane drained\n$/);
    expect(r.cluster.client().get("pods", "kube-system", "etcd-controlplane").spec.nodeName).toBe("controlplane");
  });

  it("refuses pods with no controller or with emptyDir, in filter order, and --force / --delete-emptydir-data let them go", async () => {
    const c = newCluster();
    const DS_NODE01 = daemonSetPods(c);
    await sh(barePod("hr-app") + barePod("cache", "    volumeMounts:\n    - name: tmp\n      mountPath: /tmp\n  volumes:\n  - name: tmp\n    emptyDir: {}\n") + "sleep 5", { cluster: c });
    const refused = await sh("kubectl drain node01 --ignore-daemonsets", { cluster: c });
    const both = "[cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache, cannot delete cannot delete Pods that declare no controller (use --force to override): default/hr-app]";
    expect(refused.stderr).toBe(
      `error: unable to drain node "node01" due to error: ${both}, continuing command...\n` +
        "There are pending nodes to be drained:\n node01\n" +
        "cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache\n" +
        "cannot delete cannot delete Pods that declare no controller (use --force to override): default/hr-app\n",
    );

    const forced = await sh("kubectl drain node01 --ignore-daemonsets --force", { cluster: c });
    expect(forced.stderr).toContain("error: unable to drain node \"node01\" due to error: cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache, continuing command...\n");

    const r = await sh("kubectl drain node01 --ignore-daemonsets --force --delete-emptydir-data", { cluster: c });
    expect(r.stderr).toBe(
      // Grouped by message in the order the pods are listed (Go's map order varies).
      `Warning: deleting Pods that declare no controller: default/cache, default/hr-app; ignoring DaemonSet-managed Pods: ${DS_NODE01}\n`,
    );
    expect(r.stdout).toBe(
      "node/node01 already cordoned\nevicting pod default/cache\nevicting pod default/hr-app\npod/cache evicted\npod/hr-app evicted\nnode/node01 drained\n",
    );
    expect(c.client().find("pods", "default", "hr-app")).toBeUndefined();
  });

  it("--pod-selector drains only the matching pods; --dry-run=client evicts nothing", async () => {
    const c = newCluster();
    await sh(deployment("web", 2) + deployment("api", 2), { cluster: c });
    const api = podsOn(c, "node01").filter((p) => p.startsWith("api-"));
    const dry = await sh("kubectl drain node01 --ignore-daemonsets --dry-run=client", { cluster: c });
    expect(dry.stdout).toMatch(/^node\/node01 cordoned \(dry run\)\n(evicting pod default\/\S+ \(dry run\)\n){2}node\/node01 drained \(dry run\)\n$/);
    expect(c.client().get("nodes", undefined, "node01").spec.unschedulable).toBeUndefined();

    const r = await sh("kubectl drain node01 --ignore-daemonsets --pod-selector=app=api", { cluster: c });
    expect(r.stdout).toBe(`node/node01 cordoned\n${api.map((p) => `evicting pod default/${p}\n`).join("")}${api.map((p) => `pod/${p} evicted\n`).join("")}node/node01 drained\n`);
    expect(podsOn(c, "node01").filter((p) => p.startsWith("web-"))).toHaveLength(1);
  });

  it("--disable-eviction deletes instead and prints `deleted`", async () => {
    const c = newCluster();
    await sh(deployment("web", 2), { cluster: c });
    const [pod] = podsOn(c, "node01");
    const r = await sh("kubectl drain node01 --ignore-daemonsets --disable-eviction", { cluster: c });
    expect(r.stdout).toBe(`node/node01 cordoned\npod/${pod} deleted\nnode/node01 drained\n`);
  });

  it("a PodDisruptionBudget makes the eviction retry every 5s until --timeout", async () => {
    const c = newCluster();
    const DS_NODE01 = daemonSetPods(c);
    await sh(
      deployment("web", 2) + PDB + "sleep 5",
      { cluster: c },
    );
    const [pod] = podsOn(c, "node01");
    const retry = `error when evicting pods/"${pod}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n`;
    const timeout = `error when evicting pods/"${pod}" -n "default": global timeout reached: 12s`;
    const r = await sh("kubectl drain node01 --ignore-daemonsets --timeout=12s", { cluster: c });
    expect(r.stdout).toBe(`node/node01 cordoned\n${`evicting pod default/${pod}\n`.repeat(4)}`);
    expect(r.stderr).toBe(
      `Warning: ignoring DaemonSet-managed Pods: ${DS_NODE01}\n` +
        retry.repeat(3) +
        `There are pending pods in node "node01" when an error occurred: ${timeout}\npod/${pod}\n` +
        `error: unable to drain node "node01" due to error: ${timeout}, continuing command...\n` +
        "There are pending nodes to be drained:\n node01\n" +
        `${timeout}\n`,
    );
    expect(r.exitCode).toBe(1);
    expect(podsOn(c, "node01")).toEqual([pod]);

    // With the budget relaxed the drain goes through.
    const ok = await sh(PDB.replace("minAvailable: 2", "minAvailable: 1") + "sleep 2\nkubectl drain node01 --ignore-daemonsets", { cluster: c });
    expect(ok.stdout).toBe(`node/node01 already cordoned\nevicting pod default/${pod}\npod/${pod} evicted\nnode/node01 drained\n`);
  });

  it("--timeout gives up on a pod that never goes; --skip-wait-for-delete-timeout stops waiting for it", async () => {
    const held = barePod("held").replace("metadata:\n  name: held\n", "metadata:\n  name: held\n  finalizers:\n  - example.com/hold\n");
    const c = newCluster();
    await sh(held + "sleep 5", { cluster: c });
    const stuck = "error when waiting for pod \"held\" in namespace \"default\" to terminate: context deadline exceeded";
    const r = await sh("kubectl drain node01 --ignore-daemonsets --force --timeout=10s", { cluster: c });
    expect(r.stdout).toBe("node/node01 cordoned\nevicting pod default/held\n");
    expect(r.stderr).toBe(
      `Warning: deleting Pods that declare no controller: default/held; ignoring DaemonSet-managed Pods: ${daemonSetPods(c)}\n` +
        `There are pending pods in node "node01" when an error occurred: ${stuck}\npod/held\n` +
        `error: unable to drain node "node01" due to error: ${stuck}, continuing command...\n` +
        `There are pending nodes to be drained:\n node01\n${stuck}\n`,
    );

    const fresh = newCluster();
    await sh(held + "sleep 5", { cluster: fresh });
    const skipped = await sh("kubectl drain node01 --ignore-daemonsets --force --skip-wait-for-delete-timeout=5", { cluster: fresh });
    expect(skipped.stdout).toBe('node/node01 cordoned\nevicting pod default/held\npod "held" has DeletionTimestamp older than 5 seconds, skipping\nnode/node01 drained\n');
    expect(skipped.exitCode).toBe(0);
  });

  it("drains several nodes selected with -l", async () => {
    const c = newCluster();
    await sh(deployment("web", 2), { cluster: c });
    const r = await sh("kubectl label node node01 node02 pool=workers >/dev/null\nkubectl drain -l pool=workers --ignore-daemonsets --force", { cluster: c });
    expect(r.stdout).toMatch(/^node\/node01 cordoned\nnode\/node02 cordoned\n/);
    expect(r.stdout).toMatch(/node\/node01 drained\n(.|\n)*node\/node02 drained\n$/);
  });
});
