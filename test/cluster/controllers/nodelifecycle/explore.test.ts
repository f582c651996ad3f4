import { it } from "vitest";
import { newCluster } from "/work/main/test/helpers.js";

it("explore", () => {
  const c = newCluster();
  const client = c.client();
  const t0 = c.clock.now();
  const show = (label: string) => {
    const n = client.get("nodes", undefined, "node01");
    const ready = n.status.conditions.find((x: any) => x.type === "Ready");
    console.log(label, (c.clock.now() - t0) / 1000, ready.status, ready.reason, JSON.stringify(n.spec.taints ?? []));
  };
  for (const name of ["controlplane","node01","node02"]) { const n = client.get("nodes", undefined, name); console.log(name, JSON.stringify(n.spec.taints), JSON.stringify(n.metadata.labels)); }
  const lease = client.get("leases", "kube-node-lease", "node01");
  console.log("lease", lease.spec.renewTime, c.clock.rfc3339Micro());
  c.kubelets.get("node01")!.stop();
  for (let s = 0; s < 70; s += 5) { c.advance(5000); show("t"); }
  const ev = client.list("events", undefined).items.filter((e: any) => e.source?.component === "node-controller" || e.source?.component === "taint-eviction-controller");
  for (const e of ev) console.log(e.involvedObject.kind, e.involvedObject.name, e.reason, e.message, e.firstTimestamp);
});
