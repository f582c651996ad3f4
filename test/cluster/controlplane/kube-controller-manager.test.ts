/**
 * kube-controller-manager's program. Expected text:
 * - flag errors: usage then `Error: ...` (component-base cli/run.go: the
 *   command does not silence usage, cli.Run re-enables it for flag errors);
 * - `"command failed" err=...` (cli/run.go:72), with the errors of
 *   client-go v0.34.1 clientcmd (loader.go:208 stat, validation.go) and
 *   k8s.io/apiserver v0.34.1 options/authentication.go:344-410, authorization.go:231;
 * - `"x" is not in the list of known controllers`: k8s.io/controller-manager v0.34.1 options/generic.go:135.
 */
import { describe, expect, it } from "vitest";
import { kubeControllerManager } from "../../../src/cluster/controlplane/kube-controller-manager.js";
import { KCM_ARGS, withFlag } from "./args.js";
import { FakeHooks, klogBody, pki, Run, T0 } from "./harness.js";

function start(args: string[], opts: { files?: Record<string, string | undefined>; hooks?: FakeHooks } = {}) {
  const hooks = opts.hooks ?? new FakeHooks();
  return { run: new Run(kubeControllerManager, args, { hooks, files: opts.files, budgetMs: 10_000 }), hooks };
}

function commandFailed(run: Run): string {
  expect(run.exitCode).toBe(1);
  const last = run.lines.at(-1)!;
  expect(last).toMatch(/^E0112 08:47:00\.000000       1 run\.go:72\] "command failed" err=/);
  return JSON.parse(klogBody(last).replace(/^run\.go:72\] "command failed" err=/, ""));
}

describe("kube-controller-manager: a good manifest", () => {
  it("logs its startup, serves /healthz on 10257 and starts the controllers with the manifest's settings", () => {
    const { run, hooks } = start([...KCM_ARGS]);
    expect(run.exitCode).toBeUndefined();
    expect(run.lines.map(klogBody)).toEqual([
      "serving.go:386] Generated self-signed cert in-memory",
      'controllermanager.go:191] "Starting" version="v1.34.1"',
      'controllermanager.go:193] "Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""',
      'dynamic_cafile_content.go:161] "Starting controller" name="request-header::/etc/kubernetes/pki/front-proxy-ca.crt"',
      'dynamic_cafile_content.go:161] "Starting controller" name="client-ca-bundle::/etc/kubernetes/pki/ca.crt"',
      "secure_serving.go:211] Serving securely on 127.0.0.1:10257",
      'tlsconfig.go:243] "Starting DynamicServingCertificateController"',
    ]);
    expect(run.get(10257, "/healthz")).toBe(200);
    const o = hooks.lastControllerManager!;
    expect(o.nodeName).toBe("controlplane");
    expect(o.leaderElect).toBe(true);
    expect(o.controllers).toEqual(["*", "bootstrap-signer-controller", "token-cleaner-controller"]);
    expect(o.config).toMatchObject({
      nodeMonitorPeriodMs: 5_000,
      nodeMonitorGracePeriodMs: 50_000,
      nodeStartupGracePeriodMs: 60_000,
      nodeEvictionRate: 0.1,
      secondaryNodeEvictionRate: 0.01,
      largeClusterSizeThreshold: 50,
      unhealthyZoneThreshold: 0.55,
      clusterCidr: "10.244.0.0/16",
      allocateNodeCidrs: true,
    });
    expect(o.config.rootCaPem).toBe(pki("ca.crt"));
    expect(o.kubeconfig).toMatchObject({ server: "https://192.168.100.10:6443", user: "system:kube-controller-manager", context: "system:kube-controller-manager@kubernetes" });
    expect(o.kubeconfig!.certPem).toContain("BEGIN CERTIFICATE");
    expect(o.leaderElection).toEqual({ leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 });
  });

  it("node-lifecycle settings from the manifest reach ControllerManagerConfig", () => {
    const args = withFlag(withFlag(withFlag(KCM_ARGS, "node-monitor-grace-period", "40s"), "node-monitor-period", "2s"), "node-startup-grace-period", "2m");
    const { hooks } = start([...args, "--node-eviction-rate=0.5", "--leader-elect-lease-duration=30s", "--leader-elect=false"]);
    const o = hooks.lastControllerManager!;
    expect(o.config.nodeMonitorGracePeriodMs).toBe(40_000);
    expect(o.config.nodeMonitorPeriodMs).toBe(2_000);
    expect(o.config.nodeStartupGracePeriodMs).toBe(120_000);
    expect(o.config.nodeEvictionRate).toBe(0.5);
    expect(o.leaderElection!.leaseDurationMs).toBe(30_000);
    expect(o.leaderElect).toBe(false);
  });

  it("--controllers: aliases resolve to the canonical names, -name disables", () => {
    const { hooks } = start(withFlag(KCM_ARGS, "controllers", "*,-deployment,nodelifecycle,-taint-eviction-controller"));
    expect(hooks.lastControllerManager!.controllers).toEqual(["*", "-deployment-controller", "node-lifecycle-controller", "-taint-eviction-controller"]);
  });

  it("the cluster side logs through the container and can end the process (leaderelection lost)", () => {
    const { run, hooks } = start([...KCM_ARGS]);
    const o = hooks.lastControllerManager!;
    o.log!("I", "leaderelection.go:271", "successfully acquired lease kube-system/kube-controller-manager");
    expect(run.lines.at(-1)).toBe("I0112 08:47:10.000000       1 leaderelection.go:271] successfully acquired lease kube-system/kube-controller-manager");
    o.log!("E", "controllermanager.go:368", '"leaderelection lost"');
    o.exit!(1);
    run.advance(2_000);
    expect(run.exitCode).toBe(1);
    expect(hooks.stopped).toEqual(["kube-controller-manager"]);
  });
});

