/**
 * The Pod describer and the pieces other describers reuse: containers
 * (state, probes, environment, mounts), pod templates and QoS
 * (pkg/describe: describePod, describeContainers, DescribePodTemplate,
 * DescribeProbe; pkg/util/qos).
 */
import { goQuote } from "../printers/gofmt.js";
import { goSorted } from "../printers/gosort.js";
import type { DescribeContext } from "./describer.js";
import { describeEvents, searchEvents } from "./events.js";
import {
  controllerOf,
  formatSelector,
  joinHostPort,
  printAnnotationsMultiline,
  printBool,
  printLabelsMultiline,
  printTolerationsMultiline,
  quantity,
  quantityString,
  rfc1123z,
  since,
  sortedKeys,
  stringOrNone,
  type J,
} from "./format.js";
import { describeVolumes } from "./volumes.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString, type PrefixWriter } from "./writer.js";

const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

export const describePod = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const pod = d.client.get<J>("pods", namespace, name);
  let events: J[] | undefined;
  if (d.showEvents) {
    // The reference has no kind; a mirror pod's events are about the static pod's own UID.
    const uid = pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] ?? pod.metadata.uid;
    events = searchEvents(d, { name: pod.metadata.name, namespace: pod.metadata.namespace, uid });
  }
  return tabbedString((w) => {
    const spec = pod.spec ?? {};
    const status = pod.status ?? {};
    w.write(LEVEL_0, `Name:\t${pod.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace}\n`);
    if (spec.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    if (!spec.nodeName) w.write(LEVEL_0, "Node:\t<none>\n");
    else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${status.hostIP ?? ""}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, "Labels", pod.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", pod.metadata.annotations);
    if (pod.metadata.deletionTimestamp && status.phase !== "Failed" && status.phase !== "Succeeded") {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, d.now)})\n`);
      w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${status.phase ?? ""}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type ?? ""}\n`);
      if (seccomp.type === "Localhost") w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ""}\n`);
    describePodIPs(pod, w);
    const controlledBy = controllerOf(pod);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if (spec.resources) {
      w.write(LEVEL_0, "Resources:\n");
      describeResources(spec.resources, w, LEVEL_1);
    }
    if (spec.initContainers?.length) describeContainers("Init Containers", spec.initContainers, status.initContainerStatuses, pod, w, "");
    describeContainers("Containers", spec.containers ?? [], status.containerStatuses, pod, w, "");
    if (spec.ephemeralContainers?.length) describeContainers("Ephemeral Containers", spec.ephemeralContainers, status.ephemeralContainerStatuses, pod, w, "");
    if (spec.readinessGates?.length) {
      w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n");
      for (const g of spec.readinessGates) {
        const c = (status.conditions ?? []).find((x: J) => x.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType ?? ""} \t${c ? (c.status ?? "") : "<none>"} \n`);
      }
    }
    if (status.conditions?.length) {
      w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n");
      for (const c of status.conditions) w.write(LEVEL_1, `${c.type ?? ""} \t${c.status ?? ""} \n`);
    }
    describeVolumes(spec.volumes, w, "");
    w.write(LEVEL_0, `QoS Class:\t${status.qosClass || computePodQOS(spec)}\n`);
    printLabelsMultiline(w, "Node-Selectors", spec.nodeSelector);
    printTolerationsMultiline(w, "Tolerations", spec.tolerations);
    describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, "");
    describeEvents(events, w, d.now);
  });
};

