/**
 * kubectl rollout resume RESOURCE (pkg/cmd/rollout/rollout_resume.go,
 * polymorphichelpers/objectresumer.go): clears spec.paused on a Deployment.
 */
import type { Subcommand } from "../types.js";
import { PRINT_FLAGS, fieldManagerFlag, sortedFlags } from "../common/flags.js";
import { ROLLOUT_FLAGS } from "./common.js";
import { runMark } from "./mark.js";

export const rolloutResumeCommand: Subcommand = {
  name: "resume",
  short: "Resume a paused resource",
  long: "Resume a paused resource.\n\n Paused resources will not be reconciled by a controller. By resuming a resource, we allow it to be reconciled again. Currently only deployments support being resumed.",
  examples: "  # Resume an already paused deployment\n  kubectl rollout resume deployment/nginx",
  usage: "kubectl rollout resume RESOURCE [options]",
  flags: sortedFlags([...ROLLOUT_FLAGS, ...PRINT_FLAGS, fieldManagerFlag("kubectl-rollout")]),
  run(k) {
    return runMark(k, {
      operation: "resumed",
      mutate(obj) {
        if (obj.kind !== "Deployment" || !/^(apps|extensions)\//.test(obj.apiVersion ?? "")) throw new Error("resuming is not supported");
        if (!obj.spec?.paused) throw new Error("is not paused");
        // Go's `paused: false` is omitted (omitempty).
        delete obj.spec.paused;
      },
      onUnchanged: () => ({ print: "already resumed" }),
    });
  },
};
