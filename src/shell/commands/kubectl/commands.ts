/**
 * Every kubectl subcommand, in the order `kubectl --help` lists them.
 */
import type { Subcommand } from "./types.js";
import { createCommand } from "./create/index.js";
import { exposeCommand } from "./expose.js";
import { runCommand } from "./run.js";
import { setCommand } from "./set/index.js";
import { explainCommand } from "./explain.js";
import { getCommand } from "./get.js";
import { editCommand } from "./edit.js";
import { deleteCommand } from "./delete.js";
import { rolloutCommand } from "./rollout/index.js";
import { scaleCommand } from "./scale.js";
import { autoscaleCommand } from "./autoscale.js";
import { certificateCommand } from "./certificate/index.js";
import { clusterInfoCommand } from "./cluster-info.js";
import { topCommand } from "./top/index.js";
import { cordonCommand } from "./drain/cordon.js";
import { uncordonCommand } from "./drain/uncordon.js";
import { drainCommand } from "./drain/drain.js";
import { taintCommand } from "./taint.js";
import { describeCommand } from "./describe/index.js";
import { logsCommand } from "./logs.js";
import { attachCommand } from "./attach.js";
import { execCommand } from "./exec.js";
import { portForwardCommand } from "./port-forward.js";
import { cpCommand } from "./cp.js";
import { authCommand } from "./auth/index.js";
import { eventsCommand } from "./events.js";
import { applyCommand } from "./apply.js";
import { patchCommand } from "./patch.js";
import { replaceCommand } from "./replace.js";
import { waitCommand } from "./wait.js";
import { kustomizeCommand } from "./kustomize.js";
import { labelCommand } from "./label.js";
import { annotateCommand } from "./annotate.js";
import { completionCommand } from "./completion.js";
import { apiResourcesCommand } from "./api-resources.js";
import { apiVersionsCommand } from "./api-versions.js";
import { configCommand } from "./config/index.js";
import { versionCommand } from "./version.js";

export const SUBCOMMANDS: Subcommand[] = [
  createCommand,
  exposeCommand,
  runCommand,
  setCommand,
  explainCommand,
  getCommand,
  editCommand,
  deleteCommand,
  rolloutCommand,
  scaleCommand,
  autoscaleCommand,
  certificateCommand,
  clusterInfoCommand,
  topCommand,
  cordonCommand,
  uncordonCommand,
  drainCommand,
  taintCommand,
  describeCommand,
  logsCommand,
  attachCommand,
  execCommand,
  portForwardCommand,
  cpCommand,
  authCommand,
  eventsCommand,
  applyCommand,
  patchCommand,
  replaceCommand,
  waitCommand,
  kustomizeCommand,
  labelCommand,
  annotateCommand,
  completionCommand,
  apiResourcesCommand,
  apiVersionsCommand,
  configCommand,
  versionCommand,
];
