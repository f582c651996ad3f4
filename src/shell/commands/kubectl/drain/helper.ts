/**
 * What cordon, uncordon and drain share (pkg/cmd/drain/drain.go and the
 * drain.Helper of pkg/drain): finding the nodes (NAME... or -l), setting
 * spec.unschedulable with a strategic merge patch, choosing the pods a
 * drain may remove (filters.go), and evicting or deleting them while
 * waiting for each to be gone (drain.go). Waiting goes through
 * ToolContext.sleep: at once in scripts, in real time at the terminal,
 * where the output streams as it happens and Ctrl-C stops the command.
 */
import { ApiError, isNotFound } from "../../../../cluster/api/errors.js";
import { goDuration } from "../../../../cluster/api/duration.js";
import { parseSelector } from "../../../../cluster/api/labels.js";
import type { KubeObject } from "../../../../cluster/api/types.js";
import { formatApiError, KubectlError, RawError, UsageError } from "../errors.js";
import type { KubectlContext } from "../types.js";
import type { DryRunStrategy } from "../common/flags.js";
import { Interrupted, LiveOutput, waitCluster } from "../common/interruptible.js";
import { MISSING_RESOURCE_ERROR } from "../common/targets.js";

/**
 * A drain with no --timeout waits forever (a PodDisruptionBudget that never
 * allows the eviction, a pod stuck terminating); at the terminal the learner
 * ends it with Ctrl-C. A script has no Ctrl-C, so there the wait stops after
 * this much cluster time, as if interrupted.
 */
const SCRIPT_WAIT_LIMIT_MS = 10 * 60 * 1000;
const EVICTION_RETRY_MS = 5000;
const POLL_INTERVAL_MS = 1000;

/** ` (dry run)` / ` (server dry run)`, as PrintFlagsWithDryRunStrategy appends them. */
function dryRunSuffix(dryRun: DryRunStrategy): string {
  return dryRun === "client" ? " (dry run)" : dryRun === "server" ? " (server dry run)" : "";
}

/** The text of an error as Go's err.Error() gives it (an API status: its message). */
function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** cmdutil's messageForError: API statuses as `Error from server (Reason): msg`, others as their text. */
function messageForError(e: unknown): string {
  return e instanceof ApiError ? formatApiError(e) : errorText(e);
}

/**
 * An error as drain returns it: either one error, or an aggregate
 * (utilerrors.NewAggregate), whose text is the lone message or `[a, b]`.
 */
class DrainFailure {
  constructor(
    readonly errors: unknown[],
    readonly aggregate: boolean,
  ) {}

  get text(): string {
    if (this.errors.length === 1) return errorText(this.errors[0]);
    return `[${this.errors.map(errorText).join(", ")}]`;
  }

  /** How cmdutil.CheckErr prints it when it is the command's only error. */
  get standalone(): string {
    if (this.aggregate) return this.errors.map(messageForError).join("\n");
    const e = this.errors[0];
    if (e instanceof ApiError) return formatApiError(e);
    const text = errorText(e);
    return text.startsWith("error: ") ? text : `error: ${text}`;
  }
}

// ---------------------------------------------------------------- nodes

/** The usage checks DrainCmdOptions.Complete starts with: a NODE or -l, not both. */
export function checkNodeArgs(k: KubectlContext, use: string): void {
  const selector = String(k.flags.values.selector ?? "");
  if (k.args.length === 0 && !k.flags.changed.has("selector")) throw new UsageError(`USAGE: ${use} [flags]`);
  if (k.args.length > 0 && selector) throw new UsageError("cannot specify both a node name and a --selector option");
}

/**
 * The rest of DrainCmdOptions.Complete: the nodes NAME... (or TYPE/NAME) or
 * -l names; any failure to read a node stops the command.
 */
