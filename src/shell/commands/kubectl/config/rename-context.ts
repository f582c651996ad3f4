/** kubectl config rename-context CONTEXT_NAME NEW_NAME (pkg/cmd/config/rename_context.go). */
import { KubectlError } from "../errors.js";
import { modifyConfig } from "../kubeconfig.js";
import { goQuote } from "../printers/gofmt.js";
import type { Subcommand } from "../types.js";
import { configFileName, goList, helpError, loadConfig } from "./common.js";

export const renameContextCommand: Subcommand = {
  name: "rename-context",
  short: "Rename a context from the kubeconfig file",
  long: `Renames a context from the kubeconfig file.

 CONTEXT_NAME is the context name that you want to change.

 NEW_NAME is the new name you want to set.

 Note: If the context being renamed is the 'current-context', this field will also be updated.`,
  examples: `  # Rename the context 'old-name' to 'new-name' in your kubeconfig file
  kubectl config rename-context old-name new-name`,
  usage: "kubectl config rename-context CONTEXT_NAME NEW_NAME [options]",
  async run(k) {
    if (k.args.length !== 2) helpError(k, renameContextCommand, `Unexpected args: ${goList(k.args)}`);
    const [from, to] = k.args;
    if (!to) throw new KubectlError("You must specify a new non-empty context name");
    const { access, config } = await loadConfig(k);
    const file = await configFileName(access);
    const context = config.contexts[from];
    if (!context) throw new KubectlError(`cannot rename the context ${goQuote(from)}, it's not in ${file}`);
    if (to in config.contexts) throw new KubectlError(`cannot rename the context ${goQuote(from)}, the context ${goQuote(to)} already exists in ${file}`);
    config.contexts[to] = context;
    delete config.contexts[from];
    if (config["current-context"] === from) config["current-context"] = to;
    await modifyConfig(access, config, true);
    k.out.line(`Context ${goQuote(from)} renamed to ${goQuote(to)}.`);
    return 0;
  },
};
