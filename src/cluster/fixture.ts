/**
 * Cluster fixtures: plain YAML files under fixtures/ that say what cluster an
 * exercise starts from (nodes, version, addons, time). This module reads and
 * checks them, with file and line in every error.
 */
import { readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument, LineCounter } from "yaml";
import { knownCertificateNames, nodeHasCertificate, KUBEADM_CAS } from "../pki/kubeadm-certs.js";

export interface NodeFixture {
  name: string;
  role: "control-plane" | "worker";
  ip: string;
  cpu: string;
  memory: string;
  pods: number;
  ephemeralStorage: string;
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
}

export interface ClusterFixture {
  name: string;
  kubernetesVersion: string;
  /** Virtual time at which the cluster was created (kubeadm init). */
  createdAt: string;
  /** How long it has been running when the learner arrives, e.g. "47m". */
  uptime: string;
  podSubnet: string;
  serviceSubnet: string;
  /**
   * kubeadm's --control-plane-endpoint (host:port), a load balancer in front of
   * every kube-apiserver; unset means the first control-plane node's address.
   */
  controlPlaneEndpoint?: string;
  /** Add-ons kubeadm and the lab install: coredns, kube-proxy, flannel. */
  addons: string[];
  nodes: NodeFixture[];
  /** Certificate dates other than the shipped set's (fixtures/pki), e.g. for an expired-certificate exercise. */
  certificates?: CertificatesFixture;
  /** Where the fixture came from, for error messages. */
  source: string;
}

/**
 * `certificates:` in a fixture: when the cluster's certificates were issued
 * and which ones expire when, relative to the virtual clock. For example
 *
 *   certificates:
 *     issuedAt: "2025-01-10T08:00:00Z"     # kubeadm init ran then: its certs expired 2026-01-10
 *     expire:
 *       apiserver: "2026-01-12T08:30:00Z"  # on every control-plane node
 *       controlplane02/etcd-peer: "2026-01-11T00:00:00Z"
 *
 * issuedAt (default: createdAt) dates the CAs and every certificate kubeadm
 * made (joining control-plane nodes a little later); the kubelets' own
 * certificates stay dated from createdAt. expire sets a certificate's
 * NotAfter, keyed by the names `kubeadm certs check-expiration` lists
 * (admin.conf, apiserver, ..., super-admin.conf), a CA (ca, etcd-ca,
 * front-proxy-ca), kubelet-client or kubelet-serving, optionally prefixed
 * with "<node>/" for one node only.
 */
export interface CertificatesFixture {
  issuedAt?: string;
  expire: Record<string, string>;
}

export class FixtureError extends Error {}

const FIXTURES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../fixtures");

export function fixturesDir(): string {
  return FIXTURES_DIR;
}

/** Loads a fixture by name (`default`, `two-node`) or by path to a YAML file. */
export function loadFixture(nameOrPath: string): ClusterFixture {
  const path = nameOrPath.includes("/") || nameOrPath.endsWith(".yaml") ? resolve(nameOrPath) : join(FIXTURES_DIR, `${nameOrPath}.yaml`);
  if (!existsSync(path)) {
    throw new FixtureError(`fixture "${nameOrPath}" not found (looked for ${path})`);
  }
  return parseFixture(readFileSync(path, "utf8"), path);
}