export function lookupNodes(k: KubectlContext): KubeObject[] {
  const selector = String(k.flags.values.selector ?? "");
  if (k.args.length === 0) {
    if (!selector) throw new KubectlError(MISSING_RESOURCE_ERROR);
    parseSelector(selector);
    return k.client.list("nodes", undefined, { labelSelector: selector }).items.map((n) => structuredClone(n) as KubeObject);
  }
  const nodes: KubeObject[] = [];
  for (const arg of k.args) {
    const slash = arg.indexOf("/");
    const typeArg = slash >= 0 ? arg.slice(0, slash) : "nodes";
    const name = slash >= 0 ? arg.slice(slash + 1) : arg;
    if (slash >= 0 && (!typeArg || !name || name.includes("/"))) {
      throw new KubectlError(name.includes("/") ? "arguments in resource/name form may not have more than one slash" : "arguments in resource/name form must have a single resource and name");
    }
    const r = k.client.resolve(typeArg);
    if (!r) throw new KubectlError(`the server doesn't have a resource type "${typeArg}"`);
    const obj = k.client.get(r, r.namespaced ? k.namespace : undefined, name);
    if (r.group !== "" || r.plural !== "nodes") {
      throw new RawError(`error: expected resource of type node, got "${r.group}/${r.version}, Resource=${r.plural}"`);
    }
    nodes.push(structuredClone(obj) as KubeObject);
  }
  return nodes;
}

/**
 * RunCordonOrUncordon: patch spec.unschedulable where it differs, print
 * `node/x cordoned` or `node/x already cordoned`; a failed patch is reported
 * and the command goes on (and still succeeds, as the real one does).
 */
export function cordonOrUncordon(k: KubectlContext, nodes: KubeObject[], desired: boolean, dryRun: DryRunStrategy, out: LiveOutput): void {
  const verb = desired ? "cordon" : "uncordon";
  const suffix = dryRunSuffix(dryRun);
  for (const node of nodes) {
    const name = node.metadata.name!;
    if ((node.spec?.unschedulable === true) === desired) {
      out.line(`node/${name} already ${verb}ed${suffix}`);
      continue;
    }
    if (dryRun !== "client") {
      try {
        k.client.patch("nodes", undefined, name, "strategic", { spec: { unschedulable: desired ? true : null } }, { dryRun: dryRun === "server" });
      } catch (e) {
        out.errLine(`error: unable to ${verb} node ${JSON.stringify(name)}: ${errorText(e)}`);
        continue;
      }
    }
    out.line(`node/${name} ${verb}ed${suffix}`);
  }
}

// ---------------------------------------------------------------- pod selection (filters.go)

export interface DrainOptions {
  force: boolean;
  ignoreAllDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  /** Seconds; negative: the pod's own terminationGracePeriodSeconds. */
  gracePeriodSeconds: number;
  /** Milliseconds; 0: no limit. */
  timeoutMs: number;
  podSelector: string;
  disableEviction: boolean;
  skipWaitForDeleteTimeoutSeconds: number;
  dryRun: DryRunStrategy;
}

const DAEMONSET_FATAL = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
const DAEMONSET_WARNING = "ignoring DaemonSet-managed Pods";
const LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)";
const LOCAL_STORAGE_WARNING = "deleting Pods with local storage";
// The doubled "cannot delete" in the final message is upstream's.
const UNMANAGED_FATAL = "cannot delete Pods that declare no controller (use --force to override)";
const UNMANAGED_WARNING = "deleting Pods that declare no controller";
const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

interface PodDeleteStatus {
  delete: boolean;
  reason: "Okay" | "Skip" | "Warning" | "Error";
  message?: string;
}

const okay = (): PodDeleteStatus => ({ delete: true, reason: "Okay" });
const skip = (): PodDeleteStatus => ({ delete: false, reason: "Skip" });
const warning = (del: boolean, message: string): PodDeleteStatus => ({ delete: del, reason: "Warning", message });
const failure = (message: string): PodDeleteStatus => ({ delete: false, reason: "Error", message });

type PodFilter = (pod: KubeObject) => PodDeleteStatus;

