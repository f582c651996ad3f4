/**
 * How the kubelet reports a container runtime that stopped answering
 * (pkg/kubelet/runtime.go runtimeErrors, pkg/kubelet/pleg/generic.go
 * Healthy, pkg/kubelet/nodestatus/setters.go ReadyCondition, v1.34): the
 * last successful runtime status check older than 2 minutes is "container
 * runtime is down"; PLEG's last relist older than 3 minutes adds "PLEG is
 * not healthy: ...". Ready turns False with reason KubeletNotReady and the
 * errors aggregated as utilerrors prints them ("[a, b]" for two or more).
 */

/** baseRuntimeSyncThreshold and the PLEG relist threshold. */
import { goDuration } from "../api/duration.js";

export const RUNTIME_DOWN_THRESHOLD_MS = 2 * 60_000;
export const PLEG_RELIST_THRESHOLD_MS = 3 * 60_000;


/**
 * The Ready condition's message while the runtime has been down since
 * downSinceMs (its last successful status check and relist), or undefined
 * while the kubelet still reports Ready.
 */
export function runtimeDownReadyMessage(downSinceMs: number, nowMs: number): string | undefined {
  const down = nowMs - downSinceMs;
  const errs: string[] = [];
  if (down >= RUNTIME_DOWN_THRESHOLD_MS) errs.push("container runtime is down");
  if (down >= PLEG_RELIST_THRESHOLD_MS) errs.push(`PLEG is not healthy: pleg was last seen active ${goDuration(down)} ago; threshold is 3m0s`);
  if (errs.length === 0) return undefined;
  return errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
}

/** Node condition fields for that state. */
export const KUBELET_NOT_READY_REASON = "KubeletNotReady";
