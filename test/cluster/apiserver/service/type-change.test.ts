/**
 * A Service update that changes spec.type (the CKA's "make this NodePort
 * Service a ClusterIP one"): the registry drops the fields that no longer
 * apply and that the user left as they were (dropTypeDependentFields in
 * pkg/registry/core/service/storage/storage.go), so the update passes
 * validation; a node port the user adds to a ClusterIP Service is refused.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import { newApi } from "../api-fixture.js";

function service(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 80 }], ...spec } } as KubeObject;
}

describe("changing a Service's type", () => {
  it("NodePort to ClusterIP drops the node ports and externalTrafficPolicy, and keeps the cluster IP", () => {
    const t = newApi();
    const created = t.create("services", service({ type: "NodePort" }));
    expect(created.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(created.spec.externalTrafficPolicy).toBe("Cluster");
    const changed = structuredClone(created);
    changed.spec.type = "ClusterIP";
    const updated = t.update("services", changed);
    expect(updated.spec.ports).toEqual([{ port: 80, protocol: "TCP", targetPort: 80 }]);
    expect(updated.spec.externalTrafficPolicy).toBeUndefined();
    expect(updated.spec.clusterIP).toBe(created.spec.clusterIP);
  });

  it("LoadBalancer to ClusterIP also drops allocateLoadBalancerNodePorts", () => {
    const t = newApi();
    const created = t.create("services", service({ type: "LoadBalancer" }));
    expect(created.spec.allocateLoadBalancerNodePorts).toBe(true);
    const changed = structuredClone(created);
    changed.spec.type = "ClusterIP";
    const updated = t.update("services", changed);
    expect(updated.spec.allocateLoadBalancerNodePorts).toBeUndefined();
    expect(updated.spec.ports[0].nodePort).toBeUndefined();
  });

  it("a node port the user adds while leaving NodePort, or gives a ClusterIP Service, is refused", () => {
    const t = newApi();
    const created = t.create("services", service({ type: "NodePort" }));
    const changed = structuredClone(created);
    changed.spec.type = "ClusterIP";
    changed.spec.ports[0].nodePort = created.spec.ports[0].nodePort === 30080 ? 30081 : 30080;
    // The untouched externalTrafficPolicy is still dropped; the new node port is the user's, so it stays and fails.
    expect(t.error(() => t.update("services", changed)).message).toBe("Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
    const other = service({ ports: [{ port: 80, nodePort: 30090 }] });
    other.metadata.name = "other";
    expect(t.error(() => t.create("services", other)).message).toBe("Service \"other\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
  });
});
