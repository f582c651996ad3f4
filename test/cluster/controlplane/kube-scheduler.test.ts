/**
 * kube-scheduler's program. Expected text: component-base cli/run.go
 * (usage + `Error:` for flag errors, `"command failed"` otherwise), client-go
 * v0.34.1 clientcmd, k8s.io/apiserver v0.34.1 options/authentication.go:397-399
 * (the tolerated in-cluster lookup failure: kube-scheduler defaults
 * --authentication-tolerate-lookup-failure to true).
 */
import { describe, expect, it } from "vitest";
import { kubeScheduler } from "../../../src/cluster/controlplane/kube-scheduler.js";
import { SCHEDULER_ARGS, withFlag } from "./args.js";
import { FakeHooks, klogBody, Run } from "./harness.js";

function start(args: string[], opts: { files?: Record<string, string | undefined>; httpGet?: (url: string) => { error: string } } = {}) {
  const hooks = new FakeHooks();
  return { run: new Run(kubeScheduler, args, { hooks, budgetMs: 10_000, ...opts }), hooks };
}

function commandFailed(run: Run): string {
  expect(run.exitCode).toBe(1);
  const last = run.lines.at(-1)!;
  expect(last).toMatch(/ run\.go:72\] "command failed" err=/);
  return JSON.parse(klogBody(last).replace(/^run\.go:72\] "command failed" err=/, ""));
}

describe("kube-scheduler", () => {
  it("a good manifest: startup lines, /healthz on 10259, the scheduler started behind its lease", () => {
    const { run, hooks } = start([...SCHEDULER_ARGS]);
    expect(run.exitCode).toBeUndefined();
    expect(run.lines.map(klogBody)).toEqual([
      "serving.go:386] Generated self-signed cert in-memory",
      'server.go:167] "Starting Kubernetes Scheduler" version="v1.34.1"',
      'server.go:169] "Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""',
      "secure_serving.go:211] Serving securely on 127.0.0.1:10259",
      'tlsconfig.go:243] "Starting DynamicServingCertificateController"',
    ]);
    expect(run.get(10259, "/healthz")).toBe(200);
    expect(hooks.lastScheduler).toMatchObject({ nodeName: "controlplane", leaderElect: true, kubeconfig: { server: "https://192.168.100.10:6443", user: "system:kube-scheduler" } });
  });

  it("the API server unreachable at start: the lookup failure is tolerated with three warnings", () => {
    const { run, hooks } = start([...SCHEDULER_ARGS], { httpGet: () => ({ error: "(7) Failed to connect to 192.168.100.10 port 6443 after 0 ms: Couldn't connect to server" }) });
    expect(run.exitCode).toBeUndefined();
    expect(run.lines.slice(1, 4).map(klogBody)).toEqual([
      'authentication.go:397] Error looking up in-cluster authentication configuration: Get "https://192.168.100.10:6443/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication": dial tcp 192.168.100.10:6443: connect: connection refused',
      "authentication.go:398] Continuing without authentication configuration. This may treat all requests as anonymous.",
      "authentication.go:399] To require authentication configuration lookup to succeed, set --authentication-tolerate-lookup-failure=false",
    ]);
    expect(run.lines[1].startsWith("W0112 ")).toBe(true);
    expect(hooks.lastScheduler).toBeDefined();
  });

  it("...and with --authentication-tolerate-lookup-failure=false it is fatal", () => {
    const { run } = start([...SCHEDULER_ARGS, "--authentication-tolerate-lookup-failure=false"], { httpGet: () => ({ error: "(7) Failed to connect to 192.168.100.10 port 6443: Connection refused" }) });
    expect(commandFailed(run)).toBe(
      'unable to load configmap based request-header-client-ca-file: Get "https://192.168.100.10:6443/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication": dial tcp 192.168.100.10:6443: connect: connection refused',
    );
  });

  it("an unknown flag: usage with its sections, then Error:", () => {
    const { run } = start([...SCHEDULER_ARGS, "--leader-elect-lease=15s"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr.startsWith("Usage:\n  kube-scheduler [flags]\n\nMisc flags:\n\n      --config string\n")).toBe(true);
    expect(run.stderr).toContain("\nLeader election flags:\n\n");
    expect(run.stderr.endsWith("\n\nError: unknown flag: --leader-elect-lease\n")).toBe(true);
  });

  it("a scheduler.conf that is missing fails first in the delegated authentication, which reads it too", () => {
    const { run } = start([...SCHEDULER_ARGS], { files: { "/etc/kubernetes/scheduler.conf": undefined } });
    expect(commandFailed(run)).toBe("failed to get delegated authentication kubeconfig: stat /etc/kubernetes/scheduler.conf: no such file or directory");
  });

  it("a --kubeconfig typo alone", () => {
    const { run } = start(withFlag(SCHEDULER_ARGS, "kubeconfig", "/etc/kubernetes/schedular.conf"));
    expect(commandFailed(run)).toBe("stat /etc/kubernetes/schedular.conf: no such file or directory");
  });

  it("a kubeconfig whose client key does not match its certificate", () => {
    const probe = start([...SCHEDULER_ARGS]).run;
    const sched = probe.fs.read("/etc/kubernetes/scheduler.conf")!;
    const kcm = probe.fs.read("/etc/kubernetes/controller-manager.conf")!;
    const otherKey = /client-key-data: (\S+)/.exec(kcm)![1];
    const mixed = sched.replace(/client-key-data: \S+/, `client-key-data: ${otherKey}`);
    const { run } = start(withFlag(withFlag(SCHEDULER_ARGS, "authentication-kubeconfig"), "authorization-kubeconfig"), { files: { "/etc/kubernetes/scheduler.conf": mixed } });
    expect(commandFailed(run)).toBe("tls: private key does not match public key");
  });

  it("--config: the file's clientConnection.kubeconfig and leaderElection are used", () => {
    const cfg = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nclientConnection:\n  kubeconfig: /etc/kubernetes/scheduler.conf\nleaderElection:\n  leaderElect: false\n";
    const { run, hooks } = start([...SCHEDULER_ARGS, "--config=/etc/kubernetes/sched.yaml"], { files: { "/etc/kubernetes/sched.yaml": cfg } });
    expect(run.exitCode).toBeUndefined();
    expect(hooks.lastScheduler!.leaderElect).toBe(false);
    expect(commandFailed(start([...SCHEDULER_ARGS, "--config=/etc/kubernetes/sched.yml"]).run)).toBe("open /etc/kubernetes/sched.yml: no such file or directory");
  });

  it("the cluster side ends it (leaderelection lost): exit 1 and the scheduler is stopped", () => {
    const { run, hooks } = start([...SCHEDULER_ARGS]);
    hooks.lastScheduler!.exit!(1);
    run.advance(2_000);
    expect(run.exitCode).toBe(1);
    expect(hooks.stopped).toEqual(["kube-scheduler"]);
  });
});
