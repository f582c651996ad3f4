/**
 * The pod behind an argument (pkg/polymorphichelpers): `POD`, `pod/x`, or a
 * workload (`deploy/x`, `rs/x`, `sts/x`, `ds/x`, `job/x`, `rc/x`, `svc/x`)
 * whose selector picks a pod: the most active one for exec and attach
 * (sort.Reverse(ActivePods)), the best one to read logs from (ByLogging).
 * With no pod yet, it waits up to --pod-running-timeout for one to appear.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import { formatLabels, formatLabelSelector } from "../../../../cluster/api/labels.js";
import { parseDuration } from "../../../../cluster/clock.js";
import { resolveResource } from "../builder.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext } from "../types.js";
import { pollOrThrow } from "../watch-until.js";

export type PodOrder = "active" | "logging";

const POLL_MS = 500;

/** builder.ResourceNames("pods", arg): `NAME` is a pod, `TYPE/NAME` any resource; the object is fetched. */
export function objectForArg(k: KubectlContext, arg: string): KubeObject {
  const slash = arg.indexOf("/");
  if (slash < 0) return k.client.get("pods", k.namespace, arg);
  const type = arg.slice(0, slash);
  const name = arg.slice(slash + 1);
  if (!type || !name || name.includes("/")) throw new KubectlError("arguments in resource/name form must have a single resource and name");
  const r = resolveResource(k.client, type);
  return k.client.get(r, r.namespaced ? k.namespace : undefined, name);
}

/** Go's %T of a typed object, as polymorphichelpers' errors print it (`*v1.ConfigMap`). */
function goType(obj: KubeObject): string {
  const version = (obj.apiVersion ?? "v1").split("/").pop();
  return `*${version}.${obj.kind}`;
}

/** SelectorsForObject: the label selector (as a string) of a workload or Service. */
export function selectorForObject(obj: KubeObject): string {
  const text = rawSelectorFor(obj);
  return text === "<none>" ? "" : text;
}

function rawSelectorFor(obj: KubeObject): string {
  switch (obj.kind) {
    case "ReplicaSet":
    case "StatefulSet":
    case "DaemonSet":
    case "Deployment":
    case "Job":
      return formatLabelSelector(obj.spec?.selector);
    case "ReplicationController":
      return formatLabels(obj.spec?.selector);
    case "Service":
      if (!obj.spec?.selector || Object.keys(obj.spec.selector).length === 0) {
        throw new Error(`invalid service '${obj.metadata.name}': Service is defined without a selector`);
      }
      return formatLabels(obj.spec.selector);
    default:
      throw new Error(`selector for ${goType(obj)} not implemented`);
  }
}

function isReady(p: KubeObject): boolean {
  return (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === "Ready" && c.status === "True");
}

function readyTime(p: KubeObject): number {
  const c = (p.status?.conditions ?? []).find((x: { type: string; status: string }) => x.type === "Ready" && x.status === "True");
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0;
}

function maxRestarts(p: KubeObject): number {
  return Math.max(0, ...(p.status?.containerStatuses ?? []).map((s: { restartCount?: number }) => s.restartCount ?? 0));
}

function created(p: KubeObject): number {
  return p.metadata.creationTimestamp ? Date.parse(p.metadata.creationTimestamp) : 0;
}

/** "t1 after t2, a zero time counting as after" (podutils.afterOrZero). */
function afterOrZero(t1: number, t2: number): boolean {
  if (t1 === 0 || t2 === 0) return t1 === 0;
  return t1 > t2;
}

/** podutils.ActivePods Less: the pod a controller would delete first is smaller. */
function activeLess(a: KubeObject, b: KubeObject): boolean {
  const na = a.spec?.nodeName ?? "";
  const nb = b.spec?.nodeName ?? "";
  if (na !== nb && (!na || !nb)) return !na;
  const rank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const ra = rank[a.status?.phase ?? ""] ?? 0;
  const rb = rank[b.status?.phase ?? ""] ?? 0;
  if (ra !== rb) return ra < rb;
  if (isReady(a) !== isReady(b)) return !isReady(a);
  const da = !!a.metadata.deletionTimestamp;
  const db = !!b.metadata.deletionTimestamp;
  if (da !== db) return da;
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(a), readyTime(b));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  if (created(a) !== created(b)) return afterOrZero(created(a), created(b));
  return false;
}

/** podutils.ByLogging Less: the pod whose logs are most interesting is smaller. */
function loggingLess(a: KubeObject, b: KubeObject): boolean {
  const na = a.spec?.nodeName ?? "";
  const nb = b.spec?.nodeName ?? "";
  if (na !== nb && (!na || !nb)) return !!na;
  const rank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
  const ra = rank[a.status?.phase ?? ""] ?? 0;
  const rb = rank[b.status?.phase ?? ""] ?? 0;
  if (ra !== rb) return ra < rb;
  if (isReady(a) !== isReady(b)) return isReady(a);
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(b), readyTime(a));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  if (created(a) !== created(b)) return afterOrZero(created(b), created(a));
  return false;
}

/** Sorts pods the way kubectl picks one: most active first (attach, exec) or best for logs first. */
function sortPods(pods: KubeObject[], order: PodOrder): KubeObject[] {
  const cmp = order === "logging" ? (a: KubeObject, b: KubeObject) => (loggingLess(a, b) ? -1 : loggingLess(b, a) ? 1 : 0) : (a: KubeObject, b: KubeObject) => (activeLess(b, a) ? -1 : activeLess(a, b) ? 1 : 0);
  return [...pods].sort(cmp);
}

/**
 * GetPodList: the pods a selector matches, sorted; with none yet, waits
 * (cluster time) until one appears or the timeout passes.
 */
export async function podsForSelector(k: KubectlContext, namespace: string, selector: string, timeoutMs: number, order: PodOrder): Promise<KubeObject[]> {
  let pods: KubeObject[] = [];
  await pollOrThrow(k, POLL_MS, k.now() + timeoutMs, () => (pods = k.client.list("pods", namespace, { labelSelector: selector || undefined }).items).length > 0);
  return sortPods(pods, order);
}

/**
 * The pod an object stands for (AttachablePodForObject / LogsForObject's
 * first pod). `what` words the failure: "attach to" or "get the logs from".
 */
export async function podForObject(k: KubectlContext, obj: KubeObject, timeoutMs: number, order: PodOrder, what: string): Promise<{ pod: KubeObject; count: number }> {
  if (obj.kind === "Pod") return { pod: obj, count: 1 };
  let selector: string;
  try {
    selector = selectorForObject(obj);
  } catch (e) {
    throw new KubectlError(`cannot ${what} ${goType(obj)}: ${(e as Error).message}`);
  }
  const pods = await podsForSelector(k, obj.metadata.namespace ?? k.namespace, selector, timeoutMs, order);
  return { pod: pods[0], count: pods.length };
}

/** --pod-running-timeout (a Go duration) in ms, with cmdutil's error for a bad value. */
export function podRunningTimeoutMs(k: KubectlContext): number {
  const raw = String(k.flags.values["pod-running-timeout"] ?? "");
  const ms = parseDuration(raw);
  if (ms === undefined) throw new KubectlError(`invalid argument "${raw}" for "--pod-running-timeout" flag: time: invalid duration "${raw}"`);
  return ms;
}

export const POD_RUNNING_TIMEOUT_FLAG = (defaultValue: string) => ({
  name: "pod-running-timeout",
  type: "duration" as const,
  default: defaultValue,
  usage: "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running",
});
