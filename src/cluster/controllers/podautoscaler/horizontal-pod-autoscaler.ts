/**
 * horizontal-pod-autoscaler-controller: Scales targets from simulated metrics.
 *
 * As pkg/controller/podautoscaler (autoscaling/v2), every 15s per HPA: read
 * the target's scale subresource, compute a replica count per metric from
 * the resource metrics API (utilization of requests or an average value;
 * Pending and not-yet-ready pods are set aside, pods without metrics
 * assumed at target on scale-down and idle on scale-up, a 10% tolerance),
 * take the largest, stabilize scale-downs over the last 300s (or apply
 * spec.behavior), clamp to min/max, and write the scale and the status
 * (currentMetrics, conditions AbleToScale / ScalingActive / ScalingLimited).
 */
import type { KubeObject } from "../../api/types.js";
import { objectKey } from "../../api/types.js";
import { matches, parseSelector, type Selector } from "../../api/labels.js";
import type { EventRecorder } from "../../client/events.js";
import type { Informer } from "../../client/informer.js";
import type { PodMetrics } from "../../metrics/metrics-server.js";
import { formatMilliDecimalSI, milliValue } from "../../metrics/quantity.js";
import { Controller } from "../controller.js";
import { NamespaceIndex, parseTime, podCondition } from "../podutil/podutil.js";

const SYNC_PERIOD_MS = 15_000;
const TOLERANCE = 0.1;
const DOWNSCALE_STABILIZATION_MS = 300_000;
const CPU_INITIALIZATION_PERIOD_MS = 300_000;
const INITIAL_READINESS_DELAY_MS = 30_000;
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

const DEFAULT_METRICS = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }];

interface Recommendation {
  replicas: number;
  at: number;
}

interface ScaleEvent {
  change: number;
  at: number;
  outdated: boolean;
}

interface Condition {
  type: string;
  status: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** A metric's failure: the condition to set and the error text. */
class MetricError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly conditionMessage: string,
  ) {
    super(message);
  }
}

/** HPA scaling rules with the API defaults filled in (GenerateHPAScaleUpRules / ScaleDownRules). */
function scalingRules(rules: any, up: boolean): { stabilizationWindowSeconds: number; selectPolicy: string; policies: any[] } {
  const dfltPolicies = up
    ? [
        { type: "Pods", value: 4, periodSeconds: 15 },
        { type: "Percent", value: 100, periodSeconds: 15 },
      ]
    : [{ type: "Percent", value: 100, periodSeconds: 15 }];
  return {
    stabilizationWindowSeconds: rules?.stabilizationWindowSeconds ?? (up ? 0 : DOWNSCALE_STABILIZATION_MS / 1000),
    selectPolicy: rules?.selectPolicy ?? "Max",
    policies: rules?.policies?.length ? rules.policies : dfltPolicies,
  };
}

export class HorizontalPodAutoscalerController extends Controller {
  readonly name = "horizontal-pod-autoscaler-controller";
  private hpas!: Informer;
  private pods!: NamespaceIndex;
  private recorder!: EventRecorder;
  private recommendations = new Map<string, Recommendation[]>();
  private scaleUpEvents = new Map<string, ScaleEvent[]>();
  private scaleDownEvents = new Map<string, ScaleEvent[]>();

  start(): void {
    const inf = this.ctx.informers;
    this.recorder = this.ctx.recorder("horizontal-pod-autoscaler");
    this.hpas = inf.for("horizontalpodautoscalers");
    this.hpas.addHandlers({
      add: (o) => this.queue.add(objectKey(o)),
      update: (o, n) => {
        // Our own status writes do not need an immediate resync; spec changes do.
        if (JSON.stringify(o.spec) !== JSON.stringify(n.spec)) this.queue.add(objectKey(n));
      },
      delete: (o) => {
        const k = objectKey(o);
        this.recommendations.delete(k);
        this.scaleUpEvents.delete(k);
        this.scaleDownEvents.delete(k);
      },
    });
    this.pods = new NamespaceIndex(inf.for("pods"));
  }

