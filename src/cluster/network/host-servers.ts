/**
 * What answers on a node's host-network sockets (host-sockets.ts) when a
 * client on the network talks to it (curl, nc, openssl s_client): the TLS
 * certificates each server presents and which client certificates it wants,
 * and its HTTP answers. kube-apiserver authenticates a client certificate
 * against its --client-ca-file, authorizes the path or resource with the
 * cluster's RBAC and answers as it does for curl (pretty JSON, /version,
 * health checks, Status errors); the kubelet wants a client certificate
 * (anonymous auth off, as kubeadm configures it); etcd requires one; the
 * scheduler and controller-manager serve health paths to anyone.
 */
import { parse as parseYaml } from "yaml";
import { goJsonKind, parseGoJson } from "../api/go-json.js";
import type { KubeObject, UserInfo } from "../api/types.js";
import { ApiError } from "../api/errors.js";
import { authorizeRequest, forbiddenMessage } from "../apiserver/auth/authorizer.js";
import { serverVersionInfo } from "../apiserver/version.js";
import type { Cluster } from "../cluster.js";
import { ETCD_VERSION } from "../controlplane/etcd.js";
import { parseCertificate, verifiedBy } from "../../pki/inspect.js";
import { flagValue, type ListeningSocket } from "./host-sockets.js";
import { sandboxHttpResponse } from "./cluster-network.js";

export interface TlsEndpoint {
  /**
   * The certificates the server sends, leaf first (PEM); empty for the
   * in-memory self-signed pair kube-scheduler and kube-controller-manager
   * make at start (a throw-away "localhost-ca@<unix>" CA and its leaf, no
   * files), which no client can trust.
   */
  chainPem: string;
  /** Client certificates: never asked for, checked when sent, or required. */
  clientAuth: "none" | "optional" | "required";
  /** Who may sign a client certificate. */
  clientCaPem?: string;
}

export interface HttpRequest {
  method: string;
  /** Path and query, e.g. /api/v1/namespaces/default/pods?limit=1. */
  path: string;
  /** The client certificate sent in the handshake (PEM), once the TLS layer accepted the connection. */
  clientCertPem?: string;
  /** The request body (curl -d) and its Content-Type header, when one was sent. */
  body?: string;
  contentType?: string;
}

export interface HttpReply {
  status: number;
  /** Header lines as the server sends them (names as written; HTTP/2 lowercases them). */
  headers: Array<[string, string]>;
  body: string;
}

export type HostServer =
  /** An HTTP server (over TLS when `tls` is set); `http2` when it negotiates h2 over TLS (Go servers do). */
  | { kind: "http"; tls?: TlsEndpoint; http2: boolean; handle(req: HttpRequest): HttpReply }
  /** Speaks first with a line (sshd's version banner). */
  | { kind: "banner"; banner: string }
  /** Accepts, then closes without answering what it cannot parse (DNS over TCP). */
  | { kind: "silent" };

export interface ServerEnv {
  cluster: Cluster;
  nodeName: string;
  nodeIP: string;
  readFile(path: string): string | undefined;
}

const ANONYMOUS: UserInfo = { username: "system:anonymous", groups: ["system:unauthenticated"] };

/** http.Date: `Mon, 12 Jan 2026 08:47:03 GMT`. */
function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** The API server's JSON for curl: its user agent gets pretty-printed output (2-space indent). */
function prettyJson(v: unknown): string {
  return `${JSON.stringify(v, null, 2)}\n`;
}

/** An object or list as the API server encodes it: kind and apiVersion first. */
function apiOrder(obj: object): object {
  const { kind, apiVersion, ...rest } = obj as { kind?: string; apiVersion?: string };
  return { kind, apiVersion, ...rest };
}

function text(status: number, body: string, now: number, extra: Array<[string, string]> = []): HttpReply {
  return { status, headers: [["Content-Type", "text/plain; charset=utf-8"], ...extra, ["X-Content-Type-Options", "nosniff"], ["Date", httpDate(now)], ["Content-Length", String(Buffer.byteLength(body))]], body };
}

