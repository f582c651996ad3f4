/**
 * kubectl config delete-cluster, delete-context and delete-user NAME
 * (pkg/cmd/config/delete_cluster.go, delete_context.go, delete_user.go).
 */
import { KubectlError, UsageError } from "../errors.js";
import { commandHelp } from "../help.js";
import { modifyConfig, type Section } from "../kubeconfig.js";
import type { Subcommand } from "../types.js";
import { configFileName, loadConfig } from "./common.js";

function deleteCommand(section: Section, noun: string, example: string): Subcommand {
  const cmd: Subcommand = {
    name: `delete-${noun}`,
    short: `Delete the specified ${noun} from the kubeconfig`,
    long: `Delete the specified ${noun} from the kubeconfig.`,
    examples: example,
    usage: `kubectl config delete-${noun} NAME [options]`,
    async run(k) {
      const { access, config } = await loadConfig(k);
      if (k.args.length !== 1) {
        // delete-user insists on its argument; the others print their help and succeed.
        if (section === "users") throw new UsageError("user to delete is required");
        k.out.out(commandHelp(cmd, k.commandPath));
        return 0;
      }
      const name = k.args[0];
      const file = await configFileName(access);
      if (!(name in config[section])) throw new KubectlError(`cannot delete ${noun} ${name}, not in ${file}`);
      if (section === "contexts" && config["current-context"] === name) {
        k.out.err('warning: this removed your active context, use "kubectl config use-context" to select a different one\n');
      }
      delete config[section][name];
      await modifyConfig(access, config, true);
      k.out.line(`deleted ${noun} ${name} from ${file}`);
      return 0;
    },
  };
  return cmd;
}

export const deleteClusterCommand = deleteCommand(
  "clusters",
  "cluster",
  `  # Delete the minikube cluster
  kubectl config delete-cluster minikube`,
);
export const deleteContextCommand = deleteCommand(
  "contexts",
  "context",
  `  # Delete the context for the minikube cluster
  kubectl config delete-context minikube`,
);
export const deleteUserCommand = deleteCommand(
  "users",
  "user",
  `  # Delete the minikube user
  kubectl config delete-user minikube`,
);
