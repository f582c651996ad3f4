import { describe, expect, it } from "vitest";
import { fakeMachine, type FakeMachine } from "../../host/fake-machine.js";
import { jc, sc } from "../systemctl/tool-context.js";

/** A node whose kubelet failed twice on a missing config file, 2 minutes after boot. */
async function failing(): Promise<FakeMachine> {
  const m = fakeMachine();
  m.advance(119_000);
  m.fs.remove("/var/lib/kubelet/config.yaml");
  await sc(m, "restart", "kubelet");
  m.advance(12_000);
  return m;
}

const lines = (s: string) => s.trimEnd().split("\n");

describe("journalctl -u", () => {
  it("shows the unit's own lines and systemd's about it", async () => {
    const m = await failing();
    const r = await jc(m, "-u", "kubelet", "--no-pager");
    expect(r.exitCode).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe("Jan 12 08:00:00 node01 systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.");
    expect(out).toContain("Jan 12 08:02:00 node01 systemd[1]: Stopping kubelet.service - kubelet: The Kubernetes Node Agent...");
    expect(out).toContain("Jan 12 08:02:10 node01 systemd[1]: kubelet.service: Scheduled restart job, restart counter is at 1.");
    expect(out.every((l) => /^Jan 12 08:0\d:\d\d node01 (systemd\[1\]|kubelet\[\d+\]): /.test(l))).toBe(true);
    expect(out.some((l) => l.includes("containerd["))).toBe(false);
  });

  it("-n N shows the last N lines, -e the last 1000, -f what exists", async () => {
    const m = await failing();
    expect(lines((await jc(m, "-u", "kubelet.service", "-n", "2")).stdout)).toEqual([
      "Jan 12 08:02:10 node01 systemd[1]: kubelet.service: Main process exited, code=exited, status=1/FAILURE",
      "Jan 12 08:02:10 node01 systemd[1]: kubelet.service: Failed with result 'exit-code'.",
    ]);
    expect(lines((await jc(m, "-u", "kubelet", "-n5")).stdout)).toHaveLength(5);
    expect(lines((await jc(m, "-fu", "kubelet")).stdout)).toHaveLength(10);
    const all = lines((await jc(m, "-u", "kubelet")).stdout).length;
    expect(lines((await jc(m, "-eu", "kubelet")).stdout)).toHaveLength(Math.min(all, 1000));
  });

  it("-x adds the catalog text of systemd's messages", async () => {
    const m = await failing();
    const out = lines((await jc(m, "-xeu", "kubelet", "-n", "2")).stdout);
    expect(out).toEqual([
      "Jan 12 08:02:10 node01 systemd[1]: kubelet.service: Main process exited, code=exited, status=1/FAILURE",
      "░░ Subject: Unit process exited",
      "░░ Defined-By: systemd",
      "░░ Support: http://www.ubuntu.com/support",
      "░░ ",
      "░░ An ExecStart= process belonging to unit kubelet.service has exited.",
      "░░ ",
      "░░ The process' exit code is 'exited' and its exit status is 1.",
      "Jan 12 08:02:10 node01 systemd[1]: kubelet.service: Failed with result 'exit-code'.",
      "░░ Subject: Unit failed",
      "░░ Defined-By: systemd",
      "░░ Support: http://www.ubuntu.com/support",
      "░░ ",
      "░░ The unit kubelet.service has entered the 'failed' state with result 'exit-code'.",
    ]);
  });

  it("a unit with no lines: -- No entries --", async () => {
    const m = fakeMachine();
    expect(await jc(m, "-u", "etcd")).toEqual({ stdout: "-- No entries --\n", stderr: "", exitCode: 0 });
    expect(await jc(m, "-q", "-u", "etcd")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });
});

describe("journalctl filters and formats", () => {
  it("--since/--until take systemd's timestamp forms", async () => {
    const m = await failing();
    const since = lines((await jc(m, "-u", "kubelet", "--since", "2026-01-12 08:02:05")).stdout);
    expect(since[0]).toBe("Jan 12 08:02:10 node01 systemd[1]: kubelet.service: Scheduled restart job, restart counter is at 1.");
    expect(lines((await jc(m, "-u", "kubelet", "-S", "08:02:05", "-U", "08:02:09")).stdout)).toEqual(["-- No entries --"]);
    const ago = lines((await jc(m, "-u", "kubelet", "--since", "5 sec ago")).stdout);
    expect(ago[0]).toContain("08:02:10");
    expect(lines((await jc(m, "-u", "kubelet", "--since=-20s", "-n", "1")).stdout)).toHaveLength(1);
    expect(lines((await jc(m, "-u", "kubelet", "--since", "today")).stdout)[0]).toContain("08:00:00");
    expect(await jc(m, "--since", "last tuesday")).toEqual({ stdout: "", stderr: "Failed to parse timestamp: last tuesday\n", exitCode: 1 });
  });

  it("-p keeps the priorities asked for; -g greps; -t picks an identifier", async () => {
    const m = await failing();
    expect(lines((await jc(m, "-u", "kubelet", "-p", "warning")).stdout)).toEqual([
      "Jan 12 08:02:00 node01 systemd[1]: kubelet.service: Failed with result 'exit-code'.",
      "Jan 12 08:02:10 node01 systemd[1]: kubelet.service: Failed with result 'exit-code'.",
    ]);
    expect(lines((await jc(m, "-u", "kubelet", "-g", "command failed")).stdout)).toHaveLength(2);
    const nothing = await jc(m, "-g", "no such thing");
    expect(nothing.exitCode).toBe(1);
    expect(lines((await jc(m, "-t", "containerd", "-n", "1")).stdout)[0]).toMatch(/containerd\[616\]: .*successfully booted/);
  });

  it("-o cat prints messages only; -r newest first; --no-hostname drops the host", async () => {
    const m = await failing();
    expect(lines((await jc(m, "-u", "kubelet", "-o", "cat", "-n", "1")).stdout)).toEqual(["kubelet.service: Failed with result 'exit-code'."]);
    expect(lines((await jc(m, "-r", "-u", "kubelet", "-n", "1")).stdout)).toEqual(["Jan 12 08:02:10 node01 systemd[1]: kubelet.service: Failed with result 'exit-code'."]);
    expect(lines((await jc(m, "-u", "kubelet", "--no-hostname", "-n", "1")).stdout)).toEqual(["Jan 12 08:02:10 systemd[1]: kubelet.service: Failed with result 'exit-code'."]);
    expect(await jc(m, "-o", "fancy")).toEqual({ stdout: "", stderr: "Unknown output format 'fancy'.\n", exitCode: 1 });
  });

  it("-b is this boot; there is no previous one", async () => {
    const m = fakeMachine();
    expect((await jc(m, "-b", "-u", "kubelet")).exitCode).toBe(0);
    expect(await jc(m, "-b", "-1")).toEqual({ stdout: "", stderr: "No journal boot entry found from the specified boot offset (-1).\n", exitCode: 1 });
  });

  it("rejects unknown options as getopt does", async () => {
    const m = fakeMachine();
    expect(await jc(m, "--units", "kubelet")).toEqual({ stdout: "", stderr: "journalctl: unrecognized option '--units'\n", exitCode: 1 });
    expect(await jc(m, "-z")).toEqual({ stdout: "", stderr: "journalctl: invalid option -- 'z'\n", exitCode: 1 });
    expect(await jc(m, "-u")).toEqual({ stdout: "", stderr: "journalctl: option requires an argument -- 'u'\n", exitCode: 1 });
  });

  it("a host that is not a node has a journal without the cluster's services", async () => {
    const m = fakeMachine();
    const { journalctl } = await import("../../../src/shell/commands/journalctl/journalctl.js");
    const { toolContext } = await import("../systemctl/tool-context.js");
    expect(await journalctl(["-u", "kubelet"], toolContext(m, "base"))).toEqual({ stdout: "-- No entries --\n", stderr: "", exitCode: 0 });
  });
});