function json(status: number, body: string, now: number): HttpReply {
  return { status, headers: [["Audit-Id", ""], ["Cache-Control", "no-cache, private"], ["Content-Type", "application/json"], ["X-Content-Type-Options", "nosniff"], ["Date", httpDate(now)], ["Content-Length", String(Buffer.byteLength(body))]], body };
}

/** Go's http.NotFound. */
function notFound(now: number): HttpReply {
  return text(404, "404 page not found\n", now);
}

function statusBody(e: ApiError): string {
  const s = e.status;
  return prettyJson({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: s.message, reason: s.reason, details: s.details ?? {}, code: s.code });
}

/** The user a client certificate names, if the CA signed it and it is valid now; undefined otherwise. */
function certificateUser(certPem: string | undefined, caPem: string | undefined, now: number): UserInfo | "invalid" | undefined {
  if (!certPem) return undefined;
  const c = parseCertificate(certPem);
  if (!c || !caPem || now < c.notBefore || now > c.notAfter || !verifiedBy(certPem, caPem)) return "invalid";
  return { username: c.commonName, groups: [...c.organizations, "system:authenticated"] };
}

function splitPath(path: string): { path: string; query: URLSearchParams } {
  const q = path.indexOf("?");
  return q < 0 ? { path, query: new URLSearchParams() } : { path: path.slice(0, q), query: new URLSearchParams(path.slice(q + 1)) };
}

/** The health endpoints' answer: "ok", or the failed check list. */
function healthBody(path: string, ok: boolean, verbose: boolean): string {
  const name = path.slice(1);
  const checks = ["ping", "log", "etcd", "poststarthook/start-apiserver-admission-initializer", "poststarthook/generic-apiserver-start-informers", "poststarthook/start-apiextensions-informers", "poststarthook/rbac/bootstrap-roles", "poststarthook/bootstrap-controller"];
  if (ok && !verbose) return "ok";
  const lines = checks.map((c) => (c === "etcd" && !ok ? "[-]etcd failed: reason withheld" : `[+]${c} ok`));
  return `${lines.join("\n")}\n${name} check ${ok ? "passed" : "failed"}\n`;
}

/** A resource path: /api/v1/[namespaces/NS/]PLURAL[/NAME[/SUBRESOURCE]] or /apis/GROUP/VERSION/... */
function parseResourcePath(path: string): { group: string; version: string; namespace?: string; plural: string; name?: string; subresource?: string } | undefined {
  const parts = path.split("/").filter(Boolean);
  let group = "";
  let rest: string[];
  if (parts[0] === "api" && parts.length >= 3) {
    rest = parts.slice(2);
  } else if (parts[0] === "apis" && parts.length >= 4) {
    group = parts[1];
    rest = parts.slice(3);
  } else return undefined;
  const version = parts[0] === "api" ? parts[1] : parts[2];
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length > 3) return undefined;
  return { group, version, namespace, plural: rest[0], name: rest[1], subresource: rest[2] };
}

/** The media types the API server decodes a body from (the CBOR one is behind an alpha gate). */
const ACCEPTED_MEDIA_TYPES = "application/json, application/yaml, application/vnd.kubernetes.protobuf";

/**
 * A request body as the API server decodes it: JSON or YAML by Content-Type,
 * anything else refused with 415; a body that is no object is a 400.
 */
function decodeBody(req: HttpRequest): KubeObject | ApiError {
  const type = (req.contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json" && type !== "application/yaml") {
    return new ApiError({ code: 415, reason: "UnsupportedMediaType", message: `the body of the request was in an unknown format - accepted media types include: ${ACCEPTED_MEDIA_TYPES}`, details: {} });
  }
  const badRequest = (message: string) => new ApiError({ code: 400, reason: "BadRequest", message, details: {} });
  let v: unknown;
  try {
    // The serializer's first look: apiVersion and kind, through encoding/json (YAML is converted to JSON first).
    v = type === "application/json" ? parseGoJson(req.body ?? "") : parseYaml(req.body ?? "");
  } catch (e) {
    return badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) {
    return badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonKind(v)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  }
  if (!(v as KubeObject).kind) return badRequest(`Object 'Kind' is missing in '${req.body ?? ""}'`);
  return v as KubeObject;
}

