/**
 * etcdctl's client side: the TLS material read from the node's files as
 * clientv3.NewClientConfig reads it (cert, then key, then the CA bundle;
 * Go's error texts), which endpoints use TLS (https:// always, http:// never,
 * no scheme only when TLS flags are given), and how a failed RPC looks:
 * clientv3 dials without blocking and every call waits for a ready
 * connection (grpc WaitForReady), so a member that cannot be reached or
 * refuses the handshake shows up as the retry interceptor's warning and
 * `context deadline exceeded` once --command-timeout (5s) has passed.
 */
import type { EtcdCluster, EtcdConnection } from "../../../cluster/etcd/etcd-cluster.js";
import { parseEndpoint } from "../../../cluster/etcd/etcd-cluster.js";
import { grpcConnectionError, type ClientTls, type DialFailure } from "../../../cluster/etcd/tls.js";
import { zapJson, type ZapClock } from "../../../cluster/etcd/zap.js";
import { pemBlocks } from "../../../pki/pem.js";
import { certMatchesKey } from "../../../pki/inspect.js";
import { resolvePath, type ToolContext } from "../../tool.js";

export const ETCDCTL_VERSION = "3.6.4";
export const CLIENT_MODULE = `v3@v${ETCDCTL_VERSION}`;

/** Reads a file as os.ReadFile would report it: content, or Go's error text. */
export async function readNodeFile(ctx: ToolContext, path: string): Promise<{ content: string } | { error: string }> {
  const abs = resolvePath(ctx.cwd, path);
  try {
    const st = await ctx.fs.stat(abs);
    if (st.isDirectory) return { error: `read ${path}: is a directory` };
    if (ctx.user !== "root" && (st.mode & 0o004) === 0) return { error: `open ${path}: permission denied` };
    return { content: await ctx.fs.readFile(abs) };
  } catch {
    return { error: `open ${path}: no such file or directory` };
  }
}

/** tls.X509KeyPair's checks and error texts (Go 1.23). */
function x509KeyPairError(certPem: string, keyPem: string): string | undefined {
  const certBlocks = pemBlocks(certPem);
  if (!certBlocks.some((b) => b.type === "CERTIFICATE")) {
    const skipped = certBlocks.map((b) => b.type);
    if (skipped.length === 0) return "tls: failed to find any PEM data in certificate input";
    if (skipped.length === 1 && skipped[0].endsWith("PRIVATE KEY")) {
      return "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched";
    }
    return `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${skipped.join(" ")}]`;
  }
  const skipped: string[] = [];
  let found = false;
  for (const b of pemBlocks(keyPem)) {
    if (b.type === "PRIVATE KEY" || b.type.endsWith(" PRIVATE KEY")) {
      found = true;
      break;
    }
    skipped.push(b.type);
  }
  if (!found) {
    if (skipped.length === 0) return "tls: failed to find any PEM data in key input";
    if (skipped.length === 1 && skipped[0] === "CERTIFICATE") return "tls: found a certificate rather than a key in the PEM for the private key";
    return `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${skipped.join(" ")}]`;
  }
  if (!certMatchesKey(certPem, keyPem)) return "tls: private key does not match public key";
  return undefined;
}

export interface TlsFlags {
  cert: string;
  key: string;
  cacert: string;
  insecureSkipVerify: boolean;
  insecureTransport: boolean;
}

/**
 * transport.TLSInfo.ClientConfig as NewClientConfig calls it: undefined when
 * no TLS is configured (plaintext unless the endpoint says https).
 */
export async function loadClientTls(ctx: ToolContext, f: TlsFlags): Promise<{ tls?: ClientTls } | { error: string }> {
  let tls: ClientTls | undefined;
  if (f.cert || f.key || f.cacert) {
    tls = {};
    if (f.cert || f.key) {
      if (!f.cert || !f.key) return { error: `KeyFile and CertFile must both be present[key: ${f.key}, cert: ${f.cert}]` };
      const cert = await readNodeFile(ctx, f.cert);
      if ("error" in cert) return cert;
      const key = await readNodeFile(ctx, f.key);
      if ("error" in key) return key;
      const bad = x509KeyPairError(cert.content, key.content);
      if (bad) return { error: bad };
      tls.certPem = cert.content;
      tls.keyPem = key.content;
    }
    if (f.cacert) {
      const ca = await readNodeFile(ctx, f.cacert);
      if ("error" in ca) return ca;
      tls.caPem = ca.content;
    }
  } else if (!f.insecureTransport) tls = {};
  if (f.insecureSkipVerify) tls = { ...(tls ?? {}), insecureSkipVerify: true };
  return { tls };
}

/** Whether clientv3 uses TLS for an endpoint (endpoint.RequiresCredentials). */
export function endpointUsesTls(endpoint: string, tls: ClientTls | undefined): boolean {
  const scheme = parseEndpoint(endpoint).scheme;
  if (scheme === "https" || scheme === "unixs") return true;
  if (scheme === "http" || scheme === "unix") return false;
  return tls !== undefined;
}

/** A clientv3 client's connection attempt over its endpoints (the balancer takes any ready one). */
export function dial(
  etcd: EtcdCluster,
  fromNode: string,
  endpoints: string[],
  tls: ClientTls | undefined,
): { ok: true; conn: EtcdConnection; endpoint: string } | { ok: false; failure: DialFailure; endpoint: string } {
  let first: { failure: DialFailure; endpoint: string } | undefined;
  for (const ep of endpoints) {
    const r = etcd.connect(fromNode, ep, { ...(tls ?? {}), useTls: endpointUsesTls(ep, tls) });
    if (r.ok) return { ok: true, conn: r.conn, endpoint: ep };
    first ??= { failure: r.failure, endpoint: ep };
  }
  return { ok: false, ...first! };
}

/** The authority clientv3 puts in its target (`etcd-endpoints://0xc000.../127.0.0.1:2379`). */
function authority(endpoint: string): string {
  const i = endpoint.indexOf("://");
  return i < 0 ? endpoint : endpoint.slice(i + 3);
}

/** A Go heap pointer, as `%p` of the client prints it. */
export function goPointer(etcd: EtcdCluster): string {
  return `0xc000${etcd.random.hex(5)}0`;
}

/**
 * The retry interceptor's warning when a unary call failed (attempt 0), with
 * the grpc status the picker reported: the connection's error, or a plain
 * deadline when the member is connected but cannot answer (no quorum).
 */
export function retryWarning(
  z: ZapClock,
  opts: { logger: "etcd-client" | "client"; pointer: string; endpoint: string; method: string; failure?: DialFailure },
): string {
  const error = opts.failure
    ? `rpc error: code = DeadlineExceeded desc = latest balancer error: ${grpcConnectionError(opts.failure)}`
    : "rpc error: code = DeadlineExceeded desc = context deadline exceeded";
  return zapJson({
    tsMicros: z.next(),
    level: "warn",
    logger: opts.logger,
    caller: `${CLIENT_MODULE}/retry_interceptor.go:65`,
    msg: "retrying of unary invoker failed",
    fields: [
      ["target", `etcd-endpoints://${opts.pointer}/${authority(opts.endpoint)}`],
      ["method", opts.method],
      ["attempt", 0],
      ["error", error],
    ],
  });
}
