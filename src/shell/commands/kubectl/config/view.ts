/**
 * kubectl config view [--minify] [--flatten] [--raw] [--merge] [-o ...]
 * (pkg/cmd/config/view.go): the merged kubeconfig (or --kubeconfig's file)
 * printed as a v1 Config, with certificate data shown as DATA+OMITTED and
 * secrets as REDACTED unless --raw.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import { resolvePath } from "../../../tool.js";
import { KubectlError, UsageError } from "../errors.js";
import { PRINT_FLAGS, sortedFlags } from "../common/flags.js";
import { readKubeconfigFile, emptyKubeconfig, toV1, type Kubeconfig, type Stanza } from "../kubeconfig.js";
import { objectPrinter } from "../printers/output.js";
import { printFlagsFormat } from "../common/print.js";
import type { KubectlContext, Subcommand } from "../types.js";
import { accessOf, goList, loadConfig } from "./common.js";

const DATA_OMITTED = Buffer.from("DATA+OMITTED", "base64").toString("base64");

/** clientcmdapi.MinifyConfig: only the current context, its cluster and its user. */
function minify(config: Kubeconfig): void {
  const name = config["current-context"];
  if (!name) throw new KubectlError("current-context must exist in order to minify");
  const ctx = config.contexts[name];
  if (!ctx) throw new KubectlError(`cannot locate context ${name}`);
  const keep = (section: "clusters" | "users", key: string, noun: string): Record<string, Stanza> => {
    if (!key) return {};
    if (!config[section][key]) throw new KubectlError(`cannot locate ${noun} ${key}`);
    return { [key]: config[section][key] };
  };
  const clusters = keep("clusters", String(ctx.cluster ?? ""), "cluster");
  const users = keep("users", String(ctx.user ?? ""), "user");
  config.contexts = { [name]: ctx };
  config.clusters = clusters;
  config.users = users;
}

/** clientcmdapi.FlattenConfig: files named by the config embedded as data. */
async function flatten(k: KubectlContext, config: Kubeconfig): Promise<void> {
  const embed = async (stanza: Stanza, pathField: string, dataField: string) => {
    const path = stanza[pathField];
    if (typeof path !== "string" || !path) return;
    if (stanza[dataField]) throw new KubectlError("cannot have values for both path and contents");
    const origin = resolvePath(k.tool.cwd, stanza.LocationOfOrigin ?? ".");
    const file = resolvePath(origin.slice(0, origin.lastIndexOf("/")) || "/", path);
    if (!(await k.tool.fs.exists(file))) throw new KubectlError(`open ${file}: no such file or directory`);
    stanza[dataField] = Buffer.from(await k.tool.fs.readFileBuffer(file)).toString("base64");
    delete stanza[pathField];
  };
  for (const u of Object.values(config.users)) {
    await embed(u, "client-certificate", "client-certificate-data");
    await embed(u, "client-key", "client-key-data");
  }
  for (const c of Object.values(config.clusters)) await embed(c, "certificate-authority", "certificate-authority-data");
}

/** RedactSecrets then ShortenConfig. */
function redact(config: Kubeconfig): void {
  for (const u of Object.values(config.users)) {
    for (const f of ["client-key-data", "client-certificate-data"]) if (u[f]) u[f] = DATA_OMITTED;
    for (const f of ["token", "password"]) if (u[f]) u[f] = "REDACTED";
  }
  for (const c of Object.values(config.clusters)) if (c["certificate-authority-data"]) c["certificate-authority-data"] = DATA_OMITTED;
}

export const viewCommand: Subcommand = {
  name: "view",
  short: "Display merged kubeconfig settings or a specified kubeconfig file",
  long: `Display merged kubeconfig settings or a specified kubeconfig file.

 You can use --output jsonpath={...} to extract specific values using a jsonpath expression.`,
  examples: `  # Show merged kubeconfig settings
  kubectl config view
  
  # Show merged kubeconfig settings, raw certificate data, and exposed secrets
  kubectl config view --raw
  
  # Get the password for the e2e user
  kubectl config view -o jsonpath='{.users[?(@.name == "e2e")].user.password}'`,
  usage: "kubectl config view [flags] [options]",
  flags: sortedFlags([
    ...PRINT_FLAGS.map((f) => (f.name === "output" ? { ...f, default: "yaml" } : f)),
    { name: "flatten", type: "bool", usage: "Flatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)" },
    { name: "merge", type: "bool", default: true, usage: "Merge the full hierarchy of kubeconfig files" },
    { name: "minify", type: "bool", usage: "Remove all information not used by current-context from the output" },
    { name: "raw", type: "bool", usage: "Display raw byte data and sensitive data" },
  ]),
  async run(k) {
    if (k.args.length) throw new UsageError(`unexpected arguments: ${goList(k.args)}`);
    const access = accessOf(k);
    // With --kubeconfig, view shows that one file unless --merge is asked for.
    const merge = access.explicit && !k.flags.changed.has("merge") ? false : k.flags.values.merge === true;
    const format = (await printFlagsFormat(k, "yaml")) ?? { kind: "name" };
    if (!merge && !access.explicit) throw new KubectlError("if merge==false a precise file must be specified");
    const config = merge ? (await loadConfig(k)).config : ((await readKubeconfigFile(access, access.explicit!)) ?? emptyKubeconfig());
    if (k.flags.values.minify === true) {
      const context = String(k.flags.values.context ?? "");
      if (context) config["current-context"] = context;
      minify(config);
    }
    if (k.flags.values.flatten === true) await flatten(k, config);
    else if (k.flags.values.raw !== true) redact(config);
    const printer = objectPrinter(format, {
      structOrder: true,
      allowMissingKeys: k.flags.values["allow-missing-template-keys"] !== false,
    });
    k.out.out(printer.print(toV1(config) as unknown as KubeObject));
    return 0;
  },
};
