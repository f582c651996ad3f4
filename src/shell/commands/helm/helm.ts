/**
 * helm v3.19: finds the subcommand, parses its flags with the global ones
 * (pflag rules, cobra's errors), checks the argument count, and prints any
 * failure as `Error: <message>` with exit 1 (cmd/helm/helm.go). The
 * commands live beside this file, one per job.
 */
import { FlagError, formatFlagHelp, parseFlags, type FlagSpec } from "../../flags.js";
import { Output, resolvePath, type Tool, type ToolContext, type ToolResult } from "../../tool.js";
import { goQuote } from "../kubectl/printers/gofmt.js";
import { GoTemplate, TemplateError } from "../kubectl/printers/gotemplate.js";
import { checkArgs, GLOBAL_FLAGS, HELM_VERSION, HelmError, kubeAccess, settingsFrom, type HelmCommand, type HelmContext, type KubeAccess } from "./cli.js";
import { getCommand } from "./get.js";
import { installCommand } from "./install.js";
import { historyCommand, listCommand } from "./list.js";
import { pullCommand } from "./pull.js";
import { repoCommand } from "./repo.js";
import { rollbackCommand } from "./rollback.js";
import { searchCommand } from "./search.js";
import { showCommand } from "./show.js";
import { statusCommand } from "./status.js";
import { templateCommand } from "./template.js";
import { uninstallCommand } from "./uninstall.js";
import { upgradeCommand } from "./upgrade.js";

const GLOBAL_USAGE = `The Kubernetes package manager

Common actions for Helm:

- helm search:    search for charts
- helm pull:      download a chart to your local directory to view
- helm install:   upload the chart to Kubernetes
- helm list:      list releases of charts

Environment variables:

| Name                               | Description                                                                                                |
|------------------------------------|------------------------------------------------------------------------------------------------------------|
| $HELM_CACHE_HOME                   | set an alternative location for storing cached files.                                                      |
| $HELM_CONFIG_HOME                  | set an alternative location for storing Helm configuration.                                                |
| $HELM_DEBUG                        | indicate whether or not Helm is running in Debug mode                                                      |
| $HELM_NAMESPACE                    | set the namespace used for the helm operations.                                                            |
| $HELM_REPOSITORY_CACHE             | set the path to the repository cache directory                                                             |
| $HELM_REPOSITORY_CONFIG            | set the path to the repositories file.                                                                     |
| $KUBECONFIG                        | set an alternative Kubernetes configuration file (default "~/.kube/config")                                |
| $HELM_KUBECONTEXT                  | set the name of the kubeconfig context.                                                                    |

By default, the default directories depend on the Operating System. The defaults are listed below:

| Operating System | Cache Path                | Configuration Path             | Data Path               |
|------------------|---------------------------|--------------------------------|-------------------------|
| Linux            | $HOME/.cache/helm         | $HOME/.config/helm             | $HOME/.local/share/helm |
`;

const versionCommand: HelmCommand = {
  name: "version",
  use: "version",
  short: "print the client version information",
  long: `
Show the version for Helm.

This will print a representation the version of Helm.
The output will look something like this:

version.BuildInfo{Version:"v3.2.1", GitCommit:"fe51cd1e31e6a202cba7dead9552a6d418ded79a", GitTreeState:"clean", GoVersion:"go1.13.10"}
`,
  args: { none: true },
  flags: [
    { name: "short", type: "bool", usage: "print the version number" },
    { name: "template", type: "string", usage: "template for version string format" },
  ],
  async run(h) {
    const template = String(h.flags.values.template ?? "");
    if (template) {
      try {
        h.out.out(new GoTemplate(template, "_").execute(HELM_VERSION));
      } catch (e) {
        if (e instanceof TemplateError) throw new HelmError(e.message);
        throw e;
      }
      return 0;
    }
    if (h.flags.values.short === true) h.out.out(`${HELM_VERSION.Version}+g${HELM_VERSION.GitCommit.slice(0, 7)}\n`);
    else {
      const v = HELM_VERSION;
      h.out.out(`version.BuildInfo{Version:${goQuote(v.Version)}, GitCommit:${goQuote(v.GitCommit)}, GitTreeState:${goQuote(v.GitTreeState)}, GoVersion:${goQuote(v.GoVersion)}}\n`);
    }
    return 0;
  },
};

