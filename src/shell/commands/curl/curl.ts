/**
 * curl (8.5.0, OpenSSL/3.0.13, as Ubuntu 24.04 ships it) on a node: the
 * request goes over the simulated network from the node's host
 * (cluster/network/host-client.ts: /etc/hosts, kube-proxy's rules,
 * whatever listens where the packet lands), with TLS verified as OpenSSL
 * does (--cacert, -k, --cert/--key) and the server's real answers
 * (kube-apiserver's /version, /healthz, 401/403 Status, nginx's page).
 * Errors carry curl's exit codes and texts; file:// reads the machine's
 * own files. A connection nobody answers waits for the kernel's timeout
 * on the session's clock.
 */
import type { Cluster } from "../../../cluster/cluster.js";
import type { HttpReply } from "../../../cluster/network/host-servers.js";
import { statusLine } from "../../../cluster/network/http-responses.js";
import { Output, resolvePath, type Tool, type ToolContext } from "../../tool.js";
import { dial as dialFromSession, resolveName } from "./session-network.js";
import { clientCertAlert, hostMatches, keyMatchesCert, verifyServerChain } from "./tls-client.js";

const CURL_VERSION = "curl 8.5.0 (x86_64-pc-linux-gnu) libcurl/8.5.0 OpenSSL/3.0.13 zlib/1.3 brotli/1.1.0 zstd/1.5.5 libidn2/2.4.0 libpsl/0.21.2 (+libidn2/2.3.7) libssh/0.10.6/openssl/zlib nghttp2/1.59.0 librtmp/2.3 OpenLDAP/2.6.7\nRelease-Date: 2023-12-06, security patched: 8.5.0-2ubuntu10.6\nProtocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\nFeatures: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd\n";

/** The kernel gives up a TCP connect after its SYN retries (~130 s). */
const KERNEL_CONNECT_TIMEOUT_MS = 130_000;

const SSL_HELP = "More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n";

interface Options {
  url?: string;
  silent: boolean;
  showError: boolean;
  insecure: boolean;
  output?: string;
  remoteName: boolean;
  head: boolean;
  include: boolean;
  verbose: boolean;
  fail: boolean;
  method?: string;
  headers: string[];
  data?: string;
  cacert?: string;
  cert?: string;
  key?: string;
  maxTimeMs?: number;
  connectTimeoutMs?: number;
  writeOut?: string;
}

class CurlExit extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
  ) {
    super(text);
  }
}

const VALUE_OPTIONS: Record<string, keyof Options | "ignore"> = {
  "-o": "output",
  "--output": "output",
  "-X": "method",
  "--request": "method",
  "-H": "headers",
  "--header": "headers",
  "-d": "data",
  "--data": "data",
  "--data-raw": "data",
  "--data-binary": "data",
  "--cacert": "cacert",
  "-E": "cert",
  "--cert": "cert",
  "--key": "key",
  "-m": "maxTimeMs",
  "--max-time": "maxTimeMs",
  "--connect-timeout": "connectTimeoutMs",
  "-w": "writeOut",
  "--write-out": "writeOut",
  "-A": "ignore",
  "--user-agent": "ignore",
  "-u": "ignore",
  "--user": "ignore",
  "--resolve": "ignore",
  "--noproxy": "ignore",
  "-x": "ignore",
  "--proxy": "ignore",
  "--retry": "ignore",
  "--capath": "ignore",
  "--cert-type": "ignore",
  "--key-type": "ignore",
  "-e": "ignore",
  "--referer": "ignore",
  "-b": "ignore",
  "--cookie": "ignore",
  "-c": "ignore",
  "--cookie-jar": "ignore",
  "-D": "ignore",
  "--dump-header": "ignore",
  "--url": "url",
};

const FLAG_OPTIONS: Record<string, keyof Options | "ignore"> = {
  "-s": "silent",
  "--silent": "silent",
  "-S": "showError",
  "--show-error": "showError",
  "-k": "insecure",
  "--insecure": "insecure",
  "-O": "remoteName",
  "--remote-name": "remoteName",
  "-I": "head",
  "--head": "head",
  "-i": "include",
  "--include": "include",
  "-v": "verbose",
  "--verbose": "verbose",
  "-f": "fail",
  "--fail": "fail",
  "-L": "ignore",
  "--location": "ignore",
  "-4": "ignore",
  "-6": "ignore",
  "--http1.1": "ignore",
  "--http2": "ignore",
  "-N": "ignore",
  "--no-buffer": "ignore",
  "-g": "ignore",
  "--globoff": "ignore",
  "--compressed": "ignore",
  "-#": "ignore",
  "--progress-bar": "ignore",
  "-n": "ignore",
  "--netrc": "ignore",
};