  protected sync(key: string): void {
    const hpa = this.hpas.get(key);
    if (!hpa) return;
    // --horizontal-pod-autoscaler-sync-period: look again in 15s whatever happens now.
    this.queue.addAfter(key, SYNC_PERIOD_MS);
    this.reconcile(key, structuredClone(hpa));
  }

  private now(): number {
    return this.ctx.clock.now();
  }

  private setCondition(hpa: KubeObject, type: string, status: string, reason: string, message: string): void {
    const list: Condition[] = (hpa.status.conditions ??= []);
    const c = list.find((x) => x.type === type);
    if (c) {
      if (c.status !== status) c.lastTransitionTime = this.ctx.clock.rfc3339();
      c.status = status;
      c.reason = reason;
      c.message = message;
    } else {
      list.push({ type, status, lastTransitionTime: this.ctx.clock.rfc3339(), reason, message });
    }
  }

  private reconcile(key: string, hpa: KubeObject): void {
    const original = JSON.stringify(hpa.status ?? {});
    hpa.status ??= {};
    const ns = hpa.metadata.namespace!;
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const group = String(ref.apiVersion ?? "").includes("/") ? String(ref.apiVersion).split("/")[0] : "";
    let scale: KubeObject;
    try {
      const resource = this.ctx.client.resources().find((r) => r.kind === ref.kind && r.group === group);
      if (!resource) throw new Error(`no matches for kind "${ref.kind}" in group "${group}"`);
      scale = this.ctx.client.getScale(resource, ns, ref.name);
    } catch (e) {
      const msg = (e as Error).message;
      this.recorder.event(hpa, "Warning", "FailedGetScale", msg);
      this.setCondition(hpa, "AbleToScale", "False", "FailedGetScale", `the HPA controller was unable to get the target's current scale: ${msg}`);
      this.writeStatusIfChanged(hpa, original);
      return;
    }
    this.setCondition(hpa, "AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale");
    const currentReplicas: number = scale.spec?.replicas ?? 0;
    this.recordInitialRecommendation(key, currentReplicas);
    const minReplicas: number = hpa.spec?.minReplicas ?? 1;
    const maxReplicas: number = hpa.spec?.maxReplicas ?? 1;
    let desired = 0;
    let rescaleReason = "";
    let metricStatuses: any[] | undefined = hpa.status.currentMetrics;

    if (currentReplicas === 0 && minReplicas !== 0) {
      desired = 0;
      this.setCondition(hpa, "ScalingActive", "False", "ScalingDisabled", "scaling is disabled since the replica count of the target is zero");
    } else if (currentReplicas > maxReplicas) {
      rescaleReason = "Current number of replicas above Spec.MaxReplicas";
      desired = maxReplicas;
    } else if (currentReplicas < minReplicas) {
      rescaleReason = "Current number of replicas below Spec.MinReplicas";
      desired = minReplicas;
    } else {
      const result = this.computeReplicasForMetrics(hpa, scale, currentReplicas);
      metricStatuses = result.statuses;
      if (result.error && result.replicas === -1) {
        hpa.status.currentReplicas = currentReplicas;
        hpa.status.currentMetrics = metricStatuses;
        this.writeStatusIfChanged(hpa, original);
        this.recorder.event(hpa, "Warning", "FailedComputeMetricsReplicas", result.error);
        return;
      }
      let metricName = "";
      if (result.replicas > desired) {
        desired = result.replicas;
        metricName = result.metric;
      }
      if (desired > currentReplicas) rescaleReason = `${metricName} above target`;
      if (desired < currentReplicas) rescaleReason = "All metrics below target";
      desired = hpa.spec?.behavior
        ? this.normalizeWithBehaviors(hpa, key, currentReplicas, desired, minReplicas, maxReplicas)
        : this.normalize(hpa, key, currentReplicas, desired, minReplicas, maxReplicas);
    }
    const rescale = desired !== currentReplicas && !(currentReplicas === 0 && minReplicas !== 0);
    if (rescale) {
      try {
        this.ctx.client.updateScale(this.ctx.client.resources().find((r) => r.kind === ref.kind && r.group === group)!, ns, { ...scale, spec: { replicas: desired } });
      } catch (e) {
        const msg = (e as Error).message;
        this.recorder.event(hpa, "Warning", "FailedRescale", `New size: ${desired}; reason: ${rescaleReason}; error: ${msg}`);
        this.setCondition(hpa, "AbleToScale", "False", "FailedUpdateScale", `the HPA controller was unable to update the target scale: ${msg}`);
        hpa.status.currentReplicas = currentReplicas;
        this.writeStatusIfChanged(hpa, original);
        return;
      }
      this.setCondition(hpa, "AbleToScale", "True", "SucceededRescale", `the HPA controller was able to update the target scale to ${desired}`);
      this.recorder.event(hpa, "Normal", "SuccessfulRescale", `New size: ${desired}; reason: ${rescaleReason}`);
      this.storeScaleEvent(hpa, key, currentReplicas, desired);
    } else {
      desired = currentReplicas;
    }
    hpa.status.currentReplicas = currentReplicas;
    hpa.status.desiredReplicas = desired;
    if (metricStatuses !== undefined) hpa.status.currentMetrics = metricStatuses;
    if (rescale) hpa.status.lastScaleTime = this.ctx.clock.rfc3339();
    this.writeStatusIfChanged(hpa, original);
  }

