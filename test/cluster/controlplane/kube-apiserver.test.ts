/**
 * kube-apiserver's program: each broken flag or file gives the v1.34
 * binary's log line and exit code; a good manifest dials etcd and serves.
 * Sources of the expected text:
 * - `Error: ...` for flag errors: component-base cli/run.go:70 (v0.34.1),
 *   kube-apiserver's command sets SilenceUsage so no usage text;
 * - `run.go:72] "command failed" err=...`: cli/run.go:72 (v0.34.1);
 * - file errors: k8s.io/apiserver v0.34.1 dynamiccertificates (os.ReadFile,
 *   tls.X509KeyPair), options/etcd.go and serving.go Validate;
 * - the etcd dial warnings: a kube-apiserver v1.34-era transcript (siderolabs/talos#11797);
 * - `Error creating leases: error creating storage factory: ...`: a v1.28
 *   transcript (k3s-io/k3s#8672); instance.go:233 is unconfirmed for v1.34.1.
 */
import { describe, expect, it } from "vitest";
import { kubeApiServer } from "../../../src/cluster/controlplane/kube-apiserver.js";
import { APISERVER_ARGS, withFlag } from "./args.js";
import { FakeHooks, klogBody, pki, Run, T0 } from "./harness.js";

const REFUSED = { ok: false as const, error: "dial tcp 127.0.0.1:2379: connect: connection refused" };

function start(args: string[], hooks = new FakeHooks(), budgetMs = 60_000, files?: Record<string, string | undefined>) {
  const run = new Run(kubeApiServer, args, { hooks, budgetMs, files });
  return { run, hooks };
}

function commandFailed(run: Run): string {
  expect(run.exitCode).toBe(1);
  const last = run.lines[run.lines.length - 1];
  expect(last).toMatch(/^E0112 08:47:00\.000000       1 run\.go:72\] "command failed" err=/);
  return JSON.parse(klogBody(last).replace(/^run\.go:72\] "command failed" err=/, ""));
}

describe("kube-apiserver: a good manifest", () => {
  it("dials etcd with the client certificate, then serves on 6443 and hands its settings to the cluster", () => {
    const { run, hooks } = start([...APISERVER_ARGS]);
    expect(run.exitCode).toBeUndefined();
    expect(run.lines.map(klogBody)).toEqual([
      "options.go:238] external host was not specified, using 192.168.100.10",
      "server.go:147] Version: v1.34.1",
      'server.go:149] "Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""',
      "instance.go:241] Using reconciler: lease",
      "secure_serving.go:211] Serving securely on [::]:6443",
      'tlsconfig.go:243] "Starting DynamicServingCertificateController"',
      'dynamic_serving_content.go:135] "Starting controller" name="serving-cert::/etc/kubernetes/pki/apiserver.crt::/etc/kubernetes/pki/apiserver.key"',
      'dynamic_cafile_content.go:161] "Starting controller" name="client-ca-bundle::/etc/kubernetes/pki/ca.crt"',
      'dynamic_cafile_content.go:161] "Starting controller" name="request-header::/etc/kubernetes/pki/front-proxy-ca.crt"',
    ]);
    const dial = hooks.calls.find((c) => c.method === "dialEtcd")!.opts as { url: string; tls: { certPem: string; caPem: string } };
    expect(dial.url).toBe("https://127.0.0.1:2379");
    expect(dial.tls.certPem).toBe(pki("apiserver-etcd-client.crt"));
    expect(dial.tls.caPem).toBe(pki("etcd/ca.crt"));
    const opts = hooks.lastApiServer!;
    expect(opts.advertiseAddress).toBe("192.168.100.10");
    expect(opts.securePort).toBe(6443);
    expect(opts.etcdServers).toEqual(["https://127.0.0.1:2379"]);
    expect(opts.servingCertPem).toBe(pki("apiserver.crt"));
    expect(opts.clientCaPem).toBe(pki("ca.crt"));
    expect(opts.flags.get("authorization-mode")).toBe("Node,RBAC");
    expect(run.get(6443, "/livez")).toBe(200);
    expect(run.get(6443, "/readyz")).toBe(200);
    expect(run.get(6443, "/nope")).toBe(404);
  });

  it("takes about 3s from start to serving", () => {
    const { run, hooks } = start([...APISERVER_ARGS], new FakeHooks(), 2999);
    expect(hooks.lastApiServer).toBeUndefined();
    expect(run.listening.has(6443)).toBe(false);
    run.advance(1);
    expect(hooks.lastApiServer).toBeDefined();
  });

  it("serves on the port of --secure-port, so probes of 6443 fail", () => {
    const { run, hooks } = start(withFlag(APISERVER_ARGS, "secure-port", "6444"));
    expect(hooks.lastApiServer!.securePort).toBe(6444);
    expect([...run.listening.keys()]).toEqual([6444]);
    expect(run.get(6443, "/livez")).toBeUndefined();
  });

  it("an expired serving certificate does not stop it: clients are the ones that fail", () => {
    const run = new Run(kubeApiServer, [...APISERVER_ARGS], { hooks: new FakeHooks(), startMs: Date.parse("2027-03-01T00:00:00Z") });
    expect(run.exitCode).toBeUndefined();
    expect(run.lines.at(-5)).toContain("Serving securely on [::]:6443");
  });

  it("without cluster hooks it is a healthy process that serves", () => {
    const run = new Run(kubeApiServer, [...APISERVER_ARGS]);
    expect(run.exitCode).toBeUndefined();
    expect(run.get(6443, "/readyz")).toBe(200);
  });
});

