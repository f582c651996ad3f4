/**
 * endpointslice-controller: Services + Pods -> EndpointSlices.
 *
 * As pkg/controller/endpointslice: for every Service with a selector, the
 * selected pods become endpoints (conditions ready / serving / terminating,
 * nodeName, targetRef, hostname for a headless Service's subdomain) grouped
 * into slices of at most 100 by their resolved port list. Slices are named
 * `<service>-<5 random>`, owned by the Service and labelled
 * kubernetes.io/service-name and endpointslice.kubernetes.io/managed-by;
 * existing slices are updated in place where possible, and a Service with no
 * endpoints keeps one empty placeholder slice.
 */
import type { KubeObject } from "../../api/types.js";
import { splitKey } from "../../api/types.js";
import type { Informer } from "../../client/informer.js";
import { Controller } from "../controller.js";
import { isPodReady, newControllerRef } from "../podutil/podutil.js";
import { findPort, lastChangeTriggerTime, managesEndpoints, podIPv4, ServicePodIndex, shouldPodBeInEndpoints, shouldSetHostname } from "../podutil/service-endpoints.js";

export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
export const MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
export const CONTROLLER_NAME = "endpointslice-controller.k8s.io";
const HEADLESS_LABEL = "service.kubernetes.io/headless";
const LAST_CHANGE_TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";
const MAX_ENDPOINTS_PER_SLICE = 100;

/** The content one slice should hold. */
interface Desired {
  ports: any[] | null;
  endpoints: any[] | null;
}

const endpointId = (e: any) => e.targetRef?.uid ?? e.addresses?.[0];

export class EndpointSliceController extends Controller {
  readonly name = "endpointslice-controller";
  private services!: Informer;
  private slices!: Informer;
  private nodes!: Informer;
  private index!: ServicePodIndex;
  /** Managed slices by the namespace/name of their Service. */
  private slicesByService = new Map<string, Map<string, KubeObject>>();

  start(): void {
    const inf = this.ctx.informers;
    this.services = inf.for("services");
    this.slices = inf.for("endpointslices");
    this.nodes = inf.for("nodes");
    this.index = new ServicePodIndex(this.services, inf.for("pods"), (key) => this.queue.add(key));
    const serviceKey = (s: KubeObject) => {
      const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
      return svc && s.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME ? `${s.metadata.namespace}/${svc}` : undefined;
    };
    const put = (s: KubeObject) => {
      const key = serviceKey(s);
      if (!key) return;
      let m = this.slicesByService.get(key);
      if (!m) this.slicesByService.set(key, (m = new Map()));
      m.set(s.metadata.name!, s);
    };
    const drop = (s: KubeObject) => {
      const key = serviceKey(s);
      if (!key) return;
      this.slicesByService.get(key)?.delete(s.metadata.name!);
      // A slice deleted behind the controller's back is recreated.
      this.queue.add(key);
    };
    this.slices.addHandlers({
      add: put,
      update: (o, n) => {
        if (serviceKey(o) !== serviceKey(n)) drop(o);
        put(n);
      },
      delete: drop,
    });
  }

