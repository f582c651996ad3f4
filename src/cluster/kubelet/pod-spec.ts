/**
 * Reading a pod spec the way the kubelet does: defaults it relies on (restart
 * policy, pull policy, grace period), effective resource requests, host
 * ports, and what makes a pod static or a mirror. (Taints and node affinity
 * come from the scheduler's helpers, as the real kubelet imports them.)
 */
import type { KubeObject } from "../api/types.js";
import { milliCpu, quantityValue } from "./quantity.js";
import { sha256 } from "./runtime/images.js";

export type Container = Record<string, any> & { name: string; image: string };

export const CONFIG_SOURCE = "kubernetes.io/config.source";
export const CONFIG_MIRROR = "kubernetes.io/config.mirror";
export const CONFIG_HASH = "kubernetes.io/config.hash";
export const CONFIG_SEEN = "kubernetes.io/config.seen";

export function restartPolicy(pod: KubeObject): "Always" | "OnFailure" | "Never" {
  return pod.spec?.restartPolicy ?? "Always";
}

/** A sidecar: an init container with restartPolicy Always. */
export function isRestartableInit(c: Container): boolean {
  return c.restartPolicy === "Always";
}

/** imagePullPolicy, defaulted as the API server does (Always for :latest or no tag). */
export function pullPolicy(c: Container): "Always" | "IfNotPresent" | "Never" {
  if (c.imagePullPolicy) return c.imagePullPolicy;
  const image = String(c.image ?? "");
  if (image.includes("@")) return "IfNotPresent";
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return !tag || tag === "latest" ? "Always" : "IfNotPresent";
}

export function terminationGracePeriodSeconds(pod: KubeObject): number {
  return pod.spec?.terminationGracePeriodSeconds ?? 30;
}

export function isMirrorPod(pod: KubeObject): boolean {
  return pod.metadata.annotations?.[CONFIG_MIRROR] !== undefined;
}

export function isStaticPod(pod: KubeObject): boolean {
  const source = pod.metadata.annotations?.[CONFIG_SOURCE];
  return source !== undefined && source !== "api";
}

/** What changing in a running container's spec makes the kubelet restart it. */
export function containerHash(c: Container): string {
  return sha256(JSON.stringify({ image: c.image, command: c.command, args: c.args, env: c.env, ports: c.ports, workingDir: c.workingDir })).slice(0, 8);
}

export interface Requests {
  cpu: number; // millicores
  memory: number; // bytes
  ephemeral: number; // bytes
}

function containerRequests(c: Container): Requests {
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  // A limit without a request defaults the request (API defaulting).
  return {
    cpu: milliCpu(req.cpu ?? lim.cpu ?? 0),
    memory: quantityValue(req.memory ?? lim.memory ?? 0),
    ephemeral: quantityValue(req["ephemeral-storage"] ?? lim["ephemeral-storage"] ?? 0),
  };
}

/**
 * A pod's effective requests (resourcehelper.PodRequests): the sum of its
 * containers and sidecars, or the largest init container (plus the sidecars
 * started before it) if that is more, plus the pod overhead.
 */
export function podRequests(pod: KubeObject): Requests {
  const sum: Requests = { cpu: 0, memory: 0, ephemeral: 0 };
  const add = (a: Requests, b: Requests) => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory, ephemeral: a.ephemeral + b.ephemeral });
  const max = (a: Requests, b: Requests) => ({ cpu: Math.max(a.cpu, b.cpu), memory: Math.max(a.memory, b.memory), ephemeral: Math.max(a.ephemeral, b.ephemeral) });
  let total = sum;
  for (const c of pod.spec?.containers ?? []) total = add(total, containerRequests(c));
  let sidecars: Requests = { cpu: 0, memory: 0, ephemeral: 0 };
  let initMax: Requests = { cpu: 0, memory: 0, ephemeral: 0 };
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequests(c);
    if (isRestartableInit(c)) {
      sidecars = add(sidecars, r);
      initMax = max(initMax, sidecars);
    } else initMax = max(initMax, add(sidecars, r));
  }
  total = max(add(total, sidecars), initMax);
  const overhead = pod.spec?.overhead ?? {};
  return add(total, { cpu: milliCpu(overhead.cpu ?? 0), memory: quantityValue(overhead.memory ?? 0), ephemeral: quantityValue(overhead["ephemeral-storage"] ?? 0) });
}

/** Memory limit of a container in bytes, if any. */
export function memoryLimit(c: Container): number | undefined {
  const l = c.resources?.limits?.memory;
  return l === undefined ? undefined : quantityValue(l);
}

/** Host ports a pod asks for (protocol/port), for the NodePorts admission check. */
export function hostPorts(pod: KubeObject): string[] {
  const out: string[] = [];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const p of c.ports ?? []) if (p.hostPort) out.push(`${p.protocol ?? "TCP"}/${p.hostIP ?? "0.0.0.0"}/${p.hostPort}`);
  }
  return out;
}
