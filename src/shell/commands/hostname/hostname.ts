/**
 * hostname (Debian's hostname package, as on Ubuntu): the kernel's host
 * name, with -I the machine's addresses and with -i the name resolved
 * through /etc/hosts (127.0.1.1 on a kubeadm node). `hostname NAME` sets
 * the kernel's name (root only) until the next boot: /etc/hostname, the
 * prompt of the running shell and the kubelet's registered node name stay
 * as they were, as on a real node.
 */
import type { Tool, ToolContext } from "../../tool.js";

/** Where the kernel keeps its host name (procfs's view of sethostname(2)). */
const KERNEL_HOSTNAME = "/proc/sys/kernel/hostname";

/** The kernel's host name on the session's machine. */
export async function kernelHostname(ctx: ToolContext): Promise<string> {
  const name = (await ctx.fs.exists(KERNEL_HOSTNAME)) ? (await ctx.fs.readFile(KERNEL_HOSTNAME)).trim() : "";
  return name || ctx.host;
}

/** What the hostname package accepts: labels of letters, digits and inner hyphens, dot-separated, at most 64 characters. */
function validHostname(name: string): boolean {
  return name.length <= 64 && name.split(".").every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(l));
}

export const hostname: Tool = async (args, ctx) => {
  const machine = ctx.cluster.machine(ctx.host);
  const flags = args.filter((a) => a.startsWith("-"));
  const names = args.filter((a) => !a.startsWith("-"));
  if (names.length > 0) {
    if (ctx.user !== "root") return { stdout: "", stderr: "hostname: you must be root to change the host name\n", exitCode: 1 };
    if (!validHostname(names[0])) return { stdout: "", stderr: "hostname: the specified hostname is invalid\n", exitCode: 1 };
    await ctx.fs.writeFile(KERNEL_HOSTNAME, `${names[0]}\n`);
    return { stdout: "", stderr: "", exitCode: 0 };
  }
  if (flags.includes("-I") || flags.includes("--all-ip-addresses")) return { stdout: `${machine?.nodeIP ?? "127.0.0.1"} \n`, stderr: "", exitCode: 0 };
  if (flags.includes("-i") || flags.includes("--ip-address")) return { stdout: machine ? "127.0.1.1\n" : "127.0.0.1\n", stderr: "", exitCode: 0 };
  return { stdout: `${await kernelHostname(ctx)}\n`, stderr: "", exitCode: 0 };
};
