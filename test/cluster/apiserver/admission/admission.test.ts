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

/** A bare pod bound to a node no kubelet runs, so nothing but admission touches it. */
function pod(name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, ...metadata },
    spec: { nodeName: "ghost", containers: [{ name: "app", image: "nginx" }], ...spec },
  };
}

function ensureNamespace(c: Cluster, ns: string): void {
  const client = c.client();
  if (!client.find("namespaces", undefined, ns)) client.create("namespaces", undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  if (!client.find("serviceaccounts", ns, "default")) client.create("serviceaccounts", ns, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } });
}

function cluster(): Cluster {
  const c = newCluster();
  ensureNamespace(c, "default");
  return c;
}

describe("NamespaceLifecycle", () => {
  it("refuses objects in a missing namespace with NotFound", () => {
    const c = cluster();
    const e = errorOf(() => c.client().create("configmaps", "nope", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } }));
    expect(e.code).toBe(404);
    expect(e.message).toBe('namespaces "nope" not found');
  });

  it("refuses new content in a terminating namespace and the deletion of system namespaces", () => {
    const c = cluster();
    const client = c.client();
    client.create("namespaces", undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "old" } });
    client.delete("namespaces", undefined, "old");
    const e = errorOf(() => client.create("configmaps", "old", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" } }));
    expect(e.code).toBe(403);
    expect(e.message).toBe('configmaps "cfg" is forbidden: unable to create new content in namespace old because it is being terminated');
    expect(e.status.details?.causes).toEqual([{ reason: "NamespaceTerminating", message: "namespace old is being terminated", field: "metadata.namespace" }]);
    for (const ns of ["default", "kube-system", "kube-public"]) {
      expect(errorOf(() => client.delete("namespaces", undefined, ns)).message).toBe(`namespaces "${ns}" is forbidden: this namespace may not be deleted`);
    }
  });
});

describe("ServiceAccount", () => {
  it("runs pods as the default service account with the projected API token volume", () => {
    const c = cluster();
    const p = c.client().create("pods", "default", pod("web", { initContainers: [{ name: "init", image: "busybox" }] }));
    expect(p.spec.serviceAccountName).toBe("default");
    expect(p.spec.serviceAccount).toBe("default");
    const vol = p.spec.volumes.find((v: { name: string }) => v.name.startsWith("kube-api-access-"));
    expect(vol.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(vol.projected).toEqual({
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
      ],
    });
    for (const ctr of [...p.spec.containers, ...p.spec.initContainers]) {
      expect(ctr.volumeMounts).toContainEqual({ name: vol.name, readOnly: true, mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" });
    }
  });

  it("mounts nothing when automounting is off, and refuses a missing service account", () => {
    const c = cluster();
    const client = c.client();
    const off = client.create("pods", "default", pod("off", { automountServiceAccountToken: false }));
    expect(off.spec.volumes).toBeUndefined();
    expect(off.spec.containers[0].volumeMounts).toBeUndefined();
    const e = errorOf(() => client.create("pods", "default", pod("lost", { serviceAccountName: "robot" })));
    expect(e.message).toBe('pods "lost" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found');
    client.create("serviceaccounts", "default", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "robot" }, automountServiceAccountToken: false, imagePullSecrets: [{ name: "regcred" }] });
    const robot = client.create("pods", "default", pod("robot", { serviceAccountName: "robot" }));
    expect(robot.spec.volumes).toBeUndefined();
    expect(robot.spec.imagePullSecrets).toEqual([{ name: "regcred" }]);
  });
});

describe("DefaultTolerationSeconds and Priority", () => {
  it("adds the 300s not-ready/unreachable tolerations and priority 0", () => {
    const c = cluster();
    const p = c.client().create("pods", "default", pod("p", { tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 }] }));
    expect(p.spec.tolerations).toEqual([
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 },
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
    expect(p.spec.priority).toBe(0);
    expect(p.spec.preemptionPolicy).toBe("PreemptLowerPriority");
  });

  it("resolves priorityClassName, refuses unknown classes and applies the global default", () => {
    const c = cluster();
    const client = c.client();
    expect(client.create("pods", "default", pod("crit", { priorityClassName: "system-node-critical" })).spec.priority).toBe(2000001000);
    expect(errorOf(() => client.create("pods", "default", pod("x", { priorityClassName: "gold" }))).message).toBe(
      'pods "x" is forbidden: no PriorityClass with name gold was found',
    );
    client.create("priorityclasses", undefined, { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "gold" }, value: 1000, globalDefault: true, preemptionPolicy: "Never" });
    const p = client.create("pods", "default", pod("plain"));
    expect([p.spec.priorityClassName, p.spec.priority, p.spec.preemptionPolicy]).toEqual(["gold", 1000, "Never"]);
    expect(errorOf(() => client.create("priorityclasses", undefined, { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "silver" }, value: 10, globalDefault: true })).message).toBe(
      'priorityclasses.scheduling.k8s.io "silver" is forbidden: PriorityClass gold is already marked as default. Only one default can exist',
    );
  });
});

