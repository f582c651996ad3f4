/**
 * kubeadm (cmd/kubeadm/app/cmd/cmd.go, app/kubeadm.go): the root command
 * with its commands, the persistent --rootfs flag and the two klog flags
 * v1.34 still exposes (-v and --vmodule, kubernetes#131647), run on the
 * machine the shell is on with the version of its /usr/bin/kubeadm.
 */
import { Output, type Tool } from "../../tool.js";
import { certsCommand } from "./certs.js";
import { execute, helpCommand, type KCommand } from "./cobra.js";
import { configCommand } from "./config.js";
import { KubeadmRun } from "./context.js";
import { completionCommand, initCommand, joinCommand, kubeconfigCommand, resetCommand } from "./lifecycle.js";
import { tokenCommand } from "./token.js";
import { upgradeCommand } from "./upgrade.js";
import { versionCommand } from "./version.js";

const LONG = `
    ┌──────────────────────────────────────────────────────────┐
    │ KUBEADM                                                  │
    │ Easily bootstrap a secure Kubernetes cluster             │
    │                                                          │
    │ Please give us feedback at:                              │
    │ https://github.com/kubernetes/kubeadm/issues             │
    └──────────────────────────────────────────────────────────┘

Example usage:

    Create a two-machine cluster with one control-plane node
    (which controls the cluster), and one worker node
    (where your workloads, like Pods and Deployments run).

    ┌──────────────────────────────────────────────────────────┐
    │ On the first machine:                                    │
    ├──────────────────────────────────────────────────────────┤
    │ control-plane# kubeadm init                              │
    └──────────────────────────────────────────────────────────┘

    ┌──────────────────────────────────────────────────────────┐
    │ On the second machine:                                   │
    ├──────────────────────────────────────────────────────────┤
    │ worker# kubeadm join <arguments-returned-from-init>      │
    └──────────────────────────────────────────────────────────┘

    You can then repeat the second step on as many other machines as you like.
`;

/** cobra's help command, listed among the others; `kubeadm help x` runs helpCommand. */
const HELP: KCommand<KubeadmRun> = {
  use: "help [command]",
  short: "Help about any command",
  long: "Help provides help for any command in the application.\nSimply type kubeadm help [path to command] for full details.",
  run: () => undefined,
};

export function kubeadmRoot(): KCommand<KubeadmRun> {
  const root: KCommand<KubeadmRun> = {
    use: "kubeadm",
    short: "kubeadm: easily bootstrap a secure Kubernetes cluster",
    long: LONG,
    persistentFlags: [
      { name: "rootfs", type: "string", usage: "The path to the 'real' host root filesystem. This will cause kubeadm to chroot into the provided path." },
      { name: "v", short: "v", type: "int", varname: "Level", usage: "number for the log level verbosity" },
      { name: "vmodule", type: "string", varname: "moduleSpec", usage: "comma-separated list of pattern=N settings for file-filtered logging" },
    ],
    children: [],
  };
  root.children = [certsCommand(), completionCommand(), configCommand(), HELP, initCommand(), joinCommand(), kubeconfigCommand(), resetCommand(), tokenCommand(), upgradeCommand(), versionCommand()];
  return root;
}

/** The words of `kubeadm help a b` (cobra's help command), or undefined for another command. */
function helpWords(args: string[]): string[] | undefined {
  const i = args.findIndex((a) => !a.startsWith("-"));
  if (i < 0 || args[i] !== "help") return undefined;
  return args.slice(i + 1).filter((a) => !a.startsWith("-"));
}

export const kubeadm: Tool = async (args, ctx) => {
  const machine = ctx.cluster.machine(ctx.host);
  const version = machine?.packages.binaryVersion("kubeadm");
  if (!machine || !version) return { stdout: "", stderr: "bash: kubeadm: command not found\n", exitCode: 127 };
  const out = new Output();
  const root = kubeadmRoot();
  const io = { out: (s: string) => out.out(s), err: (s: string) => out.err(s) };
  const help = helpWords(args);
  const exitCode = help ? helpCommand(root, help, io) : await execute(root, args, () => new KubeadmRun(ctx, machine, version, out), io);
  return out.result(exitCode);
};
