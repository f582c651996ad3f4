/**
 * The network clients found in container images, with their own wording:
 * busybox wget and nslookup (busybox/alpine images), curl (images that ship
 * it). They reach the cluster network through the process's NetworkAccess
 * (Services, DNS, NetworkPolicies); waiting for a connection that never
 * answers takes its time on the virtual clock.
 */
import { normalizePath } from "./filesystem.js";
import type { Program, ProcessContext } from "./process.js";
import { candidateNames, parseResolvConf } from "../../network/resolver.js";
import { statusLine } from "../../network/http-responses.js";

/** Linux gives up a TCP connect after its SYN retries (~127 s). */
const KERNEL_CONNECT_TIMEOUT_MS = 127_000;

type Fetch = { status: number; body: string } | { failure: "resolve" | "refused" | "timeout"; detail: string };

/** An HTTP GET through the network, its failure classified by the curl error code the network reports. */
function fetch(ctx: ProcessContext, url: string): Fetch {
  const r = ctx.system.network.httpGet(url);
  if (!("error" in r)) return r;
  const code = /^\((\d+)\)/.exec(r.error)?.[1];
  const failure = code === "6" ? "resolve" : code === "28" ? "timeout" : "refused";
  return { failure, detail: r.error };
}

function splitUrl(url: string): { host: string; port: number; path: string } {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]*)(?::(\d*))?([^#]*)/.exec(url);
  const scheme = (m?.[1] ?? "http").toLowerCase();
  return { host: m?.[2] ?? "", port: m?.[3] ? Number(m[3]) : scheme === "https" ? 443 : 80, path: m?.[4] || "/" };
}

/** busybox's `-T 5`, `-T5`, `--timeout=5`, `--timeout 5`. */
function optionValue(args: string[], short: string, long: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === short || a === `--${long}`) return args[i + 1];
    if (a.startsWith(`--${long}=`)) return a.slice(long.length + 3);
    if (short && a.startsWith(short) && a.length > short.length && !a.startsWith("--")) return a.slice(short.length);
  }
  return undefined;
}

