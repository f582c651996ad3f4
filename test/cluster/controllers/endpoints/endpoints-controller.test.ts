import { describe, expect, it } from "vitest";
import { newCluster } from "../../../helpers.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import { addSimNodes, MANUAL, runPod } from "../kubelet-sim.js";

function pod(name: string, labels: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels },
    spec: { schedulerName: MANUAL, containers: [{ name: "web", image: "nginx:1.27", ports: [{ name: "http", containerPort: 8080 }] }], ...extra },
  };
}

function service(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: "default", labels: { app: name } }, spec };
}

/** Creates pods, binds them to a node no kubelet runs and reports them running (ready unless listed). */
function startPods(c: Cluster, pods: KubeObject[], notReady: string[] = []): void {
  if (!c.client().find("nodes", undefined, "sim-1")) addSimNodes(c, [{ name: "sim-1" }]);
  const client = c.client();
  for (const p of pods) client.create("pods", "default", p);
  c.settle();
  for (const p of pods) {
    client.bind("default", p.metadata.name!, "sim-1");
    runPod(c, "default", p.metadata.name!, { ready: !notReady.includes(p.metadata.name!), ip: `10.244.1.${10 + pods.indexOf(p)}` });
  }
}

describe("endpoints-controller", () => {
  it("lists ready pods as addresses and others as notReadyAddresses, resolving named target ports", () => {
    const c = newCluster();
    const client = c.client();
    client.create("services", "default", service("web", { selector: { app: "web" }, ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: "http" }] }));
    startPods(c, [pod("web-a", { app: "web" }), pod("web-b", { app: "web" }), pod("other", { app: "db" })], ["web-b"]);
    const ep = client.get("endpoints", "default", "web");
    const a = client.get("pods", "default", "web-a");
    const b = client.get("pods", "default", "web-b");
    expect(ep.metadata.labels).toEqual({ app: "web" });
    expect(ep.metadata.annotations?.["endpoints.kubernetes.io/last-change-trigger-time"]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(ep.subsets).toEqual([
      {
        addresses: [{ ip: "10.244.1.10", nodeName: "sim-1", targetRef: { kind: "Pod", name: "web-a", namespace: "default", uid: a.metadata.uid } }],
        notReadyAddresses: [{ ip: "10.244.1.11", nodeName: "sim-1", targetRef: { kind: "Pod", name: "web-b", namespace: "default", uid: b.metadata.uid } }],
        ports: [{ name: "http", port: 8080, protocol: "TCP" }],
      },
    ]);
  });

  it("creates empty Endpoints for a Service with no matching pods, and fills them as pods come", () => {
    const c = newCluster();
    const client = c.client();
    client.create("services", "default", service("web", { selector: { app: "web" }, ports: [{ port: 80, protocol: "TCP", targetPort: 8080 }] }));
    c.settle();
    expect(client.get("endpoints", "default", "web").subsets).toBeUndefined();
    startPods(c, [pod("web-a", { app: "web" })]);
    expect(client.get("endpoints", "default", "web").subsets).toEqual([
      { addresses: [expect.objectContaining({ ip: "10.244.1.10" })], ports: [{ port: 8080, protocol: "TCP" }] },
    ]);
    // A pod being deleted leaves the endpoints at once.
    client.delete("pods", "default", "web-a", { gracePeriodSeconds: 30 });
    c.settle();
    expect(client.get("endpoints", "default", "web").subsets).toBeUndefined();
  });

  it("publishes not-ready pods as ready with publishNotReadyAddresses, with hostnames for a headless service", () => {
    const c = newCluster();
    const client = c.client();
    client.create("services", "default", service("db", { clusterIP: "None", publishNotReadyAddresses: true, selector: { app: "db" }, ports: [{ port: 5432, protocol: "TCP", targetPort: 5432 }] }));
    startPods(c, [pod("db-0", { app: "db" }, { hostname: "db-0", subdomain: "db" })], ["db-0"]);
    const ep = client.get("endpoints", "default", "db");
    expect(ep.metadata.labels).toEqual({ app: "db", "service.kubernetes.io/headless": "" });
    expect(ep.subsets[0].notReadyAddresses).toBeUndefined();
    expect(ep.subsets[0].addresses[0]).toMatchObject({ hostname: "db-0", ip: "10.244.1.10", nodeName: "sim-1" });
  });

  it("leaves a Service without a selector alone, and removes Endpoints with their Service", () => {
    const c = newCluster();
    const client = c.client();
    client.create("services", "default", service("external", { ports: [{ port: 80, protocol: "TCP" }] }));
    client.create("endpoints", "default", { apiVersion: "v1", kind: "Endpoints", metadata: { name: "external" }, subsets: [{ addresses: [{ ip: "192.0.2.10" }], ports: [{ port: 80, protocol: "TCP" }] }] });
    client.create("services", "default", service("web", { selector: { app: "web" }, ports: [{ port: 80, protocol: "TCP", targetPort: 8080 }] }));
    c.settle();
    expect(client.get("endpoints", "default", "external").subsets[0].addresses).toEqual([{ ip: "192.0.2.10" }]);
    // The API server's own `kubernetes` Endpoints are not touched either.
    expect(client.get("endpoints", "default", "kubernetes").subsets[0].ports).toEqual([{ name: "https", port: 6443, protocol: "TCP" }]);
    client.delete("services", "default", "web");
    c.settle();
    expect(client.find("endpoints", "default", "web")).toBeUndefined();
  });
});
