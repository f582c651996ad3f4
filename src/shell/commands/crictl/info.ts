/**
 * crictl's runtime and client commands (info.go, version.go,
 * runtime_config.go, config.go, completion.go at v1.34.0): info, version,
 * runtime-config, config, completion, plus events, metricdescs and
 * update-runtime-config which the simulation leaves out.
 */
import { names, type FlagSpec } from "./cli.js";
import { Fatal, notSimulated, type CrictlCommand, type CrictlContext } from "./context.js";
import { bool, str, strs, TEMPLATE_FLAG } from "./flags.js";
import { outputStatusData, table } from "./output.js";
import { tabulate } from "../kubectl/printers/tabwriter.js";
import { readConfig, renderConfig, serverConfig, setConfigValue, CONFIG_KEYS } from "./config-file.js";

async function info(c: CrictlContext): Promise<void> {
  if (c.args.length !== 0) return c.showHelp();
  const rs = await c.runtimeService();
  const r = rs.cri.status(!c.flags.bool("quiet"));
  try {
    c.out.out(outputStatusData([{ status: r.status, info: r.info }], c.flags.string("output"), c.flags.string("template")));
  } catch (e) {
    throw new Fatal(`getting status of runtime: ${(e as Error).message}`);
  }
}

async function version(c: CrictlContext): Promise<void> {
  if (c.args.length !== 0) return c.showHelp();
  const rs = await c.runtimeService();
  const v = rs.cri.version();
  c.out.out(`Version:  ${v.version}\nRuntimeName:  ${v.runtimeName}\nRuntimeVersion:  ${v.runtimeVersion}\nRuntimeApiVersion:  ${v.runtimeApiVersion}\n`);
}

async function runtimeConfig(c: CrictlContext): Promise<void> {
  let rs;
  try {
    rs = await c.runtimeService();
  } catch (e) {
    throw e instanceof Fatal ? new Fatal(`get runtime client: ${e.message}`) : e;
  }
  const cfg = rs.cri.runtimeConfig();
  c.out.out(tabulate(`cgroup driver:\t${cfg.linux.cgroupDriver}\n`, { minWidth: 10, padding: 3, rememberWidths: false }));
}

/** crictl config: --get, --set, --list, or `config KEY VALUE`, on the --config file (created with defaults when missing). */
async function config(c: CrictlContext): Promise<void> {
  const path = c.configPath;
  let text = await c.readFile(path);
  if (text === undefined) {
    text = renderConfig(readConfig(""));
    await c.writeFile(path, text);
  }
  let cfg;
  try {
    cfg = readConfig(text);
    serverConfig(cfg);
  } catch (e) {
    throw new Fatal(`load config file: ${(e as Error).message}`);
  }
  const f = c.flags;
  if (f.isSet("get")) {
    const key = f.string("get");
    const v = cfg.get(key);
    if (v === undefined) throw new Fatal(`no configuration option named ${key}`);
    c.out.line(v);
    return;
  }
  if (f.isSet("set")) {
    for (const setting of f.stringSlice("set")) {
      for (const option of setting.split(",")) {
        const pair = option.split("=");
        if (pair.length !== 2) throw new Fatal(`incorrectly specified option: ${setting}`);
        setConfigValue(cfg, pair[0], pair[1]);
      }
    }
    await c.writeFile(path, renderConfig(cfg));
    return;
  }
  if (f.bool("list")) {
    c.out.out(table([["KEY", "VALUE"], ...CONFIG_KEYS.map((k) => [k, cfg.get(k)!])]));
    return;
  }
  const key = c.args[0] ?? "";
  if (!key) return c.showHelp();
  const value = c.args[1] ?? "";
  c.log("INFO", `No --get, --set or --list provided, setting key ${JSON.stringify(key)} to value ${JSON.stringify(value)}`);
  try {
    setConfigValue(cfg, key, value);
  } catch (e) {
    throw new Fatal(`set ${JSON.stringify(key)} to ${JSON.stringify(value)}: ${(e as Error).message}`);
  }
  await c.writeFile(path, renderConfig(cfg));
}

/** The app's commands and global flags, for completion scripts (set by crictl.ts). */
export const completionSource: { commands: CrictlCommand[]; flags: FlagSpec[] } = { commands: [], flags: [] };

