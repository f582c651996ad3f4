/**
 * helm's command line: version, help, and the errors cobra and Helm print
 * (unknown commands and flags, argument counts, an unreachable cluster).
 */
import { describe, expect, it } from "vitest";
import { helmShell } from "./helpers.js";

const run = helmShell();

describe("helm command line", () => {
  it("prints its version", async () => {
    const r = await run("c1", "helm version; helm version --short; helm version --template '{{ .Version }}'", { createNamespace: false });
    expect(r.stdout).toBe(
      'version.BuildInfo{Version:"v3.19.0", GitCommit:"3d8990f0836691f0229297773f3524598f46bda6", GitTreeState:"clean", GoVersion:"go1.24.7"}\nv3.19.0+g3d8990f\nv3.19.0',
    );
  });

  it("reports unknown commands, unknown flags and wrong argument counts", async () => {
    const r = await run(
      "c2",
      `helm instal web x; echo "rc=$?"
helm install web x --sett a=b; echo "rc=$?"
helm status; echo "rc=$?"
helm list extra; echo "rc=$?"
helm repo add only-name; echo "rc=$?"`,
      { createNamespace: false },
    );
    expect(r.stdout).toBe("rc=1\nrc=1\nrc=1\nrc=1\nrc=1\n");
    // cobra v1.10 legacyArgs + findSuggestions: the near miss is suggested before helm's usage hint.
    expect(r.stderr).toBe(`Error: unknown command "instal" for "helm"

Did you mean this?
\tinstall

Run 'helm --help' for usage.
Error: unknown flag: --sett
Error: "helm status" requires 1 argument

Usage:  helm status RELEASE_NAME [flags]
Error: "helm list" accepts no arguments

Usage:  helm list [flags]
Error: "helm repo add" requires 2 arguments

Usage:  helm repo add [NAME] [URL] [flags]
`);
  });

  it("refuses an unknown -o format while parsing flags, as bindOutputFlag's value does", async () => {
    const r = await run("c5", `helm list -o bogus; echo "rc=$?"\nhelm repo list --output=xml; echo "rc=$?"`, { createNamespace: false });
    expect(r.stdout).toBe("rc=1\nrc=1\n");
    expect(r.stderr).toBe('Error: invalid argument "bogus" for "-o, --output" flag: invalid format type\nError: invalid argument "xml" for "-o, --output" flag: invalid format type\n');
  });

  it("prints help for a bare group command and with --help", async () => {
    const r = await run("c3", "helm repo | head -3; helm install --help | grep -c -- '--create-namespace'", { createNamespace: false });
    expect(r.stdout).toBe("\nThis command consists of multiple subcommands to interact with chart repositories.\n\n1\n");
  });

  it("cannot reach a cluster from a node without a kubeconfig", async () => {
    const r = await run("c4", "ssh node01 'helm list'; echo \"rc=$?\"", { createNamespace: false });
    expect(r.stderr).toBe('Error: Kubernetes cluster unreachable: Get "http://localhost:8080/version": dial tcp 127.0.0.1:8080: connect: connection refused\n');
    expect(r.stdout).toBe("rc=1\n");
  });

  it("prints cobra's help with pflag's flag layout: helm --help", async () => {
    const r = await run("c6", "helm --help; echo rc=$?", { createNamespace: false });
    expect(r.stdout.startsWith("The Kubernetes package manager\n\nCommon actions for Helm:\n")).toBe(true);
    expect(r.stdout).toContain(`| Windows          | %TEMP%\\helm               | %APPDATA%\\helm                 | %APPDATA%\\helm          |

Usage:
  helm [command]

Available Commands:
  completion  generate autocompletion scripts for the specified shell
  create      create a new chart with the given name
  dependency  manage a chart's dependencies
  env         helm client environment information
  get         download extended information of a named release
  help        Help about any command
  history     fetch release history
  install     install a chart
`);
    expect(r.stdout).toContain(`
Flags:
      --burst-limit int                 client-side default throttling limit (default 100)
      --debug                           enable verbose output
  -h, --help                            help for helm
      --kube-apiserver string           the address and the port for the Kubernetes API server
      --kube-as-group stringArray       group to impersonate for the operation, this flag can be repeated to specify multiple groups.
`);
    // Defaults come from the environment (cli.New): HELM_NAMESPACE and HELM_CONFIG_HOME are set by the test helper.
    expect(r.stdout).toContain(`
  -n, --namespace string                namespace scope for this request (default "c6")
      --qps float32                     queries per second used when communicating with the Kubernetes API, not including bursting
      --registry-config string          path to the registry config file (default "/tmp/helm-c6/config/registry/config.json")
      --repository-cache string         path to the directory containing cached repository indexes (default "/tmp/helm-c6/cache/repository")
      --repository-config string        path to the file containing repository names and URLs (default "/tmp/helm-c6/config/repositories.yaml")

Use "helm [command] --help" for more information about a command.
rc=0
`);
    expect(r.stdout).not.toContain("Global Flags:");
  });

  it("shows a command's flags with pflag's value types and defaults: helm install --help", async () => {
    const r = await run("c7", "helm install --help", { createNamespace: false });
    const lines = r.stdout.split("\n");
    expect(lines).toContain("  helm install [NAME] [CHART] [flags]");
    const flag = (name: string) => lines.find((l) => l.startsWith(`      --${name} `) || l.includes(`, --${name} `));
    expect(flag("set")).toBe("      --set stringArray                            set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)");
    expect(flag("values")).toBe("  -f, --values strings                             specify values in a YAML file or a URL (can specify multiple)");
    expect(flag("timeout")).toBe("      --timeout duration                           time to wait for any individual Kubernetes operation (like Jobs for hooks) (default 5m0s)");
    expect(flag("dry-run")).toBe(
      "      --dry-run string[=\"client\"]                  simulate an install. If --dry-run is set with no option being specified or as '--dry-run=client', it will not attempt cluster connections. Setting '--dry-run=server' allows attempting cluster connections.",
    );
    expect(flag("output")).toBe("  -o, --output format                              prints the output in the specified format. Allowed values: table, json, yaml (default table)");
    expect(flag("labels")).toBe("  -l, --labels stringToString                      Labels that would be added to release metadata. Should be divided by comma. (default [])");
    expect(r.stdout).toContain("\nGlobal Flags:\n      --burst-limit int                 client-side default throttling limit (default 100)\n");
  });

  it("answers help the same through the help command, -h and --help", async () => {
    const r = await run("c8", `helm help repo > a; helm repo --help > b; [ "$(cat a)" = "$(cat b)" ] && echo same; cat a; helm repo add -h | head -4`, { createNamespace: false });
    expect(r.stdout).toContain(`same

This command consists of multiple subcommands to interact with chart repositories.

It can be used to add, remove, list, and index chart repositories.

Usage:
  helm repo [command]

Available Commands:
  add         add a chart repository
  list        list chart repositories
  remove      remove one or more chart repositories
  update      update information of available charts locally from chart repositories

Flags:
  -h, --help   help for repo

Global Flags:
`);
    expect(r.stdout).toContain('Use "helm repo [command] --help" for more information about a command.\nadd a chart repository\n\nUsage:\n  helm repo add [NAME] [URL] [flags]\n');
  });

  it("reports an unknown help topic with the root's usage on stderr", async () => {
    const r = await run("c9", "helm help nope; echo rc=$?", { createNamespace: false });
    expect(r.stdout).toBe("rc=0\n");
    expect(r.stderr.startsWith("Unknown help topic [`nope`]\nUsage:\n  helm [command]\n\nAvailable Commands:\n")).toBe(true);
  });

  it("suggests commands in the order helm adds them, and uninstall for rm (SuggestFor)", async () => {
    const r = await run("c10", "helm s; helm rm web; helm hel; echo rc=$?", { createNamespace: false });
    expect(r.stderr).toBe(`Error: unknown command "s" for "helm"

Did you mean this?
\tshow
\tsearch
\tstatus

Run 'helm --help' for usage.
Error: unknown command "rm" for "helm"

Did you mean this?
\tuninstall

Run 'helm --help' for usage.
Error: unknown command "hel" for "helm"

Did you mean this?
\tget

Run 'helm --help' for usage.
`);
    expect(r.stdout).toBe("rc=1\n");
  });

  it("finds the command after global flags given first", async () => {
    const r = await run("c11", "helm -n c11 list; echo rc=$?; helm --kube-context kubernetes-admin@kubernetes --namespace=c11 ls -q; echo rc=$?; helm --debug version --short");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("NAME\tNAMESPACE\tREVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION\nrc=0\nrc=0\nv3.19.0+g3d8990f\n");
  });
});