const envCommand: HelmCommand = {
  name: "env",
  use: "env",
  short: "helm client environment information",
  async run(h) {
    const s = h.settings;
    const home = h.tool.env.get("HOME") ?? "/root";
    const vars: Array<[string, string]> = [
      ["HELM_BIN", "helm"],
      ["HELM_BURST_LIMIT", "100"],
      ["HELM_CACHE_HOME", `${home}/.cache/helm`],
      ["HELM_CONFIG_HOME", `${home}/.config/helm`],
      ["HELM_DATA_HOME", `${home}/.local/share/helm`],
      ["HELM_DEBUG", String(s.debug)],
      ["HELM_KUBEAPISERVER", ""],
      ["HELM_KUBEASGROUPS", ""],
      ["HELM_KUBEASUSER", ""],
      ["HELM_KUBECAFILE", ""],
      ["HELM_KUBECONTEXT", s.kubeContext],
      ["HELM_KUBEINSECURE_SKIP_TLS_VERIFY", "false"],
      ["HELM_KUBETLS_SERVER_NAME", ""],
      ["HELM_KUBETOKEN", ""],
      ["HELM_MAX_HISTORY", "10"],
      ["HELM_NAMESPACE", s.namespace],
      ["HELM_PLUGINS", `${home}/.local/share/helm/plugins`],
      ["HELM_QPS", "0.00"],
      ["HELM_REGISTRY_CONFIG", `${home}/.config/helm/registry/config.json`],
      ["HELM_REPOSITORY_CACHE", s.repositoryCache],
      ["HELM_REPOSITORY_CONFIG", s.repositoryConfig],
    ];
    const asked = h.args[0];
    if (asked) {
      const hit = vars.find(([k]) => k === asked);
      if (hit) h.out.out(`${hit[1]}\n`);
      return 0;
    }
    h.out.out(vars.map(([k, v]) => `${k}=${goQuote(v)}\n`).join(""));
    return 0;
  },
};

/** Commands of real Helm this simulator does not provide: named, so that they are not "unknown". */
function unavailable(name: string, short: string): HelmCommand {
  return {
    name,
    use: name,
    short,
    async run() {
      throw new HelmError(`"helm ${name}" is not available in this simulator`);
    },
  };
}

const ROOT: HelmCommand = {
  name: "helm",
  use: "helm",
  short: "The Helm package manager for Kubernetes.",
  long: GLOBAL_USAGE,
  subcommands: [
    unavailable("completion", "generate autocompletion scripts for the specified shell"),
    unavailable("create", "create a new chart with the given name"),
    unavailable("dependency", "manage a chart's dependencies"),
    envCommand,
    getCommand,
    historyCommand,
    installCommand,
    unavailable("lint", "examine a chart for possible issues"),
    listCommand,
    unavailable("package", "package a chart directory into a chart archive"),
    unavailable("plugin", "install, list, or uninstall Helm plugins"),
    pullCommand,
    unavailable("push", "push a chart to remote"),
    unavailable("registry", "login to or logout from a registry"),
    repoCommand,
    rollbackCommand,
    searchCommand,
    showCommand,
    statusCommand,
    templateCommand,
    unavailable("test", "run tests for a release"),
    uninstallCommand,
    upgradeCommand,
    unavailable("verify", "verify that a chart at the given path has been signed and is valid"),
    versionCommand,
  ],
};

/** Walks the arguments to the deepest command, keeping flags (and their values) for parsing. */
function findCommand(args: string[]): { path: HelmCommand[]; rest: string[] } {
  const path: HelmCommand[] = [ROOT];
  const rest: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === "--") break;
    const cmd = path[path.length - 1];
    if (a.startsWith("-")) {
      rest.push(a);
      const specs = [...GLOBAL_FLAGS, ...(cmd.flags ?? [])];
      const name = a.startsWith("--") ? a.slice(2).split("=")[0] : a.slice(1, 2);
      const spec = specs.find((f) => (a.startsWith("--") ? f.name === name : f.short === name));
      const inline = a.includes("=") || (!a.startsWith("--") && a.length > 2);
      if (spec && spec.type !== "bool" && !inline && spec.noOptDefault === undefined && i + 1 < args.length) rest.push(args[++i]);
      continue;
    }
    const next = cmd.subcommands?.find((c) => c.name === a || c.aliases?.includes(a));
    if (!next) break;
    path.push(next);
    if (!next.subcommands) {
      i++;
      break;
    }
  }
  rest.push(...args.slice(i));
  return { path, rest };
}

