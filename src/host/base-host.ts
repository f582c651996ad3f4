/**
 * The exam's jump host ("base"): the machine the candidate's terminal opens
 * on. It is outside the cluster (no kubelet, no containerd, no kubeadm):
 * kubectl and helm with a copy of the admin kubeconfig in the candidate's
 * ~/.kube/config, as kubeadm-built exam hosts have it, `alias k=kubectl`
 * with completion in ~/.bashrc, ssh to every node, and sudo. One per
 * cluster, created the first time a shell opens there.
 */
import type { ClusterFixture } from "../cluster/fixture.js";
import { HostFilesystem } from "./filesystem.js";
import type { NodeFile } from "./node-files.js";

export const BASE_HOST = "base";

const ELF = "\x7fELF\x02\x01\x01\x00";

/**
 * ~/.bashrc as the exam prepares it, on the exam host and on the nodes the
 * tasks ssh to: Ubuntu's history settings, the kubectl alias and completion.
 */
export const EXAM_BASHRC = [
  "# ~/.bashrc: executed by bash(1) for non-login shells.",
  "",
  "# don't put duplicate lines or lines starting with space in the history.",
  "HISTCONTROL=ignoreboth",
  "HISTSIZE=1000",
  "HISTFILESIZE=2000",
  "",
  "alias k=kubectl",
  "source <(kubectl completion bash)",
  "complete -o default -F __start_kubectl k",
  "",
].join("\n");

/** What the jump host has on disk; `adminConf` is the cluster's /etc/kubernetes/admin.conf. */
export function baseHostFiles(f: ClusterFixture, adminConf: string | undefined): Record<string, NodeFile> {
  const hosts = ["127.0.0.1 localhost", `127.0.1.1 ${BASE_HOST}`, "", ...f.nodes.map((n) => `${n.ip} ${n.name}`), ""];
  const files: Record<string, NodeFile> = {
    "/etc/hostname": { content: `${BASE_HOST}\n` },
    // The kernel's hostname (sethostname(2) state): what `hostname` and `uname -n` print.
    "/proc/sys/kernel/hostname": { content: `${BASE_HOST}\n` },
    "/etc/hosts": { content: hosts.join("\n") },
    "/root/": { mode: 0o700 },
    "/tmp/": {},
    "/home/candidate/": {},
    "/home/candidate/.bashrc": { content: EXAM_BASHRC },
    "/home/candidate/.kube/": {},
  };
  if (adminConf !== undefined) files["/home/candidate/.kube/config"] = { content: adminConf, mode: 0o600 };
  for (const bin of ["kubectl", "helm"]) files[`/usr/bin/${bin}`] = { content: ELF, mode: 0o755 };
  return files;
}

interface ClusterView {
  readonly fixture: ClusterFixture;
  readonly clock: { now(): number };
  machine(name: string): { fs: HostFilesystem } | undefined;
}

const byCluster = new WeakMap<object, HostFilesystem>();

/** The jump host's filesystem for this cluster (laid down on first use, with the admin kubeconfig as it is then). */
export function baseHostFilesystem(cluster: ClusterView): HostFilesystem {
  let fs = byCluster.get(cluster);
  if (fs) return fs;
  const cp = cluster.fixture.nodes.find((n) => n.role === "control-plane");
  const adminConf = cp ? cluster.machine(cp.name)?.fs.read("/etc/kubernetes/admin.conf") : undefined;
  fs = new HostFilesystem(() => cluster.clock.now());
  for (const [path, file] of Object.entries(baseHostFiles(cluster.fixture, adminConf))) {
    if (path.endsWith("/")) fs.mkdirp(path, file.mode ?? 0o755);
    else fs.put(path, file.content ?? "", file.mode ?? 0o644);
  }
  byCluster.set(cluster, fs);
  return fs;
}