function describePodIPs(pod: J, w: PrefixWriter): void {
  const ips: J[] = pod.status?.podIPs ?? [];
  if (ips.length === 0) {
    w.write(LEVEL_0, "IPs:\t<none>\n");
    return;
  }
  w.write(LEVEL_0, "IPs:\n");
  for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip ?? ""}\n`);
}

function describeTopologySpreadConstraints(tscs: J[] | undefined, w: PrefixWriter, space: string): void {
  if (!tscs?.length) return;
  const sorted = goSorted(tscs, (a, b) => (a.topologyKey ?? "") < (b.topologyKey ?? ""));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, space);
      w.write(LEVEL_0, "\t");
    }
    let s = `${t.topologyKey ?? ""}:${t.whenUnsatisfiable ?? ""} when max skew ${t.maxSkew ?? 0} is exceeded`;
    if (t.labelSelector) s += ` for selector ${formatSelector(t.labelSelector)}`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

// ------------------------------------------------------------------ containers

/** describeContainers: each container's image, ports, command, state, resources, probes, environment and mounts. */
export function describeContainers(label: string, containers: J[], statuses: J[] | undefined, pod: J | undefined, w: PrefixWriter, space: string): void {
  const byName = new Map<string, J>((statuses ?? []).map((s: J) => [s.name, s]));
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? " <none>" : ""}\n`);
  for (const c of containers) {
    const status = byName.get(c.name);
    describeContainerBasicInfo(c, status, space, w);
    describeContainerCommand(c, w);
    if (status) describeContainerState(status, w);
    describeResources(c.resources, w, LEVEL_2);
    describeContainerProbes(c, w);
    if (c.envFrom?.length) describeContainerEnvFrom(c, w);
    describeContainerEnvVars(c, pod, w);
    describeContainerVolumes(c, w);
  }
}

function describeContainerBasicInfo(c: J, status: J | undefined, space: string, w: PrefixWriter): void {
  w.write(LEVEL_1, `${space ? " " : ""}${c.name}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ""}\n`);
  w.write(LEVEL_2, `Image:\t${c.image ?? ""}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ""}\n`);
  const ports = portsString(c.ports, "containerPort");
  if (ports.includes(",")) w.write(LEVEL_2, `Ports:\t${ports}\n`);
  else w.write(LEVEL_2, `Port:\t${stringOrNone(ports)}\n`);
  const hostPorts = portsString(c.ports, "hostPort");
  if (hostPorts.includes(",")) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
  else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPorts)}\n`);
  const seccomp = c.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type ?? ""}\n`);
    if (seccomp.type === "Localhost") w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
  }
}

/** `80/TCP (http), 443/TCP`. */
function portsString(ports: J[] | undefined, field: "containerPort" | "hostPort"): string {
  return (ports ?? []).map((p) => `${p[field] ?? 0}/${p.protocol ?? ""}${p.name ? ` (${p.name})` : ""}`).join(", ");
}

function describeContainerCommand(c: J, w: PrefixWriter): void {
  if (c.command?.length) {
    w.write(LEVEL_2, "Command:\n");
    for (const part of c.command) for (const s of String(part).split("\n")) w.write(LEVEL_3, `${s}\n`);
  }
  if (c.args?.length) {
    w.write(LEVEL_2, "Args:\n");
    for (const part of c.args) for (const s of String(part).split("\n")) w.write(LEVEL_3, `${s}\n`);
  }
}

/** describeResources: `Limits:` and `Requests:` with one `name:\tquantity` line each. */
export function describeResources(resources: J, w: PrefixWriter, level: number): void {
  if (!resources) return;
  const limits = sortedKeys(resources.limits);
  if (limits.length) w.write(level, "Limits:\n");
  for (const n of limits) w.write(level + 1, `${n}:\t${quantityString(resources.limits[n])}\n`);
  const requests = sortedKeys(resources.requests);
  if (requests.length) w.write(level, "Requests:\n");
  for (const n of requests) w.write(level + 1, `${n}:\t${quantityString(resources.requests[n])}\n`);
}

function describeContainerState(status: J, w: PrefixWriter): void {
  describeStatus("State", status.state, w);
  if (status.lastState?.terminated) describeStatus("Last State", status.lastState, w);
  w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
  w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
}

function describeStatus(stateName: string, state: J, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${stateName}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${stateName}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
  }
}

