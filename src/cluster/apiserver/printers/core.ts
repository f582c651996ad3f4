/**
 * Printers of the core group (pods, nodes, services, events, volumes, ...),
 * after kube-apiserver's pkg/printers/internalversion/printers.go.
 */
import type { KubeObject } from "../../api/types.js";
import { formatLabels } from "../../api/labels.js";
import { humanDuration } from "../../api/duration.js";
import type { PrintContext, TableConvertor } from "../table.js";
import {
  AGE,
  CONTAINERS,
  IMAGES,
  NAME,
  SELECTOR,
  ageOf,
  column,
  containerCells,
  creationAge,
  int,
  quantity,
  simpleTable,
} from "./common.js";

// ---------------------------------------------------------------- pods

type ContainerStatus = {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
};
type ContainerState = {
  waiting?: { reason?: string };
  running?: unknown;
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
};

const NODE_LOST = "NodeLost";

/** The latest of a last-termination time and the one so far (ms; 0 is Go's zero time). */
function laterTermination(current: number, c: ContainerStatus): number {
  const at = c.lastState?.terminated?.finishedAt ? Date.parse(c.lastState.terminated.finishedAt) : 0;
  return at > current ? at : current;
}

function terminatedText(t: NonNullable<ContainerState["terminated"]>, prefix: string): string {
  if (t.reason) return prefix + t.reason;
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode ?? 0}`;
}

function hasCondition(pod: KubeObject, type: string): boolean {
  const c = (pod.status?.conditions ?? []).find((x: { type: string }) => x.type === type);
  return c?.status === "True";
}

/** READY, STATUS and RESTARTS of a pod, as printPod derives them. */
export function podSummary(pod: KubeObject, ctx: PrintContext): { ready: string; status: string; restarts: string } {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initSpecs: Array<{ name: string; restartPolicy?: string }> = spec.initContainers ?? [];
  const sidecar = (name: string) => initSpecs.find((c) => c.name === name)?.restartPolicy === "Always";
  const total = (spec.containers ?? []).length + initSpecs.filter((c) => c.restartPolicy === "Always").length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = 0;
  let lastSidecarRestart = 0;
  const phase: string = status.phase ?? "";
  let reason = status.reason ? String(status.reason) : phase;
  for (const c of status.conditions ?? []) {
    if (c.type === "PodScheduled" && c.reason === "SchedulingGated") reason = "SchedulingGated";
  }

  let initializing = false;
  const initStatuses: ContainerStatus[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    lastRestart = laterTermination(lastRestart, c);
    if (sidecar(c.name)) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecarRestart = laterTermination(lastSidecarRestart, c);
    }
    const t = c.state?.terminated;
    const w = c.state?.waiting;
    if (t && (t.exitCode ?? 0) === 0) continue;
    if (sidecar(c.name) && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (t) reason = terminatedText(t, "Init:");
    else if (w?.reason && w.reason !== "PodInitializing") reason = `Init:${w.reason}`;
    else reason = `Init:${i}/${initSpecs.length}`;
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(pod, "Initialized")) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: ContainerStatus[] = status.containerStatuses ?? [];
    // Last to first, so the first container with a reason has the final say.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += c.restartCount ?? 0;
      lastRestart = laterTermination(lastRestart, c);
      const t = c.state?.terminated;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (t) reason = terminatedText(t, "");
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === "Completed" && hasRunning) reason = hasCondition(pod, "Ready") ? "Running" : "NotReady";
  }

  if (pod.metadata.deletionTimestamp && status.reason === NODE_LOST) reason = "Unknown";
  else if (pod.metadata.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed") reason = "Terminating";

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== 0) restartsText = `${restarts} (${humanDuration(ctx.now - lastRestart)} ago)`;
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsText };
}

function readinessGates(pod: KubeObject): string {
  const gates: Array<{ conditionType: string }> = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return "<none>";
  const conditions: Array<{ type: string; status: string }> = pod.status?.conditions ?? [];
  const trueCount = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === "True").length;
  return `${trueCount}/${gates.length}`;
}

const podTable: TableConvertor = {
  columns: [
    NAME,
    column("Ready"),
    column("Status"),
    column("Restarts"),
    AGE,
    column("IP", "string", { wide: true }),
    column("Node", "string", { wide: true }),
    column("Nominated Node", "string", { wide: true }),
    column("Readiness Gates", "string", { wide: true }),
  ],
  cells(pod, ctx) {
    const s = podSummary(pod, ctx);
    return [
      pod.metadata.name,
      s.ready,
      s.status,
      s.restarts,
      creationAge(pod, ctx),
      pod.status?.podIPs?.[0]?.ip || "<none>",
      pod.spec?.nodeName || "<none>",
      pod.status?.nominatedNodeName || "<none>",
      readinessGates(pod),
    ];
  },
};

const podTemplateTable: TableConvertor = {
  columns: [NAME, column("Containers"), column("Images"), column("Pod Labels")],
  cells(obj) {
    const [names, images] = containerCells(obj.template?.spec?.containers);
    return [obj.metadata.name, names, images, formatLabels(obj.template?.metadata?.labels)];
  },
};

const replicationControllerTable: TableConvertor = {
  columns: [NAME, column("Desired", "integer"), column("Current", "integer"), column("Ready", "integer"), AGE, CONTAINERS, IMAGES, SELECTOR],
  cells(obj, ctx) {
    const [names, images] = containerCells(obj.spec?.template?.spec?.containers);
    return [obj.metadata.name, obj.spec?.replicas ?? 1, int(obj.status?.replicas), int(obj.status?.readyReplicas), creationAge(obj, ctx), names, images, formatLabels(obj.spec?.selector)];
  },
};

// ---------------------------------------------------------------- nodes

function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const role = k.slice("node-role.kubernetes.io/".length);
      if (role) roles.add(role);
    } else if (k === "kubernetes.io/role" && v !== "") roles.add(v);
  }
  return roles.size ? [...roles].sort().join(",") : "<none>";
}

function nodeStatus(node: KubeObject): string {
  const ready = (node.status?.conditions ?? []).find((c: { type: string }) => c.type === "Ready");
  const parts = [ready ? (ready.status === "True" ? "Ready" : "NotReady") : "Unknown"];
  if (node.spec?.unschedulable) parts.push("SchedulingDisabled");
  return parts.join(",");
}

function nodeAddress(node: KubeObject, type: string): string {
  return (node.status?.addresses ?? []).find((a: { type: string }) => a.type === type)?.address ?? "<none>";
}

const nodeTable: TableConvertor = {
  columns: [
    NAME,
    column("Status"),
    column("Roles"),
    AGE,
    column("Version"),
    column("Internal-IP", "string", { wide: true }),
    column("External-IP", "string", { wide: true }),
    column("OS-Image", "string", { wide: true }),
    column("Kernel-Version", "string", { wide: true }),
    column("Container-Runtime", "string", { wide: true }),
  ],
  cells(node, ctx) {
    const info = node.status?.nodeInfo ?? {};
    return [
      node.metadata.name,
      nodeStatus(node),
      nodeRoles(node),
      creationAge(node, ctx),
      info.kubeletVersion ?? "",
      nodeAddress(node, "InternalIP"),
      nodeAddress(node, "ExternalIP"),
      info.osImage || "<unknown>",
      info.kernelVersion || "<unknown>",
      info.containerRuntimeVersion || "<unknown>",
    ];
  },
};

// ---------------------------------------------------------------- services

/** LoadBalancer ingress IPs (or hostnames), sorted and de-duplicated (sets.String). */
export function loadBalancerAddresses(ingress: Array<{ ip?: string; hostname?: string }> | undefined): string {
  const set = new Set<string>();
  for (const i of ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort().join(",");
}

function serviceExternalIP(svc: KubeObject): string {
  const external: string[] = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case "ClusterIP":
    case "NodePort":
      return external.length ? external.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = loadBalancerAddresses(svc.status?.loadBalancer?.ingress);
      if (external.length) return [...(lb ? lb.split(",") : []), ...external].join(",");
      return lb || "<pending>";
    }
    case "ExternalName":
      return svc.spec?.externalName ?? "";
  }
  return "<unknown>";
}

function servicePorts(svc: KubeObject): string {
  const ports: Array<{ port: number; nodePort?: number; protocol?: string }> = svc.spec?.ports ?? [];
  const text = ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? ""}` : `${p.port}/${p.protocol ?? ""}`)).join(",");
  return text || "<none>";
}

