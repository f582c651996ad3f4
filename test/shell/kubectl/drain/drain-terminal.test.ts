/**
 * kubectl drain waiting on the cluster: at the terminal its lines stream as
 * they happen and Ctrl-C ends it (exit 130); in a script, a drain that
 * would wait forever (a PodDisruptionBudget with no room, no --timeout)
 * stops after ten minutes of cluster time the same way.
 */
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { BashFilesystem } from "../../../../src/host/filesystem.js";
import { kubectl } from "../../../../src/shell/commands/kubectl/kubectl.js";
import type { ToolContext } from "../../../../src/shell/tool.js";
import { newCluster, sh } from "../../../helpers.js";

const SETUP = `kubectl create deployment web --image=nginx --replicas=2 >/dev/null
kubectl apply -f - >/dev/null <<'EOF'
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
sleep 30
`;

/** `ns/name, ns/name` of the DaemonSet pods on a node, in the order drain lists them. */
function daemonSetPods(c: Cluster, node: string): string {
  return c
    .client()
    .list("pods", undefined, { fieldSelector: `spec.nodeName=${node}` })
    .items.filter((p) => p.metadata.ownerReferences?.[0]?.kind === "DaemonSet")
    .map((p) => `${p.metadata.namespace}/${p.metadata.name}`)
    .join(", ");
}

/** kubectl as the interactive terminal runs it: output through `terminal`, Ctrl-C through `abort`. */
function terminalContext(c: Cluster, abortAfterSleeps: number) {
  const lines: string[] = [];
  const controller = new AbortController();
  let sleeps = 0;
  const tool: ToolContext = {
    cluster: c,
    host: "controlplane",
    user: "root",
    fs: new BashFilesystem(c.machine("controlplane")!.fs),
    cwd: "/root",
    env: new Map([["HOME", "/root"]]),
    stdin: "",
    // As the interactive shell waits: Ctrl-C cuts the wait short with a rejection.
    async sleep(ms) {
      if (++sleeps >= abortAfterSleeps) {
        controller.abort();
        throw controller.signal.reason;
      }
      c.advance(ms);
    },
    terminal: {
      signal: controller.signal,
      write: (t) => lines.push(`out: ${t}`),
      writeErr: (t) => lines.push(`err: ${t}`),
    },
  };
  return { tool, lines };
}

describe("kubectl drain while it waits", () => {
  it("streams its lines to the terminal and stops on Ctrl-C", async () => {
    const c = newCluster();
    await sh(SETUP, { cluster: c });
    const pod = c
      .client()
      .list("pods", "default")
      .items.find((p) => p.spec.nodeName === "node01")!.metadata.name;
    const { tool, lines } = terminalContext(c, 2);
    const r = await kubectl(["drain", "node01", "--ignore-daemonsets"], tool);
    expect(r.exitCode).toBe(130);
    expect(r.stdout).toBe("");
    const retry = `err: error when evicting pods/"${pod}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n`;
    expect(lines).toEqual([
      "out: node/node01 cordoned\n",
      `err: Warning: ignoring DaemonSet-managed Pods: ${daemonSetPods(c, "node01")}\n`,
      `out: evicting pod default/${pod}\n`,
      retry,
      `out: evicting pod default/${pod}\n`,
      retry,
    ]);
  });

  it("in a script, a drain that can never finish stops after ten minutes of cluster time", async () => {
    const c = newCluster();
    await sh(SETUP, { cluster: c });
    const start = c.clock.now();
    const r = await sh("kubectl drain node01 --ignore-daemonsets", { cluster: c });
    expect(r.exitCode).toBe(130);
    expect(r.stdout.match(/^evicting pod /gm)).toHaveLength(121);
    expect(c.clock.now() - start).toBe(10 * 60 * 1000);
  });
});
