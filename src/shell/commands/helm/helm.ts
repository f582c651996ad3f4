/**
 * helm v3.19: finds the subcommand, parses its flags with the global ones
 * (pflag rules, cobra's errors), checks the argument count, and prints any
 * failure as `Error: <message>` with exit 1 (cmd/helm/helm.go). The
 * commands live beside this file, one per job.
 */
import { commandPath, findCommand, HELP_COMMAND_SHORT, helpTopic, nameOf, parseCommandFlags, UnknownCommandError, unknownHelpTopic, type FindOptions, type PFlag } from "../../cobra/command.js";
import { cobraHelp, cobraUsage } from "../../cobra/usage.js";
import { FlagError } from "../../flags.js";
import { Output, resolvePath, type Tool, type ToolContext, type ToolResult } from "../../tool.js";
import { goQuote } from "../kubectl/printers/gofmt.js";
import { GoTemplate, TemplateError } from "../kubectl/printers/gotemplate.js";
import { checkArgs, environmentDefaults, GLOBAL_FLAGS, HELM_VERSION, HelmError, kubeAccess, settingsFrom, type HelmCommand, type HelmContext, type KubeAccess } from "./cli.js";
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
| $HELM_DATA_HOME                    | set an alternative location for storing Helm data.                                                         |
| $HELM_DEBUG                        | indicate whether or not Helm is running in Debug mode                                                      |
| $HELM_DRIVER                       | set the backend storage driver. Values are: configmap, secret, memory, sql.                                |
| $HELM_DRIVER_SQL_CONNECTION_STRING | set the connection string the SQL storage driver should use.                                               |
| $HELM_MAX_HISTORY                  | set the maximum number of helm release history.                                                            |
| $HELM_NAMESPACE                    | set the namespace used for the helm operations.                                                            |
| $HELM_NO_PLUGINS                   | disable plugins. Set HELM_NO_PLUGINS=1 to disable plugins.                                                 |
| $HELM_PLUGINS                      | set the path to the plugins directory                                                                      |
| $HELM_REGISTRY_CONFIG              | set the path to the registry config file.                                                                  |
| $HELM_REPOSITORY_CACHE             | set the path to the repository cache directory                                                             |
| $HELM_REPOSITORY_CONFIG            | set the path to the repositories file.                                                                     |
| $KUBECONFIG                        | set an alternative Kubernetes configuration file (default "~/.kube/config")                                |
| $HELM_KUBEAPISERVER                | set the Kubernetes API Server Endpoint for authentication                                                  |
| $HELM_KUBECAFILE                   | set the Kubernetes certificate authority file.                                                             |
| $HELM_KUBEASGROUPS                 | set the Groups to use for impersonation using a comma-separated list.                                      |
| $HELM_KUBEASUSER                   | set the Username to impersonate for the operation.                                                         |
| $HELM_KUBECONTEXT                  | set the name of the kubeconfig context.                                                                    |
| $HELM_KUBETOKEN                    | set the Bearer KubeToken used for authentication.                                                          |
| $HELM_KUBEINSECURE_SKIP_TLS_VERIFY | indicate if the Kubernetes API server's certificate validation should be skipped (insecure)                |
| $HELM_KUBETLS_SERVER_NAME          | set the server name used to validate the Kubernetes API server certificate                                 |
| $HELM_BURST_LIMIT                  | set the default burst limit in the case the server contains many CRDs (default 100, -1 to disable)         |
| $HELM_QPS                          | set the Queries Per Second in cases where a high number of calls exceed the option for higher burst values |

Helm stores cache, configuration, and data based on the following configuration order:

- If a HELM_*_HOME environment variable is set, it will be used
- Otherwise, on systems supporting the XDG base directory specification, the XDG variables will be used
- When no other location is set a default location will be used based on the operating system

By default, the default directories depend on the Operating System. The defaults are listed below:

| Operating System | Cache Path                | Configuration Path             | Data Path               |
|------------------|---------------------------|--------------------------------|-------------------------|
| Linux            | $HOME/.cache/helm         | $HOME/.config/helm             | $HOME/.local/share/helm |
| macOS            | $HOME/Library/Caches/helm | $HOME/Library/Preferences/helm | $HOME/Library/helm      |
| Windows          | %TEMP%\\helm               | %APPDATA%\\helm                 | %APPDATA%\\helm          |
`;

const versionCommand: HelmCommand = {
  use: "version",
  short: "print the client version information",
  long: `
Show the version for Helm.

This will print a representation the version of Helm.
The output will look something like this:

version.BuildInfo{Version:"v3.2.1", GitCommit:"fe51cd1e31e6a202cba7dead9552a6d418ded79a", GitTreeState:"clean", GoVersion:"go1.13.10"}

- Version is the semantic version of the release.
- GitCommit is the SHA for the commit that this version was built from.
- GitTreeState is "clean" if there are no local code changes when this binary was
  built, and "dirty" if the binary was built from locally modified code.
- GoVersion is the version of Go that was used to compile Helm.

When using the --template flag the following properties are available to use in
the template:

