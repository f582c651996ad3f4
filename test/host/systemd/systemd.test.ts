import { describe, expect, it } from "vitest";
import { statusJournal, statusLines } from "../../../src/host/systemd/status.js";
import { fakeMachine, type FakeMachine } from "../fake-machine.js";

const DROP_IN = "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf";

function status(m: FakeMachine, unit: string): string {
  const u = m.systemd.unit(unit);
  return [...statusLines(m.systemd, u, m.clock.now()), "", ...statusJournal(m.journal, u, 10)].join("\n");
}

function systemdLines(m: FakeMachine, unit: string): string[] {
  return m.journal
    .query({ units: [unit], identifiers: ["systemd"] })
    .map((e) => e.message);
}

function editDropIn(m: FakeMachine, from: string, to: string): void {
  m.fs.put(DROP_IN, m.fs.read(DROP_IN)!.replace(from, to));
}

describe("Systemd: boot and running services", () => {
  it("boots containerd, then the kubelet with the command line its drop-in and env files make", () => {
    const m = fakeMachine();
    expect(m.containerdRunning()).toBe(true);
    expect(m.kubelet()).toMatchObject({ server: "controlplane:6443", user: "system:node:node01", groups: ["system:nodes"], staticPodPath: "/etc/kubernetes/manifests", pid: 618 });
    const kubelet = m.systemd.unit("kubelet");
    expect(kubelet.main?.argv).toEqual([
      "/usr/bin/kubelet",
      "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
      "--kubeconfig=/etc/kubernetes/kubelet.conf",
      "--config=/var/lib/kubelet/config.yaml",
      "--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock",
      "--node-ip=192.168.100.11",
      "--pod-infra-container-image=registry.k8s.io/pause:3.10.1",
    ]);
    expect(systemdLines(m, "containerd.service")).toEqual(["Starting containerd.service - containerd container runtime...", "Started containerd.service - containerd container runtime."]);
    expect(systemdLines(m, "kubelet.service")).toEqual(["Started kubelet.service - kubelet: The Kubernetes Node Agent."]);
  });

  it("shows a running kubelet as systemctl status does", () => {
    const m = fakeMachine();
    m.advance(47 * 60_000);
    const text = status(m, "kubelet");
    expect(text.split("\n").slice(0, 12).join("\n")).toBe(
      [
        "● kubelet.service - kubelet: The Kubernetes Node Agent",
        "     Loaded: loaded (/usr/lib/systemd/system/kubelet.service; enabled; preset: enabled)",
        "    Drop-In: /usr/lib/systemd/system/kubelet.service.d",
        "             └─10-kubeadm.conf",
        "     Active: active (running) since Mon 2026-01-12 08:00:00 UTC; 47min ago",
        "       Docs: https://kubernetes.io/docs/",
        "   Main PID: 618 (kubelet)",
        "      Tasks: 14 (limit: 4558)",
        "     Memory: 54.6M (peak: 57.6M)",
        "        CPU: 59.653s",
        "     CGroup: /system.slice/kubelet.service",
        "             └─618 /usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --node-ip=192.168.100.11 --pod-infra-container-image=registry.k8s.io/pause:3.10.1",
      ].join("\n"),
    );
    // Then a blank line and the unit's last 10 journal lines.
    const tail = text.split("\n").slice(12);
    expect(tail[0]).toBe("");
    expect(tail).toHaveLength(11);
    expect(tail[10]).toMatch(/^Jan 12 08:00:00 node01 kubelet\[618\]: I0112 08:00:00\.0\d{5}     618 kubelet\.go:2436\] "Starting kubelet main sync loop"$/);
  });

  it("stopping containerd takes its socket down; it comes back on start", () => {
    const m = fakeMachine();
    m.advance(60_000);
    m.systemd.stopUnit("containerd");
    expect(m.containerdRunning()).toBe(false);
    const u = m.systemd.unit("containerd");
    expect(u.activeState).toBe("inactive");
    const stopped = status(m, "containerd").split("\n");
    expect(stopped.slice(0, 7)).toEqual([
      "○ containerd.service - containerd container runtime",
      "     Loaded: loaded (/usr/lib/systemd/system/containerd.service; enabled; preset: enabled)",
      "     Active: inactive (dead) since Mon 2026-01-12 08:01:01 UTC; now",
      "   Duration: 1min 953ms",
      "       Docs: https://containerd.io",
      "    Process: 612 ExecStartPre=/sbin/modprobe overlay (code=exited, status=0/SUCCESS)",
      "    Process: 616 ExecStart=/usr/bin/containerd (code=exited, status=0/SUCCESS)",
    ]);
    expect(stopped[7]).toBe("   Main PID: 616 (code=exited, status=0/SUCCESS)");
    expect(systemdLines(m, "containerd.service").slice(-3)).toEqual([
      "Stopping containerd.service - containerd container runtime...",
      "containerd.service: Deactivated successfully.",
      "Stopped containerd.service - containerd container runtime.",
    ]);
    expect(m.journal.query({ identifiers: ["containerd"] }).slice(-4).map((e) => e.message.replace(/^time="[^"]+" /, ""))).toEqual([
      'level=info msg="Stop CRI service"',
      'level=info msg="Stop CRI service"',
      'level=info msg="Event monitor stopped"',
      'level=info msg="Stream server stopped"',
    ]);
    // Containers keep running in their shims: the kubelet is untouched.
    expect(m.kubelet()).toBeDefined();
    m.systemd.startUnit("containerd");
    m.advance(100);
    expect(m.containerdRunning()).toBe(true);
    expect(m.systemd.unit("containerd").activeState).toBe("active");
  });

  it("logs the CPU a long-running unit consumed when it stops", () => {
    const m = fakeMachine();
    m.advance(47 * 60_000);
    m.systemd.stopUnit("kubelet");
    expect(systemdLines(m, "kubelet.service").slice(-1)[0]).toBe("kubelet.service: Consumed 59.653s CPU time, 57.6M memory peak, 0B memory swap peak.");
  });
});