  protected sync(key: string): void {
    const { namespace } = splitKey(key);
    const service = this.services.get(key);
    const existing = [...(this.slicesByService.get(key)?.values() ?? [])].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    if (!service || !managesEndpoints(service)) {
      // The garbage collector removes slices of a deleted Service too; a Service that lost its selector keeps none.
      for (const s of existing) this.deleteSlice(s);
      return;
    }
    if (service.metadata.deletionTimestamp) return;
    const owned = existing.filter((s) => s.metadata.ownerReferences?.some((r) => r.uid === service.metadata.uid));
    for (const s of existing) if (!owned.includes(s)) this.deleteSlice(s);

    const pods = this.index.selected(service).filter((p) => shouldPodBeInEndpoints(p, true) && podIPv4(p));
    const groups = new Map<string, { ports: any[]; endpoints: any[] }>();
    for (const pod of pods) {
      const ports = this.endpointPorts(service, pod);
      const k = JSON.stringify(ports);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { ports, endpoints: [] }));
      g.endpoints.push(this.podToEndpoint(service, pod));
    }
    const trigger = lastChangeTriggerTime(service, pods);
    this.reconcile(service, namespace!, owned, [...groups.values()], trigger);
  }

  private endpointPorts(service: KubeObject, pod: KubeObject): any[] {
    const out: any[] = [];
    for (const sp of service.spec?.ports ?? []) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      out.push({ ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}), name: sp.name ?? "", port, protocol: sp.protocol ?? "TCP" });
    }
    return out;
  }

  private podToEndpoint(service: KubeObject, pod: KubeObject): any {
    const serving = isPodReady(pod);
    const terminating = !!pod.metadata.deletionTimestamp;
    const ready = service.spec?.publishNotReadyAddresses === true || (serving && !terminating);
    const zone = pod.spec?.nodeName ? this.nodes.get(pod.spec.nodeName)?.metadata.labels?.["topology.kubernetes.io/zone"] : undefined;
    return {
      addresses: [podIPv4(pod)],
      conditions: { ready, serving, terminating },
      ...(shouldSetHostname(pod, service) ? { hostname: pod.spec.hostname } : {}),
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: "Pod", name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
      ...(zone ? { zone } : {}),
    };
  }

  /**
   * Lays the desired endpoints out over slices: existing slices with the
   * same ports keep their endpoints in place, new endpoints fill free room,
   * further slices are created; slices left over are reused for whatever
   * still needs a slice (the reconciler turns create+delete into updates), or
   * deleted. No endpoints at all leaves one placeholder.
   */
  private reconcile(service: KubeObject, namespace: string, existing: KubeObject[], groups: Array<{ ports: any[]; endpoints: any[] }>, trigger: string | undefined): void {
    const plan: Array<{ slice?: KubeObject; want: Desired }> = [];
    const unused = [...existing];
    for (const g of groups) {
      const portsKey = JSON.stringify(g.ports);
      const wanted = new Map(g.endpoints.map((e) => [endpointId(e), e]));
      const mine = unused.filter((s) => JSON.stringify(s.ports ?? []) === portsKey && (s.endpoints ?? []).length > 0);
      const fills: Array<{ slice?: KubeObject; endpoints: any[] }> = [];
      for (const s of mine) {
        const kept = (s.endpoints ?? []).map((e: any) => wanted.get(endpointId(e))).filter(Boolean);
        if (!kept.length) continue;
        for (const e of kept) wanted.delete(endpointId(e));
        fills.push({ slice: s, endpoints: kept });
        unused.splice(unused.indexOf(s), 1);
      }
      const rest = [...wanted.values()];
      for (const f of fills) {
        while (f.endpoints.length < MAX_ENDPOINTS_PER_SLICE && rest.length) f.endpoints.push(rest.shift());
      }
      while (rest.length) fills.push({ endpoints: rest.splice(0, MAX_ENDPOINTS_PER_SLICE) });
      for (const f of fills) plan.push({ slice: f.slice, want: { ports: g.ports, endpoints: f.endpoints } });
    }
    if (plan.length === 0) plan.push({ want: { ports: null, endpoints: null } });
    // Reuse leftover slices for plans without one, keeping names stable.
    for (const p of plan) if (!p.slice && unused.length) p.slice = unused.shift();
    for (const s of unused) this.deleteSlice(s);
    for (const p of plan) this.apply(service, namespace, p.slice, p.want, trigger);
  }

  private labelsFor(service: KubeObject): Record<string, string> {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries((service.metadata.labels ?? {}) as Record<string, string>)) {
      if (k === SERVICE_NAME_LABEL || k === MANAGED_BY_LABEL || k === HEADLESS_LABEL) continue;
      labels[k] = v;
    }
    if (service.spec?.clusterIP === "None") labels[HEADLESS_LABEL] = "";
    labels[SERVICE_NAME_LABEL] = service.metadata.name!;
    labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
    return labels;
  }

  private apply(service: KubeObject, namespace: string, slice: KubeObject | undefined, want: Desired, trigger: string | undefined): void {
    const labels = this.labelsFor(service);
    if (slice) {
      const same =
        JSON.stringify(slice.endpoints ?? null) === JSON.stringify(want.endpoints) &&
        JSON.stringify(slice.ports ?? null) === JSON.stringify(want.ports) &&
        JSON.stringify(sortObj(slice.metadata.labels ?? {})) === JSON.stringify(sortObj(labels));
      if (same) return;
      const next = structuredClone(slice);
      next.metadata.labels = labels;
      if (trigger) next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [LAST_CHANGE_TRIGGER_TIME]: trigger };
      next.endpoints = want.endpoints;
      next.ports = want.ports;
      this.ctx.client.update("endpointslices", namespace, next);
      return;
    }
    const prefix = `${service.metadata.name}-`;
    const body: KubeObject = {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        generateName: prefix.length <= 253 ? prefix : service.metadata.name,
        namespace,
        labels,
        ...(trigger ? { annotations: { [LAST_CHANGE_TRIGGER_TIME]: trigger } } : {}),
        ownerReferences: [newControllerRef(service, "v1", "Service")],
      },
      addressType: "IPv4",
      endpoints: want.endpoints,
      ports: want.ports,
    };
    this.ctx.client.create("endpointslices", namespace, body);
  }

  private deleteSlice(s: KubeObject): void {
    try {
      this.ctx.client.delete("endpointslices", s.metadata.namespace, s.metadata.name!);
    } catch (e) {
      if ((e as { reason?: string }).reason !== "NotFound") throw e;
    }
  }
}

function sortObj(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}
