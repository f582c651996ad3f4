import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/cluster/api/types.js";
import { deployment, eventMessages, isReady, simCluster, type PodSim } from "./pod-sim.js";

const HASH = /^[bcdfghjklmnpqrstvwxz2456789]+$/;

function replicaSets(sim: PodSim, app = "web"): KubeObject[] {
  return sim.client
    .list("replicasets", "default")
    .items.filter((rs) => rs.metadata.labels?.app === app)
    .sort((a, b) => Number(a.metadata.annotations?.["deployment.kubernetes.io/revision"]) - Number(b.metadata.annotations?.["deployment.kubernetes.io/revision"]));
}

function getDeploy(sim: PodSim, name = "web"): KubeObject {
  return sim.client.get("deployments", "default", name);
}

function condition(d: KubeObject, type: string): any {
  return d.status.conditions.find((c: any) => c.type === type);
}

function setImage(sim: PodSim, image: string, name = "web"): void {
  const d = getDeploy(sim, name);
  d.spec.template.spec.containers[0].image = image;
  sim.client.update("deployments", "default", d);
  sim.cluster.settle();
}

/** Runs the rollout to the end, checking at every step that maxSurge and maxUnavailable hold. */
function rollOut(sim: PodSim, replicas: number, surge: number, unavailable: number): number {
  // Availability is only guaranteed once it was reached (not while the first pods start).
  const guarded = sim.pods().filter(isReady).length >= replicas - unavailable;
  let steps = 0;
  for (; steps < 50; steps++) {
    const pods = sim.pods().filter((p) => !p.metadata.deletionTimestamp);
    expect(pods.length).toBeLessThanOrEqual(replicas + surge);
    if (guarded) expect(pods.filter(isReady).length).toBeGreaterThanOrEqual(replicas - unavailable);
    const d = getDeploy(sim);
    if (d.status.updatedReplicas === replicas && d.status.availableReplicas === replicas && d.status.replicas === replicas) break;
    sim.step();
  }
  return steps;
}

