/**
 * etcd's program: zap JSON lines on stderr, Go's flag package for its
 * command line. Expected text and callers are etcd v3.6.4's:
 * server/etcdmain/etcd.go (64 Running, 66 failed to verify flags, 108/125
 * data dir, 183 discovery failed, 198 listener failed), etcdmain/config.go
 * (parse: exit 2 after a flag error; deprecatedFlags), etcdmain/help.go
 * (usageline), server/embed/etcd.go (138, 146, 323, 426, 428, 544, 586,
 * 641, 891), server/embed/config.go (1209, Validate), embed/serve.go (138, 284).
 */
import { describe, expect, it } from "vitest";
import { etcd } from "../../../src/cluster/controlplane/etcd.js";
import { ETCD_ARGS, withFlag } from "./args.js";
import { FakeHooks, pki, Run } from "./harness.js";

interface ZapEntry {
  level: string;
  ts: string;
  caller: string;
  msg: string;
  [k: string]: unknown;
}

function start(args: string[], opts: { files?: Record<string, string | undefined>; hooks?: FakeHooks } = {}) {
  const hooks = opts.hooks ?? new FakeHooks();
  const run = new Run(etcd, args, { hooks, files: opts.files, budgetMs: 10_000 });
  const entries = (): ZapEntry[] => run.lines.map((l) => JSON.parse(l) as ZapEntry);
  return { run, hooks, entries };
}

describe("etcd: a good manifest", () => {
  it("logs its startup as etcd 3.6.4 does, opens its data and serves client, peer and metrics ports", () => {
    const { run, hooks, entries } = start([...ETCD_ARGS]);
    expect(run.exitCode).toBeUndefined();
    const log = entries();
    expect(log.map((e) => `${e.level} ${e.caller} ${e.msg}`)).toEqual([
      "warn embed/config.go:1209 Running http and grpc server on single port. This is not recommended for production.",
      "warn etcdmain/config.go:270 --snapshot-count is deprecated in 3.6 and will be decommissioned in 3.7.",
      "info etcdmain/etcd.go:64 Running: ",
      "info etcdmain/etcd.go:125 Initialize and start etcd server",
      "warn embed/config.go:1209 Running http and grpc server on single port. This is not recommended for production.",
      "info embed/etcd.go:138 configuring peer listeners",
      "info embed/etcd.go:544 starting with peer TLS",
      "info embed/etcd.go:146 configuring client listeners",
      "info embed/etcd.go:323 starting an etcd server",
      "info embed/etcd.go:292 now serving peer/client/metrics",
      "info embed/etcd.go:641 serving peer traffic",
      "info embed/serve.go:138 ready to serve client requests",
      "info embed/serve.go:284 serving client traffic securely",
      "info embed/serve.go:138 ready to serve client requests",
      "info embed/serve.go:284 serving client traffic securely",
      "info embed/etcd.go:891 serving metrics",
      "info etcdmain/main.go:44 notifying init daemon",
      "info etcdmain/main.go:50 successfully notified init daemon",
    ]);
    expect(log[0].ts).toBe("2026-01-12T08:47:00.000000Z");
    expect(log[2].args).toEqual(["etcd", ...ETCD_ARGS]);
    expect(log[6]["tls-info"]).toBe(
      "cert = /etc/kubernetes/pki/etcd/peer.crt, key = /etc/kubernetes/pki/etcd/peer.key, client-cert=, client-key=, trusted-ca = /etc/kubernetes/pki/etcd/ca.crt, client-cert-auth = true, crl-file = ",
    );
    expect(log[12].address).toBe("127.0.0.1:2379");
    expect(log[14].address).toBe("192.168.100.10:2379");
    expect(hooks.lastEtcd).toMatchObject({
      nodeName: "controlplane",
      name: "controlplane",
      dataDir: "/var/lib/etcd",
      listenClientUrls: ["https://127.0.0.1:2379", "https://192.168.100.10:2379"],
      advertiseClientUrls: ["https://192.168.100.10:2379"],
      listenPeerUrls: ["https://192.168.100.10:2380"],
      initialCluster: "controlplane=https://192.168.100.10:2380",
      initialClusterState: "new",
      clientCertAuth: true,
    });
    expect(hooks.lastEtcd!.certPem).toBe(pki("etcd/server.crt"));
    expect(hooks.lastEtcd!.trustedCaPem).toBe(pki("etcd/ca.crt"));
    expect([...run.listening.keys()].sort()).toEqual([2379, 2380, 2381]);
    expect(run.get(2381, "/livez")).toBe(200);
  });

  it("a data dir holding a member: server has already been initialized", () => {
    const { entries } = start([...ETCD_ARGS], { files: { "/var/lib/etcd/member/snap/db": "x" } });
    const e = entries().find((x) => x.caller === "etcdmain/etcd.go:108")!;
    expect(e).toMatchObject({ msg: "server has already been initialized", "data-dir": "/var/lib/etcd", "dir-type": "member" });
  });

  it("prints the lines the cluster's etcd side returns when it opens the member", () => {
    const hooks = new FakeHooks();
    hooks.openResult = { handle: { stop() {} }, log: ['{"level":"info","msg":"from the store"}'] };
    const { run } = start([...ETCD_ARGS], { hooks });
    expect(run.lines).toContain('{"level":"info","msg":"from the store"}');
  });

  it("--version", () => {
    const { run } = start(["--version"]);
    expect(run.stdout).toBe("etcd Version: 3.6.4\nGit SHA: 5400cdc39\nGo Version: go1.23.11\nGo OS/Arch: linux/amd64\n");
    expect(run.exitCode).toBe(0);
  });
});