function describeContainerProbes(c: J, w: PrefixWriter): void {
  if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

/** DescribeProbe (kubectl v1.34 wording: `#success=1 #failure=3`). */
export function describeProbe(p: J): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(" ")}] ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const port = g.port === undefined || g.port === null ? "" : String(g.port);
    const host = port ? joinHostPort(g.host ?? "", port) : (g.host ?? "");
    const path: string = g.path ?? "";
    const scheme = String(g.scheme ?? "").toLowerCase();
    // url.URL.String(): a relative path gets a slash once there is a host.
    const url = `${scheme ? `${scheme}:` : ""}${host || scheme ? `//${host}` : ""}${path && !path.startsWith("/") && host ? "/" : ""}${encodePath(path)}`;
    return `http-get ${url} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ""}:${p.tcpSocket.port ?? ""} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port ?? 0} ${p.grpc.service ?? ""} ${attrs}`;
  return `unknown ${attrs}`;
}

/** url.URL's EscapedPath for the characters a probe path may hold. */
function encodePath(path: string): string {
  return path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (ch) =>
    Array.from(new TextEncoder().encode(ch))
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`)
      .join(""),
  );
}

function describeContainerEnvFrom(c: J, w: PrefixWriter): void {
  w.write(LEVEL_2, `Environment Variables from:${c.envFrom.length === 0 ? "\t<none>" : ""}\n`);
  for (const e of c.envFrom) {
    let from = "";
    let name = "";
    let optional = false;
    if (e.configMapRef) {
      from = "ConfigMap";
      name = e.configMapRef.name ?? "";
      optional = e.configMapRef.optional === true;
    } else if (e.secretRef) {
      from = "Secret";
      name = e.secretRef.name ?? "";
      optional = e.secretRef.optional === true;
    }
    if (!e.prefix) w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
  }
}

function describeContainerEnvVars(c: J, pod: J | undefined, w: PrefixWriter): void {
  const env: J[] = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? "\t<none>" : ""}\n`);
  for (const e of env) {
    const vf = e.valueFrom;
    if (!vf) {
      String(e.value ?? "")
        .split("\n")
        .forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    if (vf.fieldRef) {
      const value = pod ? fieldRefValue(pod, vf.fieldRef) : "";
      w.write(LEVEL_3, `${e.name}:\t${value} (${vf.fieldRef.apiVersion ?? ""}:${vf.fieldRef.fieldPath ?? ""})\n`);
    } else if (vf.resourceFieldRef) {
      let value = containerResourceValue(vf.resourceFieldRef, c);
      const resource = vf.resourceFieldRef.resource ?? "";
      if (value === "0" && (resource === "limits.cpu" || resource === "limits.memory")) value = "node allocatable";
      w.write(LEVEL_3, `${e.name}:\t${value} (${resource})\n`);
    } else if (vf.secretKeyRef) {
      const r = vf.secretKeyRef;
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${r.key ?? ""}' in secret '${r.name ?? ""}'>\tOptional: ${r.optional === true}\n`);
    } else if (vf.configMapKeyRef) {
      const r = vf.configMapKeyRef;
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${r.key ?? ""}' of config map '${r.name ?? ""}'>\tOptional: ${r.optional === true}\n`);
    }
  }
}

/**
 * EnvValueRetriever: kubectl's scheme only converts the metadata.name and
 * metadata.namespace field labels for pods, so every other field reads empty.
 */
function fieldRefValue(pod: J, ref: J): string {
  if (ref.fieldPath === "metadata.name") return pod.metadata.name ?? "";
  if (ref.fieldPath === "metadata.namespace") return pod.metadata.namespace ?? "";
  return "";
}

