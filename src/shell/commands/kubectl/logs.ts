/**
 * kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] (pkg/cmd/logs/logs.go,
 * polymorphichelpers/logsforobject.go): the log of a pod's container as
 * its kubelet serves it (pods/log), of a workload's best pod ("Found N
 * pods, using pod/x"), or of every pod a selector matches (10 lines each by
 * default); --all-containers, --prefix, --tail, --since, --since-time,
 * --timestamps, --limit-bytes, -p for the previous instance. -f keeps
 * streaming at the interactive terminal until the container exits or
 * Ctrl-C; in a script it prints what there is and returns.
 */
import { isNotFound } from "../../../cluster/api/errors.js";
import type { KubeObject } from "../../../cluster/api/types.js";
import type { LogRequest } from "../../../cluster/kubelet/kubelet.js";
import { rfc3339Nano } from "../../../cluster/kubelet/runtime/runtime.js";
import { parseDuration } from "../../../cluster/clock.js";
import { KubectlError, UsageError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";
import { SELECTOR_FLAG, boolFlag, intFlag, sortedFlags, stringFlag } from "./common/flags.js";
import { DEFAULT_CONTAINER_ANNOTATION, allContainerNames, findContainer, hasContainerChoice } from "./common/container-select.js";
import { loggedContainer, podLogs, type ContainerStream } from "./common/kubelet-connection.js";
import { LiveOutput, interruptible, waitCluster } from "./common/interruptible.js";
import { POD_RUNNING_TIMEOUT_FLAG, objectForArg, podForObject, podRunningTimeoutMs, podsForSelector, selectorForObject } from "./common/pod-for-object.js";

const USAGE = "logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]";
const USAGE_ERROR = `expected '${USAGE}'.\nPOD or TYPE/NAME is a required argument for the logs command`;
/** Lines per pod when a selector is used and --tail is not given. */
const SELECTOR_TAIL = 10;
const FOLLOW_POLL_MS = 1000;

/** One log stream: a container of a pod. */
interface LogSource {
  pod: KubeObject;
  container: string;
}

// ---------------------------------------------------------------- time parsing

/** Go's time.Parse(time.RFC3339, s) with its error texts (`cannot parse "x" as "2006"`). */
function parseRfc3339(s: string): number {
  const layout: Array<[string, RegExp]> = [
    ["2006", /^\d{4}/],
    ["-", /^-/],
    ["01", /^\d{2}/],
    ["-", /^-/],
    ["02", /^\d{2}/],
    ["T", /^T/],
    ["15", /^\d{2}/],
    [":", /^:/],
    ["04", /^\d{2}/],
    [":", /^:/],
    ["05", /^\d{2}(\.\d+)?/],
    ["Z07:00", /^(Z|[+-]\d{2}:\d{2})/],
  ];
  let rest = s;
  const fail = (detail: string): never => {
    throw new KubectlError(`parsing time ${JSON.stringify(s)} as "2006-01-02T15:04:05Z07:00": ${detail}`);
  };
  for (const [elem, re] of layout) {
    const m = re.exec(rest);
    if (!m) fail(`cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(elem)}`);
    rest = rest.slice(m![0].length);
  }
  if (rest) throw new KubectlError(`parsing time ${JSON.stringify(s)}: extra text: ${JSON.stringify(rest)}`);
  const t = Date.parse(s);
  if (Number.isNaN(t)) fail("day out of range");
  return t;
}

// ---------------------------------------------------------------- sources

/**
 * LogsForObject for one pod: the container -c names, else the
 * default-container annotation's, else the first (with the notice).
 */
function sourcesForPod(k: KubectlContext, pod: KubeObject, container: string, allContainers: boolean, notice: boolean): LogSource[] {
  if (allContainers) {
    const names = ["initContainers", "containers", "ephemeralContainers"].flatMap((kind) => ((pod.spec?.[kind] ?? []) as Array<{ name: string }>).map((c) => c.name));
    return names.map((name) => ({ pod, container: name }));
  }
  let name = container;
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (!name && annotated) {
    if (findContainer(pod, annotated)) name = annotated;
    else k.out.errLine(`Default container name "${annotated}" not found in pod ${pod.metadata.name}`);
  }
  if (!name) {
    name = pod.spec?.containers?.[0]?.name ?? "";
    if (notice && hasContainerChoice(pod)) k.out.errLine(`Defaulted container "${name}" out of: ${allContainerNames(pod)}`);
  }
  if (!findContainer(pod, name)) throw new KubectlError(`container ${name} is not valid for pod ${pod.metadata.name}`);
  return [{ pod, container: name }];
}

// ---------------------------------------------------------------- streaming

function prefixFor(src: LogSource): string {
  return `[pod/${src.pod.metadata.name}/${src.container}] `;
}

function withPrefix(text: string, prefix: string): string {
  if (!prefix || !text) return text;
  return text
    .split(/(?<=\n)/)
    .map((line) => prefix + line)
    .join("");
}

/** New lines of a followed container since index `from`, as the kubelet formats them. */
function newLines(stream: ContainerStream, from: number, timestamps: boolean): { text: string; next: number } {
  const entries = stream.machine.runtime.logEntries(stream.container.id);
  let text = "";
  for (let i = from; i < entries.length; i++) text += `${timestamps ? `${rfc3339Nano(entries[i].time)} ` : ""}${entries[i].text}\n`;
  return { text, next: entries.length };
}

export const logsCommand: Subcommand = {
  name: "logs",
  short: "Print the logs for a container in a pod",
  long: "Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.",
  examples: `  # Return snapshot logs from pod nginx with only one container
  kubectl logs nginx
  
  # Return snapshot logs from pod nginx, prefixing each line with the source pod and container name
  kubectl logs nginx --prefix
  
  # Return snapshot logs from pod nginx, limiting output to 500 bytes
  kubectl logs nginx --limit-bytes=500
  
  # Return snapshot logs from pod nginx, waiting up to 20 seconds for it to start running.
  kubectl logs nginx --pod-running-timeout=20s
  
  # Return snapshot logs from pod nginx with multi containers
  kubectl logs nginx --all-containers=true
  
  # Return snapshot logs from all pods in the deployment nginx
  kubectl logs deployment/nginx --all-pods=true
  
  # Return snapshot logs from all containers in pods defined by label app=nginx
  kubectl logs -l app=nginx --all-containers=true
  
  # Return snapshot logs from all pods defined by label app=nginx, limiting concurrent log requests to 10 pods
  kubectl logs -l app=nginx --max-log-requests=10
  
  # Return snapshot of previous terminated ruby container logs from pod web-1
  kubectl logs -p -c ruby web-1
  
  # Begin streaming the logs from pod nginx, continuing even if errors occur
  kubectl logs nginx -f --ignore-errors=true
  
  # Begin streaming the logs of the ruby container in pod web-1
  kubectl logs -f -c ruby web-1
  
  # Begin streaming the logs from all containers in pods defined by label app=nginx
  kubectl logs -f -l app=nginx --all-containers=true
  
  # Display only the most recent 20 lines of output in pod nginx
  kubectl logs --tail=20 nginx
  
  # Show all logs from pod nginx written in the last hour
  kubectl logs --since=1h nginx
  
  # Show all logs with timestamps from pod nginx starting from August 30, 2024, at 06:00:00 UTC
  kubectl logs nginx --since-time=2024-08-30T06:00:00Z --timestamps=true
  
  # Show logs from a kubelet with an expired serving certificate
  kubectl logs --insecure-skip-tls-verify-backend nginx
  
  # Return snapshot logs from first container of a job named hello
  kubectl logs job/hello
  
  # Return snapshot logs from container nginx-1 of a deployment named nginx
  kubectl logs deployment/nginx -c nginx-1`,
  usage: `kubectl ${USAGE}`,
  flags: sortedFlags([
    { name: "all-containers", type: "bool", usage: "Get all containers' logs in the pod(s)." },
    { name: "all-pods", type: "bool", usage: "Get logs from all pod(s). Sets prefix to true." },
    { name: "container", short: "c", type: "string", usage: "Print the logs of this container" },
    { name: "follow", short: "f", type: "bool", usage: "Specify if the logs should be streamed." },
    { name: "ignore-errors", type: "bool", usage: "If watching / following pod logs, allow for any errors that occur to be non-fatal" },
    {
      name: "insecure-skip-tls-verify-backend",
      type: "bool",
      usage:
        "Skip verifying the identity of the kubelet that logs are requested from.  In theory, an attacker could provide invalid log content back. You might want to use this if your kubelet serving certificates have expired.",
    },
    { name: "limit-bytes", type: "int", usage: "Maximum bytes of logs to return. Defaults to no limit." },
    { name: "max-log-requests", type: "int", default: 5, usage: "Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5." },
    POD_RUNNING_TIMEOUT_FLAG("20s"),
    { name: "prefix", type: "bool", usage: "Prefix each log line with the log source (pod name and container name)" },
    { name: "previous", short: "p", type: "bool", usage: "If true, print the logs for the previous instance of the container in a pod if it exists." },
    SELECTOR_FLAG,
    { name: "since", type: "duration", default: "0s", usage: "Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used." },
    { name: "since-time", type: "string", usage: "Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used." },
    { name: "tail", type: "int", default: -1, usage: "Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided." },
    { name: "timestamps", type: "bool", usage: "Include timestamps on each line in the log output" },
  ]),
  run(k) {
    return interruptible(async () => {
      // Complete.
      const selector = stringFlag(k, "selector");
      let container = stringFlag(k, "container");
      const containerSpecified = k.flags.changed.has("container");
      let resourceArg = "";
      switch (k.args.length) {
        case 0:
          if (!selector) throw new UsageError(USAGE_ERROR);
          break;
        case 1:
          resourceArg = k.args[0];
          if (selector) throw new UsageError("only a selector (-l) or a POD name is allowed");
          break;
        case 2:
          resourceArg = k.args[0];
          container = k.args[1];
          break;
        default:
          throw new UsageError(USAGE_ERROR);
      }
      const allPods = boolFlag(k, "all-pods");
      const prefix = allPods || boolFlag(k, "prefix");
      const timeoutMs = podRunningTimeoutMs(k);
      const sinceTimeText = stringFlag(k, "since-time");
      const sinceTime = sinceTimeText ? parseRfc3339(sinceTimeText) : undefined;
      const sinceMs = parseDuration(stringFlag(k, "since")) ?? 0;
      const limitBytes = intFlag(k, "limit-bytes");
      const tail = intFlag(k, "tail");
      const tailLines = selector && tail === -1 && !k.flags.changed.has("tail") ? SELECTOR_TAIL : tail !== -1 ? tail : undefined;

      let object: KubeObject | undefined;
      let selected: KubeObject[] | undefined;
      if (resourceArg) {
        try {
          object = objectForArg(k, resourceArg);
        } catch (e) {
          if (isNotFound(e)) throw new KubectlError(`error from server (NotFound): ${(e as Error).message} in namespace "${k.namespace}"`);
          throw e;
        }
      } else {
        selected = k.client.list("pods", k.namespace, { labelSelector: selector }).items;
        if (selected.length === 0) k.out.errLine(`No resources found in ${k.namespace} namespace.`);
      }

      // Validate.
      if (sinceTimeText && sinceMs !== 0) throw new KubectlError("at most one of `sinceTime` or `sinceSeconds` may be specified");
      const allContainers = boolFlag(k, "all-containers");
      if (allContainers && container) throw new KubectlError(`--all-containers=true should not be specified with container name ${container}`);
      if (containerSpecified && k.args.length === 2) throw new KubectlError("only one of -c or an inline [CONTAINER] arg is allowed");
      if (limitBytes < 0) throw new KubectlError("--limit-bytes must be greater than 0");
      if (sinceMs < 0) throw new KubectlError("--since must be greater than 0");
      if (tailLines !== undefined && tailLines < -1) throw new KubectlError("--tail must be greater than or equal to -1");

      // LogsForObject: which pods and containers.
      const sources: LogSource[] = [];
      if (selected) {
        for (const pod of selected) sources.push(...sourcesForPod(k, pod, container, allContainers, true));
      } else if (object!.kind === "Pod") {
        sources.push(...sourcesForPod(k, object!, container, allContainers, !allPods));
      } else {
        const { pod, count } = await podForObject(k, object!, timeoutMs, "logging", "get the logs from");
        if (count > 1 && !allPods) k.out.errLine(`Found ${count} pods, using pod/${pod.metadata.name}`);
        const pods = count > 1 && allPods ? await podsForSelector(k, pod.metadata.namespace ?? k.namespace, selectorForObject(object!), timeoutMs, "logging") : [pod];
        for (const p of pods) sources.push(...sourcesForPod(k, p, container, allContainers, !allPods));
      }

      const follow = boolFlag(k, "follow");
      const maxRequests = intFlag(k, "max-log-requests");
      if (follow && sources.length > 1 && sources.length > maxRequests) {
        throw new KubectlError(
          `you are attempting to follow ${sources.length} log streams, but maximum allowed concurrency is ${maxRequests}, use --max-log-requests to increase the limit`,
        );
      }

      const req: LogRequest = {
        previous: boolFlag(k, "previous"),
        timestamps: boolFlag(k, "timestamps"),
        tailLines,
        sinceSeconds: sinceTime !== undefined ? Math.max(0, (k.now() - sinceTime) / 1000) : sinceMs ? Math.round(sinceMs / 1000) : undefined,
        limitBytes: limitBytes > 0 ? limitBytes : undefined,
      };
      const live = new LiveOutput(k);
      const ignoreErrors = boolFlag(k, "ignore-errors");
      const followed: Array<{ stream: ContainerStream; next: number; prefix: string }> = [];
      for (const src of sources) {
        const p = prefix ? prefixFor(src) : "";
        try {
          live.out(withPrefix(podLogs(k, src.pod, { ...req, container: src.container }), p));
        } catch (e) {
          if (!ignoreErrors) throw e;
          live.out(`error: ${(e as Error).message}\n`);
          continue;
        }
        const stream = follow && !req.previous ? loggedContainer(k, src.pod, src.container) : undefined;
        if (stream) followed.push({ stream, next: stream.machine.runtime.logEntries(stream.container.id).length, prefix: p });
      }

      // -f: only the interactive terminal can wait for more (until the containers exit or Ctrl-C).
      if (!k.tool.terminal) return 0;
      while (followed.length > 0 && !live.interrupted) {
        await waitCluster(k, FOLLOW_POLL_MS);
        for (let i = followed.length - 1; i >= 0; i--) {
          const f = followed[i];
          const { text, next } = newLines(f.stream, f.next, req.timestamps === true);
          f.next = next;
          live.out(withPrefix(text, f.prefix));
          if (f.stream.machine.runtime.containerStatus(f.stream.container.id)?.state !== "CONTAINER_RUNNING") followed.splice(i, 1);
        }
      }
      return 0;
    });
  },
};
