/**
 * ps on a node: the base system, the systemd units' main processes and
 * every pod's shim, pause and container processes, in procps-ng 4.0.4's
 * layouts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../helpers.js";

let cluster: Cluster;

beforeAll(() => {
  cluster = newCluster();
}, 120_000);

describe("ps", () => {
  it("aux: procps's header and columns, the kubelet and kube-apiserver with their full command lines", async () => {
    const r = await sh("ps aux", { cluster });
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND");
    expect(lines[1]).toMatch(/^root           1  0\.0  0\.\d  22456 13312 \?        Ss   08:00   0:0\d \/sbin\/init$/);
    expect(r.stdout).toMatch(/^root +\d+ +[\d.]+ +[\d.]+ +\d+ +\d+ \? +Ssl +08:00 +\d+:\d\d \/usr\/bin\/kubelet --bootstrap-kubeconfig=\/etc\/kubernetes\/bootstrap-kubelet.conf --kubeconfig=\/etc\/kubernetes\/kubelet.conf --config=\/var\/lib\/kubelet\/config.yaml --container-runtime-endpoint=unix:\/\/\/var\/run\/containerd\/containerd.sock --node-ip=192.168.100.10/m);
    expect(r.stdout).toMatch(/ kube-apiserver --advertise-address=192\.168\.100\.10 --allow-privileged=true .* --tls-private-key-file=\/etc\/kubernetes\/pki\/apiserver.key$/m);
    expect(r.stdout).toMatch(/^65535 +\d+ .* \/pause$/m);
    expect(r.stdout).toMatch(/^systemd\+ +491 /m);
    expect(r.stdout).toMatch(/ ps aux\n$/);
  });

  it("-ef: UID PID PPID C STIME TTY TIME CMD, containers under their containerd shim", async () => {
    const r = await sh("ps -ef", { cluster });
    expect(r.stdout.split("\n")[0]).toBe("UID          PID    PPID  C STIME TTY          TIME CMD");
    const line = r.stdout.split("\n").find((l) => / etcd --advertise-client-urls/.test(l))!;
    const ppid = line.trim().split(/\s+/)[2];
    const shim = r.stdout.split("\n").find((l) => new RegExp(`^root +${ppid} +1 `).test(l));
    expect(shim).toMatch(/\/usr\/bin\/containerd-shim-runc-v2 -namespace k8s\.io -id [0-9a-f]{64} -address \/run\/containerd\/containerd\.sock$/);
  });

  it("pids are stable from one ps to the next", async () => {
    const a = await sh("ps -eo pid,comm --no-headers | grep -v ' ps$'", { cluster });
    const b = await sh("ps -eo pid,comm --no-headers | grep -v ' ps$'", { cluster });
    expect(a.stdout).toBe(b.stdout);
  });

  it("-o with custom headers, -C, -p, --sort, and no processes found", async () => {
    const r = await sh("ps -o pid,cmd -p 1; ps -C etcd -o comm=; ps -eo comm --sort=-rss --no-headers | head -1; ps -p 999999; echo rc=$?", { cluster });
    expect(r.stdout).toBe("    PID CMD\n      1 /sbin/init\netcd\nkube-apiserver\n    PID TTY          TIME CMD\nrc=1\n");
  });

  it("without options: the session's terminal", async () => {
    const r = await sh("ps", { cluster });
    expect(r.stdout).toMatch(/^    PID TTY          TIME CMD\n +\d+ pts\/0    00:00:00 bash\n +\d+ pts\/0    00:00:00 ps\n$/);
  });

  it("follows the node: a stopped kubelet is gone from the list", async () => {
    const r = await sh("ps -C kubelet -o pid=; systemctl stop kubelet; ps -C kubelet -o pid=; echo rc=$?; systemctl start kubelet", { cluster });
    expect(r.stdout).toMatch(/^ +\d+\nrc=1\n$/);
  });

  it("rejects an unknown format specifier", async () => {
    const r = await sh("ps -o pid,bogus", { cluster });
    expect(r.stderr).toMatch(/^error: unknown user-defined format specifier "bogus"\n/);
    expect(r.exitCode).toBe(1);
  });
});
