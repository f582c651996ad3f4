/**
 * kubectl events with recent events (ages from the cluster's clock):
 * -A with its NAMESPACE column and ordering across namespaces, the repeat
 * notation, and the messages when nothing matches.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../../helpers.js";

function seed(): Cluster {
  const cluster = newCluster();
  const c = cluster.client();
  const at = (s: number) => cluster.clock.rfc3339(cluster.clock.now() - s * 1000);
  for (const ns of ["alpha", "beta"]) c.create("namespaces", undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  const pod = (ns: string) => ({ kind: "Pod", namespace: ns, name: "tracked", apiVersion: "v1" });
  const events: Array<[string, Record<string, unknown>]> = [
    ["alpha", { metadata: { name: "tracked.a1" }, involvedObject: pod("alpha"), reason: "Pulled", message: "pulled", type: "Normal", source: { component: "kubelet", host: "node01" }, firstTimestamp: at(600), lastTimestamp: at(30), count: 7 }],
    ["beta", { metadata: { name: "tracked.b1" }, involvedObject: pod("beta"), reason: "Failed", message: "Error: ErrImagePull", type: "Warning", source: { component: "kubelet", host: "node02" }, firstTimestamp: at(90), lastTimestamp: at(90), count: 1 }],
    ["alpha", { metadata: { name: "tracked.a2" }, involvedObject: pod("alpha"), reason: "Scheduled", message: "Successfully assigned alpha/tracked to node01", type: "Normal", source: {}, eventTime: cluster.clock.rfc3339Micro(cluster.clock.now() - 700_000), reportingComponent: "default-scheduler" }],
  ];
  for (const [ns, e] of events) c.create("events", ns, { apiVersion: "v1", kind: "Event", ...e, metadata: { ...(e.metadata as object), namespace: ns } } as KubeObject);
  return cluster;
}

describe("kubectl events", () => {
  let cluster: Cluster;
  beforeAll(() => {
    cluster = seed();
  }, 60_000);

  it("lists events of all namespaces, oldest first, with a NAMESPACE column", async () => {
    const r = await sh("kubectl events -A --for pod/tracked", { cluster });
    expect(r).toMatchObject({
      stdout:
        "NAMESPACE   LAST SEEN           TYPE      REASON      OBJECT        MESSAGE\n" +
        "alpha       11m                 Normal    Scheduled   Pod/tracked   Successfully assigned alpha/tracked to node01\n" +
        "beta        90s                 Warning   Failed      Pod/tracked   Error: ErrImagePull\n" +
        "alpha       30s (x7 over 10m)   Normal    Pulled      Pod/tracked   pulled\n",
      stderr: "",
      exitCode: 0,
    });
  });

  it("says so when there is nothing to show", async () => {
    expect(await sh("kubectl events -n beta --types Normal", { cluster })).toMatchObject({ stdout: "", stderr: "No events found in beta namespace.\n", exitCode: 0 });
    expect(await sh("kubectl events -A --for pod/nobody", { cluster })).toMatchObject({ stdout: "", stderr: "No events found.\n", exitCode: 0 });
  });

  it("is printed by the server-side event table for kubectl get events -A", async () => {
    const r = await sh("kubectl get events -A --field-selector involvedObject.name=tracked", { cluster });
    expect(r.stdout).toBe(
      "NAMESPACE   LAST SEEN   TYPE      REASON      OBJECT        MESSAGE\n" +
        "alpha       30s         Normal    Pulled      pod/tracked   pulled\n" +
        "alpha       11m         Normal    Scheduled   pod/tracked   Successfully assigned alpha/tracked to node01\n" +
        "beta        90s         Warning   Failed      pod/tracked   Error: ErrImagePull\n",
    );
  });
});
