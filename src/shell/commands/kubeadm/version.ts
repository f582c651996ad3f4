/**
 * kubeadm version (cmd/kubeadm/app/cmd/version.go): the binary's
 * version.Info as Go's %#v prints it (with v1.34's emulation and
 * compatibility fields, empty in a client), or -o short|yaml|json.
 */
import { kubernetesRelease } from "../../../host/packages.js";
import { goJsonMarshal } from "../kubectl/printers/gofmt.js";
import { goYamlMarshal } from "../kubectl/printers/yaml.js";
import { KubeadmError, type KCommand } from "./cobra.js";
import type { KubeadmRun } from "./context.js";

/** apimachinery version.Info of the kubeadm binary, fields in struct order. */
export function kubeadmVersionInfo(gitVersion: string): Record<string, string> {
  const r = kubernetesRelease(gitVersion);
  const [major, minor] = gitVersion.replace(/^v/, "").split(".");
  return {
    major,
    minor,
    emulationMajor: "",
    emulationMinor: "",
    minCompatibilityMajor: "",
    minCompatibilityMinor: "",
    gitVersion,
    gitCommit: r?.gitCommit ?? "",
    gitTreeState: "clean",
    buildDate: r?.buildDate ?? "",
    goVersion: r?.goVersion ?? "",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

const GO_NAMES: Record<string, string> = {
  major: "Major",
  minor: "Minor",
  emulationMajor: "EmulationMajor",
  emulationMinor: "EmulationMinor",
  minCompatibilityMajor: "MinCompatibilityMajor",
  minCompatibilityMinor: "MinCompatibilityMinor",
  gitVersion: "GitVersion",
  gitCommit: "GitCommit",
  gitTreeState: "GitTreeState",
  buildDate: "BuildDate",
  goVersion: "GoVersion",
  compiler: "Compiler",
  platform: "Platform",
};

export function versionCommand(): KCommand<KubeadmRun> {
  return {
    use: "version",
    short: "Print the version of kubeadm",
    flags: [{ name: "output", short: "o", type: "string", usage: "Output format; available options are 'yaml', 'json' and 'short'" }],
    noArgs: true,
    run: ({ run, flags }) => {
      const info = kubeadmVersionInfo(run.version);
      const output = String(flags.values.output ?? "");
      // The json/yaml encoders drop the empty omitempty fields.
      const encoded = Object.fromEntries(Object.entries(info).filter(([k, v]) => v !== "" || !/^(emulation|minCompatibility)/.test(k)));
      switch (output) {
        case "":
          run.println(`kubeadm version: &version.Info{${Object.entries(info).map(([k, v]) => `${GO_NAMES[k]}:${JSON.stringify(v)}`).join(", ")}}`);
          return;
        case "short":
          run.println(info.gitVersion);
          return;
        case "yaml":
          run.println(goYamlMarshal({ clientVersion: encoded }));
          return;
        case "json":
          run.println(goJsonMarshal({ clientVersion: encoded }, "  ", 0, false));
          return;
        default:
          throw new KubeadmError(`invalid output format: ${output}`);
      }
    },
  };
}
