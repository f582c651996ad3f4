/**
 * kubectl patch against the simulated API server, which applies the patch
 * (strategic merge for built-in kinds, JSON merge, JSON patch), on the
 * object or its scale/status subresource; `patched (no change)` when the
 * object comes back as it was; the server's and kubectl's errors.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const DEPLOY = "kubectl create deployment web --image=nginx:1.25 >/dev/null\n";

describe("kubectl patch", () => {
  it("strategic merge: a container by name is merged, a new one added", async () => {
    const c = newCluster();
    await sh(DEPLOY, { cluster: c });
    const r = await sh(
      `kubectl patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"},{"name":"side","image":"busybox"}]}}}}'`,
      { cluster: c },
    );
    expect(r.stdout).toBe("deployment.apps/web patched\n");
    const containers = c.client().get("deployments", "default", "web").spec.template.spec.containers;
    expect(containers.map((x: { name: string; image: string }) => `${x.name}=${x.image}`)).toEqual(["nginx=nginx:1.27", "side=busybox"]);
  });

  it("merge and JSON patches, YAML patches and patch files", async () => {
    const c = newCluster();
    await sh(DEPLOY, { cluster: c });
    const r = await sh(
      [
        `kubectl patch deploy web --type=merge -p '{"metadata":{"labels":{"tier":"fe"}}}'`,
        `kubectl patch deploy web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":3}]'`,
        `kubectl patch deploy web -p $'spec:\\n  minReadySeconds: 5'`,
        "printf 'spec:\\n  revisionHistoryLimit: 3\\n' > p.yaml",
        "kubectl patch deploy web --patch-file p.yaml",
        "kubectl get deploy web -o jsonpath='{.metadata.labels.tier} {.spec.replicas} {.spec.minReadySeconds} {.spec.revisionHistoryLimit}'",
      ].join("\n"),
      { cluster: c },
    );
    expect(r.stdout).toBe("deployment.apps/web patched\ndeployment.apps/web patched\ndeployment.apps/web patched\ndeployment.apps/web patched\nfe 3 5 3");
  });

  it("says `patched (no change)` when nothing changed", async () => {
    const r = await sh(DEPLOY + `kubectl patch deploy web -p '{"spec":{"replicas":1}}'`);
    expect(r.stdout).toBe("deployment.apps/web patched (no change)\n");
  });

  it("patches the scale and status subresources", async () => {
    const c = newCluster();
    await sh(DEPLOY, { cluster: c });
    const r = await sh(`kubectl patch deployment web --subresource=scale --type=merge -p '{"spec":{"replicas":2}}'\nkubectl patch deployment web --subresource=nope -p '{}'`, { cluster: c });
    expect(r.stdout).toBe("scale.autoscaling/web patched\n");
    expect(r.stderr).toBe("Error from server (NotFound): the server could not find the requested resource\n");
    expect(c.client().get("deployments", "default", "web").spec.replicas).toBe(2);
  });

  it("--dry-run=server returns the patched object without saving it", async () => {
    const c = newCluster();
    await sh(DEPLOY, { cluster: c });
    const r = await sh(`kubectl patch deploy web -p '{"spec":{"replicas":4}}' --dry-run=server -o jsonpath='{.spec.replicas}'`, { cluster: c });
    expect(r.stdout).toBe("4");
    expect(c.client().get("deployments", "default", "web").spec.replicas).toBe(1);
  });

  it("records the command as change-cause with --record", async () => {
    const r = await sh(DEPLOY + `kubectl patch deploy web -p '{"spec":{"replicas":2}}' --record 2>/dev/null\nkubectl get deploy web -o jsonpath='{.metadata.annotations.kubernetes\\.io/change-cause}'`);
    expect(r.stdout).toBe(`deployment.apps/web patched\nkubectl patch deploy web --patch={"spec":{"replicas":2}} --record=true`);
  });

  it("reports the server's errors for bad patches", async () => {
    const r = await sh(
      DEPLOY +
        [
          `kubectl patch deploy web -p '{"spec":'`,
          `kubectl patch deploy web --type=merge -p '{"spec":'`,
          `kubectl patch deploy web --type=json -p '[{"op":"replace","path":"/spec/nope/x","value":1}]'`,
          `kubectl patch deploy nope -p '{}'`,
        ].join("\n"),
    );
    expect(r.stderr).toBe(
      "Error from server (BadRequest): unexpected end of JSON input\n" +
        "Error from server (BadRequest): error decoding patch: unexpected end of JSON input\n" +
        "The request is invalid: the server rejected our request due to an error in our request\n" +
        'Error from server (NotFound): deployments.apps "nope" not found\n',
    );
  });

  it("refuses a strategic merge patch on a custom resource", async () => {
    const r = await sh(`cat <<'YAML' | kubectl apply -f - >/dev/null
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: crontabs.stable.example.com}
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
YAML
cat <<'YAML' | kubectl apply -f - >/dev/null
apiVersion: stable.example.com/v1
kind: CronTab
metadata: {name: c1}
spec: {cron: "* * * * */5"}
YAML
kubectl patch crontab c1 -p '{"spec":{"cron":"x"}}'
kubectl patch crontab c1 --type=merge -p '{"spec":{"cron":"x"}}'`);
    expect(r.stderr).toBe(
      "error: application/strategic-merge-patch+json is not supported by stable.example.com/v1, Kind=CronTab: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n",
    );
    expect(r.stdout).toBe("crontab.stable.example.com/c1 patched\n");
  });
});
