/**
 * hostname (net-tools/hostname on Ubuntu): the machine's name, and with -I
 * its addresses; -i resolves the name through /etc/hosts (127.0.1.1 on a
 * kubeadm node). Setting the name is refused: the cluster's nodes keep theirs.
 */
import type { Tool } from "../../tool.js";

export const hostname: Tool = async (args, ctx) => {
  const machine = ctx.cluster.machine(ctx.host);
  const flags = args.filter((a) => a.startsWith("-"));
  const names = args.filter((a) => !a.startsWith("-"));
  if (names.length > 0) {
    if (ctx.user !== "root") return { stdout: "", stderr: "hostname: you must be root to change the host name\n", exitCode: 1 };
    return { stdout: "", stderr: `hostname: the name of this node is managed by the cluster; not changing it to ${names[0]}\n`, exitCode: 1 };
  }
  if (flags.includes("-I") || flags.includes("--all-ip-addresses")) return { stdout: `${machine?.nodeIP ?? "127.0.0.1"} \n`, stderr: "", exitCode: 0 };
  if (flags.includes("-i") || flags.includes("--ip-address")) return { stdout: machine ? "127.0.1.1\n" : "127.0.0.1\n", stderr: "", exitCode: 0 };
  return { stdout: `${ctx.host}\n`, stderr: "", exitCode: 0 };
};
