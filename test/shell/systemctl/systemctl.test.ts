import { describe, expect, it } from "vitest";
import { fakeMachine } from "../../host/fake-machine.js";
import { sc } from "./tool-context.js";

const DROP_IN = "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf";
const lines3 = (s: string) => s.split("\n").slice(0, 3);

describe("systemctl status", () => {
  it("prints a running containerd with its ExecStartPre, and exits 0", async () => {
    const m = fakeMachine();
    m.advance(47 * 60_000);
    const r = await sc(m, "status", "containerd");
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n").slice(0, 11)).toEqual([
      "● containerd.service - containerd container runtime",
      "     Loaded: loaded (/usr/lib/systemd/system/containerd.service; enabled; preset: enabled)",
      "     Active: active (running) since Mon 2026-01-12 08:00:00 UTC; 47min ago",
      "       Docs: https://containerd.io",
      "    Process: 612 ExecStartPre=/sbin/modprobe overlay (code=exited, status=0/SUCCESS)",
      "   Main PID: 616 (containerd)",
      "      Tasks: 11",
      "     Memory: 39.4M (peak: 44.9M)",
      "        CPU: 25.579s",
      "     CGroup: /system.slice/containerd.service",
      "             └─616 /usr/bin/containerd",
    ]);
    expect(r.stdout).toMatch(/\n\nJan 12 08:00:00 node01 containerd\[616\]: time="2026-01-12T08:00:00\.\d{9}Z" level=info msg=serving\.\.\. address=\/run\/containerd\/containerd\.sock\.ttrpc\n/);
    expect(r.stdout.endsWith('level=info msg="containerd successfully booted in 0.037417s"\nJan 12 08:00:00 node01 systemd[1]: Started containerd.service - containerd container runtime.\n')).toBe(true);
  });

  it("exits 3 for a stopped unit, 4 with the real message for an unknown one", async () => {
    const m = fakeMachine();
    await sc(m, "stop", "kubelet");
    const stopped = await sc(m, "status", "kubelet");
    expect(stopped.exitCode).toBe(3);
    expect(stopped.stdout.split("\n")[0]).toBe("○ kubelet.service - kubelet: The Kubernetes Node Agent");
    expect(stopped.stdout).toContain("     Active: inactive (dead) since Mon 2026-01-12 08:00:01 UTC; now\n");
    expect(stopped.stdout).toContain("systemd[1]: Stopped kubelet.service - kubelet: The Kubernetes Node Agent.\n");
    const unknown = await sc(m, "status", "kubelt");
    expect(unknown).toEqual({ stdout: "", stderr: "Unit kubelt.service could not be found.\n", exitCode: 4 });
  });

  it("marks a failed unit with × and its result", async () => {
    const m = fakeMachine();
    m.fs.put("/etc/systemd/system/flaky.service", "[Unit]\nDescription=Flaky\n[Service]\nExecStart=/usr/bin/flaky\nRestart=always\nRestartSec=1\n");
    await sc(m, "start", "flaky");
    m.advance(10_000);
    const r = await sc(m, "status", "flaky");
    expect(r.exitCode).toBe(3);
    expect(lines3(r.stdout)).toEqual([
      "× flaky.service - Flaky",
      "     Loaded: loaded (/etc/systemd/system/flaky.service; static)",
      "     Active: failed (Result: start-limit-hit) since Mon 2026-01-12 08:00:06 UTC; 4s ago",
    ]);
  });

  it("-n sets how many journal lines follow, -n 0 none", async () => {
    const m = fakeMachine();
    const three = await sc(m, "status", "kubelet", "-n", "3");
    expect(three.stdout.split("\n\n")[1].trimEnd().split("\n")).toHaveLength(3);
    const none = await sc(m, "status", "kubelet", "--lines=0");
    expect(none.stdout.endsWith("pause:3.10.1\n")).toBe(true);
  });

  it("warns after the status when the unit changed on disk", async () => {
    const m = fakeMachine();
    m.fs.put(DROP_IN, m.fs.read(DROP_IN)! + "\n");
    const r = await sc(m, "status", "kubelet");
    expect(r.stderr).toBe("Warning: The unit file, source configuration file or drop-ins of kubelet.service changed on disk. Run 'systemctl daemon-reload' to reload units.\n");
    await sc(m, "daemon-reload");
    expect((await sc(m, "status", "kubelet")).stderr).toBe("");
  });
});

