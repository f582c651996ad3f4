/**
 * kubectl rollout restart RESOURCE (pkg/cmd/rollout/rollout_restart.go,
 * polymorphichelpers/objectrestarter.go): stamps the pod template of a
 * Deployment, DaemonSet or StatefulSet with kubectl.kubernetes.io/restartedAt
 * (now, RFC 3339), which rolls out new pods.
 */
import type { Subcommand } from "../types.js";
import { PRINT_FLAGS, fieldManagerFlag, sortedFlags } from "../common/flags.js";
import { ROLLOUT_FLAGS } from "./common.js";
import { runMark } from "./mark.js";

const RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

export const rolloutRestartCommand: Subcommand = {
  name: "restart",
  short: "Restart a resource",
  long: "Restart a resource.\n\n        Resource rollout will be restarted.",
  examples:
    "  # Restart all deployments in the test-namespace namespace\n  kubectl rollout restart deployment -n test-namespace\n  \n  # Restart a deployment\n  kubectl rollout restart deployment/nginx\n  \n  # Restart a daemon set\n  kubectl rollout restart daemonset/abc\n  \n  # Restart deployments with the app=nginx label\n  kubectl rollout restart deployment --selector=app=nginx",
  usage: "kubectl rollout restart RESOURCE [options]",
  flags: sortedFlags([...ROLLOUT_FLAGS, ...PRINT_FLAGS, fieldManagerFlag("kubectl-rollout")]),
  run(k) {
    const now = k.tool.cluster.clock.rfc3339(k.now());
    return runMark(k, {
      operation: "restarted",
      mutate(obj) {
        const group = (obj.apiVersion ?? "").split("/")[0];
        const supported = ["apps", "extensions"].includes(group) && ["Deployment", "DaemonSet", "StatefulSet"].includes(obj.kind ?? "");
        if (!supported || (obj.kind === "StatefulSet" && group !== "apps")) throw new Error("restarting is not supported");
        if (obj.kind === "Deployment" && obj.spec?.paused) throw new Error("can't restart paused deployment (run rollout resume first)");
        obj.spec.template ??= {};
        obj.spec.template.metadata ??= {};
        obj.spec.template.metadata.annotations = { ...(obj.spec.template.metadata.annotations ?? {}), [RESTARTED_AT]: now };
      },
      onUnchanged: (p) => ({
        error: `failed to create patch for ${p.target.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
      }),
    });
  },
};
