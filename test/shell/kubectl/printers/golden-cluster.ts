/**
 * The cluster the kubectl golden tests print: the default fixture plus a
 * `golden` namespace of objects created straight through the API, chosen so
 * that no controller, scheduler or kubelet changes them afterwards (pods use
 * a scheduler that does not exist, services have no selector-driven state
 * we print, statuses are written once through the status subresource).
 * The recorder serves exactly this cluster to the real kubectl.
 */
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { newCluster } from "../../../helpers.js";

export const GOLDEN_NS = "golden";

type Obj = Record<string, any>;

function ago(cluster: Cluster, seconds: number): string {
  return cluster.clock.rfc3339(cluster.clock.now() - seconds * 1000);
}

function pod(name: string, labels: Record<string, string>, spec: Obj = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: GOLDEN_NS, labels },
    spec: { schedulerName: "none", containers: [{ name: "app", image: "nginx:1.27" }], ...spec },
  };
}

export function goldenCluster(): Cluster {
  const cluster = newCluster();
  const c = cluster.client();
  const create = (resource: string, obj: Obj) => c.create(resource, obj.metadata.namespace, obj as KubeObject);
  const setStatus = (resource: string, name: string, status: Obj) => {
    const cur = c.get(resource, GOLDEN_NS, name);
    c.updateStatus(resource, GOLDEN_NS, { ...cur, status: { ...cur.status, ...status } });
  };

  create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: GOLDEN_NS, labels: { team: "gold" } } });
  cluster.advance(60_000);

  create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app-config", namespace: GOLDEN_NS, labels: { app: "web", tier: "fe" } }, data: { "app.properties": "color=blue\nsize=10\n", mode: "prod" } });
  create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "empty", namespace: GOLDEN_NS } });
  create("configmaps", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "quoting", namespace: GOLDEN_NS, labels: { "app.kubernetes.io/name": "quoting" }, annotations: { note: "a <b> & c" } },
    data: { number: "123", bool: "true", yes: "y", empty: "", colon: "a: b", when: "2024-01-15T10:00:00Z", cmd: "sh -c 'echo hi && sleep 1'" },
  });
  create("secrets", { apiVersion: "v1", kind: "Secret", metadata: { name: "db-pass", namespace: GOLDEN_NS }, type: "Opaque", data: { username: "YWRtaW4=", password: "czNjcjN0" } });
  create("secrets", { apiVersion: "v1", kind: "Secret", metadata: { name: "tls-cert", namespace: GOLDEN_NS }, type: "kubernetes.io/tls", data: { "tls.crt": "Y2VydA==", "tls.key": "a2V5" } });
  // Fourteen objects created in the same second: --sort-by on their timestamps shows Go's unstable sort.
  for (let i = 1; i <= 14; i++) {
    create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `batch-${String(i).padStart(2, "0")}`, namespace: GOLDEN_NS, labels: { group: "many", parity: i % 2 ? "odd" : "even" } }, data: { n: String(i) } });
  }
  create("serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "builder", namespace: GOLDEN_NS } });
  cluster.advance(90_000);

  create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: GOLDEN_NS, labels: { app: "web" } }, spec: { type: "ClusterIP", clusterIP: "10.96.100.10", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }] } });
  create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "web-np", namespace: GOLDEN_NS }, spec: { type: "NodePort", clusterIP: "10.96.100.11", selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080, nodePort: 30080, protocol: "TCP" }, { name: "dns", port: 53, protocol: "UDP", nodePort: 30053 }] } });
  create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "web-lb", namespace: GOLDEN_NS }, spec: { type: "LoadBalancer", clusterIP: "10.96.100.12", selector: { app: "web" }, ports: [{ port: 443, targetPort: 8443, nodePort: 31443, protocol: "TCP" }] } });
  create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "headless", namespace: GOLDEN_NS }, spec: { type: "ClusterIP", clusterIP: "None", selector: { app: "db" }, ports: [{ port: 5432, protocol: "TCP" }] } });
  create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "upstream", namespace: GOLDEN_NS }, spec: { type: "ExternalName", externalName: "example.com" } });
  cluster.advance(30 * 60_000);

  create("pods", pod("web-pending", { app: "web", tier: "fe" }));
  create("pods", pod("web-running", { app: "web", tier: "fe" }, { containers: [{ name: "app", image: "nginx:1.27" }, { name: "sidecar", image: "busybox:1.36" }] }));
  create("pods", pod("web-crash", { app: "web" }));
  create("pods", pod("db-init", { app: "db" }, { initContainers: [{ name: "migrate", image: "busybox" }, { name: "seed", image: "busybox" }] }));
  create("pods", pod("job-done", { app: "batch" }, { restartPolicy: "Never" }));
  create("pods", pod("evicted", { app: "web" }));
  create("pods", pod("bad-image", { app: "web" }, { containers: [{ name: "app", image: "nginx:nope" }] }));
  cluster.advance(2 * 3600_000 + 5 * 60_000);

  const running = { running: { startedAt: ago(cluster, 3600) } };
  setStatus("pods", "web-running", {
    phase: "Running",
    podIP: "10.244.1.5",
    podIPs: [{ ip: "10.244.1.5" }],
    conditions: [{ type: "Ready", status: "True" }, { type: "Initialized", status: "True" }],
    containerStatuses: [
      { name: "app", ready: true, started: true, restartCount: 0, image: "nginx:1.27", imageID: "", state: running },
      { name: "sidecar", ready: true, started: true, restartCount: 1, image: "busybox:1.36", imageID: "", state: running, lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: ago(cluster, 3605) } } },
    ],
  });
  setStatus("pods", "web-crash", {
    phase: "Running",
    podIP: "10.244.2.7",
    podIPs: [{ ip: "10.244.2.7" }],
    containerStatuses: [
      { name: "app", ready: false, started: false, restartCount: 5, image: "nginx:1.27", imageID: "", state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 2m40s" } }, lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: ago(cluster, 75) } } },
    ],
  });
  setStatus("pods", "db-init", {
    phase: "Pending",
    initContainerStatuses: [
      { name: "migrate", ready: false, restartCount: 0, image: "busybox", imageID: "", state: { running: { startedAt: ago(cluster, 10) } } },
      { name: "seed", ready: false, restartCount: 0, image: "busybox", imageID: "", state: { waiting: { reason: "PodInitializing" } } },
    ],
    containerStatuses: [{ name: "app", ready: false, restartCount: 0, image: "nginx:1.27", imageID: "", state: { waiting: { reason: "PodInitializing" } } }],
  });
  setStatus("pods", "job-done", {
    phase: "Succeeded",
    containerStatuses: [{ name: "app", ready: false, restartCount: 0, image: "nginx:1.27", imageID: "", state: { terminated: { exitCode: 0, reason: "Completed", finishedAt: ago(cluster, 300) } } }],
  });
  setStatus("pods", "evicted", { phase: "Failed", reason: "Evicted", message: "The node was low on resource: memory." });
  setStatus("pods", "bad-image", {
    phase: "Pending",
    containerStatuses: [{ name: "app", ready: false, restartCount: 0, image: "nginx:nope", imageID: "", state: { waiting: { reason: "ImagePullBackOff", message: 'Back-off pulling image "nginx:nope"' } } }],
  });

  create("endpoints", {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: "manual", namespace: GOLDEN_NS },
    subsets: [{ addresses: ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"].map((ip) => ({ ip })), ports: [{ port: 8080, protocol: "TCP" }] }],
  });
  create("roles", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "pod-reader", namespace: GOLDEN_NS }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }] });
  create("rolebindings", {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "read-pods", namespace: GOLDEN_NS },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" },
    subjects: [
      { kind: "User", name: "jane", apiGroup: "rbac.authorization.k8s.io" },
      { kind: "ServiceAccount", name: "builder", namespace: GOLDEN_NS },
      { kind: "Group", name: "devs", apiGroup: "rbac.authorization.k8s.io" },
    ],
  });
  create("events", {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "web-crash.1", namespace: GOLDEN_NS },
    involvedObject: { kind: "Pod", namespace: GOLDEN_NS, name: "web-crash", apiVersion: "v1", fieldPath: "spec.containers{app}" },
    reason: "BackOff",
    message: "Back-off restarting failed container app in pod web-crash_golden(1234)",
    type: "Warning",
    source: { component: "kubelet", host: "node01" },
    firstTimestamp: ago(cluster, 600),
    lastTimestamp: ago(cluster, 20),
    count: 12,
    reportingComponent: "kubelet",
    reportingInstance: "node01",
  });
  create("events", {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "web-running.1", namespace: GOLDEN_NS },
    involvedObject: { kind: "Pod", namespace: GOLDEN_NS, name: "web-running", apiVersion: "v1" },
    reason: "Scheduled",
    message: "Successfully assigned golden/web-running to node01",
    type: "Normal",
    source: {},
    eventTime: cluster.clock.rfc3339Micro(cluster.clock.now() - 3700_000),
    action: "Binding",
    reportingComponent: "default-scheduler",
    reportingInstance: "default-scheduler-controlplane",
  });
  cluster.advance(45_000);
  createHistory(cluster);
  return cluster;
}