  private writeStatusIfChanged(hpa: KubeObject, original: string): void {
    const s = hpa.status;
    const status: Record<string, unknown> = {};
    if (s.conditions?.length) status.conditions = s.conditions;
    if (s.currentMetrics?.length) status.currentMetrics = s.currentMetrics;
    if (s.currentReplicas) status.currentReplicas = s.currentReplicas;
    status.desiredReplicas = s.desiredReplicas ?? 0;
    if (s.lastScaleTime) status.lastScaleTime = s.lastScaleTime;
    if (s.observedGeneration !== undefined) status.observedGeneration = s.observedGeneration;
    if (JSON.stringify(status) === original) return;
    try {
      this.ctx.client.updateStatus("horizontalpodautoscalers", hpa.metadata.namespace, { ...hpa, status });
    } catch (e) {
      if ((e as { reason?: string }).reason !== "NotFound" && (e as { reason?: string }).reason !== "Conflict") throw e;
    }
  }

  // ---------------------------------------------------------------- metrics

  private computeReplicasForMetrics(hpa: KubeObject, scale: KubeObject, specReplicas: number): { replicas: number; metric: string; statuses: any[]; error?: string } {
    const selectorText: string = scale.status?.selector ?? "";
    if (!selectorText) {
      this.recorder.event(hpa, "Warning", "SelectorRequired", "selector is required");
      this.setCondition(hpa, "ScalingActive", "False", "InvalidSelector", "the HPA target's scale is missing a selector");
      return { replicas: -1, metric: "", statuses: hpa.status.currentMetrics ?? [], error: "selector is required" };
    }
    let selector: Selector;
    try {
      selector = parseSelector(selectorText);
    } catch (e) {
      const msg = `couldn't convert selector into a corresponding internal selector object: ${(e as Error).message}`;
      this.recorder.event(hpa, "Warning", "InvalidSelector", msg);
      this.setCondition(hpa, "ScalingActive", "False", "InvalidSelector", msg);
      return { replicas: -1, metric: "", statuses: hpa.status.currentMetrics ?? [], error: msg };
    }
    const specs: any[] = hpa.spec?.metrics?.length ? hpa.spec.metrics : DEFAULT_METRICS;
    const statuses: any[] = specs.map(() => ({ type: "" }));
    let replicas = 0;
    let metric = "";
    let invalid = 0;
    let firstError: MetricError | undefined;
    specs.forEach((spec, i) => {
      try {
        const r = this.computeReplicasForMetric(hpa, spec, specReplicas, selector);
        statuses[i] = r.status;
        if (replicas === 0 || r.replicas > replicas) {
          replicas = r.replicas;
          metric = r.name;
        }
      } catch (e) {
        if (!(e instanceof MetricError)) throw e;
        invalid++;
        firstError ??= e;
      }
    });
    if (invalid >= specs.length && firstError) {
      this.setCondition(hpa, "ScalingActive", "False", firstError.reason, firstError.conditionMessage);
      return { replicas: -1, metric: "", statuses, error: `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError.message}` };
    }
    this.setCondition(hpa, "ScalingActive", "True", "ValidMetricFound", `the HPA was able to successfully calculate a replica count from ${metric}`);
    return { replicas, metric, statuses, error: firstError ? `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError.message}` : undefined };
  }

