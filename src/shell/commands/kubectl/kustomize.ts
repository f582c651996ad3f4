/**
 * kubectl kustomize: Build a kustomization target from a directory or URL.
 *
 * kubectl embeds kustomize's own `build` command (sigs.k8s.io/kustomize
 * kustomize/commands/build), so a failure is not kubectl's `error: ...` but
 * the klog line component-base prints for a cobra RunE error:
 * `E0112 08:47:00.000000   12345 run.go:72] "command failed" err="..."`.
 */
import { goQuote } from "../../../cluster/api/field-errors.js";
import { resolvePath } from "../../tool.js";
import { klogLine } from "./common/klog.js";
import { RawError } from "./errors.js";
import { buildKustomization, KustomizeError, kustomizeYaml } from "./kustomize/build.js";
import type { Subcommand } from "./types.js";

/** klog's rendering of an error value: quoted on one line, or a `<` block with tab-indented lines. */
function klogErrValue(msg: string): string {
  if (!msg.includes("\n")) return goQuote(msg);
  return `<\n${msg
    .split("\n")
    .map((l) => `\t${l}`)
    .join("\n")}\n >`;
}

export const kustomizeCommand: Subcommand = {
  name: "kustomize",
  short: "Build a kustomization target from a directory or URL",
  usage: "kubectl kustomize DIR [flags] [options]",
  long: "Build a set of KRM resources using a 'kustomization.yaml' file. The DIR argument must be a path to a directory containing 'kustomization.yaml', or a git repository URL with a path suffix specifying same with respect to the repository root. If DIR is omitted, '.' is assumed.",
  examples: `  # Build the current working directory
  kubectl kustomize
  
  # Build some shared configuration directory
  kubectl kustomize /home/config/production
  
  # Build from github
  kubectl kustomize https://github.com/kubernetes-sigs/kustomize.git/examples/helloWorld?ref=v1.0.6`,
  flags: [
    { name: "as-current-user", type: "bool", usage: "use the uid and gid of the command executor to run the function in the container" },
    { name: "enable-alpha-plugins", type: "bool", usage: "enable kustomize plugins" },
    { name: "enable-helm", type: "bool", usage: "Enable use of the Helm chart inflator generator." },
    { name: "env", short: "e", type: "stringArray", usage: "a list of environment variables to be used by functions" },
    { name: "helm-api-versions", type: "stringArray", usage: "Kubernetes api versions used by Helm for Capabilities.APIVersions" },
    { name: "helm-command", type: "string", default: "helm", usage: "helm command (path to executable)" },
    { name: "helm-debug", type: "bool", usage: "Enable debug output from the Helm chart inflator generator." },
    { name: "helm-kube-version", type: "string", usage: "Kubernetes version used by Helm for Capabilities.KubeVersion" },
    {
      name: "load-restrictor",
      type: "string",
      default: "LoadRestrictionsRootOnly",
      usage:
        "if set to 'LoadRestrictionsNone', local kustomizations may load files from outside their root. This does, however, break the relocatability of the kustomization.",
    },
    { name: "mount", type: "stringArray", usage: "a list of storage options read from the filesystem" },
    { name: "network", type: "bool", usage: "enable network access for functions that declare it" },
    { name: "network-name", type: "string", default: "bridge", usage: "the docker network to run the container in" },
    { name: "output", short: "o", type: "string", usage: "If specified, write output to this path." },
  ],
  async run(k) {
    const fail = (msg: string) => new RawError(klogLine("E", k.now(), "run.go:72", `"command failed" err=${klogErrValue(msg)}`).trimEnd());
    if (k.args.length > 1) throw fail("specify one path to kustomization.yaml");
    const dir = k.args[0] ?? ".";
    const restrictor = String(k.flags.values["load-restrictor"] ?? "LoadRestrictionsRootOnly");
    if (restrictor !== "LoadRestrictionsRootOnly" && restrictor !== "LoadRestrictionsNone") {
      throw fail(`illegal flag value --load-restrictor ${restrictor}; legal values: [LoadRestrictionsRootOnly LoadRestrictionsNone]`);
    }
    let yaml: string;
    try {
      const built = await buildKustomization(k.tool.fs, k.tool.cwd, dir, { restrictRoot: restrictor === "LoadRestrictionsRootOnly" });
      for (const w of built.warnings) k.out.errLine(w);
      yaml = kustomizeYaml(built.objects);
    } catch (e) {
      if (e instanceof KustomizeError) throw fail(e.message);
      throw e;
    }
    const output = String(k.flags.values.output ?? "");
    if (output) {
      await k.tool.fs.writeFile(resolvePath(k.tool.cwd, output), yaml);
      return 0;
    }
    k.out.out(yaml);
    return 0;
  },
};
