/**
 * endpoints-controller: Services + Pods -> Endpoints.
 *
 * As pkg/controller/endpoint: for every Service with a selector, an
 * Endpoints object of the same name lists the selected pods' IPs, ready
 * ones under `addresses` and the rest under `notReadyAddresses` (all ready
 * with publishNotReadyAddresses), with each Service port's targetPort
 * resolved on the pod (named ports through the containers' ports).
 * Services without a selector are left alone: their Endpoints belong to
 * whoever writes them (for `kubernetes`, the API server).
 */
import type { KubeObject } from "../../api/types.js";
import { splitKey } from "../../api/types.js";
import type { Informer } from "../../client/informer.js";
import { Controller } from "../controller.js";
import { isPodReady } from "../podutil/podutil.js";
import { findPort, lastChangeTriggerTime, managesEndpoints, podIPv4, ServicePodIndex, shouldPodBeInEndpoints, shouldSetHostname } from "../podutil/service-endpoints.js";

const LAST_CHANGE_TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";
const OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";
const HEADLESS_LABEL = "service.kubernetes.io/headless";
/** maxCapacity: addresses beyond this are truncated. */
const MAX_CAPACITY = 1000;

interface Subset {
  addresses?: any[];
  notReadyAddresses?: any[];
  ports?: any[];
}

/** IPv4 as a number, so addresses sort as endpoints.SortSubsets does (by IP bytes). */
function ipNumber(ip: string): number {
  const p = ip.split(".");
  return p.length === 4 ? ((+p[0] * 256 + +p[1]) * 256 + +p[2]) * 256 + +p[3] : 0;
}

/** Sorts addresses by IP, then target uid (decorated once, not per comparison). */
function sortAddresses(list: any[]): any[] {
  return list
    .map((a) => ({ a, n: ipNumber(a.ip), u: a.targetRef?.uid ?? "" }))
    .sort((x, y) => x.n - y.n || (x.u < y.u ? -1 : x.u > y.u ? 1 : 0))
    .map((x) => x.a);
}

/** RepackSubsets: one subset per distinct port list, addresses deduplicated and sorted. */
function repack(entries: Array<{ address: any; ready: boolean; ports: any[] }>): Subset[] {
  const groups = new Map<string, { ports: any[]; ready: Map<string, any>; notReady: Map<string, any> }>();
  for (const e of entries) {
    const key = JSON.stringify(e.ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports: e.ports, ready: new Map(), notReady: new Map() }));
    const id = `${e.address.ip}/${e.address.targetRef?.uid ?? ""}`;
    if (e.ready) {
      g.ready.set(id, e.address);
      g.notReady.delete(id);
    } else if (!g.ready.has(id)) {
      g.notReady.set(id, e.address);
    }
  }
  const out: Subset[] = [];
  for (const g of groups.values()) {
    const s: Subset = {};
    if (g.ready.size) s.addresses = sortAddresses([...g.ready.values()]);
    if (g.notReady.size) s.notReadyAddresses = sortAddresses([...g.notReady.values()]);
    if (g.ports.length) s.ports = g.ports;
    out.push(s);
  }
  return out;
}

export class EndpointsController extends Controller {
  readonly name = "endpoints-controller";
  private services!: Informer;
  private endpoints!: Informer;
  private index!: ServicePodIndex;
  /** The subsets last seen per Endpoints resourceVersion, serialized (big objects are compared often). */
  private written = new Map<string, { rv: string; subsets: string }>();

  start(): void {
    const inf = this.ctx.informers;
    this.services = inf.for("services");
    this.endpoints = inf.for("endpoints");
    this.index = new ServicePodIndex(this.services, inf.for("pods"), (key) => this.queue.add(key));
  }

  protected sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const service = this.services.get(key);
    if (!service) {
      this.written.delete(key);
      // The Service is gone: so are the Endpoints this controller kept for it.
      const ep = this.endpoints.get(key);
      if (ep) this.deleteEndpoints(namespace!, name);
      return;
    }
    if (!managesEndpoints(service) || service.metadata.deletionTimestamp) return;

