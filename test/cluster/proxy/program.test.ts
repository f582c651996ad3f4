/**
 * The kube-proxy binary in its DaemonSet container: it reads --config,
 * logs v1.34's startup lines, hands the configuration to the cluster and
 * stops the proxier when the process ends.
 */
import { describe, expect, it } from "vitest";
import type { ComponentHandle, ControlPlaneHooks } from "../../../src/cluster/controlplane/hooks.js";
import { MemoryFilesystem } from "../../../src/cluster/kubelet/runtime/filesystem.js";
import { parseImageReference, resolveImage, type RemoteImage } from "../../../src/cluster/kubelet/runtime/images.js";
import type { Program, ProcessContext } from "../../../src/cluster/kubelet/runtime/process.js";
import { kubeProxyProgram } from "../../../src/cluster/proxy/program.js";

const START = Date.parse("2026-01-12T08:01:10Z");

function image(): RemoteImage {
  const r = resolveImage(parseImageReference("registry.k8s.io/kube-proxy:v1.34.1"));
  if (r.kind !== "found") throw new Error("kube-proxy image missing from the registry");
  return r.image;
}

interface Harness {
  ctx: ProcessContext;
  log: string[];
  started: Array<{ nodeName: string; config: Record<string, unknown> }>;
  stopped: () => boolean;
  listening: Set<number>;
}

function harness(files: Record<string, string>): Harness {
  let now = START;
  const log: string[] = [];
  const started: Harness["started"] = [];
  let stopped = false;
  const listening = new Set<number>();
  const controlPlane = {
    startKubeProxy(opts: { nodeName: string; config: Record<string, unknown> }): ComponentHandle {
      started.push(opts);
      return { stop: () => (stopped = true) };
    },
  } as unknown as ControlPlaneHooks;
  const ctx: ProcessContext = {
    env: { NODE_NAME: "node01" },
    fs: new MemoryFilesystem(files),
    cwd: "/",
    os: "distroless",
    bins: new Set(["kube-proxy"]),
    system: {
      hostname: "node01",
      podIP: "192.168.100.11",
      nodeName: "node01",
      nodeIP: "192.168.100.11",
      kernel: "6.8.0-51-generic",
      cpus: 2,
      nodePodCIDR: () => "10.244.1.0/24",
      network: { httpGet: () => ({ error: "offline" }), lookup: () => undefined },
      controlPlane,
    },
    now: () => now,
    stdin: "",
    out: (t) => log.push(t),
    err: (t) => log.push(t),
    listen: (p) => listening.add(p),
    onSignal: () => {},
    useMemory: () => {},
    pid1: true,
  };
  // Sleeps move this process's clock.
  const wrap = ctx as ProcessContext & { advance?: (ms: number) => void };
  wrap.advance = (ms) => (now += ms);
  return { ctx, log, started, stopped: () => stopped, listening };
}

/** Runs the program until it waits for good (or ends); returns the exit code if it ended. */
function runUntilServing(h: Harness, program: Program): number | undefined {
  for (;;) {
    const r = program.next();
    if (r.done) return r.value;
    if ("forever" in r.value) return undefined;
    (h.ctx as ProcessContext & { advance(ms: number): void }).advance(r.value.sleep);
  }
}

const ARGS = ["--config=/var/lib/kube-proxy/config.conf", "--hostname-override=node01"];
const CONFIG = 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nbindAddress: 0.0.0.0\nclusterCIDR: 10.244.0.0/16\nkind: KubeProxyConfiguration\nmode: ""\n';

describe("the kube-proxy program", () => {
  it("logs the v1.34 iptables-mode startup and starts the proxier with its config", () => {
    const h = harness({ "/var/lib/kube-proxy/config.conf": CONFIG });
    const program = kubeProxyProgram(h.ctx, ARGS, image());
    expect(runUntilServing(h, program)).toBeUndefined();
    const text = h.log.join("");
    expect(text.split("\n")[0]).toBe('I0112 08:01:10.000000       1 server_linux.go:53] "Using iptables proxy"');
    expect(text).toContain('server.go:219] "Successfully retrieved NodeIPs" NodeIPs=["192.168.100.11"]\n');
    expect(text).toContain('conntrack.go:60] "Setting nf_conntrack_max" nfConntrackMax=131072\n');
    expect(text).toMatch(/\nE0112 [\d:.]+ +1 server\.go:256\] "Kube-proxy configuration may be incomplete or incorrect" err="nodePortAddresses is unset; NodePort connections will be accepted on all local IPs\. Consider using `--nodeport-addresses primary`"\n/);
    expect(text).toContain('server_linux.go:132] "Using iptables Proxier"\n');
    expect(text).toContain('server.go:527] "Version info" version="v1.34.1"\n');
    expect(text).toContain('shared_informer.go:356] "Caches are synced" controller="serviceCIDR config"\n');
    expect(h.started).toEqual([{ nodeName: "node01", config: { apiVersion: "kubeproxy.config.k8s.io/v1alpha1", bindAddress: "0.0.0.0", clusterCIDR: "10.244.0.0/16", kind: "KubeProxyConfiguration", mode: "" } }]);
    expect([...h.listening].sort()).toEqual([10249, 10256]);
    expect(h.stopped()).toBe(false);
    program.return(0);
    expect(h.stopped()).toBe(true);
  });

  it("fails like kube-proxy when its config file is missing", () => {
    const h = harness({});
    const code = runUntilServing(h, kubeProxyProgram(h.ctx, ARGS, image()));
    expect(code).toBe(1);
    expect(h.log.join("")).toBe('E0112 08:01:10.000000       1 run.go:72] "command failed" err="failed complete: open /var/lib/kube-proxy/config.conf: no such file or directory"\n');
    expect(h.started).toEqual([]);
  });
});