describe("deployment-controller", () => {
  it("creates <deployment>-<pod-template-hash> and scales it up", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("deployments", "default", deployment("web", "nginx:1.25", 3));
    cluster.settle();

    const [rs] = replicaSets(sim);
    const hash = rs.metadata.labels!["pod-template-hash"];
    expect(hash).toMatch(HASH);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.spec.selector.matchLabels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.spec.template.metadata.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.spec.replicas).toBe(3);
    expect(rs.metadata.annotations).toEqual({
      "deployment.kubernetes.io/desired-replicas": "3",
      "deployment.kubernetes.io/max-replicas": "4",
      "deployment.kubernetes.io/revision": "1",
    });
    const d = getDeploy(sim);
    expect(rs.metadata.ownerReferences).toEqual([
      { apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: d.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(d.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("1");
    expect(sim.pods().map((p) => p.metadata.labels!["pod-template-hash"])).toEqual([hash, hash, hash]);
    expect(eventMessages(cluster, "default", "ScalingReplicaSet")).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);

    // Nothing runs yet: not available, progressing.
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, unavailableReplicas: 3 });
    expect(d.status.availableReplicas).toBeUndefined();
    expect(condition(d, "Available")).toMatchObject({ status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." });
    // NewReplicaSetCreated first, then ReplicaSetUpdated once the ReplicaSet reports its pods.
    expect(condition(d, "Progressing")).toMatchObject({ status: "True", reason: "ReplicaSetUpdated", message: `ReplicaSet "web-${hash}" is progressing.` });

    sim.step();
    const done = getDeploy(sim);
    expect(done.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(done.status.conditions.map((c: any) => [c.type, c.status, c.reason])).toEqual([
      ["Available", "True", "MinimumReplicasAvailable"],
      ["Progressing", "True", "NewReplicaSetAvailable"],
    ]);
    expect(condition(done, "Progressing").message).toBe(`ReplicaSet "web-${hash}" has successfully progressed.`);
  });

  it("rolls out step by step within maxSurge and maxUnavailable", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("deployments", "default", deployment("web", "nginx:1.25", 3));
    cluster.settle();
    rollOut(sim, 3, 1, 0);
    const [v1] = replicaSets(sim);

    setImage(sim, "nginx:1.26");
    const [, v2] = replicaSets(sim);
    expect(v2.metadata.name).not.toBe(v1.metadata.name);
    // maxSurge 25% of 3 rounds up to 1, maxUnavailable rounds down to 0: one new pod first, no old one removed yet.
    expect(v2.spec.replicas).toBe(1);
    expect(replicaSets(sim)[0].spec.replicas).toBe(3);

    const steps = rollOut(sim, 3, 1, 0);
    expect(steps).toBeGreaterThanOrEqual(3);
    const a = v1.metadata.name;
    const b = v2.metadata.name;
    expect(eventMessages(cluster, "default", "ScalingReplicaSet")).toEqual([
      `Scaled up replica set ${a} from 0 to 3`,
      `Scaled up replica set ${b} from 0 to 1`,
      `Scaled down replica set ${a} from 3 to 2`,
      `Scaled up replica set ${b} from 1 to 2`,
      `Scaled down replica set ${a} from 2 to 1`,
      `Scaled up replica set ${b} from 2 to 3`,
      `Scaled down replica set ${a} from 1 to 0`,
    ]);
    const d = getDeploy(sim);
    expect(d.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("2");
    expect(condition(d, "Progressing")).toMatchObject({ reason: "NewReplicaSetAvailable", message: `ReplicaSet "${b}" has successfully progressed.` });
    const [old, cur] = replicaSets(sim);
    expect(old.spec.replicas).toBe(0);
    expect(cur.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("2");
    expect(sim.pods().every((p) => p.spec.containers[0].image === "nginx:1.26")).toBe(true);
  });

  it("Recreate scales the old ReplicaSet to zero and waits for its pods to go", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("deployments", "default", deployment("web", "nginx:1.25", 2, { strategy: { type: "Recreate" } }));
    cluster.settle();
    sim.step();
    setImage(sim, "nginx:1.26");
    const [v1] = replicaSets(sim);
    expect(v1.spec.replicas).toBe(0);
    // The old pods are terminating: no new ReplicaSet yet.
    expect(replicaSets(sim)).toHaveLength(1);
    expect(sim.pods().every((p) => p.metadata.deletionTimestamp)).toBe(true);

    sim.reap();
    const [, v2] = replicaSets(sim);
    expect(v2.spec.replicas).toBe(2);
    sim.step();
    expect(eventMessages(cluster, "default", "ScalingReplicaSet")).toEqual([
      `Scaled up replica set ${v1.metadata.name} from 0 to 2`,
      `Scaled down replica set ${v1.metadata.name} from 2 to 0`,
      `Scaled up replica set ${v2.metadata.name} from 0 to 2`,
    ]);
    expect(getDeploy(sim).status).toMatchObject({ replicas: 2, updatedReplicas: 2, availableReplicas: 2 });
  });

  it("rolls back by re-adopting the old ReplicaSet under a new revision", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("deployments", "default", deployment("web", "nginx:1.25", 2));
    cluster.settle();
    rollOut(sim, 2, 1, 0);
    setImage(sim, "nginx:1.26");
    rollOut(sim, 2, 1, 0);
    const [v1, v2] = replicaSets(sim);

    // `kubectl rollout undo` copies revision 1's template back into the Deployment.
    const d = getDeploy(sim);
    const template = structuredClone(v1.spec.template);
    delete template.metadata.labels["pod-template-hash"];
    d.spec.template = template;
    sim.client.update("deployments", "default", d);
    cluster.settle();
    rollOut(sim, 2, 1, 0);

    const rss = replicaSets(sim);
    expect(rss).toHaveLength(2);
    const back = rss.find((rs) => rs.metadata.name === v1.metadata.name)!;
    expect(back.spec.replicas).toBe(2);
    expect(back.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("3");
    expect(back.metadata.annotations!["deployment.kubernetes.io/revision-history"]).toBe("1");
    expect(rss.find((rs) => rs.metadata.name === v2.metadata.name)!.spec.replicas).toBe(0);
    expect(getDeploy(sim).metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("3");
    expect(sim.pods().every((p) => p.spec.containers[0].image === "nginx:1.25")).toBe(true);
  });

  it("holds a paused rollout and continues on resume", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("deployments", "default", deployment("web", "nginx:1.25", 2));
    cluster.settle();
    rollOut(sim, 2, 1, 0);
    sim.client.patch("deployments", "default", "web", "merge", { spec: { paused: true } });
    cluster.settle();
    expect(condition(getDeploy(sim), "Progressing")).toMatchObject({ status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused" });

    setImage(sim, "nginx:1.26");
    sim.step();
    expect(replicaSets(sim)).toHaveLength(1);
    const paused = getDeploy(sim);
    expect(paused.status.updatedReplicas).toBeUndefined();
    expect(paused.status.observedGeneration).toBe(paused.metadata.generation);

    sim.client.patch("deployments", "default", "web", "merge", { spec: { paused: false } });
    cluster.settle();
    expect(replicaSets(sim)).toHaveLength(2);
    rollOut(sim, 2, 1, 0);
    const d = getDeploy(sim);
    expect(condition(d, "Progressing").reason).toBe("NewReplicaSetAvailable");
    expect(d.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("2");
  });

  it("keeps revisionHistoryLimit old ReplicaSets", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("deployments", "default", deployment("web", "nginx:1.20", 1, { revisionHistoryLimit: 2 }));
    cluster.settle();
    rollOut(sim, 1, 1, 0);
    for (const v of ["1.21", "1.22", "1.23", "1.24"]) {
      setImage(sim, `nginx:${v}`);
      rollOut(sim, 1, 1, 0);
      sim.step();
    }
    const revisions = replicaSets(sim).map((rs) => rs.metadata.annotations!["deployment.kubernetes.io/revision"]);
    expect(revisions).toEqual(["3", "4", "5"]);
    expect(replicaSets(sim).map((rs) => rs.spec.template.spec.containers[0].image)).toEqual(["nginx:1.22", "nginx:1.23", "nginx:1.24"]);
  });

  it("scales proportionally during a stuck rollout", () => {
    // The example of the Deployment documentation: 10 replicas, maxSurge 3, maxUnavailable 2, then scaled to 15.
    const { cluster, sim } = simCluster();
    const strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
    sim.client.create("deployments", "default", deployment("web", "nginx:1.25", 10, { strategy }));
    cluster.settle();
    rollOut(sim, 10, 3, 2);
    setImage(sim, "nginx:sometag"); // an image that never starts: new pods stay unready
    sim.schedule();
    sim.reap();
    sim.schedule();
    const [old, bad] = replicaSets(sim);
    expect([old.spec.replicas, bad.spec.replicas]).toEqual([8, 5]);

    sim.client.patch("deployments", "default", "web", "merge", { spec: { replicas: 15 } });
    cluster.settle();
    const [old2, bad2] = replicaSets(sim);
    expect([old2.spec.replicas, bad2.spec.replicas]).toEqual([11, 7]);
    expect(old2.metadata.annotations!["deployment.kubernetes.io/desired-replicas"]).toBe("15");
    expect(old2.metadata.annotations!["deployment.kubernetes.io/max-replicas"]).toBe("18");
    expect(eventMessages(cluster, "default", "ScalingReplicaSet").slice(-2)).toEqual([
      `Scaled up replica set ${old.metadata.name} from 8 to 11`,
      `Scaled up replica set ${bad.metadata.name} from 5 to 7`,
    ]);
  });

  it("reports ProgressDeadlineExceeded when the rollout makes no progress", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("deployments", "default", deployment("web", "nginx:1.25", 2, { progressDeadlineSeconds: 60 }));
    cluster.settle();
    sim.schedule();
    cluster.advance(30_000);
    // The ReplicaSet reported its pods: that was progress, then nothing more.
    expect(condition(getDeploy(sim), "Progressing")).toMatchObject({ status: "True", reason: "ReplicaSetUpdated" });
    cluster.advance(32_000);
    const d = getDeploy(sim);
    const rs = replicaSets(sim)[0];
    expect(condition(d, "Progressing")).toMatchObject({
      status: "False",
      reason: "ProgressDeadlineExceeded",
      message: `ReplicaSet "${rs.metadata.name}" has timed out progressing.`,
    });
    // Progress afterwards is reported again.
    sim.readyAll();
    expect(condition(getDeploy(sim), "Progressing").reason).toBe("NewReplicaSetAvailable");
  });

  it("counts pods available only after minReadySeconds", () => {
    const { cluster, sim } = simCluster();
    sim.client.create("deployments", "default", deployment("web", "nginx:1.25", 2, { minReadySeconds: 10 }));
    cluster.settle();
    sim.schedule();
    sim.readyAll();
    expect(replicaSets(sim)[0].spec.minReadySeconds).toBe(10);
    let d = getDeploy(sim);
    expect(d.status.readyReplicas).toBe(2);
    expect(d.status.availableReplicas).toBeUndefined();
    cluster.advance(9_000);
    expect(getDeploy(sim).status.availableReplicas).toBeUndefined();
    cluster.advance(2_000);
    d = getDeploy(sim);
    expect(d.status.availableReplicas).toBe(2);
    expect(condition(d, "Available").status).toBe("True");
  });
});
