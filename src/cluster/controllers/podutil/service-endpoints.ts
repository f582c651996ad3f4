/**
 * What the Endpoints and EndpointSlice controllers share
 * (pkg/controller/util/endpoint, podutil.FindPort): which pods belong in a
 * Service's endpoints, how a Service port's targetPort resolves on a pod
 * (named ports by container port name and protocol), and an index that
 * finds the Services selecting a pod without scanning every Service.
 */
import type { KubeObject } from "../../api/types.js";
import { objectKey } from "../../api/types.js";
import type { Informer } from "../../client/informer.js";
import { isPodTerminal, NamespaceIndex } from "./podutil.js";

/** podutil.FindPort: the container port a Service port targets on this pod, or undefined. */
export function findPort(pod: KubeObject, servicePort: any): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  const protocol = servicePort.protocol ?? "TCP";
  if (typeof target === "number") return target;
  if (typeof target !== "string" || target === "") return undefined;
  const sidecars = (pod.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === "Always");
  for (const c of [...(pod.spec?.containers ?? []), ...sidecars]) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? "TCP") === protocol) return p.containerPort;
    }
  }
  return undefined;
}

/** The pod's IPv4 address (the clusters here are single-stack IPv4). */
export function podIPv4(pod: KubeObject): string | undefined {
  const ips: string[] = [pod.status?.podIP, ...(pod.status?.podIPs ?? []).map((p: any) => p.ip)].filter(Boolean);
  return ips.find((ip) => !ip.includes(":"));
}

/** ShouldPodBeInEndpoints: not finished, has an IP, and (unless tolerated) not terminating. */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && !(pod.status?.podIPs ?? []).length) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** ShouldSetHostname: a pod with a hostname whose subdomain is this (headless) Service. */
export function shouldSetHostname(pod: KubeObject, service: KubeObject): boolean {
  return !!pod.spec?.hostname && pod.spec?.subdomain === service.metadata.name && pod.metadata.namespace === service.metadata.namespace;
}

export function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector)) if (l[k] !== v) return false;
  return true;
}

/** Services with a selector get endpoints from the controllers; ExternalName and selector-less ones do not. */
export function managesEndpoints(service: KubeObject): boolean {
  return !!service.spec?.selector && Object.keys(service.spec.selector).length > 0 && service.spec?.type !== "ExternalName";
}

/**
 * Services and pods by namespace, with the wiring both endpoint controllers
 * need: a pod event enqueues the Services that select it (before or after
 * the change); a Service event enqueues the Service.
 */
export class ServicePodIndex {
  readonly services: NamespaceIndex;
  readonly pods: NamespaceIndex;

  constructor(serviceInformer: Informer, podInformer: Informer, enqueue: (serviceKey: string) => void) {
    this.services = new NamespaceIndex(serviceInformer);
    this.pods = new NamespaceIndex(podInformer);
    serviceInformer.addHandlers({
      add: (s) => enqueue(objectKey(s)),
      update: (_o, s) => enqueue(objectKey(s)),
      delete: (s) => enqueue(objectKey(s)),
    });
    const touch = (pod: KubeObject, old?: KubeObject) => {
      for (const s of this.services.list(pod.metadata.namespace!)) {
        const sel = s.spec?.selector;
        if (selectorMatches(sel, pod.metadata.labels) || (old && selectorMatches(sel, old.metadata.labels))) enqueue(objectKey(s));
      }
    };
    podInformer.addHandlers({
      add: (p) => touch(p),
      update: (o, p) => {
        // Heartbeat-free: only what endpoints are made of matters.
        if (
          o.metadata.resourceVersion === p.metadata.resourceVersion ||
          (JSON.stringify(o.metadata.labels) === JSON.stringify(p.metadata.labels) &&
            JSON.stringify(o.status) === JSON.stringify(p.status) &&
            o.metadata.deletionTimestamp === p.metadata.deletionTimestamp &&
            o.spec?.nodeName === p.spec?.nodeName &&
            o.spec?.hostname === p.spec?.hostname &&
            o.spec?.subdomain === p.spec?.subdomain)
        ) {
          return;
        }
        touch(p, o);
      },
      delete: (p) => touch(p),
    });
  }

  /** The pods a Service selects. */
  selected(service: KubeObject): KubeObject[] {
    const sel = service.spec?.selector;
    return this.pods
      .list(service.metadata.namespace!)
      .filter((p) => selectorMatches(sel, p.metadata.labels))
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  }
}

/** The latest change among the pods (their Ready transition) and the Service itself, for last-change-trigger-time. */
export function lastChangeTriggerTime(service: KubeObject, pods: KubeObject[]): string | undefined {
  let latest: string | undefined = service.metadata.creationTimestamp;
  for (const p of pods) {
    const ready = (p.status?.conditions ?? []).find((c: any) => c.type === "Ready");
    const t = ready?.lastTransitionTime ?? p.metadata.creationTimestamp;
    if (t && (!latest || t > latest)) latest = t;
  }
  return latest;
}
