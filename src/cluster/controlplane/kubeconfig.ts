/**
 * Loading a kubeconfig the way client-go's clientcmd.BuildConfigFromFlags
 * does for kube-controller-manager and kube-scheduler (--kubeconfig,
 * --authentication-kubeconfig, --authorization-kubeconfig), with its error
 * text: client-go v0.34.1 tools/clientcmd/loader.go (the explicit path must
 * exist: `stat <path>: ...`; `error loading config file "<path>": ...`),
 * validation.go (`invalid configuration: ...`).
 */
import { parseDocument } from "yaml";
import { goYamlError } from "../api/go-yaml-errors.js";
import type { Filesystem } from "../kubelet/runtime/filesystem.js";
import { readFile, statError } from "./files.js";

/** Where a component's client connects and who it is. */
export interface KubeconfigConnection {
  path: string;
  /** The cluster's server URL, e.g. https://192.168.100.10:6443. */
  server: string;
  caPem?: string;
  certPem?: string;
  keyPem?: string;
  /** The kubeconfig user name (e.g. system:kube-controller-manager). */
  user: string;
  context: string;
}

export type KubeconfigResult = { ok: KubeconfigConnection } | { error: string };

type Named<T> = { name?: string } & T;

const EMPTY = "invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable";

function decodeData(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? Buffer.from(v, "base64").toString("utf8") : undefined;
}

export function loadKubeconfig(fs: Filesystem, path: string): KubeconfigResult {
  const missing = statError(fs, path);
  if (missing) return { error: missing };
  const file = readFile(fs, path);
  if ("error" in file) return { error: `error loading config file "${path}": ${file.error}` };
  if (file.data.trim() === "") return { error: EMPTY };
  const doc = parseDocument(file.data);
  if (doc.errors.length > 0) return { error: `error loading config file "${path}": ${goYamlError(doc.errors[0])}` };
  const raw = doc.toJS() as Record<string, unknown> | null;
  if (!raw || typeof raw !== "object") return { error: EMPTY };
  const list = <T>(k: string): Named<T>[] => (Array.isArray(raw[k]) ? (raw[k] as Named<T>[]) : []);
  const contexts = list<{ context?: { cluster?: string; user?: string } }>("contexts");
  const clusters = list<{ cluster?: Record<string, unknown> }>("clusters");
  const users = list<{ user?: Record<string, unknown> }>("users");
  const contextName = typeof raw["current-context"] === "string" ? (raw["current-context"] as string) : "";
  if (contexts.length === 0 && clusters.length === 0) return { error: EMPTY };
  const errors: string[] = [];
  const ctx = contexts.find((c) => c.name === contextName);
  if (contextName !== "" && !ctx) errors.push(`context was not found for specified context: ${contextName}`);
  const clusterName = ctx?.context?.cluster ?? "";
  const userName = ctx?.context?.user ?? "";
  if (ctx && clusterName && !clusters.some((c) => c.name === clusterName)) errors.push(`cluster "${clusterName}" was not found for context "${contextName}"`);
  if (ctx && userName && !users.some((u) => u.name === userName)) errors.push(`user "${userName}" was not found for context "${contextName}"`);
  const cluster = clusters.find((c) => c.name === clusterName)?.cluster ?? {};
  const user = users.find((u) => u.name === userName)?.user ?? {};
  const server = typeof cluster.server === "string" ? cluster.server : "";
  if (!server) errors.push("cluster has no server defined");
  let caPem = decodeData(cluster["certificate-authority-data"]);
  if (!caPem && typeof cluster["certificate-authority"] === "string") {
    const r = readFile(fs, cluster["certificate-authority"]);
    if ("error" in r) errors.push(`unable to read certificate-authority ${cluster["certificate-authority"]} for ${clusterName} due to ${r.error}`);
    else caPem = r.data;
  }
  let certPem = decodeData(user["client-certificate-data"]);
  let keyPem = decodeData(user["client-key-data"]);
  for (const [field, set] of [
    ["client-certificate", (d: string) => (certPem = d)],
    ["client-key", (d: string) => (keyPem = d)],
  ] as const) {
    const p = user[field];
    if (typeof p !== "string" || (field === "client-certificate" ? certPem : keyPem)) continue;
    const r = readFile(fs, p);
    if ("error" in r) errors.push(`unable to read ${field === "client-certificate" ? "client-cert" : "client-key"} ${p} for ${userName} due to ${r.error}`);
    else set(r.data);
  }
  if (certPem && !keyPem) errors.push(`client-key-data or client-key must be specified for ${userName} to use the clientCert authentication method.`);
  // validation.go: a lone "cluster has no server defined" is reported as the empty-config error.
  if (errors.length === 1 && errors[0] === "cluster has no server defined") return { error: EMPTY };
  if (errors.length === 1) return { error: `invalid configuration: ${errors[0]}` };
  if (errors.length > 1) return { error: `invalid configuration: [${errors.join(", ")}]` };
  return { ok: { path, server, caPem, certPem, keyPem, user: userName, context: contextName } };
}
