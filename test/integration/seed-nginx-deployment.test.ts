/**
 * The seed notes (shared/seeds/001) apply a 3-replica nginx Deployment and
 * watch the event chain. The simulated cluster must produce the same chain
 * in the same order, and three Running pods named <deploy>-<hash>-<suffix>.
 */
import { describe, expect, it } from "vitest";
import { sh } from "../helpers.js";

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx-pod
  template:
    metadata:
      labels:
        app: nginx-pod
    spec:
      containers:
        - name: nginx
          image: nginx:1.15
          ports:
            - containerPort: 80
`;

describe("the seed notes' nginx Deployment", () => {
  it("produces the event chain Deployment -> ReplicaSet -> Pods -> scheduler -> kubelet", async () => {
    const r = await sh(`cat > nginx-deployment.yaml <<'EOF'
${MANIFEST}EOF
kubectl apply -f nginx-deployment.yaml
sleep 30
kubectl get pods --no-headers`);
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n")[0]).toBe("deployment.apps/nginx-deployment created");
    const pods = r.stdout.trim().split("\n").slice(1);
    expect(pods).toHaveLength(3);
    for (const line of pods) {
      expect(line).toMatch(/^nginx-deployment-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}\s+1\/1\s+Running\s+0\s+\d+s$/);
    }

    // The chain, in the order the components acted (creation order of the events).
    const client = r.cluster.client();
    const events = client
      .list("events", "default")
      .items.filter((e) => e.involvedObject.name.startsWith("nginx-deployment"))
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
    const reasons = events.map((e) => e.reason);
    const rsName = client.list("replicasets", "default").items[0].metadata.name!;
    const podNames = client.list("pods", "default").items.map((p) => p.metadata.name!);

    expect(reasons[0]).toBe("ScalingReplicaSet");
    expect(events[0].message).toBe(`Scaled up replica set ${rsName} from 0 to 3`);
    expect(reasons.slice(1, 4)).toEqual(["SuccessfulCreate", "SuccessfulCreate", "SuccessfulCreate"]);
    expect(events.slice(1, 4).map((e) => e.message).sort()).toEqual(podNames.map((p) => `Created pod: ${p}`).sort());
    expect(reasons.slice(4, 7)).toEqual(["Scheduled", "Scheduled", "Scheduled"]);
    for (const pod of podNames) {
      const own = events.filter((e) => e.involvedObject.name === pod).map((e) => e.reason);
      expect(own).toEqual(["Scheduled", "Pulling", "Pulled", "Created", "Started"]);
    }
    const scheduled = events.filter((e) => e.reason === "Scheduled");
    for (const e of scheduled) expect(e.message).toMatch(/^Successfully assigned default\/nginx-deployment-\S+ to node0[12]$/);
  });
});