const finished = (pod: KubeObject) => pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
const controllerOf = (pod: KubeObject) => (pod.metadata.ownerReferences ?? []).find((r: { controller?: boolean }) => r.controller === true);
const podKey = (pod: KubeObject) => `${pod.metadata.namespace}/${pod.metadata.name}`;

function shouldSkipPod(k: KubectlContext, pod: KubeObject, skipSeconds: number): boolean {
  const ts = pod.metadata.deletionTimestamp;
  return skipSeconds > 0 && !!ts && Math.trunc((k.now() - Date.parse(ts)) / 1000) > skipSeconds;
}

/** Helper.makeFilters, in their order: the first filter that keeps a pod decides. */
function makeFilters(k: KubectlContext, d: DrainOptions): PodFilter[] {
  return [
    (pod) => (shouldSkipPod(k, pod, d.skipWaitForDeleteTimeoutSeconds) ? skip() : okay()),
    (pod) => {
      const ref = controllerOf(pod);
      if (!ref || ref.kind !== "DaemonSet" || ref.apiVersion !== "apps/v1") return okay();
      if (finished(pod)) return okay();
      try {
        k.client.get("daemonsets", pod.metadata.namespace, ref.name);
      } catch (e) {
        // An orphan whose DaemonSet is gone may go with --force.
        if (isNotFound(e) && d.force) return warning(true, errorText(e));
        return failure(errorText(e));
      }
      return d.ignoreAllDaemonSets ? warning(false, DAEMONSET_WARNING) : failure(DAEMONSET_FATAL);
    },
    (pod) => (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined ? skip() : okay()),
    (pod) => {
      if (!(pod.spec?.volumes ?? []).some((v: { emptyDir?: unknown }) => v.emptyDir)) return okay();
      if (finished(pod)) return okay();
      return d.deleteEmptyDirData ? warning(true, LOCAL_STORAGE_WARNING) : failure(LOCAL_STORAGE_FATAL);
    },
    (pod) => {
      if (finished(pod) || controllerOf(pod)) return okay();
      return d.force ? warning(true, UNMANAGED_WARNING) : failure(UNMANAGED_FATAL);
    },
  ];
}

export interface PodDeleteList {
  pods: KubeObject[];
  /** `ignoring DaemonSet-managed Pods: ns/a, ns/b; ...`, or "". */
  warnings: string;
  /** `cannot delete <reason>: ns/a, ns/b` per reason. */
  errors: string[];
}

/** Groups `ns/pod` by message, in the order messages first appear (Go's map order is random). */
function grouped(items: Array<{ pod: KubeObject; status: PodDeleteStatus }>, reason: PodDeleteStatus["reason"]): Map<string, string[]> {
  const byMessage = new Map<string, string[]>();
  for (const { pod, status } of items) {
    if (status.reason !== reason) continue;
    const msg = status.message || (reason === "Error" ? "unexpected error" : "");
    byMessage.set(msg, [...(byMessage.get(msg) ?? []), podKey(pod)]);
  }
  return byMessage;
}

/** Helper.GetPodsForDeletion: the pods on the node, each through the filters. */
function podsForDeletion(k: KubectlContext, node: string, d: DrainOptions): PodDeleteList {
  const list = k.client.list("pods", undefined, { labelSelector: d.podSelector || undefined, fieldSelector: `spec.nodeName=${node}` });
  const filters = makeFilters(k, d);
  const items = list.items.map((pod) => {
    let status = okay();
    for (const filter of filters) {
      status = filter(pod);
      if (!status.delete) break;
    }
    return { pod, status };
  });
  const warnings = [...grouped(items, "Warning")].map(([msg, pods]) => `${msg}: ${pods.join(", ")}`).join("; ");
  const errors = [...grouped(items, "Error")].map(([msg, pods]) => `cannot delete ${msg}: ${pods.join(", ")}`);
  return { pods: items.filter((i) => i.status.delete).map((i) => i.pod), warnings, errors };
}

// ---------------------------------------------------------------- eviction and deletion (drain.go)

