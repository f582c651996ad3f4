/**
 * The deletion flags shared by `kubectl delete` and `kubectl apply --force`
 * (pkg/cmd/delete/delete_flags.go): --cascade, --grace-period, --force,
 * --now, --timeout, --wait, and how they turn into DeleteOptions.
 */
import { parseDuration } from "../../../../cluster/clock.js";
import type { FlagSpec } from "../../../flags.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext } from "../types.js";

export type PropagationPolicy = "Background" | "Foreground" | "Orphan";

export const CASCADE_FLAG: FlagSpec = {
  name: "cascade",
  type: "string",
  default: "background",
  noOptDefault: "background",
  usage:
    'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.',
};
export const FORCE_FLAG: FlagSpec = {
  name: "force",
  type: "bool",
  usage:
    "If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.",
};
export const GRACE_PERIOD_FLAG: FlagSpec = {
  name: "grace-period",
  type: "int",
  default: -1,
  usage:
    "Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).",
};
export const TIMEOUT_FLAG: FlagSpec = {
  name: "timeout",
  type: "duration",
  default: "0s",
  usage: "The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object",
};

export function waitFlag(defaultValue: boolean): FlagSpec {
  return { name: "wait", type: "bool", default: defaultValue, usage: "If true, wait for resources to be gone before returning. This waits for finalizers." };
}

const TRUE_STRINGS = ["1", "t", "T", "TRUE", "true", "True"];
const FALSE_STRINGS = ["0", "f", "F", "FALSE", "false", "False"];

/** parseCascadingFlag, with the deprecation warning for boolean values. */
export function cascadeStrategy(k: KubectlContext): PropagationPolicy {
  const v = String(k.flags.values.cascade ?? "background");
  if (TRUE_STRINGS.includes(v)) {
    k.out.err(`warning: --cascade=${v} is deprecated (boolean value) and can be replaced with --cascade=background.\n`);
    return "Background";
  }
  if (FALSE_STRINGS.includes(v)) {
    k.out.err(`warning: --cascade=${v} is deprecated (boolean value) and can be replaced with --cascade=orphan.\n`);
    return "Orphan";
  }
  switch (v) {
    case "orphan":
      return "Orphan";
    case "foreground":
      return "Foreground";
    case "background":
      return "Background";
    default:
      throw new KubectlError(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan"`);
  }
}

/** --timeout in milliseconds (0 when unset). */
export function timeoutMs(k: KubectlContext): number {
  return parseDuration(String(k.flags.values.timeout ?? "0s")) ?? 0;
}

/**
 * The grace period DeleteOptions.Complete settles on: --now means 1, 0 without
 * --force means 1, --force without a period means 0; -1 leaves the server's default.
 */
export function effectiveGracePeriod(k: KubectlContext): number {
  let grace = Number(k.flags.values["grace-period"] ?? -1);
  const force = k.flags.values.force === true;
  if (k.flags.values.now === true) {
    if (grace !== -1) throw new KubectlError("--now and --grace-period cannot be specified together");
    grace = 1;
  }
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;
  return grace;
}

/** DeleteOptions.Validate's checks of --force (the warning goes to stderr). */
export function checkForce(k: KubectlContext, grace: number): void {
  const force = k.flags.values.force === true;
  if (grace === 0 && force) {
    k.out.err(
      "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n",
    );
  } else if (grace > 0 && force) {
    throw new KubectlError("--force and --grace-period greater than 0 cannot be specified together");
  }
}
