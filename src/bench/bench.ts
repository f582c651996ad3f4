/**
 * `npm run bench`: how fast the simulation is on this machine. Prints one
 * line per figure; medians over several runs where a single run is short.
 * Timings use the host's monotonic clock here on purpose: this measures the
 * simulator, it is not part of it.
 */
import { performance } from "node:perf_hooks";
import { Cluster } from "../cluster/cluster.js";
import { parseFixture } from "../cluster/fixture.js";
import { ShellSession } from "../shell/session.js";
import type { KubeObject } from "../cluster/api/types.js";

let peakRss = 0;
function sampleMemory(): void {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  sampleMemory();
  return { ms: performance.now() - t0, value };
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  sampleMemory();
  return { ms: performance.now() - t0, value };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}


function pod(name: string, ns = "default"): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, labels: { app: "bench" } },
    spec: { containers: [{ name: "app", image: "nginx:1.27", resources: { requests: { cpu: "10m", memory: "16Mi" } } }] },
  };
}

async function main(): Promise<void> {
  // Each figure is printed as soon as it is measured: the large runs take a while.
  const rows = {
    push([k, v]: [string, string]): void {
      process.stdout.write(`${k.padEnd(62)}  ${v}\n`);
    },
  };

  const boots = [0, 1, 2].map((i) => time(() => Cluster.create({ seed: i + 1 })).ms);
  rows.push(["build + settle default cluster (3 nodes, 47 min of uptime)", `median ${fmt(median(boots))}`]);

  const cluster = Cluster.create({ seed: 1 });
  const session = new ShellSession(cluster, { scripted: true });
  const gets: number[] = [];
  for (let i = 0; i < 15; i++) gets.push((await timeAsync(() => session.exec("kubectl get pods -A"))).ms);
  rows.push(["kubectl get pods -A (default cluster)", `median ${fmt(median(gets))}`]);

  // A full drain as in the CKA: a 6-replica Deployment spread over the workers, then drain node01
  // (DaemonSet pods ignored, evictions waited for), each on a fresh cluster.
  const drains: number[] = [];
  for (let i = 0; i < 3; i++) {
    const dc = Cluster.create({ seed: 10 + i });
    const ds = new ShellSession(dc, { scripted: true });
    await ds.exec("kubectl create deployment web --image=nginx --replicas=6 && kubectl rollout status deployment web --timeout=120s");
    const r = await timeAsync(() => ds.exec("kubectl drain node01 --ignore-daemonsets --delete-emptydir-data"));
    if (r.value.exitCode !== 0) throw new Error(`drain failed: ${r.value.stderr}`);
    drains.push(r.ms);
  }
  rows.push(["kubectl drain node01 --ignore-daemonsets (6-replica Deployment)", `median ${fmt(median(drains))}`]);

  // A CKA-style manifest fix: edit kube-apiserver.yaml and wait for the new container to serve.
  const edited = Cluster.create({ seed: 2 });
  const cp = edited.machine("controlplane")!;
  const running = () => cp.runtime.listContainers({ name: "kube-apiserver" }).find((c) => c.state === "CONTAINER_RUNNING")?.id;
  const before = running();
  const manifest = "/etc/kubernetes/manifests/kube-apiserver.yaml";
  let editSeconds = 0;
  const edit = time(() => {
    cp.fs.write(manifest, cp.fs.read(manifest)!.replace("    - --allow-privileged=true\n", "    - --allow-privileged=true\n    - --v=2\n"));
    edited.settle();
    while ((running() === before || !edited.apiServerServing) && editSeconds < 300) {
      edited.advance(1000);
      editSeconds++;
    }
  });
  rows.push([`manifest edit -> kube-apiserver serving again (${editSeconds}s of cluster time)`, fmt(edit.ms)]);

  const idle = time(() => Cluster.create({ seed: 3 }).advance(3_600_000));
  rows.push(["default cluster idling through one simulated hour", fmt(idle.ms)]);

  const client = cluster.client();
  for (let i = 0; i < 1000; i++) client.create("pods", "default", pod(`p-${i}`));
  cluster.settle();
  const lists: number[] = [];
  for (let i = 0; i < 9; i++) lists.push(time(() => client.list("pods", "default")).ms);
  rows.push(["list 1,000 pods (API)", `median ${fmt(median(lists))}`]);
  const getsBig: number[] = [];
  for (let i = 0; i < 5; i++) getsBig.push((await timeAsync(() => session.exec("kubectl get pods -A > /dev/null"))).ms);
  rows.push(["kubectl get pods -A with 1,000 pods", `median ${fmt(median(getsBig))}`]);

  const big = time(() => Cluster.create({ fixture: "bench-100", seed: 7 }));
  rows.push(["build + settle a 101-node cluster", fmt(big.ms)]);
  const bc = big.value;
  const bclient = bc.client();
  const create = time(() => {
    for (let i = 0; i < 10_000; i++) bclient.create("pods", "default", pod(`s-${i}`));
  });
  // The scheduler binds in batches as the cluster runs: let cluster time pass until every pod is bound.
  // Counted in the store directly, so the counting itself does not clone 10,000 pods a second.
  const bound = () => bc.store.list("/registry/pods/default/").filter((e) => e.value.spec?.nodeName).length;
  let virtualSeconds = 0;
  const sched = time(() => {
    bc.settle();
    while (bound() < 10_000 && virtualSeconds < 600) {
      bc.advance(1000);
      virtualSeconds++;
    }
  });
  rows.push(["create 10,000 pods (API)", fmt(create.ms)]);
  rows.push([`schedule 10,000 pods onto 100 nodes (${bound()} bound after ${virtualSeconds}s of cluster time)`, fmt(sched.ms)]);
  const run = time(() => bc.advance(60_000));
  rows.push(["then 60 s more of cluster time with 10,000 pods (kubelets)", fmt(run.ms)]);

  sampleMemory();
  rows.push(["peak RSS", `${(peakRss / 1024 / 1024).toFixed(0)} MiB`]);

}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
