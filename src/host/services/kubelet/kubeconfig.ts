/**
 * The kubelet's kubeconfig, read as client-go's clientcmd reads it (an
 * explicit path that must exist; the current context's cluster and user;
 * ConfirmUsable's checks, relative paths taken from the file's directory)
 * and checked as the kubelet's certificate bootstrap does before trusting
 * it (pkg/kubelet/certificate/bootstrap: isClientConfigStillValid): the
 * client certificate and key must load, match and not be expired.
 */
import { createPrivateKey, X509Certificate } from "node:crypto";
import { parseDocument } from "yaml";
import { goYamlError } from "../../../cluster/api/go-yaml-errors.js";
import type { HostFilesystem } from "../../filesystem.js";
import { serverHostPort } from "../../../cluster/network/host-client.js";

/** What a usable kubeconfig gives a client (rest.Config). */
export interface RestConfig {
  /** The server URL as written (https://controlplane:6443). */
  server: string;
  /** host:port of the server. */
  hostPort: string;
  caPem?: string;
  certPem?: string;
  keyPem?: string;
  /** The cert file, when the user names one (client-certificate: ...). */
  certFile?: string;
}

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: string };

type Obj = Record<string, unknown>;

function named(list: unknown, name: string, field: string): Obj | undefined {
  if (!Array.isArray(list)) return undefined;
  const item = list.find((x) => (x as Obj | null)?.name === name) as Obj | undefined;
  return item?.[field] as Obj | undefined;
}

function dirOf(p: string): string {
  return p.slice(0, p.lastIndexOf("/")) || "/";
}

function resolveIn(dir: string, p: string): string {
  return p.startsWith("/") ? p : `${dir}/${p}`;
}

function b64(text: unknown): string | undefined {
  return typeof text === "string" && text !== "" ? Buffer.from(text, "base64").toString("utf8") : undefined;
}

