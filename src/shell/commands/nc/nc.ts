/**
 * nc (netcat-openbsd 1.226, Ubuntu 24.04) from the session's machine:
 * `nc -zv host port[-port]` reports each port as the simulated network
 * answers it (what listens, kube-proxy's rules), `nc host port` talks to
 * it (an HTTP request on stdin gets the server's raw answer, sshd its
 * banner). -w bounds the wait for a connection nobody answers.
 */
import type { HttpReply } from "../../../cluster/network/host-servers.js";
import { statusLine } from "../../../cluster/network/http-responses.js";
import { Output, type Tool, type ToolContext } from "../../tool.js";
import { dial, resolveName } from "../curl/session-network.js";

/** /etc/services names nc shows in [tcp/ssh]. */
const SERVICES: Record<string, Record<number, string>> = {
  tcp: { 22: "ssh", 53: "domain", 80: "http", 443: "https" },
  udp: { 53: "domain", 123: "ntp" },
};

const KERNEL_CONNECT_TIMEOUT_MS = 130_000;

const USAGE = "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]\n";

function rawReply(r: HttpReply): string {
  return `${statusLine(r.status)}\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n${r.body}`;
}

export const nc: Tool = async (args, ctx: ToolContext) => {
  const out = new Output();
  let zero = false;
  let verbose = false;
  let udp = false;
  let listen = false;
  let timeoutMs: number | undefined;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === "z") zero = true;
        else if (c === "v") verbose = true;
        else if (c === "u") udp = true;
        else if (c === "l") listen = true;
        else if ("nN46dkCDrStFZ".includes(c)) continue;
        else if ("wqiIMmOPpsTVWXx".includes(c)) {
          const v = a.slice(j + 1) || args[++i];
          if (v === undefined) {
            out.err(`nc: option requires an argument -- '${c}'\n${USAGE}`);
            return out.result(1);
          }
          if (c === "w") {
            if (!/^\d+$/.test(v)) {
              out.err(`nc: timeout invalid: ${v}\n`);
              return out.result(1);
            }
            timeoutMs = Number(v) * 1000;
          }
          break;
        } else if (c === "h") {
          out.err(`OpenBSD netcat (Debian patchlevel 1.226-1ubuntu2)\n${USAGE}`);
          return out.result(0);
        } else {
          out.err(`nc: invalid option -- '${c}'\n${USAGE}`);
          return out.result(1);
        }
      }
      continue;
    }
    operands.push(a);
  }
  if (listen) {
    // Nothing on the simulated network connects to a port opened from the shell.
    if (operands.length === 0) {
      out.err(USAGE);
      return out.result(1);
    }
    return out.result(0);
  }
  const [host, portSpec] = operands;
  if (host === undefined || portSpec === undefined) {
    out.err(USAGE);
    return out.result(1);
  }
  const range = /^(\d+)(?:-(\d+))?$/.exec(portSpec);
  if (!range) {
    out.err(`nc: port number invalid: ${portSpec}\n`);
    return out.result(1);
  }
  const first = Number(range[1]);
  const last = Number(range[2] ?? range[1]);
  const proto = udp ? "udp" : "tcp";
  const ip = await resolveName(ctx, host);
  if (!ip) {
    out.err(`nc: getaddrinfo for host "${host}" port ${first}: Name or service not known\n`);
    return out.result(1);
  }
  const shown = host === ip ? ip : `${host} (${ip})`;
  let status = 1;
  for (let port = first; port <= last; port++) {
    const d = dial(ctx, ip, port, proto);
    const service = SERVICES[proto][port] ?? "*";
    if (d.kind === "open" || (udp && d.kind !== "refused")) {
      status = 0;
      if (verbose) out.err(`Connection to ${shown} ${port} port [${proto}/${service}] succeeded!\n`);
      if (zero || d.kind !== "open") continue;
      const s = d.server;
      if (s.kind === "banner") out.out(s.banner);
      else if (s.kind === "http" && !s.tls) {
        const req = /^([A-Z]+) (\S+)/.exec(ctx.stdin);
        if (req) out.out(rawReply(s.handle({ method: req[1], path: req[2] })));
      } else if (s.kind === "http" && s.tls && ctx.stdin.trim()) {
        // A TLS server answers cleartext with an alert record.
        out.out("\x15\x03\x01\x00\x02\x02\x16");
      }
      continue;
    }
    if (d.kind === "refused") {
      // Only with -v, naming the host as given (remote_connect's warn).
      if (verbose) out.err(`nc: connect to ${host} port ${port} (${proto}) failed: Connection refused\n`);
      continue;
    }
    if (timeoutMs !== undefined) {
      await ctx.sleep(timeoutMs);
      if (verbose) out.err(`nc: connect to ${host} port ${port} (${proto}) timed out: Operation now in progress\n`);
    } else {
      await ctx.sleep(KERNEL_CONNECT_TIMEOUT_MS);
      if (verbose) out.err(`nc: connect to ${host} port ${port} (${proto}) failed: Connection timed out\n`);
    }
  }
  return out.result(status);
};
