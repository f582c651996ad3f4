/**
 * The deprecated --record flag (genericclioptions.RecordFlags): with it, the
 * command line is written into the object's kubernetes.io/change-cause
 * annotation, which `kubectl rollout history` shows as CHANGE-CAUSE.
 */
import type { KubeObject } from "../../../cluster/api/types.js";
import type { FlagSpec } from "../../flags.js";
import type { KubectlContext } from "./types.js";

export const CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause";

export const RECORD_FLAG: FlagSpec = { name: "record", type: "bool", hidden: true, usage: "Record current kubectl command in the resource annotation." };

/** cobra's notice for a deprecated flag the user set (on stderr, before the command runs). */
export function warnRecordDeprecated(k: KubectlContext): void {
  if (k.flags.changed.has("record")) k.out.err("Flag --record has been deprecated, --record will be removed in the future\n");
}

/** parseCommandArguments: `kubectl <subcommand words> <args> --flag=value...` in the order the flags were given. */
function changeCause(k: KubectlContext): string {
  const words = [k.commandPath, ...k.args].join(" ");
  let flags = "";
  for (const name of k.flags.changed) {
    const v = k.flags.values[name];
    flags += ` --${name}=${Array.isArray(v) ? v.join(",") : String(v)}`;
  }
  return words + flags;
}

/** The change-cause the command would record, or undefined without --record. */
export function recordedChangeCause(k: KubectlContext): string | undefined {
  return k.flags.values.record === true ? changeCause(k) : undefined;
}

/** ChangeCauseRecorder.Record: sets the annotation when --record is on. */
export function record(k: KubectlContext, obj: KubeObject): void {
  const cause = recordedChangeCause(k);
  if (cause === undefined) return;
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [CHANGE_CAUSE_ANNOTATION]: cause };
}
