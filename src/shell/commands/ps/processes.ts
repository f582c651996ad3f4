/**
 * The process list of a machine, as /proc shows it to ps (and, through the
 * sockets each process holds, to ss): the Ubuntu 24.04 base system
 * (systemd, journald, resolved, sshd, a few kernel threads), the systemd
 * units' main processes with their real command lines (kubelet,
 * containerd), and per pod sandbox its containerd shim, its pause process
 * and its containers' processes (kube-apiserver with every flag). Pids are
 * stable: units take systemd's, containers the pid crictl inspect reports.
 */
import type { Cluster } from "../../../cluster/cluster.js";
import type { Machine } from "../../../host/machine.js";
import { quantityValue } from "../../../cluster/kubelet/quantity.js";
import { fnv32a } from "../../../cluster/random.js";
import { taskPid } from "../crictl/cri.js";
import type { ToolContext } from "../../tool.js";

export interface ProcessInfo {
  pid: number;
  ppid: number;
  user: string;
  uid: number;
  /** /proc/<pid>/comm: the executable's name, at most 15 characters. */
  comm: string;
  /** The command line; kernel threads show their name in brackets. */
  args: string;
  stat: string;
  tty: string;
  startMs: number;
  cpuMs: number;
  rssKb: number;
  vszKb: number;
  nice: number;
  threads: number;
  /** What the process is, for tools that join on it (ss). */
  containerId?: string;
  unit?: string;
  kernelThread?: boolean;
}

/** Kernel threads a 2-vCPU Ubuntu 24.04 VM shows first (pid, name). */
const KERNEL_THREADS: Array<[number, string]> = [
  [2, "kthreadd"],
  [3, "pool_workqueue_release"],
  [4, "kworker/R-rcu_g"],
  [5, "kworker/R-rcu_p"],
  [6, "kworker/R-slub_"],
  [7, "kworker/R-netns"],
  [10, "kworker/0:0H-events_highpri"],
  [12, "kworker/R-mm_pe"],
  [13, "rcu_tasks_kthread"],
  [14, "rcu_tasks_rude_kthread"],
  [15, "rcu_tasks_trace_kthread"],
  [16, "ksoftirqd/0"],
  [17, "rcu_preempt"],
  [18, "migration/0"],
  [19, "idle_inject/0"],
  [20, "cpuhp/0"],
  [21, "cpuhp/1"],
  [22, "idle_inject/1"],
  [23, "migration/1"],
  [24, "ksoftirqd/1"],
  [27, "kdevtmpfs"],
  [28, "kworker/R-inet_"],
  [30, "kauditd"],
  [31, "khungtaskd"],
  [32, "oom_reaper"],
  [34, "kworker/R-write"],
  [35, "kcompactd0"],
  [36, "ksmd"],
  [37, "khugepaged"],
  [91, "kswapd0"],
  [214, "jbd2/sda1-8"],
  [215, "kworker/R-ext4-"],
];

interface Daemon {
  pid: number;
  user: string;
  uid: number;
  comm: string;
  args: string;
  stat: string;
  tty?: string;
  rssKb: number;
  vszKb: number;
  cpuShare: number;
  threads?: number;
}

/** The base system's daemons, started at boot. */
const DAEMONS: Daemon[] = [
  { pid: 296, user: "root", uid: 0, comm: "systemd-journal", args: "/usr/lib/systemd/systemd-journald", stat: "Ss", rssKb: 17_408, vszKb: 50_540, cpuShare: 0.0004 },
  { pid: 351, user: "root", uid: 0, comm: "systemd-udevd", args: "/usr/lib/systemd/systemd-udevd", stat: "Ss", rssKb: 7_296, vszKb: 25_772, cpuShare: 0.0001 },
  { pid: 484, user: "systemd-network", uid: 998, comm: "systemd-network", args: "/usr/lib/systemd/systemd-networkd", stat: "Ss", rssKb: 8_960, vszKb: 19_020, cpuShare: 0.0001 },
  { pid: 491, user: "systemd-resolve", uid: 991, comm: "systemd-resolve", args: "/usr/lib/systemd/systemd-resolved", stat: "Ss", rssKb: 12_800, vszKb: 21_684, cpuShare: 0.0001 },
  { pid: 503, user: "systemd-timesync", uid: 996, comm: "systemd-timesyn", args: "/usr/lib/systemd/systemd-timesyncd", stat: "Ssl", rssKb: 7_168, vszKb: 91_020, cpuShare: 0.00005, threads: 2 },
  { pid: 556, user: "root", uid: 0, comm: "cron", args: "/usr/sbin/cron -f -P", stat: "Ss", rssKb: 2_688, vszKb: 6_824, cpuShare: 0.00001 },
  { pid: 557, user: "messagebus", uid: 101, comm: "dbus-daemon", args: "@dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only", stat: "Ss", rssKb: 5_120, vszKb: 9_744, cpuShare: 0.00002 },
  { pid: 571, user: "root", uid: 0, comm: "systemd-logind", args: "/usr/lib/systemd/systemd-logind", stat: "Ss", rssKb: 7_552, vszKb: 17_952, cpuShare: 0.00002 },
  { pid: 583, user: "root", uid: 0, comm: "agetty", args: "/sbin/agetty -o -p -- \\u --noclear - linux", stat: "Ss+", tty: "tty1", rssKb: 1_920, vszKb: 6_104, cpuShare: 0 },
  { pid: 597, user: "root", uid: 0, comm: "sshd", args: "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups", stat: "Ss", rssKb: 8_064, vszKb: 12_020, cpuShare: 0.00001 },
];

