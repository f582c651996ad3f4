import { describe, expect, it } from "vitest";
import { newCluster } from "../../../helpers.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import { addSimNodes, MANUAL, runPod } from "../kubelet-sim.js";

function slicesOf(c: Cluster, service: string): KubeObject[] {
  return c
    .client()
    .list("endpointslices", "default", { labelSelector: `kubernetes.io/service-name=${service}` })
    .items;
}

function startPod(c: Cluster, name: string, labels: Record<string, string>, ip: string, ready = true, containerPorts = [{ name: "http", containerPort: 8080 }]): KubeObject {
  if (!c.client().find("nodes", undefined, "sim-1")) addSimNodes(c, [{ name: "sim-1" }]);
  const client = c.client();
  client.create("pods", "default", { apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec: { schedulerName: MANUAL, containers: [{ name: "web", image: "nginx:1.27", ports: containerPorts }] } });
  c.settle();
  client.bind("default", name, "sim-1");
  return runPod(c, "default", name, { ready, ip });
}

describe("endpointslice-controller", () => {
  it("keeps one empty placeholder slice for a Service without endpoints", () => {
    const c = newCluster();
    const client = c.client();
    client.create("services", "default", { apiVersion: "v1", kind: "Service", metadata: { name: "web", labels: { tier: "front" } }, spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: "http" }] } });
    c.settle();
    const [slice, ...rest] = slicesOf(c, "web");
    expect(rest).toHaveLength(0);
    const svc = client.get("services", "default", "web");
    expect(slice.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice.metadata.generateName).toBe("web-");
    expect(slice.metadata.labels).toEqual({ tier: "front", "kubernetes.io/service-name": "web", "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" });
    expect(slice.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Service", name: "web", uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(slice.addressType).toBe("IPv4");
    // Go writes the empty lists as null; absent reads the same.
    expect(slice.endpoints ?? null).toBeNull();
    expect(slice.ports ?? null).toBeNull();
  });

  it("fills the same slice with endpoints and their conditions as pods come", () => {
    const c = newCluster();
    const client = c.client();
    client.create("services", "default", { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: "http" }] } });
    c.settle();
    const placeholder = slicesOf(c, "web")[0].metadata.name;
    const a = startPod(c, "web-a", { app: "web" }, "10.244.1.20");
    startPod(c, "web-b", { app: "web" }, "10.244.1.21", false);
    const slices = slicesOf(c, "web");
    expect(slices.map((s) => s.metadata.name)).toEqual([placeholder]);
    expect(slices[0].ports).toEqual([{ name: "http", port: 8080, protocol: "TCP" }]);
    expect(slices[0].endpoints[0]).toEqual({
      addresses: ["10.244.1.20"],
      conditions: { ready: true, serving: true, terminating: false },
      nodeName: "sim-1",
      targetRef: { kind: "Pod", name: "web-a", namespace: "default", uid: a.metadata.uid },
    });
    expect(slices[0].endpoints[1].conditions).toEqual({ ready: false, serving: false, terminating: false });

    // A terminating pod stays listed, not ready but still serving.
    client.delete("pods", "default", "web-a", { gracePeriodSeconds: 30 });
    c.settle();
    const ep = slicesOf(c, "web")[0].endpoints.find((e: any) => e.targetRef.name === "web-a");
    expect(ep.conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  it("groups endpoints by the ports they resolve to", () => {
    const c = newCluster();
    const client = c.client();
    client.create("services", "default", { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: "http" }] } });
    c.settle();
    startPod(c, "web-a", { app: "web" }, "10.244.1.20");
    startPod(c, "web-b", { app: "web" }, "10.244.1.21", true, [{ name: "http", containerPort: 9090 }]);
    const slices = slicesOf(c, "web");
    expect(slices).toHaveLength(2);
    expect(slices.map((s) => `${s.ports[0].port}:${s.endpoints.map((e: any) => e.targetRef.name).join(",")}`).sort()).toEqual(["8080:web-a", "9090:web-b"]);
  });

  it("manages no slices for a Service without a selector", () => {
    const c = newCluster();
    const client = c.client();
    client.create("services", "default", { apiVersion: "v1", kind: "Service", metadata: { name: "external" }, spec: { ports: [{ port: 80, protocol: "TCP" }] } });
    c.settle();
    expect(slicesOf(c, "external")).toHaveLength(0);
    // The API server's `kubernetes` slice is not the controller's.
    expect(client.get("endpointslices", "default", "kubernetes").metadata.labels!["endpointslice.kubernetes.io/managed-by"]).toBeUndefined();
  });
});
