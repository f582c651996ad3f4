/** kubectl config use-context CONTEXT_NAME (pkg/cmd/config/use_context.go). */
import { KubectlError } from "../errors.js";
import { modifyConfig } from "../kubeconfig.js";
import type { Subcommand } from "../types.js";
import { goQuote } from "../printers/gofmt.js";
import { goList, helpError, loadConfig } from "./common.js";

export const useContextCommand: Subcommand = {
  name: "use-context",
  aliases: ["use"],
  short: "Set the current-context in a kubeconfig file",
  long: "Set the current-context in a kubeconfig file.",
  examples: `  # Use the context for the minikube cluster
  kubectl config use-context minikube`,
  usage: "kubectl config use-context CONTEXT_NAME [options]",
  async run(k) {
    if (k.args.length !== 1) helpError(k, useContextCommand, `Unexpected args: ${goList(k.args)}`);
    const name = k.args[0];
    const { access, config } = await loadConfig(k);
    if (!name) throw new KubectlError("empty context names are not allowed");
    if (!(name in config.contexts)) throw new KubectlError(`no context exists with the name: ${goQuote(name)}`);
    config["current-context"] = name;
    await modifyConfig(access, config, true);
    k.out.line(`Switched to context ${goQuote(name)}.`);
    return 0;
  },
};