/** CPU share, resident and virtual size (KiB) of the programs containers run, by binary. */
const PROGRAMS: Record<string, { cpuShare: number; rssKb: number; vszKb: number; threads: number }> = {
  "kube-apiserver": { cpuShare: 0.041, rssKb: 256_000, vszKb: 1_577_012, threads: 12 },
  etcd: { cpuShare: 0.018, rssKb: 61_440, vszKb: 11_742_708, threads: 11 },
  "kube-controller-manager": { cpuShare: 0.011, rssKb: 52_480, vszKb: 1_303_268, threads: 8 },
  "kube-scheduler": { cpuShare: 0.003, rssKb: 25_344, vszKb: 1_290_124, threads: 9 },
  "kube-proxy": { cpuShare: 0.0012, rssKb: 21_888, vszKb: 1_288_512, threads: 7 },
  coredns: { cpuShare: 0.0025, rssKb: 16_128, vszKb: 1_285_632, threads: 9 },
  flanneld: { cpuShare: 0.0008, rssKb: 17_664, vszKb: 1_328_592, threads: 10 },
  pause: { cpuShare: 0, rssKb: 384, vszKb: 1_020, threads: 1 },
  shim: { cpuShare: 0.0002, rssKb: 13_056, vszKb: 1_238_476, threads: 10 },
};
const DEFAULT_PROGRAM = { cpuShare: 0.0005, rssKb: 4_096, vszKb: 11_404, threads: 1 };

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** /proc/<pid>/comm: the executable's base name cut at 15 characters. */
export function commOf(argv0: string): string {
  return baseName(argv0).slice(0, 15);
}

/** The processes a user's shell session on the machine adds (sshd for the connection, bash, and the running command). */
function sessionProcesses(host: string, user: string, uid: number, now: number, self: string[]): ProcessInfo[] {
  const base = 100_000 + (fnv32a(`session:${host}:${user}`) % 50_000);
  const start = now - 60_000;
  const p = (pid: number, ppid: number, comm: string, args: string, stat: string, tty: string, rssKb: number, vszKb: number, u = user, id = uid): ProcessInfo => ({
    pid, ppid, user: u, uid: id, comm, args, stat, tty, startMs: start, cpuMs: 20, rssKb, vszKb, nice: 0, threads: 1,
  });
  return [
    p(base, 597, "sshd", `sshd: ${user}@pts/0`, "Ss", "?", 11_008, 14_712, "root", 0),
    p(base + 112, base, "bash", "-bash", "Ss", "pts/0", 5_248, 8_784),
    { ...p(base + 112 + 1 + (Math.floor(now / 1000) % 400), base + 112, commOf(self[0] ?? "ps"), self.join(" "), "R+", "pts/0", 4_224, 11_180), startMs: now, cpuMs: 0 },
  ];
}

function machineMemoryKb(machine: Machine): number {
  return Math.round(quantityValue(machine.node.memory) / 1024);
}