/** Where one pod's goroutine is: asking for the eviction, or waiting for the pod to be gone. */
interface PodWork {
  pod: KubeObject;
  step: "evict" | "wait" | "done";
  due: number;
}

const hasCause = (e: ApiError, type: string) => (e.status.details?.causes ?? []).some((c) => c.reason === type);

/**
 * One waitForDelete poll of a pod: true when it is gone (deleted, or
 * replaced by a pod with another UID) or skipped as long-terminating.
 */
function podGone(k: KubectlContext, w: PodWork, verb: string, d: DrainOptions, out: LiveOutput): boolean {
  const { namespace, name, uid } = w.pod.metadata;
  let live: KubeObject;
  try {
    live = k.client.get("pods", namespace, name!);
  } catch (e) {
    if (isNotFound(e)) {
      out.line(`pod/${name} ${verb}${dryRunSuffix(d.dryRun)}`);
      return true;
    }
    out.line(`pod/${name} ${verb === "evicted" ? "eviction failed" : "deletion failed"}${dryRunSuffix(d.dryRun)}`);
    throw e;
  }
  if (live.metadata.uid !== uid) {
    out.line(`pod/${name} ${verb}${dryRunSuffix(d.dryRun)}`);
    return true;
  }
  if (shouldSkipPod(k, live, d.skipWaitForDeleteTimeoutSeconds)) {
    out.line(`pod ${JSON.stringify(name)} has DeletionTimestamp older than ${d.skipWaitForDeleteTimeoutSeconds} seconds, skipping`);
    return true;
  }
  return false;
}

/** The DeleteOptions drain sends (makeDeleteOptions). */
function deleteOptions(d: DrainOptions): { gracePeriodSeconds?: number; dryRun?: string[] } {
  const o: { gracePeriodSeconds?: number; dryRun?: string[] } = {};
  if (d.gracePeriodSeconds >= 0) o.gracePeriodSeconds = d.gracePeriodSeconds;
  if (d.dryRun === "server") o.dryRun = ["All"];
  return o;
}

/** The cluster time to stop waiting at: --timeout, else never (in scripts: SCRIPT_WAIT_LIMIT_MS). */
function limits(k: KubectlContext, d: DrainOptions): { deadline: number; giveUp: number } {
  const start = k.now();
  const deadline = d.timeoutMs > 0 ? start + d.timeoutMs : Infinity;
  const giveUp = d.timeoutMs === 0 && !k.tool.terminal ? start + SCRIPT_WAIT_LIMIT_MS : Infinity;
  return { deadline, giveUp };
}

/** Sleeps until the earliest pending step; throws Interrupted on Ctrl-C or when a script would wait forever. */
async function waitForNext(k: KubectlContext, works: PodWork[], giveUp: number): Promise<void> {
  const next = Math.min(...works.filter((w) => w.step !== "done").map((w) => w.due));
  if (next > giveUp) throw new Interrupted();
  await waitCluster(k, Math.max(0, next - k.now()));
}

/**
 * One eviction request of Helper.evictPods' retry loop: accepted (`wait`
 * for the pod to go), to be retried in five seconds (a 429 from a
 * PodDisruptionBudget, a terminating namespace), or over (the pod is
 * already gone, or an error to report).
 */
function requestEviction(
  k: KubectlContext,
  w: PodWork,
  body: object,
  d: DrainOptions,
  errors: string[],
  out: LiveOutput,
): "wait" | "retry" | "done" {
  const { namespace: ns, name } = w.pod.metadata;
  const target = `pods/${JSON.stringify(name)} -n ${JSON.stringify(ns)}`;
  try {
    k.client.evict(ns!, name!, body as KubeObject, { dryRun: d.dryRun === "server" });
    return "wait";
  } catch (e) {
    if (isNotFound(e)) return "done";
    if (e instanceof ApiError && e.status.code === 429) {
      out.errLine(`error when evicting ${target} (will retry after 5s): ${e.message}`);
      return "retry";
    }
    if (e instanceof ApiError && e.status.reason === "Forbidden" && hasCause(e, "NamespaceTerminating")) {
      // A pod already terminating in a namespace being deleted is waited for; another is retried.
      if (w.pod.metadata.deletionTimestamp) return "wait";
      out.errLine(`error when evicting pod ${JSON.stringify(name)} from terminating namespace ${JSON.stringify(ns)} (will retry after 5s): ${e.message}`);
      return "retry";
    }
    errors.push(`error when evicting ${target}: ${errorText(e)}`);
    return "done";
  }
}

