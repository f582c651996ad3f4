/**
 * uptime from the virtual clock and the machine's boot.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../helpers.js";

let cluster: Cluster;

beforeAll(() => {
  cluster = newCluster();
}, 120_000);

describe("uptime", () => {
  it("the time, how long since the node booted, users and load, and it moves with the clock", async () => {
    const r = await sh("uptime; sleep 3600; uptime; uptime -p; uptime -s", { cluster });
    const [a, b, p, s] = r.stdout.split("\n");
    expect(a).toMatch(/^ 08:47:00 up 47 min,  1 user,  load average: \d\.\d\d, \d\.\d\d, \d\.\d\d$/);
    expect(b).toMatch(/^ 09:47:00 up  1:47,  1 user,  load average: \d\.\d\d, \d\.\d\d, \d\.\d\d$/);
    expect(p).toBe("up 1 hour, 47 minutes");
    expect(s).toBe("2026-01-12 08:00:00");
  });

  it("a worker booted when it joined", async () => {
    const r = await sh("ssh node02 uptime -s", { cluster });
    expect(r.stdout).toMatch(/^2026-01-12 08:0\d:\d\d\n$/);
  });

  it("rejects an unknown option", async () => {
    const r = await sh("uptime -x", { cluster });
    expect(r.stderr).toMatch(/^uptime: invalid option -- 'x'\n\nUsage:\n uptime \[options\]\n/);
    expect(r.exitCode).toBe(1);
  });
});