describe("Systemd: daemon-reload", () => {
  it("keeps running a unit with the definition it loaded until daemon-reload", () => {
    const m = fakeMachine();
    editDropIn(m, "$KUBELET_EXTRA_ARGS", "$KUBELET_EXTRA_ARGS --v=4");
    expect(m.systemd.needDaemonReload("kubelet")).toBe(true);
    m.systemd.restartUnit("kubelet");
    m.advance(1000);
    expect(m.systemd.unit("kubelet").main?.argv).not.toContain("--v=4");
    m.systemd.daemonReload();
    expect(m.systemd.needDaemonReload("kubelet")).toBe(false);
    // Reloading does not touch the running process either.
    expect(m.systemd.unit("kubelet").main?.argv).not.toContain("--v=4");
    m.systemd.restartUnit("kubelet");
    m.advance(1000);
    expect(m.systemd.unit("kubelet").main?.argv.slice(-1)).toEqual(["--v=4"]);
    expect(m.journal.query({ identifiers: ["systemd"] }).map((e) => e.message)).toContain("Reloading...");
  });

  it("notices a new drop-in and a removed one", () => {
    const m = fakeMachine();
    m.fs.put("/etc/systemd/system/kubelet.service.d/20-override.conf", "[Service]\nEnvironment=KUBELET_EXTRA_ARGS=--v=2\n");
    expect(m.systemd.needDaemonReload("kubelet")).toBe(true);
    m.systemd.daemonReload();
    expect(m.systemd.unit("kubelet").def.sources.dropInPaths).toEqual([DROP_IN, "/etc/systemd/system/kubelet.service.d/20-override.conf"]);
    m.fs.remove("/etc/systemd/system/kubelet.service.d/20-override.conf");
    expect(m.systemd.needDaemonReload("kubelet")).toBe(true);
  });
});

