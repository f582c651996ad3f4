/**
 * A container's environment as the kubelet builds it (kubelet_pods.go
 * makeEnvironmentVariables): service links for the namespace's Services,
 * envFrom ConfigMaps and Secrets, env with valueFrom (configMapKeyRef,
 * secretKeyRef, fieldRef, resourceFieldRef), and $(VAR) expansion. A missing
 * reference is a CreateContainerConfigError with the kubelet's message.
 */
import type { KubeObject } from "../api/types.js";
import type { Client } from "../client/client.js";
import type { Container } from "./pod-spec.js";
import { milliCpu, parseQuantity, quantityValue } from "./quantity.js";

export class ContainerConfigError extends Error {}

export interface EnvContext {
  client: Client;
  pod: KubeObject;
  podIP: string;
  hostIP: string;
  /** Node allocatable, the default for resourceFieldRef limits without a container limit. */
  allocatable: Record<string, string>;
}

function decode(b64: string): string {
  return Buffer.from(b64, "base64").toString("utf8");
}

function lookup(ctx: EnvContext, kind: "configmaps" | "secrets", name: string, optional: boolean): KubeObject | undefined {
  const ns = ctx.pod.metadata.namespace!;
  const obj = ctx.client.find(kind, ns, name);
  if (!obj && !optional) throw new ContainerConfigError(`${kind === "configmaps" ? "configmap" : "secret"} "${name}" not found`);
  return obj;
}

/** Values of a ConfigMap or Secret, decoded. */
export function dataOf(obj: KubeObject, kind: "configmaps" | "secrets"): Record<string, string> {
  const out: Record<string, string> = {};
  if (kind === "configmaps") {
    Object.assign(out, obj.data ?? {});
    for (const [k, v] of Object.entries(obj.binaryData ?? {})) out[k] = decode(String(v));
  } else {
    for (const [k, v] of Object.entries(obj.data ?? {})) out[k] = decode(String(v));
    Object.assign(out, obj.stringData ?? {});
  }
  return out;
}

/** $(VAR) references resolved against what is defined so far; $$ escapes. */
export function expandVars(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, name: string | undefined) => {
    if (all === "$$") return "$";
    return name !== undefined && name in env ? env[name] : all;
  });
}

/** The value of a downward API fieldRef. */
export function fieldRefValue(pod: KubeObject, path: string, podIP: string, hostIP: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return pod.metadata[m[1] as "labels" | "annotations"]?.[m[2]] ?? "";
  switch (path) {
    case "metadata.name":
      return pod.metadata.name ?? "";
    case "metadata.namespace":
      return pod.metadata.namespace ?? "";
    case "metadata.uid":
      return pod.metadata.uid ?? "";
    case "metadata.labels":
      return Object.entries(pod.metadata.labels ?? {}).map(([k, v]) => `${k}="${v}"`).sort().join("\n");
    case "metadata.annotations":
      return Object.entries(pod.metadata.annotations ?? {}).map(([k, v]) => `${k}="${v}"`).sort().join("\n");
    case "spec.nodeName":
      return pod.spec?.nodeName ?? "";
    case "spec.serviceAccountName":
      return pod.spec?.serviceAccountName ?? "default";
    case "status.hostIP":
    case "status.hostIPs":
      return hostIP;
    case "status.podIP":
    case "status.podIPs":
      return podIP;
    default:
      return "";
  }
}

/** A resourceFieldRef value: limits.memory in bytes, requests.cpu in cores rounded up, scaled by divisor. */
export function resourceFieldValue(c: Container | undefined, ref: { resource: string; divisor?: string }, allocatable: Record<string, string>): string {
  const [kind, res] = ref.resource.split(".");
  const spec = c?.resources?.[kind === "limits" ? "limits" : "requests"]?.[res] ?? (kind === "limits" ? allocatable[res] : undefined);
  if (res === "cpu") {
    const divisor = parseQuantity(ref.divisor ?? "1") || 1;
    const cores = spec === undefined ? 0 : milliCpu(spec) / 1000;
    return String(Math.ceil(cores / divisor - 1e-9));
  }
  const divisor = parseQuantity(ref.divisor ?? "1") || 1;
  const value = spec === undefined ? 0 : quantityValue(spec);
  return String(Math.ceil(value / divisor - 1e-9));
}