    const publishNotReady = service.spec?.publishNotReadyAddresses === true;
    const headless = service.spec?.clusterIP === "None";
    const entries: Array<{ address: any; ready: boolean; ports: any[] }> = [];
    const included: KubeObject[] = [];
    for (const pod of this.index.selected(service)) {
      if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
      const ip = podIPv4(pod);
      if (!ip) continue;
      included.push(pod);
      const address: any = {
        ...(shouldSetHostname(pod, service) ? { hostname: pod.spec.hostname } : {}),
        ip,
        ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
        targetRef: { kind: "Pod", name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
      };
      const ready = publishNotReady || isPodReady(pod);
      const servicePorts: any[] = service.spec?.ports ?? [];
      if (servicePorts.length === 0) {
        // A headless Service may have no ports.
        if (headless) entries.push({ address, ready, ports: [] });
        continue;
      }
      for (const sp of servicePorts) {
        const port = findPort(pod, sp);
        if (port === undefined) continue;
        entries.push({
          address,
          ready,
          ports: [{ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? "TCP", ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) }],
        });
      }
    }
    let subsets = repack(entries);
    let truncated = false;
    let total = 0;
    for (const s of subsets) total += (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0);
    if (total > MAX_CAPACITY) {
      subsets = this.truncate(subsets, total);
      truncated = true;
    }

    const labels: Record<string, string> = { ...(service.metadata.labels ?? {}) };
    if (headless) labels[HEADLESS_LABEL] = "";
    else delete labels[HEADLESS_LABEL];
    const current = this.endpoints.get(key);
    const currentLabels = { ...(current?.metadata.labels ?? {}) };
    const wanted = JSON.stringify(subsets);
    const seen = this.written.get(key);
    const have = current && seen && seen.rv === current.metadata.resourceVersion ? seen.subsets : JSON.stringify(current?.subsets ?? []);
    if (current) this.written.set(key, { rv: current.metadata.resourceVersion!, subsets: have });
    const sameSubsets = have === wanted;
    const sameCapacity = (current?.metadata.annotations?.[OVER_CAPACITY] === "truncated") === truncated;
    if (current && sameSubsets && sameCapacity && JSON.stringify(sortObj(currentLabels)) === JSON.stringify(sortObj(labels))) return;

    const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
    const trigger = lastChangeTriggerTime(service, included);
    if (trigger && !sameSubsets) annotations[LAST_CHANGE_TRIGGER_TIME] = trigger;
    else if (!current && trigger) annotations[LAST_CHANGE_TRIGGER_TIME] = trigger;
    if (truncated) annotations[OVER_CAPACITY] = "truncated";
    else delete annotations[OVER_CAPACITY];

    const body: KubeObject = {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: {
        ...(current ? structuredClone(current.metadata) : { name, namespace }),
        labels,
        ...(Object.keys(annotations).length ? { annotations } : {}),
      },
      ...(subsets.length ? { subsets } : {}),
    };
    if (!Object.keys(annotations).length) delete body.metadata.annotations;
    if (!Object.keys(labels).length) delete body.metadata.labels;
    // A conflict or AlreadyExists means the cache is behind; the retry sees the object.
    const written = current ? this.ctx.client.update("endpoints", namespace, body) : this.ctx.client.create("endpoints", namespace, body);
    this.written.set(key, { rv: written.metadata.resourceVersion!, subsets: wanted });
  }

  /** Keeps at most MAX_CAPACITY addresses, shrinking each subset in proportion (ready ones first). */
  private truncate(subsets: Subset[], total: number): Subset[] {
    let remaining = MAX_CAPACITY;
    return subsets.map((s, i) => {
      const size = (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0);
      const keep = i === subsets.length - 1 ? remaining : Math.min(remaining, Math.floor((size * MAX_CAPACITY) / total));
      remaining -= keep;
      const ready = (s.addresses ?? []).slice(0, keep);
      const notReady = (s.notReadyAddresses ?? []).slice(0, Math.max(0, keep - ready.length));
      return { ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ...(s.ports ? { ports: s.ports } : {}) };
    });
  }

  private deleteEndpoints(namespace: string, name: string): void {
    try {
      this.ctx.client.delete("endpoints", namespace, name);
    } catch (e) {
      if ((e as { reason?: string }).reason !== "NotFound") throw e;
    }
  }
}

function sortObj(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}