describe("Systemd: Restart= on the virtual clock", () => {
  it("restarts a failing kubelet every RestartSec=10s and counts the restarts", () => {
    const m = fakeMachine();
    m.fs.put("/var/lib/kubelet/config.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: lots\n");
    const t0 = m.clock.now();
    m.systemd.restartUnit("kubelet");
    m.advance(100);
    expect(m.systemd.unit("kubelet").subState).toBe("auto-restart");
    m.advance(9_800);
    expect(systemdLines(m, "kubelet.service").filter((l) => l.includes("Scheduled restart"))).toEqual([]);
    m.advance(200);
    m.advance(20_000);
    const restarts = m.journal.query({ units: ["kubelet.service"], grep: /Scheduled restart job/ });
    expect(restarts.map((e) => e.message)).toEqual([
      "kubelet.service: Scheduled restart job, restart counter is at 1.",
      "kubelet.service: Scheduled restart job, restart counter is at 2.",
      "kubelet.service: Scheduled restart job, restart counter is at 3.",
    ]);
    // Each restart comes RestartSec after the previous process exited.
    const gaps = restarts.slice(1).map((e, i) => e.timeMs - restarts[i].timeMs);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(10_000);
    for (const g of gaps) expect(g).toBeLessThan(10_100);
    expect(restarts[0].timeMs - t0).toBeGreaterThanOrEqual(10_000);
    expect(restarts[0].timeMs - t0).toBeLessThan(10_100);
  });

  it("gives up after StartLimitBurst starts within StartLimitIntervalSec", () => {
    const m = fakeMachine();
    m.fs.put("/etc/systemd/system/flaky.service", "[Unit]\nDescription=Flaky\n[Service]\nExecStart=/usr/bin/flaky\nRestart=always\nRestartSec=1\n");
    m.systemd.startUnit("flaky");
    m.advance(10_000);
    const u = m.systemd.unit("flaky");
    expect(u.activeState).toBe("failed");
    expect(u.result).toBe("start-limit-hit");
    expect(systemdLines(m, "flaky.service").slice(-3)).toEqual(["flaky.service: Start request repeated too quickly.", "flaky.service: Failed with result 'start-limit-hit'.", "Failed to start flaky.service - Flaky."]);
  });

  it("a missing EnvironmentFile without '-' fails the start for lack of resources", () => {
    const m = fakeMachine();
    editDropIn(m, "EnvironmentFile=-/etc/default/kubelet", "EnvironmentFile=/etc/default/kubelet-missing");
    m.systemd.daemonReload();
    const outcome = m.systemd.restartUnit("kubelet");
    expect(outcome).toEqual({ ok: true, result: "failed", serviceResult: "resources" });
    expect(systemdLines(m, "kubelet.service").slice(-4)).toEqual([
      "kubelet.service: Failed to load environment files: No such file or directory",
      "kubelet.service: Failed to spawn 'start' task: No such file or directory",
      "kubelet.service: Failed with result 'resources'.",
      "Failed to start kubelet.service - kubelet: The Kubernetes Node Agent.",
    ]);
  });

  it("refuses to start a unit with a bad setting, and an unknown one", () => {
    const m = fakeMachine();
    editDropIn(m, "ExecStart=\n", "");
    m.systemd.daemonReload();
    expect(m.journal.query({ units: ["kubelet.service"] }).slice(-1)[0].message).toBe(
      "kubelet.service: Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.",
    );
    expect(m.systemd.restartUnit("kubelet")).toEqual({ ok: false, error: { name: "BadUnitSetting", message: "Unit kubelet.service has a bad unit file setting." } });
    expect(m.systemd.startUnit("nope")).toEqual({ ok: false, error: { name: "NoSuchUnit", message: "Unit nope.service not found." } });
    expect(m.systemd.stopUnit("nope")).toEqual({ ok: false, error: { name: "NoSuchUnit", message: "Unit nope.service not loaded." } });
  });
});

describe("Systemd: enable and disable", () => {
  it("creates and removes the multi-user.target.wants symlink", () => {
    const m = fakeMachine();
    expect(m.systemd.unitFileState("kubelet")).toBe("enabled");
    expect(m.systemd.disable("kubelet")).toEqual({ changes: [{ type: "unlink", path: "/etc/systemd/system/multi-user.target.wants/kubelet.service" }] });
    expect(m.systemd.unitFileState("kubelet")).toBe("disabled");
    expect(m.systemd.enable("kubelet")).toEqual({
      changes: [{ type: "symlink", path: "/etc/systemd/system/multi-user.target.wants/kubelet.service", source: "/usr/lib/systemd/system/kubelet.service" }],
      installable: true,
    });
    expect(m.fs.isSymlink("/etc/systemd/system/multi-user.target.wants/kubelet.service")).toBe(true);
    expect(m.systemd.enable("nope")).toBeUndefined();
  });
});