  private fail(hpa: KubeObject, reason: string, wrapped: string, inner: string): never {
    this.recorder.event(hpa, "Warning", reason, inner);
    throw new MetricError(reason, wrapped, `the HPA was unable to compute the replica count: ${inner}`);
  }

  private computeReplicasForMetric(hpa: KubeObject, spec: any, specReplicas: number, selector: Selector): { replicas: number; name: string; status: any } {
    const type = spec.type;
    if (type !== "Resource" && type !== "ContainerResource") {
      const metricName = spec.pods?.metric?.name ?? spec.object?.metric?.name ?? spec.external?.metric?.name ?? "";
      const reason = type === "Pods" ? "FailedGetPodsMetric" : type === "Object" ? "FailedGetObjectMetric" : type === "External" ? "FailedGetExternalMetric" : "InvalidMetricSourceType";
      const api = type === "External" ? "external metrics API (external.metrics.k8s.io)" : "custom metrics API (custom.metrics.k8s.io)";
      const inner = `unable to get metric ${metricName}: unable to fetch metrics from ${api.split(" (")[0]}: no ${api} registered`;
      this.fail(hpa, reason, `failed to get ${type.toLowerCase()} metric value: ${inner}`, inner);
    }
    const src = type === "Resource" ? spec.resource : spec.containerResource;
    const resource: string = src?.name;
    const container: string | undefined = type === "ContainerResource" ? src?.container : undefined;
    const target = src?.target ?? {};
    const reason = type === "Resource" ? "FailedGetResourceMetric" : "FailedGetContainerResourceMetric";
    const wrapPrefix = type === "Resource" ? `failed to get ${resource} resource metric value` : `failed to get ${resource} container resource metric value`;
    const ns = hpa.metadata.namespace!;
    const allPods = this.pods.list(ns);
    const pods = allPods.filter((p) => matches(selector, p.metadata.labels));

    if (target.averageValue !== undefined) {
      const targetMilli = milliValue(target.averageValue);
      let r;
      try {
        const metrics = this.resourceMetrics(resource, allPods, pods, container);
        r = this.plainMetricReplicas(metrics, pods, specReplicas, targetMilli, resource);
      } catch (e) {
        const inner = `failed to get ${resource} usage: ${(e as Error).message}`;
        this.fail(hpa, reason, `${wrapPrefix}: ${inner}`, inner);
      }
      const current = { averageValue: formatMilliDecimalSI(r.usage) };
      const status = type === "Resource" ? { type, resource: { current, name: resource } } : { type, containerResource: { container, current, name: resource } };
      return { replicas: r.replicas, name: type === "Resource" ? `${resource} resource` : `${resource} container resource`, status };
    }
    if (target.averageUtilization === undefined) {
      const inner = "invalid resource metric source: neither a utilization target nor a value target was set";
      this.fail(hpa, reason, `${wrapPrefix}: ${inner}`, inner);
    }
    let r;
    try {
      const metrics = this.resourceMetrics(resource, allPods, pods, container);
      r = this.resourceReplicas(metrics, pods, specReplicas, target.averageUtilization, resource, container);
    } catch (e) {
      const inner = `failed to get ${resource} utilization: ${(e as Error).message}`;
      this.fail(hpa, reason, `${wrapPrefix}: ${inner}`, inner);
    }
    const current = { averageUtilization: r.utilization, averageValue: formatMilliDecimalSI(r.rawMilli) };
    const status = type === "Resource" ? { type, resource: { current, name: resource } } : { type, containerResource: { container, current, name: resource } };
    return {
      replicas: r.replicas,
      name: type === "Resource" ? `${resource} resource utilization (percentage of request)` : `${resource} container resource utilization (percentage of request)`,
      status,
    };
  }

