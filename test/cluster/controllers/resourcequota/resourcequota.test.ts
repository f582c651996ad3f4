import { describe, expect, it } from "vitest";
import { ApiError } from "../../../../src/cluster/api/errors.js";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../../helpers.js";

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

function setup(): Cluster {
  const c = newCluster();
  const client = c.client();
  client.create("namespaces", undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } });
  if (!client.find("serviceaccounts", "team", "default")) client.create("serviceaccounts", "team", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } });
  c.settle();
  return c;
}

function quota(c: Cluster, name: string, hard: Record<string, string>, extra: object = {}): void {
  c.client().create("resourcequotas", "team", { apiVersion: "v1", kind: "ResourceQuota", metadata: { name }, spec: { hard, ...extra } });
  c.settle();
}

function pod(name: string, resources?: object, spec: object = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { nodeName: "ghost", containers: [{ name: "app", image: "nginx", ...(resources ? { resources } : {}) }], ...spec },
  };
}

describe("resourcequota-controller", () => {
  it("mirrors spec.hard into status and counts what the namespace uses", () => {
    const c = setup();
    const client = c.client();
    client.create("pods", "team", pod("a", { requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } }));
    client.create("configmaps", "team", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" } });
    quota(c, "compute", { pods: "10", "requests.cpu": "1", "requests.memory": "1Gi", "limits.memory": "2Gi", configmaps: "5", "count/deployments.apps": "2" });
    const q = client.get("resourcequotas", "team", "compute");
    expect(q.status.hard).toEqual({ "count/deployments.apps": "2", configmaps: "5", "limits.memory": "2Gi", pods: "10", "requests.cpu": "1", "requests.memory": "1Gi" });
    // kube-root-ca.crt is a configmap too, once the publisher has run.
    const configmaps = client.list("configmaps", "team").items.length;
    expect(q.status.used).toEqual({ "count/deployments.apps": "0", configmaps: String(configmaps), "limits.memory": "128Mi", pods: "1", "requests.cpu": "250m", "requests.memory": "64Mi" });

    client.create("pods", "team", pod("b", { requests: { cpu: "500m", memory: "64Mi" }, limits: { memory: "64Mi" } }));
    c.settle();
    expect(client.get("resourcequotas", "team", "compute").status.used).toMatchObject({ pods: "2", "requests.cpu": "750m", "requests.memory": "128Mi", "limits.memory": "192Mi" });
    client.delete("pods", "team", "a", { gracePeriodSeconds: 0 });
    c.settle();
    expect(client.get("resourcequotas", "team", "compute").status.used).toMatchObject({ pods: "1", "requests.cpu": "500m" });
  });
});

describe("ResourceQuota admission", () => {
  it("refuses the pod that would exceed the quota with the exceeded quota message", () => {
    const c = setup();
    const client = c.client();
    quota(c, "pod-count", { pods: "2" });
    client.create("pods", "team", pod("one"));
    client.create("pods", "team", pod("two"));
    const e = errorOf(() => client.create("pods", "team", pod("three")));
    expect(e.code).toBe(403);
    expect(e.reason).toBe("Forbidden");
    expect(e.message).toBe('pods "three" is forbidden: exceeded quota: pod-count, requested: pods=1, used: pods=2, limited: pods=2');
  });

  it("asks for the resources a quota constrains, per container", () => {
    const c = setup();
    quota(c, "compute", { "requests.cpu": "2", "limits.cpu": "2", "limits.memory": "1Gi" });
    const e = errorOf(() =>
      c.client().create(
        "pods",
        "team",
        pod("bare", { requests: { cpu: "100m" } }, { initContainers: [{ name: "init", image: "busybox", resources: { requests: { cpu: "1" }, limits: { cpu: "1", memory: "1Gi" } } }] }),
      ),
    );
    expect(e.message).toBe('pods "bare" is forbidden: failed quota: compute: must specify limits.cpu for: app; limits.memory for: app');
    const big = errorOf(() => c.client().create("pods", "team", pod("big", { requests: { cpu: "3" }, limits: { cpu: "3", memory: "512Mi" } })));
    expect(big.message).toBe('pods "big" is forbidden: exceeded quota: compute, requested: limits.cpu=3,requests.cpu=3, used: limits.cpu=0,requests.cpu=0, limited: limits.cpu=2,requests.cpu=2');
  });

  it("counts objects by count/<resource>.<group> and only pods in the quota's scopes", () => {
    const c = setup();
    const client = c.client();
    quota(c, "deploys", { "count/deployments.apps": "1" });
    quota(c, "besteffort", { pods: "1" }, { scopes: ["BestEffort"] });
    const deploy = (name: string): KubeObject => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name },
      spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx" }] } } },
    });
    client.create("deployments", "team", deploy("d1"));
    expect(errorOf(() => client.create("deployments", "team", deploy("d2"))).message).toBe(
      'deployments.apps "d2" is forbidden: exceeded quota: deploys, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1',
    );
    client.create("pods", "team", pod("be1"));
    expect(errorOf(() => client.create("pods", "team", pod("be2"))).message).toContain("exceeded quota: besteffort");
    // A pod with requests is not BestEffort: the scoped quota does not apply.
    client.create("pods", "team", pod("burst", { requests: { cpu: "10m" } }));
  });

  it("shows used/hard in kubectl get quota", async () => {
    const c = setup();
    quota(c, "q", { pods: "4", "requests.cpu": "2", "limits.cpu": "4" });
    c.client().create("pods", "team", pod("p", { requests: { cpu: "500m" }, limits: { cpu: "1" } }));
    const r = await sh("kubectl get quota -n team", { cluster: c });
    expect(r.stdout).toContain("pods: 1/4, requests.cpu: 500m/2");
    expect(r.stdout).toContain("limits.cpu: 1/4");
  });
});
