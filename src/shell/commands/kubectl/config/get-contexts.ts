/** kubectl config get-contexts [NAME...] [-o name] [--no-headers] (pkg/cmd/config/get_contexts.go). */
import { KubectlError } from "../errors.js";
import { tabulate } from "../printers/tabwriter.js";
import type { Subcommand } from "../types.js";
import { loadConfig } from "./common.js";

export const getContextsCommand: Subcommand = {
  name: "get-contexts",
  short: "Describe one or many contexts",
  long: "Display one or many contexts from the kubeconfig file.",
  examples: `  # List all the contexts in your kubeconfig file
  kubectl config get-contexts
  
  # Describe one context in your kubeconfig file
  kubectl config get-contexts my-context`,
  usage: "kubectl config get-contexts [(-o|--output=)name)] [options]",
  flags: [
    { name: "no-headers", type: "bool", usage: "When using the default or custom-column output format, don't print headers (default print headers)." },
    { name: "output", short: "o", type: "string", usage: "Output format. One of: (name)." },
  ],
  async run(k) {
    const output = String(k.flags.values.output ?? "");
    if (output !== "" && output !== "name") {
      throw new KubectlError(`--output ${output} is not available in kubectl config get-contexts; resetting to default output format`);
    }
    const nameOnly = output === "name";
    const showHeaders = !nameOnly && k.flags.values["no-headers"] !== true;
    const { config } = await loadConfig(k);
    const errors: string[] = [];
    let names: string[];
    if (k.args.length === 0) names = Object.keys(config.contexts);
    else {
      names = k.args.filter((n) => n in config.contexts);
      for (const n of k.args) if (!(n in config.contexts)) errors.push(`context ${n} not found`);
    }
    names.sort();
    const rows: string[] = [];
    if (showHeaders) rows.push(nameOnly ? "CURRENT" : ["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"].join("\t"));
    for (const name of names) {
      const c = config.contexts[name];
      if (nameOnly) rows.push(name);
      else rows.push([config["current-context"] === name ? "*" : " ", name, c.cluster ?? "", c.user ?? "", c.namespace ?? ""].join("\t"));
    }
    if (rows.length) k.out.out(tabulate(rows.map((r) => r + "\n").join("")));
    if (errors.length) throw new KubectlError(errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`);
    return 0;
  },
};