describe("kube-apiserver: broken flags", () => {
  it("an unknown flag prints only Error: (SilenceUsage) and exits 1", () => {
    const { run, hooks } = start([...APISERVER_ARGS, "--etcd-server=https://127.0.0.1:2379"]);
    expect(run.stderr).toBe("Error: unknown flag: --etcd-server\n");
    expect(run.exitCode).toBe(1);
    expect(hooks.calls).toEqual([]);
  });

  it("a value its type rejects", () => {
    const { run } = start(withFlag(APISERVER_ARGS, "secure-port", "644e"));
    expect(run.stderr).toBe('Error: invalid argument "644e" for "--secure-port" flag: strconv.ParseInt: parsing "644e": invalid syntax\n');
    expect(run.exitCode).toBe(1);
  });

  it("a stray argument", () => {
    const { run } = start([...APISERVER_ARGS, "etcd"]);
    expect(run.stderr).toBe('Error: "kube-apiserver" does not take any arguments, got ["etcd"]\n');
    expect(run.exitCode).toBe(1);
  });

  it("no --etcd-servers, a port out of range, an unknown admission plugin: Validate's errors, aggregated", () => {
    expect(commandFailed(start(withFlag(APISERVER_ARGS, "etcd-servers")).run)).toBe("--etcd-servers must be specified");
    expect(commandFailed(start(withFlag(APISERVER_ARGS, "secure-port", "0")).run)).toBe("--secure-port 0 must be between 1 and 65535, inclusive. It cannot be turned off with 0");
    expect(commandFailed(start(withFlag(withFlag(APISERVER_ARGS, "secure-port", "70000"), "enable-admission-plugins", "NodeRestrictin")).run)).toBe(
      '[--secure-port 70000 must be between 1 and 65535, inclusive. It cannot be turned off with 0, enable-admission-plugins plugin "NodeRestrictin" is unknown]',
    );
  });

  it("an --advertise-address/--bind-address this host does not have cannot be listened on", () => {
    const { run } = start(withFlag(APISERVER_ARGS, "bind-address", "192.168.100.99"));
    expect(commandFailed(run)).toBe("failed to create listener: failed to listen on 192.168.100.99:6443: listen tcp 192.168.100.99:6443: bind: cannot assign requested address");
  });
});

describe("kube-apiserver: broken files", () => {
  it("a serving certificate path that does not exist", () => {
    const { run, hooks } = start(withFlag(APISERVER_ARGS, "tls-cert-file", "/etc/kubernetes/pki/apiserver.crtx"));
    expect(commandFailed(run)).toBe("open /etc/kubernetes/pki/apiserver.crtx: no such file or directory");
    expect(hooks.calls).toEqual([]);
  });

  it("a key that is not the certificate's", () => {
    const { run } = start(withFlag(APISERVER_ARGS, "tls-private-key-file", "/etc/kubernetes/pki/apiserver-kubelet-client.key"));
    expect(commandFailed(run)).toBe("tls: private key does not match public key");
  });

  it("a certificate and key given the other way round", () => {
    const args = withFlag(withFlag(APISERVER_ARGS, "tls-cert-file", "/etc/kubernetes/pki/apiserver.key"), "tls-private-key-file", "/etc/kubernetes/pki/apiserver.crt");
    expect(commandFailed(start(args).run)).toBe("tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched");
  });

  it("a client CA that is missing or not a certificate", () => {
    expect(commandFailed(start(withFlag(APISERVER_ARGS, "client-ca-file", "/etc/kubernetes/pki/ca.pem")).run)).toBe("open /etc/kubernetes/pki/ca.pem: no such file or directory");
    expect(commandFailed(start(withFlag(APISERVER_ARGS, "client-ca-file", "/etc/kubernetes/pki/ca.key")).run)).toBe(
      'error loading CA bundle for "client-ca-bundle::/etc/kubernetes/pki/ca.key": data does not contain any valid RSA or ECDSA certificates',
    );
  });

  it("the service-account signing key and public keys", () => {
    expect(commandFailed(start(withFlag(APISERVER_ARGS, "service-account-signing-key-file", "/etc/kubernetes/pki/sa.keyx")).run)).toBe(
      "failed to parse service-account-issuer-key-file: open /etc/kubernetes/pki/sa.keyx: no such file or directory",
    );
    expect(commandFailed(start(withFlag(APISERVER_ARGS, "service-account-key-file", "/etc/kubernetes/pki/sa.pubx")).run)).toBe("open /etc/kubernetes/pki/sa.pubx: no such file or directory");
  });

  it("etcd client files fail when the first storage is created: a fatal line, exit 255", () => {
    const { run, hooks } = start(withFlag(APISERVER_ARGS, "etcd-certfile", "/etc/kubernetes/pki/etcd/apiserver-etcd-client.crt"));
    expect(run.exitCode).toBe(255);
    expect(run.lines.at(-1)).toBe(
      "F0112 08:47:00.000000       1 instance.go:233] Error creating leases: error creating storage factory: open /etc/kubernetes/pki/etcd/apiserver-etcd-client.crt: no such file or directory",
    );
    expect(hooks.calls.some((c) => c.method === "dialEtcd")).toBe(false);
  });

  it("reads the files through the container's mounts: a file missing from the container is missing", () => {
    const { run } = start([...APISERVER_ARGS], new FakeHooks(), 60_000, { "/etc/kubernetes/pki/front-proxy-client.key": undefined });
    const files = run.fs;
    expect(files.exists("/etc/kubernetes/pki/front-proxy-client.key")).toBe(false);
    expect(commandFailed(run)).toBe("open /etc/kubernetes/pki/front-proxy-client.key: no such file or directory");
  });
});