export const HISTORY_NS = "history";

/**
 * Events from a decade ago in their own namespace. `kubectl events` computes
 * ages on the client with the wall clock; this far back the real kubectl and
 * the simulated clock agree (`10y`), so its output can be recorded too.
 */
function createHistory(cluster: Cluster): void {
  const c = cluster.client();
  const year = 365 * 86400;
  const at = (seconds: number) => ago(cluster, seconds);
  const micro = (seconds: number) => cluster.clock.rfc3339Micro(cluster.clock.now() - seconds * 1000);
  c.create("namespaces", undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: HISTORY_NS } });
  const pod = { kind: "Pod", namespace: HISTORY_NS, name: "web", apiVersion: "v1", uid: "0a1b2c3d-0000-4000-8000-000000000001" };
  const events: Obj[] = [
    { metadata: { name: "web.4" }, involvedObject: pod, reason: "Scheduled", message: "Successfully assigned history/web to node01", type: "Normal", source: {}, eventTime: micro(12 * year + 100), action: "Binding", reportingComponent: "default-scheduler", reportingInstance: "default-scheduler-controlplane" },
    { metadata: { name: "web.1" }, involvedObject: { ...pod, fieldPath: "spec.containers{app}" }, reason: "Pulled", message: 'Container image "nginx:1.27" already present on machine', type: "Normal", source: { component: "kubelet", host: "node01" }, firstTimestamp: at(11 * year), lastTimestamp: at(10 * year + 50), count: 3, reportingComponent: "kubelet", reportingInstance: "node01" },
    { metadata: { name: "web.2" }, involvedObject: { ...pod, fieldPath: "spec.containers{app}" }, reason: "BackOff", message: "  Back-off restarting failed container app in pod web_history(0a1b)  ", type: "Warning", source: { component: "kubelet", host: "node01" }, firstTimestamp: at(10 * year + 40), lastTimestamp: at(10 * year + 40), count: 1, reportingComponent: "kubelet", reportingInstance: "node01" },
    { metadata: { name: "web.3" }, involvedObject: { kind: "Deployment", namespace: HISTORY_NS, name: "web", apiVersion: "apps/v1" }, reason: "ScalingReplicaSet", message: "Scaled up replica set web-5d4f to 3", type: "Normal", source: { component: "deployment-controller" }, firstTimestamp: at(13 * year), lastTimestamp: at(13 * year), count: 1, reportingComponent: "deployment-controller", reportingInstance: "" },
    { metadata: { name: "node01.1" }, involvedObject: { kind: "Node", name: "node01", apiVersion: "v1" }, reason: "Rebooted", message: "Node node01 has been rebooted", type: "Warning", source: {}, eventTime: micro(11 * year), series: { count: 2, lastObservedTime: micro(10 * year + 10) }, reportingComponent: "kubelet", reportingInstance: "node01" },
  ];
  for (const e of events) c.create("events", HISTORY_NS, { apiVersion: "v1", kind: "Event", ...e, metadata: { ...e.metadata, namespace: HISTORY_NS } } as KubeObject);
  cluster.settle();
}
