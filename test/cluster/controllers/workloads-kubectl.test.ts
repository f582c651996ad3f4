import { describe, expect, it } from "vitest";
import { sh } from "../../helpers.js";
import { simCluster } from "./pod-sim.js";

/** What a learner sees of the Deployment -> ReplicaSet -> Pod chain through kubectl. */
describe("workload controllers through kubectl", () => {
  it("create, scale and delete a Deployment", async () => {
    const { cluster, sim } = simCluster();
    await sh("kubectl create deployment web --image=nginx:1.25 --replicas=3", { cluster });
    sim.step();
    const rsName = sim.client.list("replicasets", "default").items.find((rs) => rs.metadata.labels?.app === "web")!.metadata.name!;
    expect(rsName).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{8,10}$/);

    let r = await sh("kubectl get deploy web; kubectl get rs", { cluster });
    expect(r.stdout).toBe(
      [
        "NAME   READY   UP-TO-DATE   AVAILABLE   AGE",
        "web    3/3     3            3           1s",
        `NAME${" ".repeat(rsName.length - 1)}DESIRED   CURRENT   READY   AGE`,
        `${rsName}   3         3         3       1s`,
        "",
      ].join("\n"),
    );

    r = await sh("kubectl scale deployment web --replicas=1 && kubectl get rs", { cluster });
    expect(r.stdout).toBe(
      ["deployment.apps/web scaled", `NAME${" ".repeat(rsName.length - 1)}DESIRED   CURRENT   READY   AGE`, `${rsName}   1         1         1       1s`, ""].join("\n"),
    );
    const deleted = sim.client.list("events", "default").items.filter((e) => e.reason === "SuccessfulDelete");
    expect(deleted).toHaveLength(2);
    expect(deleted.every((e) => e.involvedObject.name === rsName && e.source.component === "replicaset-controller")).toBe(true);

    sim.reap();
    r = await sh("kubectl delete deployment web && kubectl get deploy,rs", { cluster });
    expect(r.stdout).toBe('deployment.apps "web" deleted from default namespace\n');
    expect(r.stderr).toBe("No resources found in default namespace.\n");
  });
});