/** loadRESTClientConfig (bootstrap.go): clientcmd's explicit-path load and ClientConfig(). */
export function loadRestConfig(fs: HostFilesystem, path: string): Loaded<RestConfig> {
  const text = fs.read(path);
  if (text === undefined) return { ok: false, error: fs.isDir(path) ? `error loading config file "${path}": read ${path}: is a directory` : `stat ${path}: no such file or directory` };
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) return { ok: false, error: `error loading config file "${path}": ${goYamlError(doc.errors[0])}` };
  const cfg = (doc.toJS() ?? {}) as Obj;
  const dir = dirOf(path);
  const contextName = typeof cfg["current-context"] === "string" ? (cfg["current-context"] as string) : "";
  if (!contextName) return { ok: false, error: "invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable" };
  const context = named(cfg.contexts, contextName, "context");
  if (!context) return { ok: false, error: `invalid configuration: context was not found for specified context: ${contextName}` };
  const errs: string[] = [];
  const clusterName = typeof context.cluster === "string" ? context.cluster : "";
  const userName = typeof context.user === "string" ? context.user : "";
  const cluster = named(cfg.clusters, clusterName, "cluster");
  const user = named(cfg.users, userName, "user") ?? {};
  const rest: RestConfig = { server: "", hostPort: "" };
  if (!cluster) errs.push(`cluster "${clusterName}" was not found for context "${contextName}"`);
  else {
    rest.server = typeof cluster.server === "string" ? cluster.server : "";
    if (!rest.server) errs.push(`no server found for cluster "${clusterName}"`);
    const caData = b64(cluster["certificate-authority-data"]);
    if (caData) rest.caPem = caData;
    else if (typeof cluster["certificate-authority"] === "string") {
      const caPath = resolveIn(dir, cluster["certificate-authority"] as string);
      const ca = fs.read(caPath);
      if (ca === undefined) errs.push(`unable to read certificate-authority ${caPath} for ${clusterName} due to open ${caPath}: no such file or directory`);
      else rest.caPem = ca;
    }
  }
  const certData = b64(user["client-certificate-data"]);
  const keyData = b64(user["client-key-data"]);
  if (certData) rest.certPem = certData;
  else if (typeof user["client-certificate"] === "string") {
    const certPath = resolveIn(dir, user["client-certificate"] as string);
    rest.certFile = certPath;
    const c = fs.read(certPath);
    if (c === undefined) errs.push(`unable to read client-cert ${certPath} for ${userName} due to open ${certPath}: no such file or directory`);
    else rest.certPem = c;
  }
  if (keyData) rest.keyPem = keyData;
  else if (typeof user["client-key"] === "string") {
    const keyPath = resolveIn(dir, user["client-key"] as string);
    const k = fs.read(keyPath);
    if (k === undefined) errs.push(`unable to read client-key ${keyPath} for ${userName} due to open ${keyPath}: no such file or directory`);
    else rest.keyPem = k;
  }
  if ((rest.certPem || user["client-certificate"]) && !rest.keyPem && !user["client-key"]) errs.push(`client-key-data or client-key must be specified for ${userName} to use the clientCert authentication method.`);
  if (errs.length) return { ok: false, error: `invalid configuration: ${errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`}` };
  rest.hostPort = serverHostPort(rest.server);
  return { ok: true, value: rest };
}

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]*?-----END \1-----/g;

function pemBlocks(pem: string | undefined, kind: (type: string) => boolean): string[] {
  if (!pem) return [];
  return [...pem.matchAll(PEM_BLOCK)].filter((m) => kind(m[1])).map((m) => m[0]);
}

/** The identity a client certificate carries: CN as the user, O as the groups. */
export interface ClientIdentity {
  user: string;
  groups: string[];
  notAfterMs: number;
}

function subjectField(subject: string, field: string): string[] {
  return subject
    .split("\n")
    .filter((l) => l.startsWith(`${field}=`))
    .map((l) => l.slice(field.length + 1));
}

/** Go's time.Time String() for a UTC time: `2027-01-12 08:00:00 +0000 UTC`. */
export function goTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " +0000 UTC");
}

/**
 * transport.TLSConfigFor + the checks of isClientConfigStillValid: the key
 * pair loads (tls.X509KeyPair), the certificates parse and none is expired.
 * The error is the text bootstrap.go reports through utilruntime.HandleError.
 */
export function checkClientCertificate(rest: RestConfig, kubeconfigPath: string, nowMs: number): Loaded<ClientIdentity> {
  const certs = pemBlocks(rest.certPem, (t) => t === "CERTIFICATE");
  const keys = pemBlocks(rest.keyPem, (t) => t.endsWith("PRIVATE KEY"));
  if (rest.certPem || rest.keyPem) {
    if (certs.length === 0) return { ok: false, error: `unable to load TLS configuration from existing bootstrap client config read from ${kubeconfigPath}: tls: failed to find any PEM data in certificate input` };
    if (keys.length === 0) return { ok: false, error: `unable to load TLS configuration from existing bootstrap client config read from ${kubeconfigPath}: tls: failed to find any PEM data in key input` };
    let leaf: X509Certificate;
    try {
      leaf = new X509Certificate(certs[0]);
    } catch {
      return { ok: false, error: `unable to load TLS configuration from existing bootstrap client config read from ${kubeconfigPath}: x509: malformed certificate` };
    }
    try {
      if (!leaf.checkPrivateKey(createPrivateKey(keys[0]))) return { ok: false, error: `unable to load TLS configuration from existing bootstrap client config read from ${kubeconfigPath}: tls: private key does not match public key` };
    } catch {
      return { ok: false, error: `unable to load TLS configuration from existing bootstrap client config read from ${kubeconfigPath}: tls: failed to parse private key` };
    }
  }
  if (certs.length === 0) return { ok: false, error: `unable to load TLS certificates from existing bootstrap client config read from ${kubeconfigPath}: data does not contain any valid RSA or ECDSA certificates` };
  const parsed = certs.map((c) => new X509Certificate(c));
  for (const c of parsed) {
    const notAfter = Date.parse(c.validTo);
    if (nowMs > notAfter) return { ok: false, error: `part of the existing bootstrap client certificate in ${kubeconfigPath} is expired: ${goTime(notAfter)}` };
  }
  const leaf = parsed[0];
  return { ok: true, value: { user: subjectField(leaf.subject, "CN")[0] ?? "", groups: subjectField(leaf.subject, "O"), notAfterMs: Date.parse(leaf.validTo) } };
}