function parseArgs(args: string[]): Options {
  const o: Options = { silent: false, showError: false, insecure: false, remoteName: false, head: false, include: false, verbose: false, fail: false, headers: [] };
  const set = (key: keyof Options | "ignore", value?: string) => {
    if (key === "ignore") return;
    if (key === "headers") o.headers.push(value ?? "");
    else if (key === "maxTimeMs" || key === "connectTimeoutMs") {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new CurlExit(2, `curl: option ${key === "maxTimeMs" ? "--max-time" : "--connect-timeout"}: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
      o[key] = n * 1000;
    } else if (value === undefined) (o as unknown as Record<string, unknown>)[key] = true;
    else (o as unknown as Record<string, unknown>)[key] = value;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("--")) {
      const [name, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
      if (VALUE_OPTIONS[name]) {
        const v = inline ?? args[++i];
        if (v === undefined) throw new CurlExit(2, `curl: option ${name}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
        set(VALUE_OPTIONS[name], v);
      } else if (FLAG_OPTIONS[name]) set(FLAG_OPTIONS[name]);
      else throw new CurlExit(2, `curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = `-${a[j]}`;
        if (VALUE_OPTIONS[c]) {
          const v = a.slice(j + 1) || args[++i];
          if (v === undefined) throw new CurlExit(2, `curl: option ${c}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
          set(VALUE_OPTIONS[c], v);
          break;
        }
        if (FLAG_OPTIONS[c]) set(FLAG_OPTIONS[c]);
        else throw new CurlExit(2, `curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
      }
      continue;
    }
    o.url = a;
  }
  return o;
}

interface ParsedUrl {
  scheme: string;
  host: string;
  port: number;
  path: string;
}

function parseUrl(url: string): ParsedUrl {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?(\[[^\]]*\]|[^/:?#]*)(?::([^/?#]*))?([^#]*)/.exec(url);
  const scheme = (m?.[1] ?? "http").toLowerCase();
  if (!["http", "https", "file"].includes(scheme)) throw new CurlExit(1, `curl: (1) Protocol "${scheme}" not supported\n`);
  if (scheme === "file") return { scheme, host: "", port: 0, path: decodeURIComponent((m?.[4] ?? "") || "/") };
  const host = (m?.[2] ?? "").replace(/^\[|\]$/g, "");
  if (!host) throw new CurlExit(3, "curl: (3) URL rejected: No host part in the URL\n");
  const portText = m?.[3];
  if (portText !== undefined && (!/^\d+$/.test(portText) || Number(portText) > 65535)) throw new CurlExit(3, "curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535\n");
  const port = portText ? Number(portText) : scheme === "https" ? 443 : 80;
  return { scheme, host, port, path: m?.[4] || "/" };
}

async function readFileText(ctx: ToolContext, path: string): Promise<string | undefined> {
  try {
    return await ctx.fs.readFile(resolvePath(ctx.cwd, path));
  } catch {
    return undefined;
  }
}

function headerBlock(reply: HttpReply, http2: boolean): string {
  const status = http2 ? `HTTP/2 ${reply.status} \r\n` : `${statusLine(reply.status)}\r\n`;
  return status + reply.headers.map(([k, v]) => `${http2 ? k.toLowerCase() : k}: ${v}\r\n`).join("") + "\r\n";
}

/** The progress meter curl prints on stderr when the body goes to a file. */
function progressMeter(bytes: number): string {
  const size = String(bytes).padStart(5);
  const speed = `${Math.max(1, Math.round(bytes / 1024))}k`.padStart(5);
  return `  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\r100 ${size}  100 ${size}    0     0 ${speed}      0 --:--:-- --:--:-- --:--:-- ${speed}\n`;
}

export const curl: Tool = async (args, ctx) => {
  const out = new Output();
  let o: Options;
  try {
    o = parseArgs(args);
  } catch (e) {
    if (e instanceof CurlExit) {
      out.err(e.text);
      return out.result(e.code);
    }
    throw e;
  }
  if (args.includes("-V") || args.includes("--version")) {
    out.out(CURL_VERSION);
    return out.result(0);
  }
  if (!o.url) {
    out.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return out.result(2);
  }
  const showErrors = !o.silent || o.showError;
  try {
    const { body, reply, http2 } = await request(o, ctx, out);
    let text = "";
    if (o.head || o.include) text += headerBlock(reply, http2);
    if (!o.head) text += body;
    if (o.fail && reply.status >= 400) throw new CurlExit(22, `curl: (22) The requested URL returned error: ${reply.status}\n`);
    const file = o.output ?? (o.remoteName ? o.url.split("?")[0].split("/").pop() || "index.html" : undefined);
    if (file !== undefined && file !== "-") {
      try {
        await ctx.fs.writeFile(resolvePath(ctx.cwd, file), text);
      } catch {
        throw new CurlExit(23, `curl: (23) Failure writing output to destination\n`);
      }
      if (!o.silent) out.err(progressMeter(text.length));
    } else out.out(text);
    if (o.writeOut) out.out(writeOut(o.writeOut, reply));
    return out.result(0);
  } catch (e) {
    if (e instanceof CurlExit) {
      if (showErrors) out.err(e.text);
      if (o.writeOut) out.out(writeOut(o.writeOut, undefined));
      return out.result(e.code);
    }
    throw e;
  }
};

function writeOut(format: string, reply: HttpReply | undefined): string {
  return format
    .replace(/%\{http_code\}|%\{response_code\}/g, reply ? String(reply.status).padStart(3, "0") : "000")
    .replace(/%\{size_download\}/g, String(reply?.body.length ?? 0))
    .replace(/\\n/g, "\n")
    .replace(/\\t/g, "\t");
}

/** curl's warnf: "Warning: " before each line, the text cut after the last blank within 70 columns. */
function curlWarning(message: string): string {
  const width = 79 - "Warning: ".length;
  let rest = message;
  let out = "";
  while (rest.length > 0) {
    if (rest.length <= width) {
      out += `Warning: ${rest}\n`;
      break;
    }
    let cut = width - 1;
    while (cut > 0 && rest[cut] !== " " && rest[cut] !== "\t") cut--;
    if (cut === 0) cut = width - 1;
    out += `Warning: ${rest.slice(0, cut + 1)}\n`;
    rest = rest.slice(cut + 1);
  }
  return out;
}

/** The -d data: as given, or a file's content with @FILE (a file that cannot be read posts nothing, with curl's warning). */
async function requestBody(o: Options, ctx: ToolContext, out: Output): Promise<string | undefined> {
  if (o.data === undefined || !o.data.startsWith("@")) return o.data;
  const file = o.data.slice(1);
  const text = await readFileText(ctx, file);
  if (text === undefined && !o.silent) out.err(curlWarning(`Couldn't read data from file "${file}", this makes an empty POST.`));
  return text ?? "";
}

async function request(o: Options, ctx: ToolContext, out: Output): Promise<{ body: string; reply: HttpReply; http2: boolean }> {
  const url = parseUrl(o.url!);
  const now = () => ctx.cluster.clock.now();
  if (url.scheme === "file") {
    const text = await readFileText(ctx, url.path);
    if (text === undefined) throw new CurlExit(37, `curl: (37) Couldn't open file ${url.path}\n`);
    return { body: text, reply: { status: 200, headers: [["Content-Length", String(text.length)]], body: text }, http2: false };
  }
  // TLS client material is loaded before connecting.
  let trusted = "";
  if (url.scheme === "https" && o.cacert !== undefined) {
    const ca = await readFileText(ctx, o.cacert);
    if (ca === undefined) throw new CurlExit(77, `curl: (77) error setting certificate file: ${o.cacert}\n`);
    trusted = ca;
  }
  let clientCertPem: string | undefined;
  if (url.scheme === "https" && o.cert !== undefined) {
    const certFile = o.cert.split(":")[0];
    const cert = await readFileText(ctx, certFile);
    if (cert === undefined || !cert.includes("BEGIN CERTIFICATE")) {
      throw new CurlExit(58, `curl: (58) could not load PEM client certificate from ${certFile}, OpenSSL error error:80000002:system library::No such file or directory, (no key found, wrong pass phrase, or wrong file format?)\n`);
    }
    const keyFile = o.key ?? certFile;
    const key = await readFileText(ctx, keyFile);
    if (key === undefined || !/PRIVATE KEY-----/.test(key) || !keyMatchesCert(cert, key)) throw new CurlExit(58, `curl: (58) unable to set private key file: '${keyFile}' type PEM\n`);
    clientCertPem = cert;
  }

  const cluster = ctx.cluster as Cluster;
  const machine = cluster.machine?.(ctx.host);
  const ip = await resolveName(ctx, url.host);
  if (!ip) throw new CurlExit(6, `curl: (6) Could not resolve host: ${url.host}\n`);
  if (o.verbose) out.err(`*   Trying ${ip}:${url.port}...\n`);
  const dial = dialFromSession(ctx, ip, url.port);
  if (dial.kind === "refused") {
    if (o.verbose) out.err(`* connect to ${ip} port ${url.port} from ${machine?.nodeIP ?? "0.0.0.0"} port ${40000 + (now() % 20000)} failed: Connection refused\n* Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server\n* Closing connection\n`);
    throw new CurlExit(7, `curl: (7) Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server\n`);
  }
  if (dial.kind === "timeout") {
    const limit = Math.min(o.maxTimeMs ?? Infinity, o.connectTimeoutMs ?? Infinity);
    if (Number.isFinite(limit)) {
      await ctx.sleep(limit);
      if (o.maxTimeMs !== undefined && o.maxTimeMs <= (o.connectTimeoutMs ?? Infinity)) throw new CurlExit(28, `curl: (28) Connection timed out after ${Math.round(limit) + 1} milliseconds\n`);
      throw new CurlExit(28, `curl: (28) Failed to connect to ${url.host} port ${url.port} after ${Math.round(limit) + 1} ms: Timeout was reached\n`);
    }
    const waited = KERNEL_CONNECT_TIMEOUT_MS + (now() % 4000);
    await ctx.sleep(waited);
    throw new CurlExit(28, `curl: (28) Failed to connect to ${url.host} port ${url.port} after ${waited} ms: Couldn't connect to server\n`);
  }
  if (o.verbose) out.err(`* Connected to ${url.host} (${ip}) port ${url.port}\n`);
  const server = dial.server;
  if (server.kind === "banner") {
    if (url.scheme === "https") throw new CurlExit(35, "curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number\n");
    throw new CurlExit(1, "curl: (1) Received HTTP/0.9 when not allowed\n");
  }
  if (server.kind === "silent") {
    if (url.scheme === "https") throw new CurlExit(35, `curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to ${url.host}:${url.port} \n`);
    throw new CurlExit(52, "curl: (52) Empty reply from server\n");
  }
  const method = o.head ? "HEAD" : (o.method ?? (o.data !== undefined ? "POST" : "GET"));
  const body = await requestBody(o, ctx, out);
  // -d sends a form unless a -H names the Content-Type.
  const typeHeader = o.headers.find((h) => /^content-type\s*:/i.test(h));
  const contentType = typeHeader ? typeHeader.slice(typeHeader.indexOf(":") + 1).trim() : body !== undefined ? "application/x-www-form-urlencoded" : undefined;
  if (url.scheme === "https") {
    if (!server.tls) throw new CurlExit(35, "curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number\n");
    if (!o.insecure) {
      const problem = verifyServerChain(server.tls.chainPem, trusted, now());
      if (problem) throw new CurlExit(60, `curl: (60) SSL certificate problem: ${problem.text}\n${SSL_HELP}`);
      if (!hostMatches(server.tls.chainPem, url.host)) throw new CurlExit(60, `curl: (60) SSL: no alternative certificate subject name matches target host name '${url.host}'\n${SSL_HELP}`);
    }
    const alert = clientCertAlert(server.tls, clientCertPem, now());
    if (alert) throw new CurlExit(56, `curl: (56) OpenSSL SSL_read: ${alert}, errno 0\n`);
    if (o.verbose) out.err(`* ALPN: server accepted ${server.http2 ? "h2" : "http/1.1"}\n> ${method} ${url.path} HTTP/${server.http2 ? "2" : "1.1"}\n> Host: ${url.host}:${url.port}\n> User-Agent: curl/8.5.0\n> Accept: */*\n>\n`);
    const reply = server.handle({ method, path: url.path, clientCertPem, body, contentType });
    if (o.verbose) out.err(verboseReply(reply, server.http2));
    return { body: method === "HEAD" ? "" : reply.body, reply, http2: server.http2 };
  }
  if (server.tls) {
    // Go's TLS server answers a plain HTTP request with a 400 it writes in clear.
    const body = "Client sent an HTTP request to an HTTPS server.\n";
    return { body, reply: { status: 400, headers: [], body }, http2: false };
  }
  if (o.verbose) out.err(`> ${method} ${url.path} HTTP/1.1\n> Host: ${url.host}${url.port === 80 ? "" : `:${url.port}`}\n> User-Agent: curl/8.5.0\n> Accept: */*\n>\n`);
  const reply = server.handle({ method, path: url.path, body, contentType });
  if (o.verbose) out.err(verboseReply(reply, false));
  return { body: method === "HEAD" ? "" : reply.body, reply, http2: false };
}

function verboseReply(reply: HttpReply, http2: boolean): string {
  return `${headerBlock(reply, http2)
    .split("\r\n")
    .filter((_, i, all) => i < all.length - 1)
    .map((l) => `< ${l}`)
    .join("\n")}\n`;
}
