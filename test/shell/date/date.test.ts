/**
 * date on the virtual clock, and its formats and date strings checked
 * against the host's GNU date (TZ=UTC, fixed -d dates).
 */
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../helpers.js";

let cluster: Cluster;

beforeAll(() => {
  cluster = newCluster();
}, 120_000);

function hostDate(args: string[]): { stdout: string; status: number } {
  const r = spawnSync("date", args, { encoding: "utf8", env: { ...process.env, TZ: "UTC", LC_ALL: "C" } });
  return { stdout: r.stdout, status: r.status ?? -1 };
}

/** Quotes an argument for the simulated bash. */
const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

describe("date on the virtual clock", () => {
  it("prints the cluster's time in the default format, and moves with sleep", async () => {
    const r = await sh("date; sleep 90; date; date -u +%s", { cluster });
    const now = cluster.clock.now();
    expect(r.stdout).toBe(`Mon Jan 12 08:47:00 UTC 2026\nMon Jan 12 08:48:30 UTC 2026\n${Math.floor(now / 1000)}\n`);
  });

  it("refuses to set the clock", async () => {
    const r = await sh("date -s '2027-01-01'", { cluster });
    expect(r.stderr).toBe("date: cannot set date: Operation not permitted\n");
    expect(r.exitCode).toBe(1);
  });

  it("rejects what is not a date with coreutils' message", async () => {
    const r = await sh("date -d 'not a date'; echo rc=$?; date +%s extra", { cluster });
    expect(r.stderr).toBe("date: invalid date ‘not a date’\ndate: extra operand ‘extra’\nTry 'date --help' for more information.\n");
    expect(r.stdout).toBe("rc=1\n");
  });
});

describe("the same output as GNU date", () => {
  const DATES = ["2026-01-12", "2026-01-12 10:00", "2026-01-12 10:30:15", "2026-01-12T08:00:00Z", "2026-03-01T23:59:59+02:00", "@1767225600", "Jan 12 2026", "12 Jan 2026 10:00", "Mon, 12 Jan 2026 08:00:00 +0000", "01/12/2026", "2026-01-12 +2 days", "2026-01-12 10:00 1 hour ago", "2026-01-31 +1 month", "2024-02-29 +1 year", "2026-01-12 -30 minutes", "2026-12-31 23:59:59"];
  const FORMATS = ["", "+%Y-%m-%d %H:%M:%S", "+%s", "+%a %A %b %B %e %j %u %w %V %U %W", "+%F %T %z %:z %Z", "+%-d/%-m %_H %I %l %p %P", "+%D %r %R %c", "+%^a %#Z %10s %3N", "+%G-W%V-%u %C %y %q"];
  for (const d of DATES) {
    for (const f of FORMATS) {
      it(`date -d ${q(d)} ${f}`, async () => {
        const args = ["-d", d, ...(f ? [f] : [])];
        const r = await sh(`TZ=UTC date ${args.map(q).join(" ")}`, { cluster });
        const host = hostDate(args);
        expect(r.stdout).toBe(host.stdout);
        expect(r.exitCode).toBe(host.status);
      });
    }
  }
  for (const opt of ["--iso-8601", "--iso-8601=seconds", "--iso-8601=minutes", "--iso-8601=hours", "--iso-8601=ns", "-R", "--rfc-3339=seconds", "--rfc-3339=date", "-u"]) {
    it(`date -d 2026-01-12T08:47:03Z ${opt}`, async () => {
      const r = await sh(`TZ=UTC date -d 2026-01-12T08:47:03Z ${opt}`, { cluster });
      expect(r.stdout).toBe(hostDate(["-d", "2026-01-12T08:47:03Z", opt]).stdout);
    });
  }
  it("TZ=America/New_York", async () => {
    const r = await sh("TZ=America/New_York date -d 2026-07-04T12:00:00Z '+%F %T %z %Z'", { cluster });
    const host = spawnSync("date", ["-d", "2026-07-04T12:00:00Z", "+%F %T %z %Z"], { encoding: "utf8", env: { ...process.env, TZ: "America/New_York", LC_ALL: "C" } });
    expect(r.stdout).toBe(host.stdout);
  });
});