- .Version contains the semantic version of Helm
- .GitCommit is the git commit
- .GitTreeState is the state of the git tree when Helm was built
- .GoVersion contains the version of Go that Helm was compiled with

For example, --template='Version: {{.Version}}' outputs 'Version: v3.2.1'.
`,
  args: { none: true },
  flags: [
    { name: "short", type: "bool", usage: "print the version number" },
    { name: "template", type: "string", usage: "template for version string format" },
    { name: "client", short: "c", type: "bool", default: true, usage: "display client version information", hidden: true },
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
  use: "env",
  short: "helm client environment information",
  long: "\nEnv prints out all the environment information in use by Helm.\n",
  args: { max: 1 },
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
function unavailable(use: string, short: string): HelmCommand {
  return {
    use,
    short,
    async run() {
      throw new HelmError(`"helm ${nameOf({ use })}" is not available in this simulator`);
    },
  };
}

/** Command.Find as helm's Execute calls it: suggestions in the order root.go added the commands. */
const FIND: FindOptions = { suggestionsAsAdded: true };

/** The flags of the commands on path with the defaults this environment gives them, for help. */
function withEnvironmentDefaults(path: readonly HelmCommand[], tool: ToolContext): HelmCommand[] {
  const defaults = environmentDefaults((k) => tool.env.get(k));
  const fill = (flags?: PFlag[]) => flags?.map((f) => (f.name in defaults ? { ...f, defaultText: defaults[f.name] } : f));
  return path.map((c) => ({ ...c, flags: fill(c.flags), persistentFlags: fill(c.persistentFlags) }));
}

/** cobra's default help (helm sets no template of its own). */
function helpText(path: readonly HelmCommand[], tool: ToolContext): string {
  return cobraHelp(withEnvironmentDefaults(path, tool));
}

/** cobra's help command (InitDefaultHelpCmd): help of the command the words name, or "Unknown help topic" and the root's usage on stderr. */
const helpCommand: HelmCommand = {
  use: "help [command]",
  short: HELP_COMMAND_SHORT,
  long: "Help provides help for any command in the application.\nSimply type helm help [path to command] for full details.",
  async run(h) {
    const path = helpTopic(ROOT, h.args, FIND);
    if (path) h.out.out(helpText(path, h.tool));
    else h.out.err(`${unknownHelpTopic(h.args)}${cobraUsage(withEnvironmentDefaults([ROOT], h.tool))}`);
    return 0;
  },
};

/** cmd/helm/root.go newRootCmd: SilenceUsage, the settings' flags as persistent ones, the commands in AddCommand order. */
const ROOT: HelmCommand = {
  use: "helm",
  short: "The Helm package manager for Kubernetes.",
  long: GLOBAL_USAGE,
  persistentFlags: GLOBAL_FLAGS,
  children: [
    unavailable("create NAME", "create a new chart with the given name"),
    unavailable("dependency update|build|list", "manage a chart's dependencies"),
    pullCommand,
    showCommand,
    unavailable("lint PATH", "examine a chart for possible issues"),
    unavailable("package [CHART_PATH] [...]", "package a chart directory into a chart archive"),
    repoCommand,
    searchCommand,
    unavailable("verify PATH", "verify that a chart at the given path has been signed and is valid"),
    getCommand,
    historyCommand,
    installCommand,
    listCommand,
    unavailable("test [RELEASE]", "run tests for a release"),
    rollbackCommand,
    statusCommand,
    templateCommand,
    uninstallCommand,
    upgradeCommand,
    unavailable("completion", "generate autocompletion scripts for the specified shell"),
    envCommand,
    unavailable("plugin", "install, list, or uninstall Helm plugins"),
    versionCommand,
    unavailable("registry", "login to or logout from a registry"),
    unavailable("push [chart] [remote]", "push a chart to remote"),
    helpCommand,
  ],
};

/**
 * cobra's ExecuteC with helm's root (SilenceUsage): Find (an unknown command
 * at the root: the error, suggestions and `Run 'helm --help' for usage.`),
 * flag parsing, help for -h/--help and for commands that do not run, then
 * require's argument check and the command; every error as `Error: ...`, exit 1.
 */
export const helm: Tool = async (args: string[], tool: ToolContext): Promise<ToolResult> => {
  const out = new Output();
  try {
    let found: { path: HelmCommand[]; args: string[] };
    try {
      found = findCommand(ROOT, args, FIND);
    } catch (e) {
      if (!(e instanceof UnknownCommandError)) throw e;
      out.err(`Error: ${e.message}\nRun 'helm --help' for usage.\n`);
      return out.result(1);
    }
    const path = found.path;
    const cmd = path[path.length - 1];
    const flags = parseCommandFlags(path, found.args);
    if (flags.values.help === true || !cmd.run) {
      out.out(helpText(path, tool));
      return out.result(0);
    }
    const positional = [...flags.positional, ...flags.afterDash];
    checkArgs(path, positional);
    const settings = await settingsFrom(tool, flags);
    let access: KubeAccess | undefined;
    const h: HelmContext = {
      tool,
      out,
      flags,
      args: positional,
      commandPath: commandPath(path),
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