export function parseFixture(text: string, source = "<fixture>"): ClusterFixture {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = lc.linePos(e.pos[0]);
    throw new FixtureError(`${source}:${pos.line}:${pos.col}: ${e.message.split("\n")[0]}`);
  }
  const raw = doc.toJS() as Record<string, any>;
  const where = (path: (string | number)[]) => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const off = node?.range?.[0];
    return off === undefined ? source : `${source}:${lc.linePos(off).line}`;
  };
  const fail = (path: (string | number)[], msg: string): never => {
    throw new FixtureError(`${where(path)}: ${path.join(".")}: ${msg}`);
  };
  if (!raw || typeof raw !== "object") throw new FixtureError(`${source}: expected a mapping at the top level`);
  const known = new Set(["name", "kubernetesVersion", "createdAt", "uptime", "podSubnet", "serviceSubnet", "controlPlaneEndpoint", "addons", "nodes", "certificates"]);
  for (const k of Object.keys(raw)) if (!known.has(k)) fail([k], `unknown field (known: ${[...known].join(", ")})`);
  if (!Array.isArray(raw.nodes) || raw.nodes.length === 0) fail(["nodes"], "at least one node is required");
  const names = new Set<string>();
  const nodes: NodeFixture[] = raw.nodes.map((n: any, i: number) => {
    if (!n || typeof n.name !== "string") fail(["nodes", i, "name"], "a node needs a name");
    if (names.has(n.name)) fail(["nodes", i, "name"], `duplicate node name "${n.name}"`);
    names.add(n.name);
    const role = n.role ?? "worker";
    if (role !== "control-plane" && role !== "worker") fail(["nodes", i, "role"], `must be control-plane or worker, not "${role}"`);
    if (typeof n.ip !== "string" || !/^\d+\.\d+\.\d+\.\d+$/.test(n.ip)) fail(["nodes", i, "ip"], "an IPv4 address is required");
    return {
      name: n.name,
      role,
      ip: n.ip,
      cpu: String(n.cpu ?? "2"),
      memory: String(n.memory ?? "4019328Ki"),
      pods: Number(n.pods ?? 110),
      ephemeralStorage: String(n.ephemeralStorage ?? "50620216Ki"),
      labels: n.labels ?? {},
      taints: n.taints ?? [],
    };
  });
  if (!nodes.some((n) => n.role === "control-plane")) fail(["nodes"], "at least one control-plane node is required");
  if (raw.controlPlaneEndpoint !== undefined && (typeof raw.controlPlaneEndpoint !== "string" || !/^[a-z0-9.-]+:\d+$/.test(raw.controlPlaneEndpoint))) fail(["controlPlaneEndpoint"], "must be host:port, e.g. k8s-api:6443");
  const certificates = raw.certificates === undefined ? undefined : parseCertificates(raw.certificates, nodes, fail);
  return {
    name: raw.name ?? "fixture",
    kubernetesVersion: raw.kubernetesVersion ?? "v1.34.1",
    createdAt: raw.createdAt ?? "2026-01-12T08:00:00Z",
    uptime: raw.uptime ?? "47m",
    podSubnet: raw.podSubnet ?? "10.244.0.0/16",
    serviceSubnet: raw.serviceSubnet ?? "10.96.0.0/12",
    controlPlaneEndpoint: raw.controlPlaneEndpoint,
    addons: raw.addons ?? ["coredns", "kube-proxy", "flannel"],
    nodes,
    ...(certificates ? { certificates } : {}),
    source,
  };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parseCertificates(raw: unknown, nodes: NodeFixture[], fail: (path: (string | number)[], msg: string) => never): CertificatesFixture {
  const at = ["certificates"];
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) fail(at, "must be a mapping with issuedAt and/or expire");
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) if (k !== "issuedAt" && k !== "expire") fail([...at, k], "unknown field (known: issuedAt, expire)");
  const time = (path: (string | number)[], v: unknown): string => {
    if (typeof v !== "string" || !RFC3339.test(v) || Number.isNaN(Date.parse(v))) fail(path, `must be an RFC 3339 time such as "2026-01-12T08:00:00Z"`);
    return v as string;
  };
  const out: CertificatesFixture = { expire: {} };
  if (r.issuedAt !== undefined) out.issuedAt = time([...at, "issuedAt"], r.issuedAt);
  if (r.expire !== undefined) {
    if (!r.expire || typeof r.expire !== "object" || Array.isArray(r.expire)) fail([...at, "expire"], "must map certificate names to times");
    const names = knownCertificateNames();
    const initNode = nodes.find((n) => n.role === "control-plane");
    for (const [key, v] of Object.entries(r.expire as Record<string, unknown>)) {
      const path = [...at, "expire", key];
      const slash = key.indexOf("/");
      const nodeName = slash < 0 ? undefined : key.slice(0, slash);
      const name = slash < 0 ? key : key.slice(slash + 1);
      if (!names.includes(name)) fail(path, `unknown certificate "${name}" (known: ${names.join(", ")})`);
      if (nodeName !== undefined) {
        const node = nodes.find((n) => n.name === nodeName);
        if (!node) fail(path, `no node named "${nodeName}"`);
        if (KUBEADM_CAS.some((c) => c.name === name)) fail(path, `${name} is shared by the whole cluster; name it without a node`);
        if (!nodeHasCertificate(name, node!.role, node === initNode)) fail(path, `node ${nodeName} has no ${name} certificate`);
      }
      out.expire[key] = time(path, v);
    }
  }
  return out;
}