  /** Resource metrics per pod (milli-units), as the metrics client returns them; errors use its wording. */
  private resourceMetrics(resource: string, allPods: KubeObject[], pods: KubeObject[], container: string | undefined): Map<string, { value: number; timestamp: number; windowMs: number }> {
    const server = this.ctx.metrics;
    if (!server) {
      throw new Error(`unable to get metrics for resource ${resource}: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)`);
    }
    const wanted = new Set(pods.map((p) => p.metadata.name));
    const items: PodMetrics[] = server.podMetrics(allPods).filter((m) => wanted.has(m.name));
    if (items.length === 0) throw new Error(`unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`);
    const out = new Map<string, { value: number; timestamp: number; windowMs: number }>();
    for (const m of items) {
      let value = 0;
      let found = container === undefined;
      for (const c of m.containers) {
        if (container !== undefined && c.name !== container) continue;
        found = true;
        value += resource === "cpu" ? c.usage.cpuMilli : c.usage.memoryBytes * 1000;
      }
      if (!found) {
        throw new Error(`unable to get metrics for resource ${resource}: failed to get container metrics: container ${container} not present in metrics for pod ${m.namespace}/${m.name}`);
      }
      out.set(m.name, { value, timestamp: m.timestamp, windowMs: m.windowMs });
    }
    return out;
  }

  /** groupPods: [ready count, unready, missing, ignored]. */
  private groupPods(pods: KubeObject[], metrics: Map<string, { timestamp: number; windowMs: number }>, resource: string): [number, Set<string>, Set<string>, Set<string>] {
    let ready = 0;
    const unready = new Set<string>();
    const missing = new Set<string>();
    const ignored = new Set<string>();
    const now = this.now();
    for (const pod of pods) {
      const name = pod.metadata.name!;
      if (pod.metadata.deletionTimestamp || pod.status?.phase === "Failed") {
        ignored.add(name);
        continue;
      }
      if (pod.status?.phase === "Pending") {
        unready.add(name);
        continue;
      }
      const metric = metrics.get(name);
      if (!metric) {
        missing.add(name);
        continue;
      }
      if (resource === "cpu") {
        const c = podCondition(pod, "Ready");
        const start = parseTime(pod.status?.startTime);
        let isUnready: boolean;
        if (!c || start === undefined) {
          isUnready = true;
        } else {
          const transition = parseTime(c.lastTransitionTime) ?? start;
          if (start + CPU_INITIALIZATION_PERIOD_MS > now) {
            // Within the initialization period: unready, or not a full sample since becoming ready.
            isUnready = c.status === "False" || metric.timestamp < transition + metric.windowMs;
          } else {
            // Past it: unready only if it has never been ready.
            isUnready = c.status === "False" && start + INITIAL_READINESS_DELAY_MS > transition;
          }
        }
        if (isUnready) {
          unready.add(name);
          continue;
        }
      }
      ready++;
    }
    return [ready, unready, missing, ignored];
  }