describe("etcd: broken flags", () => {
  it("an unknown flag: Go's flag error and etcd's usage, exit 2, nothing logged", () => {
    const { run, hooks } = start([...ETCD_ARGS, "--listen-client-url=https://127.0.0.1:2379"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.startsWith("flag provided but not defined: -listen-client-url\nUsage:\n\n  etcd [flags]\n    Start an etcd server.\n")).toBe(true);
    expect(run.stderr.endsWith("    Run the stateless etcd v3 gRPC L7 reverse proxy.\n\n")).toBe(true);
    expect(hooks.calls).toEqual([]);
  });

  it("a value its type rejects", () => {
    const { run } = start(withFlag(ETCD_ARGS, "client-cert-auth", "yes"));
    expect(run.exitCode).toBe(2);
    expect(run.lines[0]).toBe('invalid boolean value "yes" for -client-cert-auth: parse error');
  });

  it("a stray argument: Running:, then failed to verify flags, exit 1", () => {
    const { run, entries } = start([...ETCD_ARGS, "snapshot"]);
    expect(run.exitCode).toBe(1);
    const last = entries().at(-1)!;
    expect(last).toMatchObject({ level: "warn", caller: "etcdmain/etcd.go:66", msg: "failed to verify flags", error: '"snapshot" is not a valid flag' });
    expect(entries().at(-2)!.msg).toBe("Running: ");
  });

  it("--listen-client-urls without --advertise-client-urls", () => {
    const { run, entries } = start(withFlag(ETCD_ARGS, "advertise-client-urls"));
    expect(run.exitCode).toBe(1);
    expect(entries().slice(-2).map((e) => [e.caller, e.msg, e.error])).toEqual([
      ["etcdmain/etcd.go:66", "failed to verify flags", "--advertise-client-urls is required when --listen-client-urls is set explicitly"],
      ["etcdmain/etcd.go:69", "advertise client URLs are not set", "--advertise-client-urls is required when --listen-client-urls is set explicitly"],
    ]);
  });

  it("a host name where an IP must be bound", () => {
    const { run, entries } = start(withFlag(ETCD_ARGS, "listen-peer-urls", "https://controlplane:2380"));
    expect(run.exitCode).toBe(1);
    expect(entries().at(-1)!.error).toBe("expected IP in URL for binding (https://controlplane:2380)");
  });
});

describe("etcd: failing to start", () => {
  it("a peer certificate that does not exist: creating peer listener failed, then discovery failed (fatal), exit 1", () => {
    const { run, hooks, entries } = start(withFlag(ETCD_ARGS, "peer-cert-file", "/etc/kubernetes/pki/etcd/peer.crtx"));
    expect(run.exitCode).toBe(1);
    const tail = entries().slice(-4);
    expect(tail.map((e) => `${e.level} ${e.caller} ${e.msg}`)).toEqual([
      "error embed/etcd.go:586 creating peer listener failed",
      "info embed/etcd.go:426 closing etcd server",
      "info embed/etcd.go:428 closed etcd server",
      "fatal etcdmain/etcd.go:183 discovery failed",
    ]);
    expect(tail[0].error).toBe("open /etc/kubernetes/pki/etcd/peer.crtx: no such file or directory");
    expect(tail[3].error).toBe("open /etc/kubernetes/pki/etcd/peer.crtx: no such file or directory");
    expect(String(tail[0].stacktrace).split("\n")[0]).toBe("go.etcd.io/etcd/server/v3/embed.configurePeerListeners");
    expect(hooks.calls).toEqual([]);
  });

  it("a peer key that does not match", () => {
    const { entries } = start(withFlag(ETCD_ARGS, "peer-key-file", "/etc/kubernetes/pki/etcd/server.key"));
    expect(entries().at(-1)!.error).toBe("tls: private key does not match public key");
  });

  it("a --listen-peer-urls address this host does not have", () => {
    const { run, entries } = start(withFlag(ETCD_ARGS, "listen-peer-urls", "https://192.168.100.99:2380"));
    expect(run.exitCode).toBe(1);
    expect(entries().at(-1)!.error).toBe("listen tcp 192.168.100.99:2380: bind: cannot assign requested address");
  });

  it("a new member whose --name is not in --initial-cluster", () => {
    const { run, entries } = start(withFlag(ETCD_ARGS, "name", "master"));
    expect(run.exitCode).toBe(1);
    expect(entries().at(-1)).toMatchObject({ level: "fatal", msg: "discovery failed", error: 'couldn\'t find local name "master" in the initial cluster configuration' });
  });

  it("the cluster's etcd side refuses the data dir: discovery failed with its error", () => {
    const hooks = new FakeHooks();
    hooks.openResult = { error: "member 8e9e05c52164694d has already been bootstrapped", log: [] };
    const { run, entries } = start([...ETCD_ARGS], { hooks });
    expect(run.exitCode).toBe(1);
    expect(entries().at(-1)).toMatchObject({ level: "fatal", msg: "discovery failed", error: "member 8e9e05c52164694d has already been bootstrapped" });
  });

  it("a client certificate that does not exist: the server starts, then listener failed (fatal) when client traffic starts", () => {
    const { run, hooks, entries } = start(withFlag(ETCD_ARGS, "cert-file", "/etc/kubernetes/pki/etcd/server.crtx"));
    expect(run.exitCode).toBe(1);
    expect(hooks.lastEtcd).toBeDefined();
    expect(entries().at(-1)).toMatchObject({ level: "fatal", caller: "etcdmain/etcd.go:198", msg: "listener failed", error: "open /etc/kubernetes/pki/etcd/server.crtx: no such file or directory" });
    expect(hooks.stopped).toEqual(["etcd"]);
  });
});

describe("etcd: the process ends", () => {
  it("SIGTERM: received signal; shutting down, exit 0, the member closed", () => {
    const { run, hooks, entries } = start([...ETCD_ARGS]);
    expect(run.signalHandler!("SIGTERM")).toEqual({ exitAfterMs: 100, exitCode: 0 });
    expect(entries().slice(-2).map((e) => e.msg)).toEqual(["received signal; shutting down", "closing etcd server"]);
    run.kill(0);
    expect(hooks.stopped).toEqual(["etcd"]);
  });
});
