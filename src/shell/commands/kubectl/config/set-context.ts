/** kubectl config set-context [NAME | --current] [--cluster] [--user] [--namespace] (pkg/cmd/config/set_context.go). */
import { KubectlError } from "../errors.js";
import { modifyConfig, type Stanza } from "../kubeconfig.js";
import { goQuote } from "../printers/gofmt.js";
import type { Subcommand } from "../types.js";
import { goList, helpError, loadConfig, provided } from "./common.js";

export const setContextCommand: Subcommand = {
  name: "set-context",
  short: "Set a context entry in kubeconfig",
  long: `Set a context entry in kubeconfig.

 Specifying a name that already exists will merge new fields on top of existing values for those fields.`,
  examples: `  # Set the user field on the gce context entry without touching other values
  kubectl config set-context gce --user=cluster-admin`,
  usage: "kubectl config set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace] [options]",
  flags: [
    { name: "cluster", type: "string", usage: "cluster for the context entry in kubeconfig" },
    { name: "current", type: "bool", usage: "Modify the current context" },
    { name: "namespace", type: "string", usage: "namespace for the context entry in kubeconfig" },
    { name: "user", type: "string", usage: "user for the context entry in kubeconfig" },
  ],
  async run(k) {
    if (k.args.length > 1) helpError(k, setContextCommand, `Unexpected args: ${goList(k.args)}`);
    let name = k.args[0] ?? "";
    const current = k.flags.values.current === true;
    if (!name && !current) throw new KubectlError("you must specify a non-empty context name or --current");
    if (name && current) throw new KubectlError("you cannot specify both a context name and --current");
    const { access, config } = await loadConfig(k);
    if (current) {
      if (!config["current-context"]) throw new KubectlError("no current context is set");
      name = config["current-context"];
    }
    const exists = name in config.contexts;
    const context: Stanza = { ...(config.contexts[name] ?? {}) };
    for (const [flag, field] of [
      ["cluster", "cluster"],
      ["user", "user"],
      ["namespace", "namespace"],
    ]) {
      if (provided(k, flag)) context[field] = String(k.flags.values[flag]);
    }
    config.contexts[name] = context;
    await modifyConfig(access, config, true);
    k.out.line(`Context ${goQuote(name)} ${exists ? "modified" : "created"}.`);
    return 0;
  },
};
