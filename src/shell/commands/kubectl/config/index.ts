/**
 * kubectl config SUBCOMMAND (pkg/cmd/config/config.go): reads and writes
 * kubeconfig files, never the server.
 */
import { groupRun } from "../help.js";
import type { Subcommand } from "../types.js";
import { currentContextCommand } from "./current-context.js";
import { deleteClusterCommand, deleteContextCommand, deleteUserCommand } from "./delete.js";
import { getClustersCommand, getUsersCommand } from "./get-clusters.js";
import { getContextsCommand } from "./get-contexts.js";
import { renameContextCommand } from "./rename-context.js";
import { setClusterCommand } from "./set-cluster.js";
import { setContextCommand } from "./set-context.js";
import { setCredentialsCommand } from "./set-credentials.js";
import { setCommand, unsetCommand } from "./set.js";
import { useContextCommand } from "./use-context.js";
import { viewCommand } from "./view.js";

export const configCommand: Subcommand = {
  name: "config",
  short: "Modify kubeconfig files",
  long: `Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".

 The loading order follows these rules:

  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.
  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.
  3.  Otherwise, \${HOME}/.kube/config is used and no merging takes place.`,
  usage: "kubectl config SUBCOMMAND [options]",
  // cobra lists subcommands by name.
  subcommands: [
    currentContextCommand,
    deleteClusterCommand,
    deleteContextCommand,
    deleteUserCommand,
    getClustersCommand,
    getContextsCommand,
    getUsersCommand,
    renameContextCommand,
    setCommand,
    setClusterCommand,
    setContextCommand,
    setCredentialsCommand,
    unsetCommand,
    useContextCommand,
    viewCommand,
  ],
  run: groupRun(() => configCommand),
};