/** busybox wget [-q] [-O FILE|-] [-T SEC] [--spider] URL */
export function* wget(ctx: ProcessContext, args: string[]): Program {
  let quiet = false;
  let spider = false;
  let output: string | undefined;
  let timeoutSec: number | undefined;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--spider") spider = true;
    else if (a === "-q" || a === "--quiet") quiet = true;
    else if (a.startsWith("--timeout")) timeoutSec = Number(a.includes("=") ? a.split("=")[1] : args[++i]);
    else if (a.startsWith("--output-document")) output = a.includes("=") ? a.split("=")[1] : args[++i];
    else if (/^-[a-zA-Z]+/.test(a) && !a.startsWith("--")) {
      // Grouped short options: -qO-, -qO file, -T5, -qT 2
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === "q") quiet = true;
        else if (c === "S" || c === "c") continue;
        else if (c === "O" || c === "T" || c === "U" || c === "P" || c === "Y" || c === "o") {
          const v = a.length > j + 1 ? a.slice(j + 1) : args[++i];
          if (c === "O") output = v;
          if (c === "T") timeoutSec = Number(v);
          break;
        }
      }
    } else if (!a.startsWith("-")) url ??= a;
  }
  if (!url) {
    ctx.err("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP\n");
    return 1;
  }
  const full = url.includes("://") ? url : `http://${url}`;
  const { host, port, path } = splitUrl(full);
  const ip = host === "localhost" ? "127.0.0.1" : ctx.system.network.lookup(host);
  if (!ip) {
    ctx.err(`wget: bad address '${host}'\n`);
    return 1;
  }
  if (!quiet) ctx.err(`Connecting to ${host} (${ip}:${port})\n`);
  const r = fetch(ctx, full);
  if ("failure" in r) {
    if (r.failure === "timeout") {
      if (timeoutSec !== undefined && timeoutSec * 1000 < KERNEL_CONNECT_TIMEOUT_MS) {
        yield { sleep: timeoutSec * 1000 };
        ctx.err("wget: download timed out\n");
      } else {
        yield { sleep: KERNEL_CONNECT_TIMEOUT_MS };
        ctx.err(`wget: can't connect to remote host (${ip}): Connection timed out\n`);
      }
    } else if (r.failure === "resolve") ctx.err(`wget: bad address '${host}'\n`);
    else ctx.err(`wget: can't connect to remote host (${ip}): Connection refused\n`);
    return 1;
  }
  if (r.status >= 400) {
    ctx.err(`wget: server returned error: ${statusLine(r.status)}`.trimEnd() + "\n");
    return 1;
  }
  if (spider) {
    if (!quiet) ctx.err("remote file exists\n");
    return 0;
  }
  const toStdout = output === "-";
  const file = output ?? (path.replace(/[?#].*$/, "").split("/").pop() || "index.html");
  const size = String(Buffer.byteLength(r.body));
  if (toStdout) {
    if (!quiet) ctx.err("writing to stdout\n");
    ctx.out(r.body);
    if (!quiet) ctx.err(`-                    100% |********************************| ${size.padStart(5)}  0:00:00 ETA\nwritten to stdout\n`);
    return 0;
  }
  const dest = normalizePath(file, ctx.cwd);
  if (output === undefined && ctx.fs.exists(dest)) {
    ctx.err(`wget: can't open '${file}': File exists\n`);
    return 1;
  }
  try {
    ctx.fs.write(dest, r.body);
  } catch {
    ctx.err(`wget: can't open '${file}': Read-only file system\n`);
    return 1;
  }
  if (!quiet) ctx.err(`saving to '${file}'\n${file.slice(0, 20).padEnd(20)} 100% |********************************| ${size.padStart(5)}  0:00:00 ETA\n'${file}' saved\n`);
  return 0;
}

/** curl [-s] [-S] [-f] [-I] [-o FILE] [-m SEC] [--connect-timeout SEC] URL */
export function* curl(ctx: ProcessContext, args: string[]): Program {
  const valued = ["-o", "-H", "-X", "-d", "-w", "-m", "--max-time", "--connect-timeout", "-u", "-A", "--data"];
  const url = args.find((a, i) => !a.startsWith("-") && !valued.includes(args[i - 1]));
  const flags = args.filter((a) => /^-[a-zA-Z]+$/.test(a)).join("");
  const silent = /s/.test(flags) || args.includes("--silent");
  const showError = /S/.test(flags) || args.includes("--show-error");
  const fail = /f/.test(flags) || args.includes("--fail");
  const headOnly = /I/.test(flags) || args.includes("--head");
  if (!url) {
    ctx.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const full = url.includes("://") ? url : `http://${url}`;
  const { host, port } = splitUrl(full);
  const maxTime = Number(optionValue(args, "-m", "max-time") ?? NaN);
  const connectTimeout = Number(optionValue(args, "", "connect-timeout") ?? NaN);
  const limit = Math.min(Number.isFinite(maxTime) ? maxTime * 1000 : Infinity, Number.isFinite(connectTimeout) ? connectTimeout * 1000 : Infinity);
  const r = fetch(ctx, full);
  const say = (code: number, msg: string): number => {
    if (!silent || showError) ctx.err(`curl: (${code}) ${msg}\n`);
    return code;
  };
  if ("failure" in r) {
    if (r.failure === "timeout" && limit < KERNEL_CONNECT_TIMEOUT_MS) {
      yield { sleep: limit + 1 };
      return say(28, Number.isFinite(connectTimeout) ? `Failed to connect to ${host} port ${port} after ${limit + 1} ms: Timeout was reached` : `Connection timed out after ${limit + 1} milliseconds`);
    }
    if (r.failure === "timeout") yield { sleep: KERNEL_CONNECT_TIMEOUT_MS };
    const m = /^\((\d+)\) (.*)$/s.exec(r.detail);
    return say(Number(m?.[1] ?? 7), m?.[2] ?? r.detail);
  }
  if (fail && r.status >= 400) return say(22, `The requested URL returned error: ${r.status}`);
  if (headOnly) {
    ctx.out(`${statusLine(r.status)}\r\n\r\n`);
    return 0;
  }
  const outFile = optionValue(args, "-o", "output");
  if (outFile && outFile !== "-") {
    ctx.fs.write(normalizePath(outFile, ctx.cwd), r.body);
    return 0;
  }
  ctx.out(r.body);
  return 0;
}

/** busybox nslookup NAME [SERVER]: the answer under the name the search list made of it. */
export function* nslookup(ctx: ProcessContext, args: string[]): Program {
  const name = args.find((a) => !a.startsWith("-")) ?? "";
  const conf = parseResolvConf(ctx.fs.read("/etc/resolv.conf") ?? "");
  const server = conf.nameservers[0] ?? "10.96.0.10";
  if (!ctx.system.network.lookup(name)) {
    // The API server's Service always has a name: when even that does not answer, the DNS server is unreachable.
    const zone = conf.search[conf.search.length - 1];
    if (zone && !ctx.system.network.lookup(`kubernetes.default.svc.${zone}.`)) {
      yield { sleep: 15_000 };
      ctx.out(";; connection timed out; no servers could be reached\n\n");
      return 1;
    }
    ctx.out(`Server:\t\t${server}\nAddress:\t${server}:53\n\n`);
    const tried = name.endsWith(".") ? [name.slice(0, -1)] : candidateNames(name, conf);
    for (const n of tried) ctx.out(`** server can't find ${n}: NXDOMAIN\n\n`);
    return 1;
  }
  // The first candidate that resolves on its own (a trailing dot makes it absolute) is the name answered.
  const fqdn = (name.endsWith(".") ? [name.slice(0, -1)] : candidateNames(name, conf)).find((n) => ctx.system.network.lookup(`${n}.`)) ?? name;
  const ip = ctx.system.network.lookup(`${fqdn}.`) ?? ctx.system.network.lookup(name);
  ctx.out(`Server:\t\t${server}\nAddress:\t${server}:53\n\n`);
  ctx.out(`Name:\t${fqdn}\nAddress: ${ip}\n\n`);
  return 0;
}