const serviceTable: TableConvertor = {
  columns: [NAME, column("Type"), column("Cluster-IP"), column("External-IP"), column("Port(s)"), AGE, SELECTOR],
  cells(svc, ctx) {
    return [
      svc.metadata.name,
      svc.spec?.type ?? "",
      svc.spec?.clusterIPs?.[0] ?? "<none>",
      serviceExternalIP(svc),
      servicePorts(svc),
      creationAge(svc, ctx),
      formatLabels(svc.spec?.selector),
    ];
  },
};

/** host:port as net.JoinHostPort writes it (IPv6 in brackets). */
function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Up to three endpoints of Endpoints subsets, then ` + N more...` (formatEndpoints). */
function formatEndpoints(ep: KubeObject): string {
  const subsets: Array<{ addresses?: Array<{ ip: string }>; ports?: Array<{ port: number }> }> = ep.subsets ?? [];
  if (subsets.length === 0) return "<none>";
  const max = 3;
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    if (!ss.ports || ss.ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) break;
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) break;
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const text = list.join(",");
  return count > max ? `${text} + ${count - max} more...` : text;
}

const endpointsTable = simpleTable([column("Endpoints")], (ep) => [formatEndpoints(ep)]);

// ---------------------------------------------------------------- config

const configMapTable = simpleTable([column("Data")], (cm) => [Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length]);
const secretTable = simpleTable([column("Type"), column("Data")], (s) => [s.type ?? "", Object.keys(s.data ?? {}).length]);
const serviceAccountTable = simpleTable([column("Secrets")], (sa) => [(sa.secrets ?? []).length]);
const namespaceTable = simpleTable([column("Status")], (ns) => [ns.status?.phase ?? ""]);