describe("kube-apiserver and etcd", () => {
  it("etcd unreachable: grpc's warnings as it retries, then the fatal line at 20s, exit 255", () => {
    const hooks = new FakeHooks();
    hooks.dialResult = () => REFUSED;
    const { run } = start([...APISERVER_ARGS], hooks);
    expect(run.exitCode).toBe(255);
    expect(run.now - T0).toBe(20_000);
    const warnings = run.lines.filter((l) => l.startsWith("W"));
    expect(warnings.map((l) => l.slice(0, 22))).toEqual([
      "W0112 08:47:00.000000 ",
      "W0112 08:47:01.000000 ",
      "W0112 08:47:02.600000 ",
      "W0112 08:47:05.160000 ",
      "W0112 08:47:09.256000 ",
      "W0112 08:47:15.810000 ",
    ]);
    expect(klogBody(warnings[0])).toBe(
      'logging.go:55] [core] [Channel #1 SubChannel #2]grpc: addrConn.createTransport failed to connect to {Addr: "127.0.0.1:2379", ServerName: "127.0.0.1:2379", BalancerAttributes: {"<%!p(pickfirstleaf.managedByPickfirstKeyType={})>": "<%!p(bool=true)>" }}. Err: connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:2379: connect: connection refused"',
    );
    expect(run.lines.at(-1)).toBe("F0112 08:47:20.000000       1 instance.go:233] Error creating leases: error creating storage factory: context deadline exceeded");
    expect(hooks.lastApiServer).toBeUndefined();
  });

  it("a wrong --etcd-servers port is dialed as given", () => {
    const hooks = new FakeHooks();
    hooks.dialResult = (url) => (url === "https://127.0.0.1:2379" ? { ok: true } : { ok: false, error: `dial tcp ${url.slice(8)}: connect: connection refused` });
    const { run } = start(withFlag(APISERVER_ARGS, "etcd-servers", "https://127.0.0.1:2380"), hooks);
    expect(run.exitCode).toBe(255);
    expect(run.lines[4]).toContain('{Addr: "127.0.0.1:2380", ServerName: "127.0.0.1:2380"');
  });

  it("etcd that comes up while it retries: it connects and serves", () => {
    const hooks = new FakeHooks();
    let up = false;
    hooks.dialResult = () => (up ? { ok: true } : REFUSED);
    const { run } = start([...APISERVER_ARGS], hooks, 4000);
    expect(run.exitCode).toBeUndefined();
    up = true;
    run.advance(60_000);
    expect(run.exitCode).toBeUndefined();
    expect(hooks.lastApiServer).toBeDefined();
    expect(run.lines.filter((l) => l.startsWith("W"))).toHaveLength(3);
  });

  it("etcd going away later: /livez and /readyz fail (the liveness probe restarts it)", () => {
    const hooks = new FakeHooks();
    const { run } = start([...APISERVER_ARGS], hooks);
    expect(run.get(6443, "/livez")).toBe(200);
    hooks.dialResult = () => REFUSED;
    expect(run.get(6443, "/livez")).toBe(500);
    expect(run.get(6443, "/readyz?verbose")).toBe(500);
  });
});

describe("kube-apiserver: the process ends", () => {
  it("SIGTERM: exits 0 after its graceful shutdown", () => {
    const { run } = start([...APISERVER_ARGS]);
    expect(run.signalHandler!("SIGTERM")).toEqual({ exitAfterMs: 1000, exitCode: 0 });
    expect(run.signalHandler!("SIGHUP")).toBe("ignore");
  });

  it("whichever way the process ends, the served component is stopped", () => {
    const { run, hooks } = start([...APISERVER_ARGS]);
    expect(hooks.stopped).toEqual([]);
    run.kill();
    expect(hooks.stopped).toEqual(["kube-apiserver"]);
  });
});
