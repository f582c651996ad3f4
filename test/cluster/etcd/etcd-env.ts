/**
 * A test bench for etcd: a real Cluster (its Store is etcd's live data), one
 * HostFilesystem per node holding the fixture's real kubeadm pki, an
 * EtcdCluster with kubeadm's data dirs seeded, the etcd static pod's
 * members started with kubeadm's flags, and a bash on any node with
 * etcdctl/etcdutl reading that node's files — as the cluster wiring will
 * provide them (`cluster.etcd`, per-node filesystems).
 */
import { Bash, defineCommand, decodeBytesToUtf8 } from "just-bash";
import { Cluster } from "../../../src/cluster/cluster.js";
import type { ComponentHandle, EtcdMemberOptions } from "../../../src/cluster/controlplane/hooks.js";
import { EtcdCluster, type EtcdOpenOutcome } from "../../../src/cluster/etcd/etcd-cluster.js";
import type { NodeFixture } from "../../../src/cluster/fixture.js";
import { BashFilesystem, HostFilesystem } from "../../../src/host/filesystem.js";
import { pkiFilesFor } from "../../../src/pki/node-pki.js";
import { runEtcdctl } from "../../../src/shell/commands/etcdctl/etcdctl.js";
import { runEtcdutl } from "../../../src/shell/commands/etcdutl/etcdutl.js";
import type { ToolContext } from "../../../src/shell/tool.js";

export const PKI = "/etc/kubernetes/pki";
export const ETCD_TLS = `--cacert=${PKI}/etcd/ca.crt --cert=${PKI}/etcd/server.crt --key=${PKI}/etcd/server.key`;

export interface EtcdBench {
  cluster: Cluster;
  etcd: EtcdCluster;
  fs: Map<string, HostFilesystem>;
  controlPlanes: NodeFixture[];
  /** The running etcd member per node. */
  members: Map<string, ComponentHandle>;
  memberOptions(node: string, overrides?: Partial<EtcdMemberOptions>): EtcdMemberOptions;
  /** Starts (or restarts) the etcd member of a node, as the kubelet would run its static pod. */
  startMember(node: string, overrides?: Partial<EtcdMemberOptions>): EtcdOpenOutcome;
  stopMember(node: string): void;
  /** Runs a bash script on a node as root. */
  sh(script: string, node?: string, user?: string): Promise<{ stdout: string; stderr: string; exitCode: number }>;
}

export function etcdBench(fixture: "default" | "ha" | "two-node" = "default", seed = 1): EtcdBench {
  const cluster = Cluster.create({ fixture, seed });
  const f = cluster.fixture;
  const fs = new Map<string, HostFilesystem>();
  for (const n of f.nodes) {
    const files: Record<string, { content: string; mode?: number }> = {};
    for (const [path, file] of Object.entries(pkiFilesFor(f, n.name))) if (!file.symlinkTo) files[path] = { content: file.content, mode: file.mode };
    fs.set(n.name, new HostFilesystem(() => cluster.clock.now(), { ...files, "/root/": "", "/opt/": "", "/var/lib/": "" }));
  }
  const nodeAddresses = Object.fromEntries(f.nodes.map((n) => [n.name, n.ip]));
  const etcd = new EtcdCluster({ store: cluster.store, clock: cluster.clock, random: cluster.random.fork("etcd"), nodeAddresses });
  const controlPlanes = f.nodes.filter((n) => n.role === "control-plane");
  for (const n of controlPlanes) {
    etcd.seedDataDir(fs.get(n.name)!, "/var/lib/etcd", { name: n.name, peerURLs: [`https://${n.ip}:2380`], clientURLs: [`https://${n.ip}:2379`] });
  }
  const initialCluster = controlPlanes.map((n) => `${n.name}=https://${n.ip}:2380`).join(",");
  const memberOptions = (node: string, overrides: Partial<EtcdMemberOptions> = {}): EtcdMemberOptions => {
    const n = f.nodes.find((x) => x.name === node)!;
    const nodeFs = fs.get(node)!;
    return {
      nodeName: node,
      name: node,
      fs: nodeFs,
      dataDir: "/var/lib/etcd",
      listenClientUrls: ["https://127.0.0.1:2379", `https://${n.ip}:2379`],
      advertiseClientUrls: [`https://${n.ip}:2379`],
      listenPeerUrls: [`https://${n.ip}:2380`],
      initialCluster,
      initialClusterState: "new",
      certPem: nodeFs.read(`${PKI}/etcd/server.crt`)!,
      keyPem: nodeFs.read(`${PKI}/etcd/server.key`)!,
      trustedCaPem: nodeFs.read(`${PKI}/etcd/ca.crt`)!,
      clientCertAuth: true,
      ...overrides,
    };
  };
  const members = new Map<string, ComponentHandle>();
  const stopMember = (node: string) => {
    members.get(node)?.stop();
    members.delete(node);
  };
  const startMember = (node: string, overrides: Partial<EtcdMemberOptions> = {}) => {
    stopMember(node);
    const r = etcd.openEtcd(memberOptions(node, overrides));
    if ("handle" in r) members.set(node, r.handle);
    return r;
  };
  for (const n of controlPlanes) startMember(n.name);
  (cluster as unknown as { etcd: EtcdCluster }).etcd = etcd;

  const sh = async (script: string, node = controlPlanes[0].name, user = "root") => {
    const bashFs = new BashFilesystem(fs.get(node)!);
    const tool = (run: typeof runEtcdctl) =>
      defineCommand(run === runEtcdctl ? "etcdctl" : "etcdutl", async (args, c) => {
        const ctx: ToolContext = { cluster, host: node, user, fs: bashFs, cwd: c.cwd, env: c.env, stdin: decodeBytesToUtf8(c.stdin) };
        return run(args, ctx, etcd);
      });
    const bash = new Bash({ fs: bashFs, cwd: "/root", env: { HOME: "/root", PATH: "/usr/bin:/bin" }, customCommands: [tool(runEtcdctl), tool(runEtcdutl)] });
    const r = await bash.exec(script, { rawScript: true });
    cluster.settle();
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  };
  return { cluster, etcd, fs, controlPlanes, members, memberOptions, startMember, stopMember, sh };
}
