/**
 * kubectl rollout SUBCOMMAND (pkg/cmd/rollout/rollout.go): history, pause,
 * restart, resume, status, undo, for deployments, daemonsets and
 * statefulsets. Without a subcommand it prints its help on stderr and
 * exits 1 (cmdutil.DefaultSubCommandRun).
 */
import { Output } from "../../../tool.js";
import { defineGeneratorGroup } from "../create/generator.js";
import type { Subcommand } from "../types.js";
import { rolloutHistoryCommand } from "./history.js";
import { rolloutPauseCommand } from "./pause.js";
import { rolloutRestartCommand } from "./restart.js";
import { rolloutResumeCommand } from "./resume.js";
import { rolloutStatusCommand } from "./status.js";
import { rolloutUndoCommand } from "./undo.js";

const group = defineGeneratorGroup({
  name: "rollout",
  short: "Manage the rollout of a resource",
  long: `Manage the rollout of one or many resources.
        
 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

Examples:
  # Rollback to the previous deployment
  kubectl rollout undo deployment/abc
  
  # Check the rollout status of a daemonset
  kubectl rollout status daemonset/foo
  
  # Restart a deployment
  kubectl rollout restart deployment/abc
  
  # Restart deployments with the 'app=nginx' label
  kubectl rollout restart deployment --selector=app=nginx`,
  usage: "kubectl rollout SUBCOMMAND [options]",
  subcommands: [rolloutHistoryCommand, rolloutPauseCommand, rolloutRestartCommand, rolloutResumeCommand, rolloutStatusCommand, rolloutUndoCommand],
});

/** Unlike `kubectl set`, rollout's bare help goes to stdout (DefaultSubCommandRun(streams.Out)), still exit 1. */
export const rolloutCommand: Subcommand = {
  ...group,
  async run(k) {
    const help = new Output();
    // Object.create keeps k's lazy client getter unevaluated (the help needs no server).
    const code = await group.run!(Object.create(k, { out: { value: help } }));
    const { stdout, stderr } = help.result(code);
    k.out.out(stdout + stderr);
    return code;
  },
};