function apiServerHandler(env: ServerEnv, tls: TlsEndpoint, health: (path: string) => number): (req: HttpRequest) => HttpReply {
  return (req) => {
    const now = env.cluster.clock.now();
    const { path, query } = splitPath(req.path);
    const who = certificateUser(req.clientCertPem, tls.clientCaPem, now);
    if (who === "invalid") return json(401, prettyJson({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 }), now);
    const user = who ?? ANONYMOUS;
    const reader = env.cluster.api.reader;
    const verb = req.method === "HEAD" ? "get" : req.method.toLowerCase();
    if (["/healthz", "/livez", "/readyz"].includes(path)) {
      const ok = health(path) === 200;
      return text(ok ? 200 : 500, healthBody(path, ok, query.has("verbose")), now, [["Audit-Id", ""], ["Cache-Control", "no-cache, private"]]);
    }
    const resource = parseResourcePath(path);
    if (!resource) {
      const d = authorizeRequest({ user, verb, resourceRequest: false, path }, reader);
      if (!d.allowed) {
        const e = new ApiError({ code: 403, reason: "Forbidden", message: `forbidden: ${forbiddenMessage({ user, verb, resourceRequest: false, path })}`, details: {} });
        return json(403, statusBody(e), now);
      }
      if (path === "/version" || path === "/version/") return json(200, prettyJson(serverVersionInfo(env.cluster.controlPlane.apiServerVersion(env.nodeName))), now);
      if (path === "/api" || path === "/api/") {
        return json(200, prettyJson({ kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: `${env.nodeIP}:${env.cluster.controlPlane.apiServerTls(env.nodeName)?.securePort ?? 6443}` }] }), now);
      }
      return json(404, statusBody(new ApiError({ code: 404, reason: "NotFound", message: "the server could not find the requested resource", details: {} })), now);
    }
    const methodNotAllowed = () => json(405, statusBody(new ApiError({ code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource", details: {} })), now);
    try {
      const api = env.cluster.api;
      const type = api.mustResolve(resource.group ? `${resource.plural}.${resource.group}` : resource.plural);
      if (verb === "post") {
        // POST to a collection creates; to pods/NAME/binding binds (a Success Status, as BindingREST answers). PUT replaces.
        if (resource.name && !(type.plural === "pods" && resource.subresource === "binding")) return methodNotAllowed();
        const body = decodeBody(req);
        if (body instanceof ApiError) return json(body.code, statusBody(body), now);
        if (resource.subresource === "binding") {
          api.create(user, type, resource.namespace, { ...body, metadata: { ...(body.metadata ?? {}), name: resource.name } }, { subresource: "binding" });
          return json(201, prettyJson({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 }), now);
        }
        return json(201, prettyJson(apiOrder(api.create(user, type, resource.namespace, body))), now);
      }
      if (verb === "put" && resource.name && !resource.subresource) {
        const body = decodeBody(req);
        if (body instanceof ApiError) return json(body.code, statusBody(body), now);
        return json(200, prettyJson(apiOrder(api.update(user, type, resource.namespace, { ...body, metadata: { ...(body.metadata ?? {}), name: body.metadata?.name ?? resource.name } }))), now);
      }
      if (verb === "delete" && resource.name && !resource.subresource) return json(200, prettyJson(apiOrder(api.delete(user, type, resource.namespace, resource.name))), now);
      if (verb !== "get" || resource.subresource) return methodNotAllowed();
      if (resource.name) {
        const obj = api.get(user, type, resource.namespace, resource.name);
        return json(200, prettyJson(apiOrder(obj)), now);
      }
      const list = api.list(user, type, resource.namespace, { labelSelector: query.get("labelSelector") ?? undefined, fieldSelector: query.get("fieldSelector") ?? undefined });
      return json(200, prettyJson(apiOrder(list)), now);
    } catch (e) {
      if (e instanceof ApiError) return json(e.code, statusBody(e), now);
      return json(404, statusBody(new ApiError({ code: 404, reason: "NotFound", message: "the server could not find the requested resource", details: {} })), now);
    }
  };
}

/** The kubelet's server: client certificates from its clientCAFile; anonymous requests are refused (authentication.anonymous.enabled: false). */
function kubeletHandler(env: ServerEnv, tls: TlsEndpoint): (req: HttpRequest) => HttpReply {
  return (req) => {
    const now = env.cluster.clock.now();
    const who = certificateUser(req.clientCertPem, tls.clientCaPem, now);
    if (!who || who === "invalid") return text(401, "Unauthorized", now);
    const { path } = splitPath(req.path);
    if (path === "/healthz") return text(200, "ok", now);
    if (path === "/pods" || path === "/pods/") {
      try {
        const list = env.cluster.api.list(who, "pods", undefined, { fieldSelector: `spec.nodeName=${env.nodeName}` });
        return { status: 200, headers: [["Content-Type", "application/json"], ["Date", httpDate(now)]], body: JSON.stringify({ kind: "PodList", apiVersion: "v1", metadata: {}, items: list.items }) };
      } catch (e) {
        if (e instanceof ApiError) return text(403, `Forbidden (user=${who.username}, verb=get, resource=nodes, subresource=proxy)`, now);
        throw e;
      }
    }
    return notFound(now);
  };
}

/** The pair a file names: a certificate file, maybe with its chain. */
function fileOr(env: ServerEnv, path: string | undefined): string {
  return (path && env.readFile(path)) ?? "";
}

/**
 * The server behind a socket, or undefined when nothing would answer (a
 * container's port whose process is gone).
 */
export function serverFor(socket: ListeningSocket, env: ServerEnv): HostServer | undefined {
  const now = () => env.cluster.clock.now();
  const machine = env.cluster.machine(env.nodeName);
  const rt = machine?.runtime;
  const owner = socket.owner;
  const argv = owner.kind === "container" ? (rt?.listContainers({ state: "CONTAINER_RUNNING" }).find((c) => c.id === owner.containerId)?.argv ?? []) : [];
  /** The status the container's process gives a path (its probe handler). */
  const handlerStatus = (path: string): number => {
    if (owner.kind !== "container" || !rt) return 200;
    const c = rt.connect(owner.sandboxId, socket.port);
    return c.listening ? c.http(path) : 503;
  };
  const healthOnly = (ok: (p: string) => boolean) => (req: HttpRequest) => {
    const { path } = splitPath(req.path);
    if (["/healthz", "/livez", "/readyz"].includes(path)) return ok(path) ? text(200, "ok", now()) : text(500, `[-]${path.slice(1)} failed\n`, now());
    const e = new ApiError({ code: 403, reason: "Forbidden", message: `forbidden: User "system:anonymous" cannot get path "${path}"`, details: {} });
    return json(403, statusBody(e), now());
  };
  switch (socket.server) {
    case "kube-apiserver": {
      const t = env.cluster.controlPlane.apiServerTls(env.nodeName);
      const tls: TlsEndpoint = { chainPem: t?.servingCertPem ?? fileOr(env, flagValue(argv, "tls-cert-file")), clientAuth: "optional", clientCaPem: t?.clientCaPem ?? fileOr(env, flagValue(argv, "client-ca-file")) };
      return { kind: "http", tls, http2: true, handle: apiServerHandler(env, tls, handlerStatus) };
    }
    case "kube-scheduler":
    case "kube-controller-manager":
      // Both serve with an in-memory self-signed pair (no --tls-cert-file in kubeadm's manifests).
      return { kind: "http", tls: { chainPem: "", clientAuth: "optional" }, http2: true, handle: healthOnly((p) => handlerStatus(p) === 200) };
    case "etcd-client":
    case "etcd-peer": {
      const peer = socket.server === "etcd-peer";
      const tls: TlsEndpoint = {
        chainPem: fileOr(env, flagValue(argv, peer ? "peer-cert-file" : "cert-file")),
        clientAuth: flagValue(argv, peer ? "peer-client-cert-auth" : "client-cert-auth") === "true" ? "required" : "none",
        clientCaPem: fileOr(env, flagValue(argv, peer ? "peer-trusted-ca-file" : "trusted-ca-file")),
      };
      return { kind: "http", tls, http2: true, handle: etcdHandler(env) };
    }
    case "etcd-metrics":
      return { kind: "http", http2: false, handle: etcdHandler(env) };
    case "kube-proxy-healthz":
      return {
        kind: "http",
        http2: false,
        handle: (req) => {
          const { path } = splitPath(req.path);
          if (path !== "/healthz" && path !== "/livez") return notFound(now());
          const t = goTime(now());
          const body = `{"lastUpdated": "${t}","currentTime": "${t}", "nodeEligible": true}`;
          return { status: 200, headers: [["Content-Type", "application/json"], ["X-Content-Type-Options", "nosniff"], ["Date", httpDate(now())], ["Content-Length", String(body.length)]], body };
        },
      };
    case "kube-proxy-metrics":
      return { kind: "http", http2: false, handle: (req) => (splitPath(req.path).path === "/metrics" ? text(200, metricsBody("kubeproxy"), now()) : notFound(now())) };
    case "kubelet": {
      const tls: TlsEndpoint = { chainPem: fileOr(env, "/var/lib/kubelet/pki/kubelet.crt"), clientAuth: "optional", clientCaPem: fileOr(env, "/etc/kubernetes/pki/ca.crt") };
      return { kind: "http", tls, http2: true, handle: kubeletHandler(env, tls) };
    }
    case "kubelet-healthz":
      return { kind: "http", http2: false, handle: (req) => (splitPath(req.path).path === "/healthz" ? text(200, "ok", now()) : notFound(now())) };
    case "containerd-stream":
      return { kind: "http", http2: false, handle: () => notFound(now()) };
    case "sshd":
      return { kind: "banner", banner: "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5\r\n" };
    case "dns":
    case "vxlan":
      return { kind: "silent" };
    case "http": {
      if (owner.kind !== "container" || !rt) return undefined;
      const sandbox = rt.listPodSandboxes({ state: "SANDBOX_READY" }).find((s) => s.id === owner.sandboxId);
      if (!sandbox) return undefined;
      return {
        kind: "http",
        http2: false,
        handle: (req) => {
          const r = sandboxHttpResponse(rt, sandbox, splitPath(req.path).path, handlerStatus(req.path));
          return { status: r.status, headers: [["Content-Type", "text/plain; charset=utf-8"], ["Date", httpDate(now())], ["Content-Length", String(Buffer.byteLength(r.body))]], body: r.body };
        },
      };
    }
  }
}

function etcdHandler(env: ServerEnv): (req: HttpRequest) => HttpReply {
  return (req) => {
    const now = env.cluster.clock.now();
    const { path } = splitPath(req.path);
    const body = (s: string): HttpReply => ({ status: 200, headers: [["Content-Type", "text/plain; charset=utf-8"], ["Date", httpDate(now)], ["Content-Length", String(s.length)]], body: s });
    if (path === "/health" || path === "/livez" || path === "/readyz") return body(path === "/health" ? '{"health":"true","reason":""}' : "ok");
    if (path === "/version") return body(`{"etcdserver":"${ETCD_VERSION}","etcdcluster":"${ETCD_VERSION.replace(/\.\d+$/, ".0")}"}`);
    if (path === "/metrics") return body(metricsBody("etcd"));
    return notFound(now);
  };
}

/** A few lines of Prometheus text, so `curl .../metrics | head` shows the format. */
function metricsBody(prefix: string): string {
  return `# HELP ${prefix}_build_info A metric with a constant '1' value labeled by version.\n# TYPE ${prefix}_build_info gauge\n${prefix}_build_info 1\n# HELP process_open_fds Number of open file descriptors.\n# TYPE process_open_fds gauge\nprocess_open_fds 23\n`;
}

/** Go's time.Time.String() in UTC: `2026-01-12 08:47:03.123456789 +0000 UTC`. */
function goTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000000 +0000 UTC`;
}
