/**
 * ping (iputils 20240117, Ubuntu 24.04) from the session's machine: nodes
 * and pods answer (one hop more to a pod on another node), a free address
 * on the node's own subnet gets "Destination Host Unreachable", ClusterIPs
 * and addresses off the network never answer (kube-proxy's iptables rules
 * only translate TCP/UDP). Each echo takes a second of the session's
 * clock; without -c it runs until Ctrl-C at the terminal (4 echoes in a
 * script, which has no Ctrl-C).
 */
import type { Cluster } from "../../../cluster/cluster.js";
import { pingFromNode } from "../../../cluster/network/host-client.js";
import { fnv32a } from "../../../cluster/random.js";
import { Output, type Tool, type ToolContext } from "../../tool.js";
import { ownAddress, resolveName } from "../curl/session-network.js";

const USAGE = "\nUsage\n  ping [options] <destination>\n";

/** Round-trip time of one echo (ms): loopback, the node's network, a pod behind flannel. */
function rtt(cluster: Cluster, from: string, ip: string, seq: number): number {
  const jitter = (fnv32a(`${from}:${ip}:${seq}`) % 1000) / 1000;
  if (ip.startsWith("127.") || cluster.fixture.nodes.some((n) => n.name === from && n.ip === ip)) return 0.025 + jitter * 0.03;
  if (cluster.fixture.nodes.some((n) => n.ip === ip)) return 0.28 + jitter * 0.4;
  return 0.06 + jitter * 0.9;
}

/** TTL of the reply: 64 from the nodes' network, one less across flannel to a pod on another node. */
function ttl(cluster: Cluster, from: string, ip: string): number {
  if (ip.startsWith("127.") || cluster.fixture.nodes.some((n) => n.ip === ip)) return 64;
  const local = cluster.machine(from)?.runtime.listPodSandboxes({ state: "SANDBOX_READY" }).some((s) => s.ip === ip);
  return local ? 64 : 63;
}

export const ping: Tool = async (args, ctx: ToolContext) => {
  const out = new Output();
  const cluster = ctx.cluster as Cluster;
  let count: number | undefined;
  let intervalMs = 1000;
  let quiet = false;
  let numeric = false;
  let deadlineMs: number | undefined;
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === "q") quiet = true;
        else if (c === "n") numeric = true;
        else if ("46ADdfLRrUvOa".includes(c)) continue;
        else if ("ciwWstlpIQMSF".includes(c)) {
          const v = a.slice(j + 1) || args[++i];
          if (v === undefined) {
            out.err(`ping: option requires an argument -- '${c}'\n${USAGE}`);
            return out.result(2);
          }
          const n = Number(v);
          if (c === "c") {
            if (!Number.isInteger(n) || n < 1) {
              out.err(`ping: invalid argument: '${v}': out of range: 1 <= value <= 9223372036854775807\n`);
              return out.result(1);
            }
            count = n;
          } else if (c === "i") intervalMs = Math.max(2, n * 1000);
          else if (c === "w") deadlineMs = n * 1000;
          break;
        } else if (c === "V") {
          out.out("ping from iputils 20240117\n");
          return out.result(0);
        } else {
          out.err(`ping: invalid option -- '${c}'\n${USAGE}`);
          return out.result(2);
        }
      }
      continue;
    }
    target = a;
  }
  if (target === undefined) {
    out.err(`ping: usage error: Destination address required\n`);
    return out.result(1);
  }
  const ip = await resolveName(ctx, target);
  if (!ip) {
    out.err(`ping: ${target}: Name or service not known\n`);
    return out.result(2);
  }
  const named = target !== ip && !numeric;
  const fromName = (addr: string) => (named ? `${target} (${addr})` : addr);
  const terminal = ctx.terminal;
  const emit = (text: string) => (terminal ? terminal.write(text) : out.out(text));
  emit(`PING ${target} (${ip}) 56(84) bytes of data.\n`);
  const verdict = ctx.cluster.machine?.(ctx.host) ? pingFromNode(cluster, ctx.host, ip) : cluster.fixture.nodes.some((n) => n.ip === ip) ? "reply" : "lost";
  const own = ownAddress(ctx);
  const limit = count ?? (deadlineMs !== undefined ? Math.max(1, Math.floor(deadlineMs / intervalMs)) : terminal ? Infinity : 4);
  const times: number[] = [];
  let sent = 0;
  let errors = 0;
  const start = ctx.cluster.clock.now();
  for (let seq = 1; seq <= limit; seq++) {
    if (terminal?.signal.aborted) break;
    sent++;
    if (verdict === "reply") {
      const t = rtt(cluster, ctx.host, ip, seq);
      times.push(t);
      if (!quiet) emit(`64 bytes from ${fromName(ip)}: icmp_seq=${seq} ttl=${ttl(cluster, ctx.host, ip)} time=${t < 1 ? t.toFixed(3) : t.toFixed(2)} ms\n`);
    } else if (verdict === "unreachable") {
      errors++;
      if (!quiet) emit(`From ${own} icmp_seq=${seq} Destination Host Unreachable\n`);
    }
    if (seq < limit) await ctx.sleep(intervalMs);
  }
  const elapsed = Math.max(0, ctx.cluster.clock.now() - start) + (sent > 1 ? 3 + (fnv32a(`${ip}:${sent}`) % 40) : 0);
  const received = times.length;
  const loss = sent ? Math.round(((sent - received) * 100) / sent) : 0;
  let stats = `\n--- ${target} ping statistics ---\n${sent} packets transmitted, ${received} received, ${errors ? `+${errors} errors, ` : ""}${loss}% packet loss, time ${elapsed}ms\n`;
  if (received) {
    const min = Math.min(...times);
    const max = Math.max(...times);
    const avg = times.reduce((a, b) => a + b, 0) / received;
    const mdev = Math.sqrt(times.reduce((a, b) => a + (b - avg) ** 2, 0) / received);
    stats += `rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${mdev.toFixed(3)} ms\n`;
  } else if (errors) stats += `pipe ${Math.min(3, errors)}\n`;
  emit(stats);
  return out.result(received ? 0 : 1);
};