/** Docker-link style variables for one Service (FOO_SERVICE_HOST, FOO_PORT_80_TCP, ...). */
function serviceEnv(svc: KubeObject): Array<[string, string]> {
  const ip = svc.spec?.clusterIP;
  if (!ip || ip === "None") return [];
  const name = String(svc.metadata.name).toUpperCase().replace(/-/g, "_");
  const ports: Array<{ name?: string; port: number; protocol?: string }> = svc.spec?.ports ?? [];
  if (ports.length === 0) return [];
  const out: Array<[string, string]> = [[`${name}_SERVICE_HOST`, ip], [`${name}_SERVICE_PORT`, String(ports[0].port)]];
  for (const p of ports) if (p.name) out.push([`${name}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, "_")}`, String(p.port)]);
  const proto0 = (ports[0].protocol ?? "TCP").toLowerCase();
  out.push([`${name}_PORT`, `${proto0}://${ip}:${ports[0].port}`]);
  for (const p of ports) {
    const proto = (p.protocol ?? "TCP").toLowerCase();
    const prefix = `${name}_PORT_${p.port}_${proto.toUpperCase()}`;
    out.push([prefix, `${proto}://${ip}:${p.port}`], [`${prefix}_PROTO`, proto], [`${prefix}_PORT`, String(p.port)], [`${prefix}_ADDR`, ip]);
  }
  return out;
}

/** The full environment of a container, in the order the kubelet assembles it. */
export function containerEnv(ctx: EnvContext, c: Container): Array<{ name: string; value: string }> {
  const env: Record<string, string> = {};
  const ns = ctx.pod.metadata.namespace!;
  // Service links: the namespace's services (when enableServiceLinks), and always the master service.
  try {
    const services: KubeObject[] = [];
    if (ctx.pod.spec?.enableServiceLinks !== false) services.push(...ctx.client.list("services", ns).items);
    if (ns !== "default" || ctx.pod.spec?.enableServiceLinks === false) {
      const k = ctx.client.find("services", "default", "kubernetes");
      if (k) services.push(k);
    }
    for (const svc of services.sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)))) for (const [k, v] of serviceEnv(svc)) env[k] = v;
  } catch {
    // services not readable: the container starts without links
  }
  for (const from of c.envFrom ?? []) {
    const prefix = from.prefix ?? "";
    if (from.configMapRef) {
      const cm = lookup(ctx, "configmaps", from.configMapRef.name, !!from.configMapRef.optional);
      if (cm) for (const [k, v] of Object.entries(dataOf(cm, "configmaps"))) env[prefix + k] = v;
    }
    if (from.secretRef) {
      const s = lookup(ctx, "secrets", from.secretRef.name, !!from.secretRef.optional);
      if (s) for (const [k, v] of Object.entries(dataOf(s, "secrets"))) env[prefix + k] = v;
    }
  }
  for (const e of c.env ?? []) {
    if (e.valueFrom) {
      const vf = e.valueFrom;
      if (vf.configMapKeyRef || vf.secretKeyRef) {
        const kind = vf.configMapKeyRef ? "configmaps" : "secrets";
        const ref = vf.configMapKeyRef ?? vf.secretKeyRef;
        const obj = lookup(ctx, kind, ref.name, !!ref.optional);
        if (!obj) continue;
        const data = dataOf(obj, kind);
        if (!(ref.key in data)) {
          if (ref.optional) continue;
          throw new ContainerConfigError(`couldn't find key ${ref.key} in ${kind === "configmaps" ? "ConfigMap" : "Secret"} ${ns}/${ref.name}`);
        }
        env[e.name] = data[ref.key];
      } else if (vf.fieldRef) env[e.name] = fieldRefValue(ctx.pod, vf.fieldRef.fieldPath, ctx.podIP, ctx.hostIP);
      else if (vf.resourceFieldRef) {
        const target = vf.resourceFieldRef.containerName ? [...(ctx.pod.spec?.containers ?? []), ...(ctx.pod.spec?.initContainers ?? [])].find((x: Container) => x.name === vf.resourceFieldRef.containerName) : c;
        env[e.name] = resourceFieldValue(target, vf.resourceFieldRef, ctx.allocatable);
      }
    } else env[e.name] = expandVars(String(e.value ?? ""), env);
  }
  return Object.entries(env).map(([name, value]) => ({ name, value }));
}