/**
 * Helper.evictPods: every pod's eviction starts at once (`evicting pod
 * ns/name`); a 429 from a PodDisruptionBudget is printed and retried every
 * five seconds; an accepted eviction is followed by polling every second
 * until the pod is gone (`pod/name evicted`). Returns the errors.
 */
async function evictPods(k: KubectlContext, pods: KubeObject[], d: DrainOptions, out: LiveOutput): Promise<string[]> {
  const { deadline, giveUp } = limits(k, d);
  const globalTimeout = d.timeoutMs > 0 ? goDuration(d.timeoutMs) : "2562047h47m16.854775807s";
  const errors: string[] = [];
  const works: PodWork[] = pods.map((pod) => ({ pod, step: "evict", due: k.now() }));
  const body = { deleteOptions: deleteOptions(d) };
  while (works.some((w) => w.step !== "done")) {
    for (const w of works) {
      const now = k.now();
      if (w.step === "done" || w.due > now) continue;
      const { namespace: ns, name } = w.pod.metadata;
      if (w.step === "evict") {
        out.line(`evicting pod ${ns}/${name}${d.dryRun === "server" ? " (server dry run)" : ""}`);
        if (now >= deadline) {
          errors.push(`error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(ns)}: global timeout reached: ${globalTimeout}`);
          w.step = "done";
          continue;
        }
        const outcome = requestEviction(k, w, body, d, errors, out);
        if (outcome === "retry") {
          w.due = now + EVICTION_RETRY_MS;
          continue;
        }
        if (outcome === "done") {
          w.step = "done";
          continue;
        }
        if (d.dryRun === "server") {
          w.step = "done";
          continue;
        }
        w.step = "wait";
      } else if (now >= deadline) {
        // waitForDelete checks the deadline before each later poll.
        errors.push(`error when waiting for pod ${JSON.stringify(name)} in namespace ${JSON.stringify(ns)} to terminate: context deadline exceeded`);
        w.step = "done";
        continue;
      }
      // waitForDelete: a first check right after the eviction, then one a second.
      try {
        if (podGone(k, w, "evicted", d, out)) {
          w.step = "done";
          continue;
        }
      } catch (e) {
        errors.push(`error when waiting for pod ${JSON.stringify(name)} in namespace ${JSON.stringify(ns)} to terminate: ${errorText(e)}`);
        w.step = "done";
        continue;
      }
      w.due = Math.min(now + POLL_INTERVAL_MS, deadline);
    }
    if (works.some((w) => w.step !== "done")) await waitForNext(k, works, giveUp);
  }
  return errors;
}

/**
 * Helper.deletePods (--disable-eviction): DELETE each pod (the first
 * failure other than NotFound stops), then wait for all of them to be gone
 * (`pod/name deleted`). Returns the error, if any.
 */
async function deletePods(k: KubectlContext, pods: KubeObject[], d: DrainOptions, out: LiveOutput): Promise<unknown> {
  const opts = deleteOptions(d);
  for (const pod of pods) {
    try {
      k.client.delete("pods", pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: opts.gracePeriodSeconds, dryRun: d.dryRun === "server" });
    } catch (e) {
      if (!isNotFound(e)) return e;
    }
  }
  const { deadline, giveUp } = limits(k, d);
  const works: PodWork[] = pods.map((pod) => ({ pod, step: "wait", due: k.now() }));
  for (let first = true; ; first = false) {
    // The first check runs at once; later ones lose to the deadline.
    if (!first && k.now() >= deadline) return new Error("context deadline exceeded");
    for (const w of works) {
      if (w.step === "done") continue;
      try {
        if (podGone(k, w, "deleted", d, out)) w.step = "done";
      } catch (e) {
        return e;
      }
    }
    if (works.every((w) => w.step === "done")) return undefined;
    const now = k.now();
    for (const w of works) w.due = Math.min(now + POLL_INTERVAL_MS, deadline);
    await waitForNext(k, works, giveUp);
  }
}