describe("systemctl start/stop/restart", () => {
  it("an unknown unit cannot be started (exit 5) or stopped", async () => {
    const m = fakeMachine();
    expect(await sc(m, "start", "kubeletx")).toEqual({ stdout: "", stderr: "Failed to start kubeletx.service: Unit kubeletx.service not found.\n", exitCode: 5 });
    expect(await sc(m, "stop", "kubeletx")).toEqual({ stdout: "", stderr: "Failed to stop kubeletx.service: Unit kubeletx.service not loaded.\n", exitCode: 5 });
    expect(await sc(m, "restart")).toEqual({ stdout: "", stderr: "Too few arguments.\n", exitCode: 1 });
  });

  it("a unit with a bad setting after daemon-reload", async () => {
    const m = fakeMachine();
    m.fs.put(DROP_IN, m.fs.read(DROP_IN)!.replace("ExecStart=\n", ""));
    await sc(m, "daemon-reload");
    expect(await sc(m, "restart", "kubelet")).toEqual({
      stdout: "",
      stderr: "Failed to restart kubelet.service: Unit kubelet.service has a bad unit file setting.\nSee system logs and 'systemctl status kubelet.service' for details.\n",
      exitCode: 1,
    });
    const st = await sc(m, "status", "kubelet");
    expect(st.stdout.split("\n")[1]).toBe("     Loaded: bad-setting (Reason: Unit kubelet.service has a bad unit file setting.)");
    // The kubelet that was running keeps running.
    expect(st.stdout).toContain("     Active: active (running)");
  });

  it("a start job that fails says why, and exits 1", async () => {
    const m = fakeMachine();
    m.fs.put(DROP_IN, m.fs.read(DROP_IN)!.replace("EnvironmentFile=-/etc/default/kubelet", "EnvironmentFile=/etc/default/kubelet.env"));
    await sc(m, "daemon-reload");
    expect(await sc(m, "restart", "kubelet")).toEqual({
      stdout: "",
      stderr: 'Job for kubelet.service failed because of unavailable resources or another system error.\nSee "systemctl status kubelet.service" and "journalctl -xeu kubelet.service" for details.\n',
      exitCode: 1,
    });
  });

  it("is-active, is-enabled and is-failed print the state and exit accordingly", async () => {
    const m = fakeMachine();
    expect(await sc(m, "is-active", "kubelet")).toEqual({ stdout: "active\n", stderr: "", exitCode: 0 });
    expect(await sc(m, "is-enabled", "kubelet")).toEqual({ stdout: "enabled\n", stderr: "", exitCode: 0 });
    await sc(m, "stop", "containerd");
    expect(await sc(m, "is-active", "containerd")).toEqual({ stdout: "inactive\n", stderr: "", exitCode: 3 });
    expect(await sc(m, "is-active", "-q", "containerd")).toEqual({ stdout: "", stderr: "", exitCode: 3 });
    expect(await sc(m, "is-active", "nothing")).toEqual({ stdout: "inactive\n", stderr: "", exitCode: 3 });
    expect(await sc(m, "is-enabled", "nothing")).toEqual({ stdout: "not-found\n", stderr: "", exitCode: 4 });
    expect(await sc(m, "is-failed", "containerd")).toEqual({ stdout: "inactive\n", stderr: "", exitCode: 1 });
  });
});

describe("systemctl enable/disable", () => {
  it("prints the symlinks it creates and removes, and reloads the manager", async () => {
    const m = fakeMachine();
    expect(await sc(m, "disable", "kubelet")).toEqual({ stdout: "", stderr: 'Removed "/etc/systemd/system/multi-user.target.wants/kubelet.service".\n', exitCode: 0 });
    expect(await sc(m, "is-enabled", "kubelet")).toEqual({ stdout: "disabled\n", stderr: "", exitCode: 1 });
    expect(await sc(m, "enable", "--now", "kubelet")).toEqual({
      stdout: "",
      stderr: "Created symlink /etc/systemd/system/multi-user.target.wants/kubelet.service → /usr/lib/systemd/system/kubelet.service.\n",
      exitCode: 0,
    });
    expect(await sc(m, "enable", "kubelet")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(await sc(m, "enable", "kubeletx")).toEqual({ stdout: "", stderr: "Failed to enable unit: Unit file kubeletx.service does not exist.\n", exitCode: 1 });
  });
});

describe("systemctl list-units, cat, show and errors", () => {
  it("lists the loaded services with the legend", async () => {
    const m = fakeMachine();
    await sc(m, "stop", "containerd");
    const r = await sc(m, "list-units", "--type=service");
    expect(r.stdout).toBe(
      [
        "  UNIT            LOAD   ACTIVE SUB     DESCRIPTION",
        "  kubelet.service loaded active running kubelet: The Kubernetes Node Agent",
        "",
        "Legend: LOAD   → Reflects whether the unit definition was properly loaded.",
        "        ACTIVE → The high-level unit activation state, i.e. generalization of SUB.",
        "        SUB    → The low-level unit activation state, values depend on unit type.",
        "",
        "1 loaded units listed. Pass --all to see loaded but inactive units, too.",
        "To show all installed unit files use 'systemctl list-unit-files'.",
        "",
      ].join("\n"),
    );
    expect((await sc(m, "list-units", "--all", "--no-legend")).stdout).toBe(
      "  containerd.service loaded inactive dead    containerd container runtime\n  kubelet.service    loaded active   running kubelet: The Kubernetes Node Agent\n",
    );
  });

  it("cat prints the unit and its drop-ins as they are on disk", async () => {
    const m = fakeMachine();
    const r = await sc(m, "cat", "kubelet");
    expect(r.stdout.startsWith("# /usr/lib/systemd/system/kubelet.service\n[Unit]\nDescription=kubelet: The Kubernetes Node Agent\n")).toBe(true);
    expect(r.stdout).toContain("WantedBy=multi-user.target\n\n# /usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf\n# Note: This dropin only works with kubeadm and kubelet v1.11+\n");
    expect(await sc(m, "cat", "nope")).toEqual({ stdout: "", stderr: "No files found for nope.service.\n", exitCode: 1 });
  });

  it("show -p prints the asked properties", async () => {
    const m = fakeMachine();
    expect((await sc(m, "show", "kubelet", "-p", "ActiveState,SubState,NRestarts")).stdout).toBe("NRestarts=0\nActiveState=active\nSubState=running\n");
    expect((await sc(m, "show", "kubelet", "-p", "MainPID", "--value")).stdout).toBe("618\n");
  });

  it("rejects an unknown verb and option as systemctl does", async () => {
    const m = fakeMachine();
    expect(await sc(m, "strat", "kubelet")).toEqual({ stdout: "", stderr: "Unknown command verb 'strat'.\n", exitCode: 1 });
    expect(await sc(m, "--bogus", "status")).toEqual({ stdout: "", stderr: "systemctl: unrecognized option '--bogus'\n", exitCode: 1 });
    expect(await sc(m, "-z", "status")).toEqual({ stdout: "", stderr: "systemctl: invalid option -- 'z'\n", exitCode: 1 });
  });
});