/** Every process of the machine the session runs on; `self` is the running command's argv (it sees itself). */
export function processTable(ctx: ToolContext, self: string[]): ProcessInfo[] {
  const cluster = ctx.cluster as Cluster;
  const machine = cluster.machine?.(ctx.host);
  const now = cluster.clock.now();
  const uid = ctx.user === "root" ? 0 : 1000;
  if (!machine) {
    const boot = Date.parse(cluster.fixture?.createdAt ?? new Date(now).toISOString()) - 3_600_000;
    return [
      { pid: 1, ppid: 0, user: "root", uid: 0, comm: "systemd", args: "/sbin/init", stat: "Ss", tty: "?", startMs: boot, cpuMs: 2_100, rssKb: 13_312, vszKb: 22_456, nice: 0, threads: 1 },
      { pid: 597, ppid: 1, user: "root", uid: 0, comm: "sshd", args: "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups", stat: "Ss", tty: "?", startMs: boot, cpuMs: 30, rssKb: 8_064, vszKb: 12_020, nice: 0, threads: 1 },
      ...sessionProcesses(ctx.host, ctx.user, uid, now, self),
    ];
  }
  const boot = machine.systemd.bootMs;
  const out: ProcessInfo[] = [];
  out.push({ pid: 1, ppid: 0, user: "root", uid: 0, comm: "systemd", args: "/sbin/init", stat: "Ss", tty: "?", startMs: boot, cpuMs: 1_400 + (now - boot) * 0.0003, rssKb: 13_312, vszKb: 22_456, nice: 0, threads: 1 });
  for (const [pid, name] of KERNEL_THREADS) {
    const highPri = name.includes("R-") || name.endsWith("H-events_highpri");
    out.push({ pid, ppid: pid === 2 ? 0 : 2, user: "root", uid: 0, comm: name.slice(0, 15), args: `[${name}]`, stat: highPri ? "I<" : name.startsWith("ksoftirqd") || name.startsWith("migration") || name.startsWith("cpuhp") ? "S" : name === "rcu_preempt" ? "I" : "S", tty: "?", startMs: boot, cpuMs: name === "rcu_preempt" ? (now - boot) * 0.0002 : 0, rssKb: 0, vszKb: 0, nice: highPri ? -20 : name === "ksmd" ? 5 : name === "khugepaged" ? 19 : 0, threads: 1, kernelThread: true });
  }
  for (const d of DAEMONS) {
    out.push({ pid: d.pid, ppid: 1, user: d.user, uid: d.uid, comm: d.comm, args: d.args, stat: d.stat, tty: d.tty ?? "?", startMs: boot, cpuMs: 40 + (now - boot) * d.cpuShare, rssKb: d.rssKb, vszKb: d.vszKb, nice: 0, threads: d.threads ?? 1 });
  }
  for (const u of machine.systemd.loadedUnits()) {
    const main = u.main;
    if (!main || u.activeState === "inactive" || u.activeState === "failed") continue;
    const res = machine.systemd.resources(u);
    out.push({
      pid: main.pid,
      ppid: 1,
      user: "root",
      uid: 0,
      comm: commOf(main.argv[0] ?? ""),
      args: main.argv.join(" "),
      stat: "Ssl",
      tty: "?",
      startMs: main.startMs,
      cpuMs: machine.systemd.cpuMs(u, now),
      rssKb: Math.round((res?.memoryBytes ?? 2_097_152) / 1024),
      vszKb: baseName(main.argv[0] ?? "") === "kubelet" ? 2_111_772 : 1_946_392,
      nice: 0,
      threads: res?.tasks ?? 1,
      unit: u.name,
    });
  }
  const rt = machine.runtime;
  const running = rt.listContainers({ state: "CONTAINER_RUNNING" });
  for (const sb of rt.listPodSandboxes({ state: "SANDBOX_READY" })) {
    const shimPid = taskPid(`shim:${sb.id}`);
    const shim = PROGRAMS.shim;
    out.push({ pid: shimPid, ppid: 1, user: "root", uid: 0, comm: "containerd-shim", args: `/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id ${sb.id} -address /run/containerd/containerd.sock`, stat: "Sl", tty: "?", startMs: sb.createdAt, cpuMs: (now - sb.createdAt) * shim.cpuShare, rssKb: shim.rssKb, vszKb: shim.vszKb, nice: 0, threads: shim.threads });
    out.push({ pid: taskPid(sb.id), ppid: shimPid, user: "65535", uid: 65535, comm: "pause", args: "/pause", stat: "Ss", tty: "?", startMs: sb.createdAt, cpuMs: 0, rssKb: PROGRAMS.pause.rssKb, vszKb: PROGRAMS.pause.vszKb, nice: 0, threads: 1 });
    for (const c of running) {
      if (c.sandboxId !== sb.id) continue;
      const bin = baseName(c.argv[0] ?? "");
      const prof = PROGRAMS[bin] ?? DEFAULT_PROGRAM;
      const start = c.startedAt ?? c.createdAt;
      const used = rt.memoryUsage(c.id);
      // coredns runs as the image's nonroot user.
      const nonroot = bin === "coredns";
      out.push({
        pid: taskPid(c.id),
        ppid: shimPid,
        user: nonroot ? "65532" : "root",
        uid: nonroot ? 65532 : 0,
        comm: commOf(c.argv[0] ?? ""),
        args: c.argv.join(" "),
        stat: prof.threads > 1 ? "Ssl" : "Ss",
        tty: "?",
        startMs: start,
        cpuMs: (now - start) * prof.cpuShare,
        rssKb: used > 0 ? Math.round(used / 1024) : prof.rssKb,
        vszKb: prof.vszKb,
        nice: 0,
        threads: prof.threads,
        containerId: c.id,
      });
    }
  }
  out.push(...sessionProcesses(ctx.host, ctx.user, uid, now, self));
  return out.sort((a, b) => a.pid - b.pid);
}

/** Total memory of the machine in KiB (for %MEM and free). */
export function memoryTotalKb(ctx: ToolContext): number {
  const machine = (ctx.cluster as Cluster).machine?.(ctx.host);
  return machine ? machineMemoryKb(machine) : 4_019_328;
}
