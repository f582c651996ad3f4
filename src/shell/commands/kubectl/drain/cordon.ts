/**
 * kubectl cordon NODE (pkg/cmd/drain/drain.go NewCmdCordon): marks the
 * node unschedulable; the node lifecycle controller then adds the
 * node.kubernetes.io/unschedulable:NoSchedule taint and `kubectl get nodes`
 * shows Ready,SchedulingDisabled.
 */
import type { Subcommand } from "../types.js";
import { DRY_RUN_FLAG, SELECTOR_FLAG, dryRunStrategy } from "../common/flags.js";
import { LiveOutput } from "../common/interruptible.js";
import { checkNodeArgs, cordonOrUncordon, lookupNodes } from "./helper.js";

/** cordon and uncordon: one command each way (RunCordonOrUncordon). */
export function cordonLikeCommand(desired: boolean): Subcommand {
  const name = desired ? "cordon" : "uncordon";
  const what = desired ? "unschedulable" : "schedulable";
  return {
    name,
    short: `Mark node as ${what}`,
    long: `Mark node as ${what}.`,
    examples: `  # Mark node "foo" as ${what}\n  kubectl ${name} foo`,
    usage: `kubectl ${name} NODE [options]`,
    flags: [DRY_RUN_FLAG, SELECTOR_FLAG],
    run(k) {
      checkNodeArgs(k, `${name} NODE`);
      const dryRun = dryRunStrategy(k);
      const nodes = lookupNodes(k);
      cordonOrUncordon(k, nodes, desired, dryRun, new LiveOutput(k));
      return 0;
    },
  };
}

export const cordonCommand: Subcommand = cordonLikeCommand(true);
