/**
 * The cluster the workload-command golden tests run against, built by
 * kubectl itself: a Deployment `web` with three revisions (the image
 * changed, a change-cause annotated, an env var added), labelled pods,
 * a RoleBinding, a ConfigMap, a Secret and a Service. The expected outputs
 * were recorded by serving exactly this cluster (same fixture and seed) to
 * the real kubectl v1.32 through test/shell/kubectl/printers/real-kubectl.ts,
 * with `creationTimestamp: null` dropped as v1.34 does (PR #130989).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { sh } from "../../../helpers.js";

export const WORKLOAD_SETUP = `kubectl create deployment web --image=nginx:1.25 --replicas=3 --port=80
kubectl run pod1 --image=nginx --labels=app=p,tier=fe --port=8080
kubectl run bare --image=nginx
sleep 20
kubectl set image deploy/web nginx=nginx:1.27
sleep 30
kubectl annotate deploy web kubernetes.io/change-cause="image 1.27"
kubectl set env deploy/web A=1
sleep 30
kubectl create rolebinding rb --role=admin --user=admin
kubectl create configmap cfg --from-literal=db.host=x --from-literal=MODE=prod
kubectl create secret generic sec --from-literal=PASSWORD=s3cr3t
kubectl create service clusterip svc1 --tcp=80:8080
`;

export async function workloadCluster(): Promise<Cluster> {
  const r = await sh(WORKLOAD_SETUP);
  if (r.exitCode !== 0) throw new Error(`setup failed: ${r.stderr}`);
  return r.cluster;
}

/** [command, stdout, stderr, exit code] as the real kubectl printed them. */
export type GoldenCase = [string, string, string, number];

/**
 * Identity fields masked: uids, resourceVersions and allocated ClusterIPs
 * depend on every write and random draw the simulation makes while the
 * cluster is built, not on the command under test.
 */
export function stable(text: string): string {
  return text
    .replace(/^(\s*)uid: \S+$/gm, "$1uid: <uid>")
    .replace(/^(\s*)resourceVersion: "\d+"$/gm, '$1resourceVersion: "<rv>"')
    .replace(/\b10\.\d+\.\d+\.\d+\b/g, "<ip>");
}

/** One golden suite: each case run on the workload cluster must print what the real kubectl printed. */
export function goldenServerSuite(title: string, cases: GoldenCase[]): void {
  describe(title, () => {
    let cluster: Cluster;
    // Building the cluster runs ~80s of virtual time: more than the default hook timeout under load.
    beforeAll(async () => {
      cluster = await workloadCluster();
    }, 120_000);

    it.each(cases)("%s", async (command, stdout, stderr, exitCode) => {
      const r = await sh(command, { cluster });
      expect({ stdout: stable(r.stdout), stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stdout: stable(stdout), stderr, exitCode });
    });
  });
}
