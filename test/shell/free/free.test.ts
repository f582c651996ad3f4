/**
 * free on a node: its memory, what the processes ps lists hold, no swap,
 * in procps' layout and -h rounding.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../helpers.js";

let cluster: Cluster;

beforeAll(() => {
  cluster = newCluster();
}, 120_000);

describe("free", () => {
  it("the node's memory in KiB, columns of procps", async () => {
    const r = await sh("free", { cluster });
    const [head, mem, swap] = r.stdout.split("\n");
    expect(head).toBe("               total        used        free      shared  buff/cache   available");
    expect(mem).toMatch(/^Mem:         4019328 +\d+ +\d+ +\d+ +\d+ +\d+$/);
    expect(mem.length).toBe(head.length);
    const [, total, used, free, , cache] = mem.split(/\s+/).map(Number);
    expect(used + free + cache).toBe(total);
    expect(swap).toBe("Swap:              0           0           0");
  });

  it("-m, -g and -h scale the same numbers", async () => {
    const r = await sh("free | awk 'NR==2{print $2, $3}'; free -m | awk 'NR==2{print $2, $3}'; free -g | awk 'NR==2{print $2}'; free -h | awk 'NR<4'", { cluster });
    const [k, m, g, h0, h1, h2] = r.stdout.split("\n");
    const [tk, uk] = k.split(" ").map(Number);
    expect(m).toBe(`${Math.floor(tk / 1024)} ${Math.floor(uk / 1024)}`);
    expect(g).toBe(String(Math.floor(tk / 1024 / 1024)));
    expect(h0).toBe("               total        used        free      shared  buff/cache   available");
    expect(h1).toMatch(/^Mem:           3\.8Gi +\d{3}Mi +\d\.\dGi +\d\.\dMi +\d\.\dGi +\d\.\dGi$/);
    expect(h2).toBe("Swap:             0B          0B          0B");
  });

  it("a node's used memory grows with the pods it runs", async () => {
    const used = async () => Number((await sh("ssh node01 free | awk 'NR==2{print $3}'", { cluster })).stdout);
    const before = await used();
    await sh("kubectl create deployment web --image=nginx --replicas=4; sleep 60", { cluster });
    const pods = (await sh("kubectl get pods -o wide --no-headers | grep -c node01", { cluster })).stdout.trim();
    expect(Number(pods)).toBeGreaterThan(0);
    expect(await used()).toBeGreaterThan(before);
  });
});