async function completion(c: CrictlContext): Promise<void> {
  if (c.args.length > 1) return c.showHelp();
  const shell = c.args[0] ?? "bash";
  const flags = completionSource.flags.map((f) => `--${f.name}`);
  if (shell === "bash") {
    const words = [...completionSource.commands.flatMap((cmd) => names(cmd)), ...flags];
    c.out.out(`_crictl() {\n    local cur opts base\n    COMPREPLY=()\n    cur="\${COMP_WORDS[COMP_CWORD]}"\n    opts="${words.join("\n")}"\n    COMPREPLY=( $(compgen -W "\${opts}" -- \${cur}) )\n    return 0\n}\n\ncomplete -F _crictl crictl\n`);
    return;
  }
  if (shell === "zsh") {
    const cmds = completionSource.commands.flatMap((cmd) => names(cmd).map((n) => `${n}:${cmd.usage}`));
    c.out.out(`#compdef crictl\n\n_crictl() {\n  local -a cmds\n  cmds=('${cmds.join("' '")}')\n  _describe 'commands' cmds\n\n  local -a opts\n  opts=('${flags.join("' '")}')\n  _describe 'global options' opts\n\n  return\n}\n\ncompdef _crictl crictl\n`);
    return;
  }
  if (shell === "fish") throw new Fatal("crictl completion fish is not available in this simulated cluster");
  throw new Fatal("only bash, zsh or fish are supported");
}

// ---------------------------------------------------------------- declarations

const CONFIG_ARGS_USAGE = `[<crictl options>]

EXAMPLES:
   # Set the key "debug" to "true"
   crictl config --set debug=true

   # Set the key "debug" to "true"
   crictl config debug true

   # Get the value of "debug"
   crictl config --get debug

   # Show the full configuration
   crictl config --list

CRICTL OPTIONS:
\t runtime-endpoint:\tContainer Runtime Interface (CRI) runtime endpoint (default: "")
\t image-endpoint:\tContainer Runtime Interface (CRI) image endpoint (default: "")
\t timeout:\tTimeout of connecting to server (default: 2)
\t debug:\tEnable debug output (default: false)
\t pull-image-on-create:\tEnable pulling image on create requests (default: false)
\t disable-pull-on-run:\tDisable pulling image on run requests (default: false)`;

export const RUNTIME_COMMANDS: CrictlCommand[] = [
  {
    name: "info",
    usage: "Display information of the container runtime",
    shortOptions: true,
    flags: [str("output", "Output format, One of: json|yaml|go-template", { aliases: ["o"], value: "json" }), bool("quiet", "Do not show verbose information", { aliases: ["q"] }), TEMPLATE_FLAG],
    action: info,
  },
  { name: "version", usage: "Display runtime version information", flags: [], action: version },
  { name: "runtime-config", usage: "Retrieve the container runtime configuration", shortOptions: true, flags: [], action: runtimeConfig },
  {
    name: "config",
    usage: "Get, set and list crictl configuration options",
    argsUsage: CONFIG_ARGS_USAGE,
    shortOptions: true,
    flags: [str("get", "Show the option value"), strs("set", "Set option (can specify multiple or separate values with commas: opt1=val1,opt2=val2)"), bool("list", "Show all option value")],
    action: config,
  },
  {
    name: "completion",
    usage: "Output shell completion code",
    argsUsage: "SHELL",
    description: "Output shell completion code for bash, zsh or fish.\n\nExamples:\n\n    # Installing bash completion on Linux\n    source <(crictl completion bash)\n\n    # Installing zsh completion on Linux\n    source <(crictl completion zsh)\n\n    # Installing fish completion on Linux\n    crictl completion fish | source\n\t",
    flags: [],
    action: completion,
  },
  {
    name: "events",
    aliases: ["event"],
    usage: "Stream the events of containers",
    shortOptions: true,
    flags: [str("output", "Output format, One of: json|yaml|go-template", { aliases: ["o"], value: "json" }), TEMPLATE_FLAG],
    action: notSimulated("events"),
  },
  {
    name: "metricdescs",
    usage: "List metric descriptors. Returns information about the metrics available through the CRI.",
    shortOptions: true,
    flags: [str("output", "Output format, One of: json|yaml", { aliases: ["o"] })],
    action: notSimulated("metricdescs"),
  },
  {
    name: "update-runtime-config",
    usage: "Update the runtime configuration",
    shortOptions: true,
    flags: [str("pod-cidr", "The new Classless Inter-Domain Routing (CIDR) value to be used for pod IP addresses. If the CIDR is empty, runtimes should omit it.", { aliases: ["p"] })],
    action: notSimulated("update-runtime-config"),
  },
];