describe("LimitRanger", () => {
  function limitRange(c: Cluster, limits: object[]): void {
    c.client().create("limitranges", "default", { apiVersion: "v1", kind: "LimitRange", metadata: { name: "limits" }, spec: { limits } });
  }

  it("fills missing requests and limits from the Container defaults and says so", () => {
    const c = cluster();
    limitRange(c, [{ type: "Container", default: { cpu: "500m", memory: "256Mi" }, defaultRequest: { cpu: "0.1", memory: "128Mi" } }]);
    const p = c.client().create("pods", "default", pod("d", { containers: [{ name: "app", image: "nginx", resources: { limits: { memory: "1Gi" } } }] }));
    expect(p.spec.containers[0].resources).toEqual({ limits: { cpu: "500m", memory: "1Gi" }, requests: { cpu: "100m", memory: "1Gi" } });
    expect(p.metadata.annotations["kubernetes.io/limit-ranger"]).toBe("LimitRanger plugin set: cpu request for container app; cpu limit for container app");
  });

  it("refuses containers outside min and max with the plugin's messages", () => {
    const c = cluster();
    limitRange(c, [{ type: "Container", min: { cpu: "100m" }, max: { cpu: "1", memory: "1Gi" }, maxLimitRequestRatio: { memory: "2" } }]);
    const client = c.client();
    const low = errorOf(() => client.create("pods", "default", pod("low", { containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "50m", memory: "100Mi" }, limits: { cpu: "50m", memory: "100Mi" } } }] })));
    expect(low.code).toBe(403);
    expect(low.message).toBe('pods "low" is forbidden: minimum cpu usage per Container is 100m, but request is 50m');
    const many = errorOf(() => client.create("pods", "default", pod("big", { containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "200m", memory: "100Mi" }, limits: { cpu: "2", memory: "400Mi" } } }] })));
    expect(many.message).toBe(
      'pods "big" is forbidden: [maximum cpu usage per Container is 1, but limit is 2, memory max limit to request ratio per Container is 2, but provided ratio is 4.000000]',
    );
    // Defaults from max make an unconstrained container fit.
    const fits = client.create("pods", "default", pod("fits"));
    expect(fits.spec.containers[0].resources.limits).toEqual({ cpu: "1", memory: "1Gi" });
  });
});

describe("DefaultStorageClass", () => {
  it("gives a claim without a class the newest default class, and leaves an explicit empty class alone", () => {
    const c = cluster();
    const client = c.client();
    const sc = (name: string) =>
      client.create("storageclasses", undefined, {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
        provisioner: "kubernetes.io/no-provisioner",
      });
    sc("older");
    c.advance(1000);
    sc("newer");
    const claim = (name: string, spec: object = {}) =>
      client.create("persistentvolumeclaims", "default", {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
      });
    expect(claim("a").spec.storageClassName).toBe("newer");
    expect(claim("b", { storageClassName: "" }).spec.storageClassName).toBe("");
  });
});

describe("DefaultIngressClass", () => {
  it("gives an Ingress without a class the default IngressClass", () => {
    const c = cluster();
    const client = c.client();
    client.create("ingressclasses", undefined, {
      apiVersion: "networking.k8s.io/v1",
      kind: "IngressClass",
      metadata: { name: "nginx", annotations: { "ingressclass.kubernetes.io/is-default-class": "true" } },
      spec: { controller: "k8s.io/ingress-nginx" },
    });
    const ing = client.create("ingresses", "default", {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "web" },
      spec: { defaultBackend: { service: { name: "web", port: { number: 80 } } } },
    });
    expect(ing.spec.ingressClassName).toBe("nginx");
  });
});

describe("admission errors as users and controllers see them", () => {
  it("kubectl prints the server's NotFound and Forbidden messages", async () => {
    const r = await sh("kubectl create configmap cfg -n nowhere; kubectl delete namespace kube-public");
    expect(r.stderr).toContain('error: failed to create configmap: namespaces "nowhere" not found');
    expect(r.stderr).toContain('Error from server (Forbidden): namespaces "kube-public" is forbidden: this namespace may not be deleted');
  });

  it("a ReplicaSet whose pods name a missing service account reports FailedCreate with the generateName prefix", () => {
    const c = cluster();
    c.client().create("replicasets", "default", {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "web" },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { app: "web" } }, spec: { serviceAccountName: "nope", containers: [{ name: "c", image: "nginx" }] } },
      },
    });
    c.settle();
    const events = c.client().list("events", "default").items.filter((e) => e.involvedObject.name === "web" && e.reason === "FailedCreate");
    expect(events[0]?.message).toBe('Error creating: pods "web-" is forbidden: error looking up service account default/nope: serviceaccount "nope" not found');
  });
});