function helpText(cmd: HelmCommand, path: string): string {
  // cobra prints Long as written (Helm's start with a blank line), trailing space trimmed.
  const parts: string[] = [(cmd.long ?? cmd.short).trimEnd(), ""];
  parts.push("Usage:");
  if (cmd.run) parts.push(`  ${path.replace(/ [^ ]+$/, "")} ${cmd.use}${cmd.use === "helm" ? "" : " [flags]"}`.replace(/^  helm helm/, "  helm"));
  if (cmd.subcommands) parts.push(`  ${path} [command]`);
  parts.push("");
  if (cmd.aliases?.length) parts.push("Aliases:", `  ${[cmd.name, ...cmd.aliases].join(", ")}`, "");
  if (cmd.subcommands) {
    parts.push("Available Commands:");
    for (const s of cmd.subcommands) parts.push(`  ${s.name.padEnd(12)}${s.short}`);
    parts.push("");
  }
  const own = (cmd.flags ?? []).filter((f) => !f.hidden);
  if (own.length || cmd === ROOT) parts.push("Flags:", formatFlagHelp([...own, { name: "help", short: "h", type: "bool", usage: `help for ${cmd.name}` }]));
  if (cmd !== ROOT) parts.push("Global Flags:", formatFlagHelp(GLOBAL_FLAGS));
  if (cmd.subcommands) parts.push(`Use "${path} [command] --help" for more information about a command.`);
  return parts.join("\n").trimEnd() + "\n";
}

export const helm: Tool = async (args: string[], tool: ToolContext): Promise<ToolResult> => {
  const out = new Output();
  const { path, rest } = findCommand(args);
  const cmd = path[path.length - 1];
  const commandPath = path.map((c) => c.name).join(" ");
  try {
    const specs: FlagSpec[] = [...(cmd.flags ?? []), ...GLOBAL_FLAGS.filter((g) => !(cmd.flags ?? []).some((f) => f.name === g.name))];
    const flags = parseFlags(rest, specs);
    if (flags.values.help === true) {
      out.out(helpText(cmd, commandPath));
      return out.result(0);
    }
    if (!cmd.run) {
      const first = flags.positional[0];
      if (first !== undefined) {
        if (cmd === ROOT) throw new HelmError(`unknown command "${first}" for "helm"\nRun 'helm --help' for usage.`);
        // A group command given an unknown subcommand prints its help, as cobra does for non-runnable commands.
      }
      out.out(helpText(cmd, commandPath));
      return out.result(0);
    }
    checkArgs(cmd, commandPath, [...flags.positional, ...flags.afterDash]);
    const settings = await settingsFrom(tool, flags);
    let access: KubeAccess | undefined;
    const h: HelmContext = {
      tool,
      out,
      flags,
      args: [...flags.positional, ...flags.afterDash],
      commandPath,
      command: cmd,
      settings,
      now: () => tool.cluster.clock.now(),
      kube: async () => (access ??= await kubeAccess(tool, settings)),
      readUserFile: async (p) => {
        if (/^https?:\/\//.test(p)) throw new HelmError(`failed to fetch ${p} : Get "${p}": dial tcp: lookup ${p.replace(/^https?:\/\//, "").split(/[/:]/)[0]}: no such host`);
        const abs = resolvePath(tool.cwd, p);
        if (!(await tool.fs.exists(abs))) throw new HelmError(`open ${p}: no such file or directory`);
        return tool.fs.readFile(abs);
      },
    };
    return out.result(await cmd.run(h));
  } catch (e) {
    if (e instanceof FlagError || e instanceof HelmError) {
      out.errLine(`Error: ${e.message}`);
      return out.result(1);
    }
    // A simulator bug must not reach the learner as a stack trace.
    out.errLine(`Error: ${e instanceof Error ? e.message : String(e)}`);
    return out.result(1);
  }
};