  private requests(pods: KubeObject[], resource: string, container: string | undefined): Map<string, number> {
    const out = new Map<string, number>();
    for (const pod of pods) {
      let sum = 0;
      for (const c of pod.spec?.containers ?? []) {
        if (container !== undefined && c.name !== container) continue;
        const req = c.resources?.requests?.[resource];
        if (req === undefined) throw new Error(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`);
        sum += milliValue(req);
      }
      out.set(pod.metadata.name!, sum);
    }
    return out;
  }

  /** GetResourceReplicas. */
  private resourceReplicas(
    metricsIn: Map<string, { value: number; timestamp: number; windowMs: number }>,
    pods: KubeObject[],
    currentReplicas: number,
    targetUtilization: number,
    resource: string,
    container: string | undefined,
  ): { replicas: number; utilization: number; rawMilli: number } {
    if (pods.length === 0) throw new Error("no pods returned by selector while calculating replica count");
    const [readyCount, unready, missing, ignored] = this.groupPods(pods, metricsIn, resource);
    const metrics = new Map<string, number>();
    for (const [name, m] of metricsIn) if (!unready.has(name) && !ignored.has(name)) metrics.set(name, m.value);
    if (metrics.size === 0) throw new Error("did not receive metrics for targeted pods (pods might be unready)");
    const requests = this.requests(pods, resource, container);
    const ratio = (m: Map<string, number>) => {
      let total = 0;
      let req = 0;
      let n = 0;
      for (const [name, v] of m) {
        const r = requests.get(name);
        if (r === undefined) continue;
        total += v;
        req += r;
        n++;
      }
      if (req === 0) throw new Error("no metrics returned matched known pods");
      const utilization = Math.trunc((total * 100) / req);
      return { ratio: utilization / targetUtilization, utilization, raw: Math.trunc(total / n) };
    };
    const first = ratio(metrics);
    const within = (r: number) => Math.abs(1 - r) <= TOLERANCE;
    const scaleUpWithUnready = unready.size > 0 && first.ratio > 1;
    if (!scaleUpWithUnready && missing.size === 0) {
      if (within(first.ratio)) return { replicas: currentReplicas, utilization: first.utilization, rawMilli: first.raw };
      return { replicas: Math.ceil(first.ratio * readyCount), utilization: first.utilization, rawMilli: first.raw };
    }
    if (missing.size > 0) {
      if (first.ratio < 1) {
        // On a scale-down, pods without metrics count as using the target (at least 100% of request).
        const fallback = Math.max(100, targetUtilization);
        for (const name of missing) metrics.set(name, Math.trunc(((requests.get(name) ?? 0) * fallback) / 100));
      } else if (first.ratio > 1) {
        for (const name of missing) metrics.set(name, 0);
      }
    }
    if (scaleUpWithUnready) for (const name of unready) metrics.set(name, 0);
    const second = ratio(metrics);
    if (within(second.ratio) || (first.ratio < 1 && second.ratio > 1) || (first.ratio > 1 && second.ratio < 1)) {
      return { replicas: currentReplicas, utilization: first.utilization, rawMilli: first.raw };
    }
    const next = Math.ceil(second.ratio * metrics.size);
    if ((second.ratio < 1 && next > currentReplicas) || (second.ratio > 1 && next < currentReplicas)) {
      return { replicas: currentReplicas, utilization: first.utilization, rawMilli: first.raw };
    }
    return { replicas: next, utilization: first.utilization, rawMilli: first.raw };
  }

  /** GetRawResourceReplicas / calcPlainMetricReplicas: an average value target. */
  private plainMetricReplicas(
    metricsIn: Map<string, { value: number; timestamp: number; windowMs: number }>,
    pods: KubeObject[],
    currentReplicas: number,
    targetMilli: number,
    resource: string,
  ): { replicas: number; usage: number } {
    if (pods.length === 0) throw new Error("no pods returned by selector while calculating replica count");
    const [readyCount, unready, missing, ignored] = this.groupPods(pods, metricsIn, resource);
    const metrics = new Map<string, number>();
    for (const [name, m] of metricsIn) if (!unready.has(name) && !ignored.has(name)) metrics.set(name, m.value);
    if (metrics.size === 0) throw new Error("did not receive metrics for targeted pods (pods might be unready)");
    const usageRatio = (m: Map<string, number>) => {
      let total = 0;
      for (const v of m.values()) total += v;
      const usage = Math.trunc(total / m.size);
      return { ratio: usage / targetMilli, usage };
    };
    const first = usageRatio(metrics);
    const within = (r: number) => Math.abs(1 - r) <= TOLERANCE;
    const scaleUpWithUnready = unready.size > 0 && first.ratio > 1;
    if (!scaleUpWithUnready && missing.size === 0) {
      if (within(first.ratio)) return { replicas: currentReplicas, usage: first.usage };
      return { replicas: Math.ceil(first.ratio * readyCount), usage: first.usage };
    }
    if (missing.size > 0) for (const name of missing) metrics.set(name, first.ratio < 1 ? targetMilli : 0);
    if (scaleUpWithUnready) for (const name of unready) metrics.set(name, 0);
    const second = usageRatio(metrics);
    if (within(second.ratio) || (first.ratio < 1 && second.ratio > 1) || (first.ratio > 1 && second.ratio < 1)) return { replicas: currentReplicas, usage: first.usage };
    const next = Math.ceil(second.ratio * metrics.size);
    if ((second.ratio < 1 && next > currentReplicas) || (second.ratio > 1 && next < currentReplicas)) return { replicas: currentReplicas, usage: first.usage };
    return { replicas: next, usage: first.usage };
  }

  // ---------------------------------------------------------------- normalization

  private recordInitialRecommendation(key: string, replicas: number): void {
    if (!this.recommendations.has(key)) this.recommendations.set(key, [{ replicas, at: this.now() }]);
  }

  /** Replaces the oldest sample outside the window, or appends. */
  private record(key: string, replicas: number, isOld: (r: Recommendation) => boolean): void {
    const list = this.recommendations.get(key) ?? [];
    const i = list.findIndex(isOld);
    if (i >= 0) list[i] = { replicas, at: this.now() };
    else list.push({ replicas, at: this.now() });
    this.recommendations.set(key, list);
  }

  /** normalizeDesiredReplicas: no behavior, so the 300s downscale window and the 2x / 4 scale-up limit. */
  private normalize(hpa: KubeObject, key: string, current: number, prenormalized: number, min: number, max: number): number {
    const cutoff = this.now() - DOWNSCALE_STABILIZATION_MS;
    let stabilized = prenormalized;
    for (const r of this.recommendations.get(key) ?? []) if (r.at >= cutoff && r.replicas > stabilized) stabilized = r.replicas;
    this.record(key, prenormalized, (r) => r.at < cutoff);
    if (stabilized !== prenormalized) {
      this.setCondition(hpa, "AbleToScale", "True", "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation");
    } else {
      this.setCondition(hpa, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size");
    }
    const scaleUpLimit = Math.trunc(Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM));
    let maxAllowed: number;
    let reason: string;
    let message: string;
    if (max > scaleUpLimit) {
      maxAllowed = scaleUpLimit;
      reason = "ScaleUpLimit";
      message = "the desired replica count is increasing faster than the maximum scale rate";
    } else {
      maxAllowed = max;
      reason = "TooManyReplicas";
      message = "the desired replica count is more than the maximum replica count";
    }
    const minAllowed = min === 0 ? 1 : min;
    let desired = stabilized;
    if (stabilized < minAllowed) {
      desired = minAllowed;
      reason = "TooFewReplicas";
      message = "the desired replica count is less than the minimum replica count";
    } else if (stabilized > maxAllowed) {
      desired = maxAllowed;
    } else {
      reason = "DesiredWithinRange";
      message = "the desired count is within the acceptable range";
    }
    this.setCondition(hpa, "ScalingLimited", desired === stabilized ? "False" : "True", reason, message);
    return desired;
  }

  /** normalizeDesiredReplicasWithBehaviors: stabilization windows and scaling policies from spec.behavior. */
  private normalizeWithBehaviors(hpa: KubeObject, key: string, current: number, prenormalized: number, min: number, max: number): number {
    const up = scalingRules(hpa.spec.behavior.scaleUp, true);
    const down = scalingRules(hpa.spec.behavior.scaleDown, false);
    const now = this.now();
    const upCutoff = now - up.stabilizationWindowSeconds * 1000;
    const downCutoff = now - down.stabilizationWindowSeconds * 1000;
    let upRec = prenormalized;
    let downRec = prenormalized;
    for (const r of this.recommendations.get(key) ?? []) {
      if (r.at > upCutoff) upRec = Math.min(r.replicas, upRec);
      if (r.at > downCutoff) downRec = Math.max(r.replicas, downRec);
    }
    let stabilized = current;
    if (stabilized < upRec) stabilized = upRec;
    if (stabilized > downRec) stabilized = downRec;
    this.record(key, prenormalized, (r) => r.at < upCutoff && r.at < downCutoff);
    if (stabilized !== prenormalized) {
      if (prenormalized >= current) this.setCondition(hpa, "AbleToScale", "True", "ScaleUpStabilized", "recent recommendations were lower than current one, applying the lowest recent recommendation");
      else this.setCondition(hpa, "AbleToScale", "True", "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation");
    } else {
      this.setCondition(hpa, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size");
    }

    let desired = stabilized;
    let reason = "DesiredWithinRange";
    let message = "the desired count is within the acceptable range";
    if (stabilized > current) {
      const limit = Math.max(this.scaleLimit(key, current, up, true), current);
      let maxAllowed = max;
      if (maxAllowed > limit) {
        maxAllowed = limit;
        reason = "ScaleUpLimit";
        message = "the desired replica count is increasing faster than the maximum scale rate";
      } else {
        reason = "TooManyReplicas";
        message = "the desired replica count is more than the maximum replica count";
      }
      if (stabilized > maxAllowed) desired = maxAllowed;
      else {
        reason = "DesiredWithinRange";
        message = "the desired count is within the acceptable range";
      }
    } else if (stabilized < current) {
      const limit = Math.min(this.scaleLimit(key, current, down, false), current);
      let minAllowed = min;
      if (minAllowed < limit) {
        minAllowed = limit;
        reason = "ScaleDownLimit";
        message = "the desired replica count is decreasing faster than the maximum scale rate";
      } else {
        reason = "TooFewReplicas";
        message = "the desired replica count is less than the minimum replica count";
      }
      if (stabilized < minAllowed) desired = minAllowed;
      else {
        reason = "DesiredWithinRange";
        message = "the desired count is within the acceptable range";
      }
    }
    this.setCondition(hpa, "ScalingLimited", desired === stabilized ? "False" : "True", reason, message);
    return desired;
  }

  /** calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors. */
  private scaleLimit(key: string, current: number, rules: { selectPolicy: string; policies: any[] }, up: boolean): number {
    if (rules.selectPolicy === "Disabled") return current;
    const minChange = rules.selectPolicy === "Min";
    // For scale-up, Max picks the largest proposal; for scale-down, Max change means the smallest.
    let result = up === minChange ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
    const pickFn = up === minChange ? Math.min : Math.max;
    const now = this.now();
    const changeIn = (events: ScaleEvent[] | undefined, period: number) =>
      (events ?? []).filter((e) => !e.outdated && e.at > now - period * 1000).reduce((a, e) => a + e.change, 0);
    for (const p of rules.policies) {
      const added = changeIn(this.scaleUpEvents.get(key), p.periodSeconds);
      const deleted = changeIn(this.scaleDownEvents.get(key), p.periodSeconds);
      const start = current - added + deleted;
      let proposed: number;
      if (up) proposed = p.type === "Pods" ? start + p.value : Math.ceil(start * (1 + p.value / 100));
      else proposed = p.type === "Pods" ? start - p.value : Math.trunc(start * (1 - p.value / 100));
      result = pickFn(result, proposed);
    }
    return result;
  }

  /** storeScaleEvent: only tracked when the HPA has a behavior. */
  private storeScaleEvent(hpa: KubeObject, key: string, prev: number, next: number): void {
    const behavior = hpa.spec?.behavior;
    if (!behavior) return;
    const upRules = scalingRules(behavior.scaleUp, true);
    const downRules = scalingRules(behavior.scaleDown, false);
    const isUp = next > prev;
    const map = isUp ? this.scaleUpEvents : this.scaleDownEvents;
    const rules = isUp ? upRules : downRules;
    const longest = Math.max(0, ...rules.policies.map((p: any) => p.periodSeconds ?? 0));
    const now = this.now();
    const list = (map.get(key) ?? []).map((e) => ({ ...e, outdated: e.outdated || e.at <= now - longest * 1000 }));
    const event = { change: Math.abs(next - prev), at: now, outdated: false };
    const i = list.findIndex((e) => e.outdated);
    if (i >= 0) list[i] = event;
    else list.push(event);
    map.set(key, list);
  }
}