/**
 * DrainCmdOptions.deleteOrEvictPodsSimple: refuse the node if any pod may
 * not go, warn about the pods left alone, then evict (or delete) the rest.
 */
async function drainNode(k: KubectlContext, node: string, d: DrainOptions, out: LiveOutput): Promise<DrainFailure | undefined> {
  let list: PodDeleteList;
  try {
    list = podsForDeletion(k, node, d);
  } catch (e) {
    return new DrainFailure([e], true);
  }
  if (list.errors.length) return new DrainFailure(list.errors, true);
  if (list.warnings) out.errLine(`Warning: ${list.warnings}`);
  if (d.dryRun === "client") {
    for (const pod of list.pods) out.line(`evicting pod ${podKey(pod)} (dry run)`);
    return undefined;
  }
  if (list.pods.length === 0) return undefined;
  let failure: DrainFailure | undefined;
  if (d.disableEviction) {
    const err = await deletePods(k, list.pods, d, out);
    if (err) failure = new DrainFailure([err], false);
  } else {
    const errs = await evictPods(k, list.pods, d, out);
    if (errs.length) failure = new DrainFailure(errs, true);
  }
  if (!failure) return undefined;
  try {
    const pending = podsForDeletion(k, node, d);
    if (pending.pods.length) {
      out.errLine(`There are pending pods in node ${JSON.stringify(node)} when an error occurred: ${failure.text}`);
      for (const pod of pending.pods) out.errLine(`pod/${pod.metadata.name}`);
    }
    if (pending.errors.length) {
      const agg = new DrainFailure(pending.errors, true);
      // No newline after the aggregate: the next line starts right after it, as in the real output.
      out.err(`Following errors occurred while getting the list of pods to delete:\n${agg.text}`);
    }
  } catch (e) {
    out.errLine(`Following errors occurred while getting the list of pods to delete:\n${errorText(e)}`);
  }
  return failure;
}

/**
 * RunDrain: cordon every node, then drain them one by one; a node that
 * fails is reported and the others still drained. Returns the exit code.
 */
export async function runDrain(k: KubectlContext, nodes: KubeObject[], d: DrainOptions): Promise<number> {
  const out = new LiveOutput(k);
  cordonOrUncordon(k, nodes, true, d.dryRun, out);
  const fatal: DrainFailure[] = [];
  const remaining: string[] = [];
  for (const node of nodes) {
    const name = node.metadata.name!;
    let failure: DrainFailure | undefined;
    try {
      failure = await drainNode(k, name, d, out);
    } catch (e) {
      if (e instanceof Interrupted) return 130;
      throw e;
    }
    if (!failure) {
      out.line(`node/${name} drained${dryRunSuffix(d.dryRun)}`);
      continue;
    }
    out.errLine(`error: unable to drain node ${JSON.stringify(name)} due to error: ${failure.text}, continuing command...`);
    fatal.push(failure);
    remaining.push(name);
  }
  if (remaining.length) {
    out.errLine("There are pending nodes to be drained:");
    for (const name of remaining) out.errLine(` ${name}`);
  }
  if (fatal.length === 1) throw new RawError(fatal[0].standalone);
  if (fatal.length > 1) throw new RawError(fatal.map((f) => (f.aggregate || !(f.errors[0] instanceof ApiError) ? f.text : formatApiError(f.errors[0] as ApiError))).join("\n"));
  return 0;
}