/** REQUEST and LIMIT of a quota: `resource: used/hard` pairs, limits.* in the second. */
function quotaCells(q: KubeObject): [string, string] {
  const hard: Record<string, string> = q.status?.hard ?? {};
  const used: Record<string, string> = q.status?.used ?? {};
  const requests: string[] = [];
  const limits: string[] = [];
  for (const r of Object.keys(hard).sort()) {
    const pieces = r.split(".");
    const target = pieces.length > 1 && pieces[0] === "limits" ? limits : requests;
    target.push(`${r}: ${quantity(used[r])}/${quantity(hard[r])}`);
  }
  return [requests.join(", "), limits.join(", ")];
}

const resourceQuotaTable = simpleTable([column("Request"), column("Limit")], (q) => quotaCells(q));

const componentStatusTable: TableConvertor = {
  columns: [NAME, column("Status"), column("Message"), column("Error")],
  cells(cs) {
    const healthy = (cs.conditions ?? []).find((c: { type: string }) => c.type === "Healthy");
    if (!healthy) return [cs.metadata.name, "Unknown", "", ""];
    return [cs.metadata.name, healthy.status === "True" ? "Healthy" : "Unhealthy", healthy.message ?? "", healthy.error ?? ""];
  },
};

// ---------------------------------------------------------------- events

function formatEventSource(ev: KubeObject): string {
  const component = ev.source?.component || ev.reportingComponent || "";
  const instance = ev.source?.host || ev.reportingInstance || "";
  return instance ? `${component}, ${instance}` : component;
}

/** LAST SEEN, FIRST SEEN and COUNT of an event (old API timestamps, else eventTime, else series). */
export function eventTimes(ev: KubeObject, ctx: PrintContext): { last: string; first: string; count: number } {
  const first = ev.firstTimestamp ? ageOf(ev.firstTimestamp, ctx) : ageOf(ev.eventTime, ctx);
  let last = ev.lastTimestamp ? ageOf(ev.lastTimestamp, ctx) : first;
  let count = int(ev.count);
  if (ev.series) {
    last = ageOf(ev.series.lastObservedTime, ctx);
    count = int(ev.series.count);
  } else if (count === 0) {
    count = 1; // singleton events of the new API carry no count
  }
  return { last, first, count };
}