describe("kube-controller-manager: broken flags", () => {
  it("an unknown flag: the usage text, then Error:, exit 1", () => {
    const { run, hooks } = start([...KCM_ARGS, "--pod-eviction-timeout=5m"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr.startsWith("Usage:\n  kube-controller-manager [flags]\n\nGeneric flags:\n\n      --allocate-node-cidrs\n")).toBe(true);
    expect(run.stderr).toContain("\nNode-lifecycle-controller flags:\n\n");
    expect(run.stderr).toMatch(/ {6}--node-monitor-grace-period duration +\(default 50s\)\n/);
    expect(run.stderr).toMatch(/ {6}--controllers strings +\(default \[\*\]\)\n/);
    expect(run.stderr.endsWith("      --version version[=true]\n\nError: unknown flag: --pod-eviction-timeout\n")).toBe(true);
    expect(hooks.calls).toEqual([]);
  });

  it("a duration without a unit", () => {
    const { run } = start(withFlag(KCM_ARGS, "node-monitor-grace-period", "40"));
    expect(run.exitCode).toBe(1);
    expect(run.lines.at(-1)).toBe('Error: invalid argument "40" for "--node-monitor-grace-period" flag: time: missing unit in duration "40"');
  });

  it("an unknown controller name", () => {
    const { run } = start(withFlag(KCM_ARGS, "controllers", "*,bootstrapsigner,tokencleanr"));
    expect(commandFailed(run)).toBe('"tokencleanr" is not in the list of known controllers');
  });

  it("-h prints the help on stdout, --version the version", () => {
    const help = start(["-h"]).run;
    expect(help.exitCode).toBe(0);
    expect(help.stdout.startsWith("The Kubernetes controller manager is a daemon that embeds\n")).toBe(true);
    expect(help.stdout).toContain("\nUsage:\n  kube-controller-manager [flags]\n");
    const version = start(["--version"]).run;
    expect(version.stdout).toBe("Kubernetes v1.34.1\n");
    expect(version.exitCode).toBe(0);
  });
});

describe("kube-controller-manager: broken files", () => {
  it("--kubeconfig naming a file that does not exist", () => {
    const { run } = start(withFlag(KCM_ARGS, "kubeconfig", "/etc/kubernetes/controller-manager.confx"));
    expect(run.lines.map(klogBody)[0]).toBe("serving.go:386] Generated self-signed cert in-memory");
    expect(commandFailed(run)).toBe("stat /etc/kubernetes/controller-manager.confx: no such file or directory");
  });

  it("an empty kubeconfig (the hostPath FileOrCreate left an empty file)", () => {
    const { run } = start([...KCM_ARGS], { files: { "/etc/kubernetes/controller-manager.conf": "" } });
    expect(commandFailed(run)).toBe("invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable");
  });

  it("a kubeconfig that does not parse", () => {
    const { run } = start([...KCM_ARGS], { files: { "/etc/kubernetes/controller-manager.conf": "apiVersion: v1\nclusters\n- cluster:\n    server: https://x:6443\n" } });
    expect(commandFailed(run)).toMatch(/^error loading config file "\/etc\/kubernetes\/controller-manager\.conf": yaml: line \d+: /);
  });

  it("a kubeconfig whose current context is missing", () => {
    const text = (run: Run) => run.fs.read("/etc/kubernetes/controller-manager.conf")!;
    const probe = start([...KCM_ARGS]).run;
    const broken = text(probe).replace("current-context: system:kube-controller-manager@kubernetes", "current-context: kcm");
    expect(commandFailed(start([...KCM_ARGS], { files: { "/etc/kubernetes/controller-manager.conf": broken } }).run)).toBe(
      "invalid configuration: [context was not found for specified context: kcm, cluster has no server defined]",
    );
  });

  it("the delegated authentication and authorization kubeconfigs", () => {
    expect(commandFailed(start(withFlag(KCM_ARGS, "authentication-kubeconfig", "/etc/kubernetes/kcm.conf")).run)).toBe(
      "failed to get delegated authentication kubeconfig: stat /etc/kubernetes/kcm.conf: no such file or directory",
    );
    expect(commandFailed(start(withFlag(KCM_ARGS, "authorization-kubeconfig", "/etc/kubernetes/kcm.conf")).run)).toBe(
      "failed to get delegated authorization kubeconfig: stat /etc/kubernetes/kcm.conf: no such file or directory",
    );
  });

  it("the client and request-header CA files", () => {
    expect(commandFailed(start(withFlag(KCM_ARGS, "client-ca-file", "/etc/kubernetes/pki/ca.crtx")).run)).toBe("unable to load client CA provider: open /etc/kubernetes/pki/ca.crtx: no such file or directory");
    expect(commandFailed(start(withFlag(KCM_ARGS, "requestheader-client-ca-file", "/etc/kubernetes/pki/front-proxy.crt")).run)).toBe(
      "unable to create request header authentication config: open /etc/kubernetes/pki/front-proxy.crt: no such file or directory",
    );
  });

  it("a --root-ca-file that does not exist stops it when the controllers start (wording unconfirmed)", () => {
    const { run, hooks } = start(withFlag(KCM_ARGS, "root-ca-file", "/etc/kubernetes/pki/ca.pem"));
    expect(run.exitCode).toBe(1);
    expect(klogBody(run.lines.at(-1)!)).toBe(
      'controllermanager.go:332] "Error starting controllers" err="error parsing root-ca-file at /etc/kubernetes/pki/ca.pem: open /etc/kubernetes/pki/ca.pem: no such file or directory"',
    );
    expect(hooks.lastControllerManager).toBeUndefined();
  });

  it("a kubeconfig pointing at the wrong server still starts: its clients are the ones that fail", () => {
    const probe = start([...KCM_ARGS]).run;
    const moved = probe.fs.read("/etc/kubernetes/controller-manager.conf")!.replace("https://192.168.100.10:6443", "https://192.168.100.10:6444");
    const { run, hooks } = start([...KCM_ARGS], { files: { "/etc/kubernetes/controller-manager.conf": moved } });
    expect(run.exitCode).toBeUndefined();
    expect(hooks.lastControllerManager!.kubeconfig!.server).toBe("https://192.168.100.10:6444");
  });
});

describe("kube-controller-manager: the process ends", () => {
  it("SIGTERM exits 0; a kill stops the controllers", () => {
    const { run, hooks } = start([...KCM_ARGS]);
    expect(run.signalHandler!("SIGTERM")).toEqual({ exitAfterMs: 500, exitCode: 0 });
    run.kill();
    expect(hooks.stopped).toEqual(["kube-controller-manager"]);
    expect(run.now - T0).toBe(10_000);
  });
});
