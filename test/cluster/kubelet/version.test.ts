/**
 * A kubelet restarted onto another release (the v1.35 package installed)
 * behaves as that release from then on: the node reports the version, and
 * pods it starts get v1.35's event texts (PR #134043 dropped the container
 * name from Created/Started).
 */
import { describe, expect, it } from "vitest";
import { ShellSession } from "../../../src/shell/session.js";
import { eventsFor, getPod, readyCluster, runPod, waitUntil } from "./kubelet-helpers.js";

describe("a kubelet upgraded to v1.35 and restarted", () => {
  it("reports v1.35.0 and writes v1.35's Created/Started events", async () => {
    const c = readyCluster();
    const node01 = new ShellSession(c, { host: "node01", scripted: true });
    const r = await node01.exec(
      [
        "sed -i 's#/v1.34/#/v1.35/#' /etc/apt/sources.list.d/kubernetes.list",
        "apt-get update >/dev/null",
        "apt-mark unhold kubelet >/dev/null",
        "apt-get install -y kubelet=1.35.0-1.1 >/dev/null 2>&1",
        "sed -i 's# --pod-infra-container-image=[^ \"]*##' /var/lib/kubelet/kubeadm-flags.env",
        "systemctl restart kubelet",
        "sleep 15",
        "kubectl --kubeconfig /etc/kubernetes/kubelet.conf get node node01 -o jsonpath='{.status.nodeInfo.kubeletVersion}'",
      ].join(" && "),
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("v1.35.0");
    runPod(c, "web", { containers: [{ name: "web", image: "nginx" }] });
    waitUntil(c, () => getPod(c, "web")!.status.phase === "Running", 30);
    const ev = eventsFor(c, "web");
    expect(ev.filter((e) => e.reason === "Created" || e.reason === "Started").map((e) => e.message)).toEqual(["Container created", "Container started"]);
  }, 60_000);
});
