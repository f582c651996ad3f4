/**
 * Cluster fixtures: plain YAML files under fixtures/ that say what cluster an
 * exercise starts from (nodes, version, addons, time). This module reads and
 * checks them, with file and line in every error.
 */
import { readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument, LineCounter } from "yaml";

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
  /** Add-ons kubeadm and the lab install: coredns, kube-proxy, flannel. */
  addons: string[];
  nodes: NodeFixture[];
  /** Where the fixture came from, for error messages. */
  source: string;
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
  const known = new Set(["name", "kubernetesVersion", "createdAt", "uptime", "podSubnet", "serviceSubnet", "addons", "nodes"]);
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
  return {
    name: raw.name ?? "fixture",
    kubernetesVersion: raw.kubernetesVersion ?? "v1.34.1",
    createdAt: raw.createdAt ?? "2026-01-12T08:00:00Z",
    uptime: raw.uptime ?? "47m",
    podSubnet: raw.podSubnet ?? "10.244.0.0/16",
    serviceSubnet: raw.serviceSubnet ?? "10.96.0.0/12",
    addons: raw.addons ?? ["coredns", "kube-proxy", "flannel"],
    nodes,
    source,
  };
}
