/**
 * df on a node: the cloud image's mounts, the root filesystem of the
 * node's ephemeral-storage size, containerd's per-pod mounts, in
 * coreutils' layout and rounding.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../helpers.js";

let cluster: Cluster;

beforeAll(() => {
  cluster = newCluster();
}, 120_000);

describe("df", () => {
  it("-h /: the root filesystem, its size the node's ephemeral storage rounded up", async () => {
    const r = await sh("df -h /; df /", { cluster });
    const [h1, h2, k1, k2] = r.stdout.trim().split("\n");
    expect(h1).toBe("Filesystem      Size  Used Avail Use% Mounted on");
    expect(h2).toMatch(/^\/dev\/sda1        49G  \d\.\dG   \d\dG  \d\d% \/$/);
    expect(k1).toBe("Filesystem     1K-blocks    Used Available Use% Mounted on");
    const [, size, used, avail, pct] = k2.split(/\s+/);
    expect(size).toBe("50620216");
    expect(Number(used) + Number(avail)).toBe(50620216);
    expect(pct).toBe(`${Math.ceil((Number(used) * 100) / 50620216)}%`);
  });

  it("lists the tmpfs mounts and containerd's per-pod shm and rootfs, -T adds the type", async () => {
    const r = await sh("df -hT", { cluster });
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("Filesystem     Type     Size  Used Avail Use% Mounted on");
    expect(lines[1]).toMatch(/^tmpfs          tmpfs    393M  1\.\dM  391M   1% \/run$/);
    expect(r.stdout).toMatch(/^shm            tmpfs     64M     0   64M   0% \/run\/containerd\/io\.containerd\.grpc\.v1\.cri\/sandboxes\/[0-9a-f]{64}\/shm$/m);
    expect(r.stdout).toMatch(/^overlay        overlay   49G .* \/run\/containerd\/io\.containerd\.runtime\.v2\.task\/k8s\.io\/[0-9a-f]{64}\/rootfs$/m);
    expect(lines[lines.length - 1]).toMatch(/^tmpfs          tmpfs    393M   12K  393M   1% \/run\/user\/0$/);
  });

  it("a missing file and an unknown option", async () => {
    const r = await sh("df /nonexist; echo rc=$?; df -Z", { cluster });
    expect(r.stderr).toBe("df: /nonexist: No such file or directory\ndf: invalid option -- 'Z'\nTry 'df --help' for more information.\n");
    expect(r.stdout).toBe("rc=1\n");
  });
});
