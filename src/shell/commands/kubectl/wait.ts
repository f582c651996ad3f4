/**
 * kubectl wait ([-f FILENAME] | TYPE/NAME | TYPE [(-l label | --all)])
 * --for=condition=C[=V] | --for=delete | --for=create | --for=jsonpath='{...}'[=V]
 * (pkg/cmd/wait): waits for each object in turn, within one --timeout
 * (default 30s) for all of them, and prints `pod/x condition met`. A timeout
 * is `timed out waiting for the condition on pods/x`, exit 1.
 */
import { isNotFound } from "../../../cluster/api/errors.js";
import type { KubeObject } from "../../../cluster/api/types.js";
import { parseDuration } from "../../../cluster/clock.js";
import { KubectlError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";
import { ErrorList } from "./common/errors.js";
import { filenameOptions } from "./common/file-objects.js";
import { PRINT_FLAGS, sortedFlags, stringFlag } from "./common/flags.js";
import { ObjectPrinter } from "./common/print.js";
import type { Target } from "./common/targets.js";
import { goSprint } from "./printers/gofmt.js";
import { JSONPath, JSONPathError, relaxedJSONPathExpression } from "./printers/jsonpath.js";
import { checkErrors, findObjects, goError, objectName } from "./visit.js";
import { deadlineFor, pollUntil, untilEvent, type WaitOutcome } from "./watch-until.js";

/** What a timeout looks like when the wait has no object to name (--for=create). */
const WAIT_TIMEOUT = "timed out waiting for the condition";
const WEEK_MS = 168 * 60 * 60 * 1000;

type Condition = { kind: "delete" } | { kind: "create" } | { kind: "check"; check: (obj: KubeObject) => boolean };

/** unstructured.NestedInt64: only a whole number counts. */
function int64(v: unknown): number | undefined {
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

/** ConditionalWait.checkCondition: the condition of that type has that status (case-insensitive), and is not stale. */
function conditionCheck(name: string, status: string): (obj: KubeObject) => boolean {
  return (obj) => {
    const conditions = obj.status?.conditions;
    if (!Array.isArray(conditions)) return false;
    for (const c of conditions) {
      if (typeof c?.type !== "string" || c.type.toLowerCase() !== name.toLowerCase()) continue;
      if (typeof c.status !== "string") continue;
      const generation = int64(obj.metadata.generation);
      if (generation !== undefined) {
        const observed = int64(c.observedGeneration) ?? int64(obj.status?.observedGeneration);
        if (observed !== undefined && observed < generation) return false;
      }
      return c.status.toLowerCase() === status.toLowerCase();
    }
    return false;
  };
}

/** splitJSONPathInput: split on single `=`, `==` kept. */
function splitJSONPathInput(input: string): string[] {
  const out: string[] = [];
  let element = "";
  for (let i = 0; i < input.length; i++) {
    if (input[i] === "=") {
      if (i < input.length - 1 && input[i + 1] === "=") {
        element += "==";
        i++;
        continue;
      }
      out.push(element);
      element = "";
      continue;
    }
    element += input[i];
  }
  out.push(element);
  return out;
}

/** JSONPathWait.checkCondition: exactly one value, equal (as fmt prints it) to the one wanted, or any value. */
function jsonPathCheck(input: string): (obj: KubeObject) => boolean {
  const parts = splitJSONPathInput(input);
  if (parts.length < 1 || parts.length > 2) {
    throw new KubectlError("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'");
  }
  let expr: string;
  try {
    expr = relaxedJSONPathExpression(parts[0]);
  } catch (e) {
    throw new KubectlError((e as Error).message);
  }
  let wanted: string | undefined;
  if (parts.length === 2) {
    wanted = parts[1].replace(/^['"]+|['"]+$/g, "");
    if (wanted === "") throw new KubectlError("jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3");
  }
  if (expr === "") throw new KubectlError("jsonpath expression cannot be empty");
  const jp = new JSONPath("wait");
  jp.allowMissingKeys = true;
  try {
    jp.parse(expr);
  } catch (e) {
    throw new KubectlError((e as Error).message);
  }
  return (obj) => {
    let results;
    try {
      results = jp.findResults(obj as never);
    } catch (e) {
      if (e instanceof JSONPathError) throw goError(e.message);
      throw e;
    }
    if (results.length === 0 || results[0].length === 0) return false;
    if (results.length > 1) throw goError("given jsonpath expression matches more than one list");
    if (results[0].length > 1) throw goError("given jsonpath expression matches more than one value");
    if (wanted === undefined) return true;
    const v = results[0][0] as unknown;
    if (v !== null && typeof v === "object") throw goError("jsonpath leads to a nested object or list which is not supported");
    return goSprint(v).trim() === wanted.trim();
  };
}

/** conditionFuncFor. */
function conditionFor(forFlag: string): Condition {
  const lower = forFlag.toLowerCase();
  if (lower === "delete") return { kind: "delete" };
  if (lower === "create") return { kind: "create" };
  if (forFlag.startsWith("condition=")) {
    const rest = forFlag.slice("condition=".length);
    const eq = rest.indexOf("=");
    return { kind: "check", check: eq === -1 ? conditionCheck(rest, "true") : conditionCheck(rest.slice(0, eq), rest.slice(eq + 1)) };
  }
  if (forFlag.startsWith("jsonpath=")) return { kind: "check", check: jsonPathCheck(forFlag.slice("jsonpath=".length)) };
  throw new KubectlError(`unrecognized condition: ${JSON.stringify(forFlag)}`);
}

function timedOut(t: Target): Error {
  return goError(`${WAIT_TIMEOUT} on ${t.resource.plural}/${t.name}`);
}

/** getObjAndCheckCondition: the object now, then every change, until the check passes. */
async function waitForCheck(k: KubectlContext, t: Target, check: (obj: KubeObject) => boolean, timeout: number, deadline: number | undefined): Promise<KubeObject | WaitOutcome> {
  if (!t.name) throw goError("resource name must be provided");
  const current = k.client.get(t.resource, t.namespace, t.name);
  if (timeout === 0) {
    if (!check(current)) throw goError(`condition not met for ${objectName(t.resource, t.name)}`);
    return current;
  }
  if (deadline !== undefined && k.now() >= deadline) throw timedOut(t);
  if (check(current)) return current;
  let met: KubeObject | undefined;
  const outcome = await untilEvent(k, t, current.metadata.resourceVersion, deadline, (ev) => {
    if (ev.type === "DELETED" || !check(ev.object)) return false;
    met = ev.object;
    return true;
  });
  return met ?? outcome;
}

/** IsDeleted: gone (or replaced by another object of that name) now, or a DELETED event before the deadline. */
async function waitForDeletion(k: KubectlContext, t: Target, timeout: number, deadline: number | undefined): Promise<KubeObject | WaitOutcome> {
  if (!t.name) throw goError("resource name must be provided");
  const original = t.object as KubeObject;
  let current: KubeObject;
  try {
    current = k.client.get(t.resource, t.namespace, t.name);
  } catch (e) {
    if (isNotFound(e)) return original;
    throw e;
  }
  if (original.metadata.uid && current.metadata.uid !== original.metadata.uid) return current;
  if (timeout === 0) throw goError(`condition not met for ${objectName(t.resource, t.name)}`);
  if (deadline !== undefined && k.now() >= deadline) throw timedOut(t);
  const outcome = await untilEvent(k, t, current.metadata.resourceVersion, deadline, (ev) => ev.type === "DELETED");
  return outcome === "done" ? current : outcome;
}

export const waitCommand: Subcommand = {
  name: "wait",
  short: "Experimental: Wait for a specific condition on one or many resources",
  long: 'Experimental: Wait for a specific condition on one or many resources.\n\n The command takes multiple resources and waits until the specified condition is seen in the Status field of every given resource.\n\n Alternatively, the command can wait for the given set of resources to be created or deleted by providing the "create" or "delete" keyword as the value to the --for flag.\n\n A successful message will be printed to stdout indicating when the specified condition has been met. You can use -o option to change to output destination.',
  examples:
    "  # Wait for the pod \"busybox1\" to contain the status condition of type \"Ready\"\n  kubectl wait --for=condition=Ready pod/busybox1\n  \n  # The default value of status condition is true; you can wait for other targets after an equal delimiter (compared after Unicode simple case folding, which is a more general form of case-insensitivity)\n  kubectl wait --for=condition=Ready=false pod/busybox1\n  \n  # Wait for the pod \"busybox1\" to contain the status phase to be \"Running\"\n  kubectl wait --for=jsonpath='{.status.phase}'=Running pod/busybox1\n  \n  # Wait for pod \"busybox1\" to be Ready\n  kubectl wait --for='jsonpath={.status.conditions[?(@.type==\"Ready\")].status}=True' pod/busybox1\n  \n  # Wait for the service \"loadbalancer\" to have ingress\n  kubectl wait --for=jsonpath='{.status.loadBalancer.ingress}' service/loadbalancer\n  \n  # Wait for the secret \"busybox1\" to be created, with a timeout of 30s\n  kubectl create secret generic busybox1\n  kubectl wait --for=create secret/busybox1 --timeout=30s\n  \n  # Wait for the pod \"busybox1\" to be deleted, with a timeout of 60s, after having issued the \"delete\" command\n  kubectl delete pod/busybox1\n  kubectl wait --for=delete pod/busybox1 --timeout=60s",
  usage:
    "kubectl wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]",
  flags: sortedFlags([
    ...PRINT_FLAGS,
    { name: "all", type: "bool", usage: "Select all resources in the namespace of the specified resource types" },
    {
      name: "all-namespaces",
      short: "A",
      type: "bool",
      usage: "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.",
    },
    {
      name: "field-selector",
      type: "string",
      usage:
        "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
    },
    { name: "filename", short: "f", type: "stringSlice", usage: "identifying the resource." },
    {
      name: "for",
      type: "string",
      usage:
        "The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]. The default condition-value is true. Condition values are compared after Unicode simple case folding, which is a more general form of case-insensitivity.",
    },
    { name: "local", type: "bool", usage: "If true, annotation will NOT contact api-server but run locally." },
    {
      name: "recursive",
      short: "R",
      type: "bool",
      default: true,
      usage: "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.",
    },
    { name: "selector", short: "l", type: "string", usage: "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2)" },
    {
      name: "timeout",
      type: "duration",
      default: "30s",
      usage: "The length of time to wait before giving up. Zero means check once and don't wait, negative means wait for a week.",
    },
  ]),
  async run(k: KubectlContext) {
    const printer = await ObjectPrinter.create(k, { operation: "condition met", dryRun: "none" });
    const forFlag = stringFlag(k, "for");
    const condition = conditionFor(forFlag);
    let timeout = parseDuration(String(k.flags.values.timeout ?? "30s")) ?? 0;
    if (timeout < 0) timeout = WEEK_MS;
    const deadline = timeout > 0 ? deadlineFor(k, timeout) : undefined;
    const find = async (errors: ErrorList) =>
      findObjects(
        k,
        {
          args: k.args,
          files: filenameOptions(k),
          labelSelector: stringFlag(k, "selector"),
          fieldSelector: stringFlag(k, "field-selector"),
          all: k.flags.values.all === true,
          allNamespaces: k.flags.values["all-namespaces"] === true,
          latest: true,
        },
        errors,
      );

    if (condition.kind === "create") {
      // Polled every half second until the builder finds the objects (NotFound means not yet); --timeout=0 checks once.
      const outcome = await pollUntil(k, 500, deadline ?? k.now(), async () => {
        const errors = new ErrorList();
        const found = await find(errors);
        checkErrors(errors.errors.filter((e) => !isNotFound(e)));
        return found.length > 0 && errors.empty;
      });
      if (outcome === "interrupted") return 130;
      if (outcome === "timeout") throw new KubectlError(WAIT_TIMEOUT);
    }

    const errors = new ErrorList();
    const targets = await find(errors);
    if (condition.kind === "delete") errors.discard(isNotFound);
    const errs: unknown[] = [...errors.errors];
    for (const t of targets) {
      try {
        let result: KubeObject | WaitOutcome;
        if (condition.kind === "create") result = t.object as KubeObject;
        else if (condition.kind === "delete") result = await waitForDeletion(k, t, timeout, deadline);
        else result = await waitForCheck(k, t, condition.check, timeout, deadline);
        if (result === "interrupted") return 130;
        if (result === "timeout") throw timedOut(t);
        if (typeof result !== "string") printer.print(result);
      } catch (e) {
        errs.push(e);
      }
    }
    checkErrors(errs);
    if (targets.length === 0 && errs.length === 0 && condition.kind !== "delete") throw new KubectlError("no matching resources found");
    return 0;
  },
};
