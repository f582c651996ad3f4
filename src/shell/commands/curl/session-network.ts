/**
 * The network as the shell session's machine sees it, for the node tools
 * (curl, nc, ping, openssl s_client): its /etc/hosts (the machine's file,
 * or the base host's list of nodes) and connections from it.
 */
import type { Cluster } from "../../../cluster/cluster.js";
import { dialFrom, outsideHosts, resolveOnNode, type Dial } from "../../../cluster/network/host-client.js";
import { resolvePath, type ToolContext } from "../../tool.js";

export async function sessionHosts(ctx: ToolContext): Promise<string> {
  const cluster = ctx.cluster as Cluster;
  const machine = cluster.machine?.(ctx.host);
  if (machine) return machine.fs.read("/etc/hosts") ?? "";
  try {
    return await ctx.fs.readFile(resolvePath("/", "/etc/hosts"));
  } catch {
    return outsideHosts(cluster);
  }
}

/** A name as the session's resolver answers it (undefined: "Name or service not known"). */
export async function resolveName(ctx: ToolContext, name: string): Promise<string | undefined> {
  return resolveOnNode(await sessionHosts(ctx), name);
}

export function dial(ctx: ToolContext, ip: string, port: number, proto: "tcp" | "udp" = "tcp"): Dial {
  return dialFrom(ctx.cluster as Cluster, ctx.host, ip, port, proto);
}

/** The session machine's own address (the source of what it sends). */
export function ownAddress(ctx: ToolContext): string {
  const cluster = ctx.cluster as Cluster;
  return cluster.machine?.(ctx.host)?.nodeIP ?? "192.168.100.5";
}
