/**
 * kubectl rollout pause RESOURCE (pkg/cmd/rollout/rollout_pause.go,
 * polymorphichelpers/objectpauser.go): sets spec.paused on a Deployment,
 * so the controller stops rolling out template changes.
 */
import type { Subcommand } from "../types.js";
import { PRINT_FLAGS, fieldManagerFlag, sortedFlags } from "../common/flags.js";
import { ROLLOUT_FLAGS } from "./common.js";
import { runMark } from "./mark.js";

export const rolloutPauseCommand: Subcommand = {
  name: "pause",
  short: "Mark the provided resource as paused",
  long: 'Mark the provided resource as paused.\n\n Paused resources will not be reconciled by a controller. Use "kubectl rollout resume" to resume a paused resource. Currently only deployments support being paused.',
  examples:
    "  # Mark the nginx deployment as paused\n  # Any current state of the deployment will continue its function; new updates\n  # to the deployment will not have an effect as long as the deployment is paused\n  kubectl rollout pause deployment/nginx",
  usage: "kubectl rollout pause RESOURCE [options]",
  flags: sortedFlags([...ROLLOUT_FLAGS, ...PRINT_FLAGS, fieldManagerFlag("kubectl-rollout")]),
  run(k) {
    return runMark(k, {
      operation: "paused",
      mutate(obj) {
        if (obj.kind !== "Deployment" || !/^(apps|extensions)\//.test(obj.apiVersion ?? "")) throw new Error("pausing is not supported");
        if (obj.spec?.paused) throw new Error("is already paused");
        obj.spec.paused = true;
      },
      onUnchanged: () => ({ print: "already paused" }),
    });
  },
};