const eventTable: TableConvertor = {
  columns: [
    column("Last Seen"),
    column("Type"),
    column("Reason"),
    column("Object"),
    column("Subobject", "string", { wide: true }),
    column("Source", "string", { wide: true }),
    column("Message"),
    column("First Seen", "string", { wide: true }),
    column("Count", "string", { wide: true }),
    column("Name", "string", { wide: true, format: "name" }),
  ],
  cells(ev, ctx) {
    const t = eventTimes(ev, ctx);
    const kind = String(ev.involvedObject?.kind ?? "").toLowerCase();
    const target = ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
    return [
      t.last,
      ev.type ?? "",
      ev.reason ?? "",
      target,
      ev.involvedObject?.fieldPath ?? "",
      formatEventSource(ev),
      String(ev.message ?? "").trim(),
      t.first,
      t.count,
      ev.metadata.name,
    ];
  },
};

// ---------------------------------------------------------------- volumes

/** RWO,ROX,RWX,RWOP in that fixed order (GetAccessModesAsString). */
export function accessModes(modes: string[] | undefined): string {
  const m = new Set(modes ?? []);
  const out: string[] = [];
  if (m.has("ReadWriteOnce")) out.push("RWO");
  if (m.has("ReadOnlyMany")) out.push("ROX");
  if (m.has("ReadWriteMany")) out.push("RWX");
  if (m.has("ReadWriteOncePod")) out.push("RWOP");
  return out.join(",");
}

const BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

function storageClassOf(obj: KubeObject): string {
  const beta = obj.metadata.annotations?.[BETA_STORAGE_CLASS];
  if (beta !== undefined) return beta;
  return obj.spec?.storageClassName ?? "";
}

const persistentVolumeTable: TableConvertor = {
  columns: [
    NAME,
    column("Capacity"),
    column("Access Modes"),
    column("Reclaim Policy"),
    column("Status"),
    column("Claim"),
    column("StorageClass"),
    column("VolumeAttributesClass"),
    column("Reason"),
    AGE,
    column("VolumeMode", "string", { wide: true }),
  ],
  cells(pv, ctx) {
    const claim = pv.spec?.claimRef ? `${pv.spec.claimRef.namespace ?? ""}/${pv.spec.claimRef.name ?? ""}` : "";
    return [
      pv.metadata.name,
      quantity(pv.spec?.capacity?.storage),
      accessModes(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? "",
      pv.metadata.deletionTimestamp ? "Terminating" : (pv.status?.phase ?? ""),
      claim,
      storageClassOf(pv),
      pv.spec?.volumeAttributesClassName ?? "<unset>",
      pv.status?.reason ?? "",
      creationAge(pv, ctx),
      pv.spec?.volumeMode ?? "<unset>",
    ];
  },
};

const persistentVolumeClaimTable: TableConvertor = {
  columns: [
    NAME,
    column("Status"),
    column("Volume"),
    column("Capacity"),
    column("Access Modes"),
    column("StorageClass"),
    column("VolumeAttributesClass"),
    AGE,
    column("VolumeMode", "string", { wide: true }),
  ],
  cells(pvc, ctx) {
    const bound = !!pvc.spec?.volumeName;
    return [
      pvc.metadata.name,
      pvc.metadata.deletionTimestamp ? "Terminating" : (pvc.status?.phase ?? ""),
      pvc.spec?.volumeName ?? "",
      bound ? quantity(pvc.status?.capacity?.storage) : "",
      bound ? accessModes(pvc.status?.accessModes) : "",
      storageClassOf(pvc),
      pvc.spec?.volumeAttributesClassName ?? "<unset>",
      creationAge(pvc, ctx),
      pvc.spec?.volumeMode ?? "<unset>",
    ];
  },
};

export const coreTables: Record<string, TableConvertor> = {
  "/Pod": podTable,
  "/PodTemplate": podTemplateTable,
  "/ReplicationController": replicationControllerTable,
  "/Node": nodeTable,
  "/Service": serviceTable,
  "/Endpoints": endpointsTable,
  "/ConfigMap": configMapTable,
  "/Secret": secretTable,
  "/ServiceAccount": serviceAccountTable,
  "/Namespace": namespaceTable,
  "/ResourceQuota": resourceQuotaTable,
  "/ComponentStatus": componentStatusTable,
  "/Event": eventTable,
  "/PersistentVolume": persistentVolumeTable,
  "/PersistentVolumeClaim": persistentVolumeClaimTable,
};