/** ExtractContainerResourceValue: the container's limit or request in units of the divisor, rounded up; "" when unsupported. */
function containerResourceValue(ref: J, c: J): string {
  const m = /^(limits|requests)\.(.+)$/.exec(ref.resource ?? "");
  if (!m) return "";
  const [, kind, name] = m;
  if (name !== "cpu" && name !== "memory" && name !== "ephemeral-storage" && !name.startsWith("hugepages-")) return "";
  const divisor = ref.divisor === undefined || ref.divisor === null || quantity(ref.divisor).isZero() ? quantity("1") : quantity(ref.divisor);
  const q = quantity(c.resources?.[kind]?.[name]);
  if (name === "cpu") return String(Math.ceil(q.milliValue() / divisor.milliValue()));
  return String(Math.ceil(q.value() / divisor.value()));
}

function describeContainerVolumes(c: J, w: PrefixWriter): void {
  const mounts: J[] = c.volumeMounts ?? [];
  const none = mounts.length === 0 ? "\t<none>" : "";
  w.write(LEVEL_2, `Mounts:${none}\n`);
  for (const m of goSorted(mounts, (a, b) => (a.mountPath ?? "") < (b.mountPath ?? ""))) {
    const flags = [m.readOnly ? "ro" : "rw"];
    if (m.subPath) flags.push(`path=${goQuote(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath ?? ""} from ${m.name ?? ""} (${flags.join(",")})\n`);
  }
  const devices: J[] = c.volumeDevices ?? [];
  if (devices.length) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    for (const dev of goSorted(devices, (a, b) => (a.devicePath ?? "") < (b.devicePath ?? ""))) w.write(LEVEL_3, `${dev.devicePath ?? ""} from ${dev.name ?? ""}\n`);
  }
}

// ------------------------------------------------------------------ pod templates

/** DescribePodTemplate: the `Pod Template:` section of workload describers. */
export function describePodTemplate(template: J, w: PrefixWriter): void {
  w.write(LEVEL_0, "Pod Template:\n");
  if (!template) {
    w.write(LEVEL_1, "<unset>");
    return;
  }
  const spec = template.spec ?? {};
  printLabelsMultiline(w, "  Labels", template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) printAnnotationsMultiline(w, "  Annotations", template.metadata.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) describeContainers("Init Containers", spec.initContainers, undefined, undefined, w, "  ");
  describeContainers("Containers", spec.containers ?? [], undefined, undefined, w, "  ");
  describeVolumes(spec.volumes, w, "  ");
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, "  ");
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, "  Node-Selectors", spec.nodeSelector);
  printTolerationsMultiline(w, "  Tolerations", spec.tolerations);
}

// ------------------------------------------------------------------ QoS

const QOS_RESOURCES = new Set(["cpu", "memory"]);

/** qos.ComputePodQOS: BestEffort without requests or limits, Guaranteed when they are set and equal for cpu and memory. */
export function computePodQOS(spec: J): string {
  const requests = new Map<string, ReturnType<typeof quantity>>();
  const limits = new Map<string, ReturnType<typeof quantity>>();
  let guaranteed = true;
  const add = (into: typeof requests, list: J) => {
    for (const [n, v] of Object.entries(list ?? {})) {
      if (!QOS_RESOURCES.has(n)) continue;
      const q = quantity(v);
      if (q.sign() <= 0) continue;
      into.set(n, into.has(n) ? into.get(n)!.add(q) : q);
    }
  };
  const limitsCoverBoth = (list: J) => ["cpu", "memory"].every((n) => list?.[n] !== undefined && quantity(list[n]).sign() > 0);
  const consider = (res: J) => {
    add(requests, res?.requests);
    add(limits, res?.limits);
    if (!limitsCoverBoth(res?.limits)) guaranteed = false;
  };
  if (spec.resources) {
    add(requests, spec.resources.requests);
    if (spec.resources.limits) {
      add(limits, spec.resources.limits);
      if (!limitsCoverBoth(spec.resources.limits)) guaranteed = false;
    }
  } else {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) consider(c.resources);
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [n, req] of requests) {
      const lim = limits.get(n);
      if (!lim || lim.cmp(req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}
