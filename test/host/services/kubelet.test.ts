/**
 * The kubelet service's failure modes on a kubeadm worker, as a learner
 * sees them: `systemctl status kubelet` and `journalctl -u kubelet`; then
 * the fix, daemon-reload when a unit file changed, restart, and the
 * kubelet back to active (running).
 */
import { describe, expect, it } from "vitest";
import { runtimeDownReadyMessage } from "../../../src/host/services/index.js";
import { issueCertificate } from "../../../src/pki/issue.js";
import { fakeMachine, kubeletConf, pki, START, type FakeMachine } from "../fake-machine.js";
import { jc, sc } from "../../shell/systemctl/tool-context.js";

const DROP_IN = "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf";
const CONFIG = "/var/lib/kubelet/config.yaml";

/** The journal lines of the last kubelet process (`kubelet[pid]: ...`), without the journal and klog prefixes. */
async function lastRun(m: FakeMachine): Promise<string[]> {
  const out = (await jc(m, "-u", "kubelet", "--no-pager")).stdout.trimEnd().split("\n");
  const pids = out.map((l) => /kubelet\[(\d+)\]/.exec(l)?.[1]).filter(Boolean);
  const pid = pids[pids.length - 1];
  return out.filter((l) => l.includes(`kubelet[${pid}]:`)).map((l) => l.replace(/^.*? kubelet\[\d+\]: /, "").replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /, "$1 "));
}

async function statusOf(m: FakeMachine): Promise<{ stdout: string; exitCode: number; stderr: string }> {
  return sc(m, "status", "kubelet", "--no-pager");
}

/** Restarts the kubelet and lets it run (or fail, and be restarted) for a while. */
async function restart(m: FakeMachine, reload = false, forMs = 15_000): Promise<void> {
  if (reload) expect((await sc(m, "daemon-reload")).exitCode).toBe(0);
  expect((await sc(m, "restart", "kubelet")).exitCode).toBe(0);
  m.advance(forMs);
}

async function expectRunning(m: FakeMachine): Promise<void> {
  const st = await statusOf(m);
  expect(st.exitCode).toBe(0);
  expect(st.stdout).toMatch(/^     Active: active \(running\) since /m);
  expect(m.kubelet()).toBeDefined();
}

async function expectCrashLoop(m: FakeMachine, exit = "1/FAILURE"): Promise<string> {
  const st = await statusOf(m);
  expect(st.exitCode).toBe(3);
  expect(st.stdout).toMatch(/^     Active: activating \(auto-restart\) \(Result: exit-code\) since Mon 2026-01-12 \d\d:\d\d:\d\d UTC; \d+s ago$/m);
  expect(st.stdout).toContain(`   Main PID: `);
  expect(st.stdout).toMatch(new RegExp(`\\(code=exited, status=${exit.replace("/", "\\/")}\\)`));
  expect(st.stdout).toContain(`systemd[1]: kubelet.service: Main process exited, code=exited, status=${exit}`);
  expect(st.stdout).toContain("systemd[1]: kubelet.service: Failed with result 'exit-code'.");
  expect(m.kubelet()).toBeUndefined();
  return st.stdout;
}

describe("kubelet: a healthy start", () => {
  it("logs its startup and runs with what its config and kubeconfig say", async () => {
    const m = fakeMachine();
    const lines = await lastRun(m);
    expect(lines).toEqual([
      "Flag --pod-infra-container-image has been deprecated, will be removed in 1.35. Image garbage collector will get sandbox image information from CRI.",
      "Flag --container-runtime-endpoint has been deprecated, This parameter should be set via the config file specified by the Kubelet's --config flag. See https://kubernetes.io/docs/tasks/administer-cluster/kubelet-config-file/ for more information.",
      'I server.go:212] "--pod-infra-container-image will not be pruned by the image garbage collector in kubelet and should also be set in the remote runtime"',
      'I server.go:529] "Kubelet version" kubeletVersion="v1.34.1"',
      'I server.go:531] "Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""',
      'I watchdog_linux.go:99] "Systemd watchdog is not enabled"',
      'I watchdog_linux.go:137] "Systemd watchdog is not enabled or the interval is invalid, so health checking will not be started."',
      'I server.go:956] "Client rotation is on, will bootstrap in background"',
      'I certificate_store.go:147] "Loading cert/key pair from a file" filePath="/var/lib/kubelet/pki/kubelet-client-current.pem"',
      'I dynamic_cafile_content.go:161] "Starting controller" name="client-ca-bundle::/etc/kubernetes/pki/ca.crt"',
      'I server.go:1423] "Using cgroup driver setting received from the CRI runtime" cgroupDriver="systemd"',
      'I server.go:782] "--cgroups-per-qos enabled, but --cgroup-root was not specified.  Defaulting to /"',
      'I container_manager_linux.go:270] "Container manager verified user specified cgroup-root exists" cgroupRoot="[]"',
      'I kubelet.go:480] "Attempting to sync node with API server"',
      'I kubelet.go:375] "Adding static pod path" path="/etc/kubernetes/manifests"',
      'I kubelet.go:386] "Adding apiserver pod source"',
      'I kuberuntime_manager.go:291] "Container runtime initialized" containerRuntime="containerd" version="1.7.27" apiVersion="v1"',
      'I server.go:1262] "Started kubelet"',
      'I server.go:180] "Starting to listen" address="0.0.0.0" port=10250',
      'I volume_manager.go:297] "Starting Kubelet Volume Manager"',
      'I kubelet_node_status.go:75] "Attempting to register node" node="node01"',
      'I kubelet_node_status.go:124] "Node was previously registered" node="node01"',
      'I kubelet_node_status.go:78] "Successfully registered node" node="node01"',
      'I kubelet.go:2436] "Starting kubelet main sync loop"',
    ]);
    expect(m.kubelet()).toMatchObject({
      staticPodPath: "/etc/kubernetes/manifests",
      fileCheckFrequencyMs: 20_000,
      syncFrequencyMs: 60_000,
      nodeStatusUpdateFrequencyMs: 10_000,
      nodeStatusReportFrequencyMs: 300_000,
      clusterDNS: ["10.96.0.10"],
      clusterDomain: "cluster.local",
      maxPods: 110,
      server: "controlplane:6443",
      nodeIP: "192.168.100.11",
      containerRuntimeEndpoint: "unix:///var/run/containerd/containerd.sock",
      nodeName: "node01",
    });
    expect(m.kubelet()?.tls?.caPem).toBe(pki().caCert);
  });
});

describe("kubelet: failure modes and their fixes", () => {
  it("a misspelt config field only warns (lenient v1beta1 decoding): the kubelet runs without that setting", async () => {
    const m = fakeMachine();
    const good = m.fs.read(CONFIG)!;
    m.fs.put(CONFIG, good.replace("staticPodPath:", "staticPodPat:"));
    await restart(m);
    await expectRunning(m);
    const lines = await lastRun(m);
    expect(lines).toContain('I codec.go:79] "Using lenient decoding as strict decoding failed" err="strict decoding error: unknown field \\"staticPodPat\\""');
    expect(lines.some((l) => l.includes("Adding static pod path"))).toBe(false);
    expect(m.kubelet()?.staticPodPath).toBeUndefined();
    m.fs.put(CONFIG, good);
    await restart(m);
    expect(m.kubelet()?.staticPodPath).toBe("/etc/kubernetes/manifests");
  });

  it("a config value of the wrong type fails the kubelet", async () => {
    const m = fakeMachine();
    const good = m.fs.read(CONFIG)!;
    m.fs.put(CONFIG, good + "maxPods: \"110\"\n");
    await restart(m);
    await expectCrashLoop(m);
    expect((await lastRun(m)).slice(-1)[0]).toBe(
      'E run.go:72] "command failed" err="failed to load kubelet config file, path: /var/lib/kubelet/config.yaml, error: failed to load Kubelet config file /var/lib/kubelet/config.yaml, error failed to decode: json: cannot unmarshal string into Go struct field KubeletConfiguration.maxPods of type int32"',
    );
    m.fs.put(CONFIG, good.replace("syncFrequency: 0s", "syncFrequency: 1minute"));
    await restart(m);
    expect((await lastRun(m)).slice(-1)[0]).toContain('error failed to decode: time: unknown unit \\"minute\\" in duration \\"1minute\\""');
    m.fs.put(CONFIG, good);
    await restart(m);
    await expectRunning(m);
  });

  it("an unparsable config file", async () => {
    const m = fakeMachine();
    m.fs.put(CONFIG, m.fs.read(CONFIG)!.replace("cgroupDriver: systemd", "cgroupDriver systemd\n  bad: [1"));
    await restart(m);
    await expectCrashLoop(m);
    expect((await lastRun(m)).slice(-1)[0]).toMatch(/^E run\.go:72\] "command failed" err="failed to load kubelet config file, path: \/var\/lib\/kubelet\/config\.yaml, error: failed to load Kubelet config file \/var\/lib\/kubelet\/config\.yaml, error failed to decode: error converting YAML to JSON: yaml: line \d+: /);
  });

  it("a missing config file", async () => {
    const m = fakeMachine();
    const good = m.fs.read(CONFIG)!;
    m.fs.remove(CONFIG);
    await restart(m);
    const status = await expectCrashLoop(m);
    expect(status).toContain("    Process: ");
    expect((await lastRun(m)).slice(-1)[0]).toBe(
      'E run.go:72] "command failed" err="failed to load kubelet config file, path: /var/lib/kubelet/config.yaml, error: failed to load Kubelet config file /var/lib/kubelet/config.yaml, error failed to read kubelet config file \\"/var/lib/kubelet/config.yaml\\", error: open /var/lib/kubelet/config.yaml: no such file or directory"',
    );
    m.fs.put(CONFIG, good);
    // The kubelet comes back on its own at the next restart: config.yaml is read at every start.
    m.advance(10_000);
    await expectRunning(m);
  });

  it("a wrong binary path in the drop-in: nothing changes until daemon-reload, then systemd cannot exec it", async () => {
    const m = fakeMachine();
    const good = m.fs.read(DROP_IN)!;
    m.fs.put(DROP_IN, good.replace("ExecStart=/usr/bin/kubelet", "ExecStart=/usr/bin/kubeletx"));
    const restarted = await sc(m, "restart", "kubelet");
    expect(restarted.stderr).toBe("Warning: The unit file, source configuration file or drop-ins of kubelet.service changed on disk. Run 'systemctl daemon-reload' to reload units.\n");
    m.advance(1000);
    await expectRunning(m);
    await restart(m, true);
    const status = await expectCrashLoop(m, "203/EXEC");
    expect(status).toContain("    Process: ");
    expect(status).toMatch(/    Process: \d+ ExecStart=\/usr\/bin\/kubeletx \$KUBELET_KUBECONFIG_ARGS \$KUBELET_CONFIG_ARGS \$KUBELET_KUBEADM_ARGS \$KUBELET_EXTRA_ARGS \(code=exited, status=203\/EXEC\)/);
    const journal = (await jc(m, "-u", "kubelet", "-n", "6")).stdout.trimEnd().split("\n").map((l) => l.replace(/^Jan 12 \d\d:\d\d:\d\d node01 /, ""));
    expect(journal).toEqual([
      "systemd[1]: kubelet.service: Scheduled restart job, restart counter is at 1.",
      "systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.",
      expect.stringMatching(/^\(kubeletx\)\[\d+\]: kubelet\.service: Failed to locate executable \/usr\/bin\/kubeletx: No such file or directory$/),
      expect.stringMatching(/^\(kubeletx\)\[\d+\]: kubelet\.service: Failed at step EXEC spawning \/usr\/bin\/kubeletx: No such file or directory$/),
      "systemd[1]: kubelet.service: Main process exited, code=exited, status=203/EXEC",
      "systemd[1]: kubelet.service: Failed with result 'exit-code'.",
    ]);
    m.fs.put(DROP_IN, good);
    await restart(m, true);
    await expectRunning(m);
  });

  it("a wrong --kubeconfig path: the kubelet falls back to the bootstrap kubeconfig, which kubeadm nodes do not have", async () => {
    const m = fakeMachine();
    const good = m.fs.read(DROP_IN)!;
    m.fs.put(DROP_IN, good.replace("--kubeconfig=/etc/kubernetes/kubelet.conf", "--kubeconfig=/etc/kubernetes/kubelet.con"));
    await restart(m, true);
    await expectCrashLoop(m);
    expect((await lastRun(m)).slice(-2)).toEqual([
      'I server.go:956] "Client rotation is on, will bootstrap in background"',
      'E run.go:72] "command failed" err="failed to run Kubelet: unable to load bootstrap kubeconfig: stat /etc/kubernetes/bootstrap-kubelet.conf: no such file or directory"',
    ]);
    m.fs.put(DROP_IN, good);
    await restart(m, true);
    await expectRunning(m);
  });

  it("a kubeconfig whose client certificate file is gone", async () => {
    const m = fakeMachine();
    m.fs.remove("/var/lib/kubelet/pki/kubelet-client-current.pem");
    await restart(m);
    await expectCrashLoop(m);
    expect((await lastRun(m)).slice(-2)).toEqual([
      'E bootstrap.go:267] "Unhandled Error" err="unable to read existing bootstrap client config from /etc/kubernetes/kubelet.conf: invalid configuration: [unable to read client-cert /var/lib/kubelet/pki/kubelet-client-current.pem for default-auth due to open /var/lib/kubelet/pki/kubelet-client-current.pem: no such file or directory, unable to read client-key /var/lib/kubelet/pki/kubelet-client-current.pem for default-auth due to open /var/lib/kubelet/pki/kubelet-client-current.pem: no such file or directory]" logger="UnhandledError"',
      'E run.go:72] "command failed" err="failed to run Kubelet: unable to load bootstrap kubeconfig: stat /etc/kubernetes/bootstrap-kubelet.conf: no such file or directory"',
    ]);
  });

  it("an expired client certificate", async () => {
    const m = fakeMachine();
    const p = pki();
    const expired = issueCertificate({
      commonName: "system:node:node01",
      organizations: ["system:nodes"],
      notBefore: START - 400 * 86_400_000,
      notAfter: START - 35 * 86_400_000,
      serialNumber: 9n,
      isCA: false,
      keyUsage: ["digitalSignature", "keyEncipherment"],
      extKeyUsage: ["clientAuth"],
      subjectKey: p.clientKey,
      issuer: { certPem: p.caCert, keyPem: p.caKey },
    });
    m.fs.put("/var/lib/kubelet/pki/kubelet-client-2026-01-12-08-00-00.pem", expired + p.clientKey);
    await restart(m);
    await expectCrashLoop(m);
    expect((await lastRun(m)).slice(-2)[0]).toBe(
      'E bootstrap.go:290] "Unhandled Error" err="part of the existing bootstrap client certificate in /etc/kubernetes/kubelet.conf is expired: 2025-12-08 08:00:00 +0000 UTC" logger="UnhandledError"',
    );
  });

  it("an unknown flag in KUBELET_EXTRA_ARGS", async () => {
    const m = fakeMachine();
    m.fs.put("/etc/default/kubelet", "KUBELET_EXTRA_ARGS=--network-plugin=cni\n");
    await restart(m);
    await expectCrashLoop(m);
    expect((await lastRun(m)).slice(-1)[0]).toBe('E run.go:72] "command failed" err="failed to parse kubelet flag: unknown flag: --network-plugin"');
    m.fs.put("/etc/default/kubelet", "KUBELET_EXTRA_ARGS=--max-pods=abc\n");
    await restart(m);
    expect((await lastRun(m)).slice(-1)[0]).toBe('E run.go:72] "command failed" err="failed to parse kubelet flag: invalid argument \\"abc\\" for \\"--max-pods\\" flag: strconv.ParseInt: parsing \\"abc\\": invalid syntax"');
    m.fs.put("/etc/default/kubelet", "KUBELET_EXTRA_ARGS=--max-pods=50\n");
    await restart(m);
    await expectRunning(m);
    expect(m.kubelet()?.maxPods).toBe(50);
  });

  it("a wrong --container-runtime-endpoint", async () => {
    const m = fakeMachine();
    m.fs.put("/var/lib/kubelet/kubeadm-flags.env", m.fs.read("/var/lib/kubelet/kubeadm-flags.env")!.replace("containerd.sock", "containerd.socket"));
    await restart(m);
    await expectCrashLoop(m);
    expect((await lastRun(m)).slice(-1)[0]).toBe(
      'E run.go:72] "command failed" err="failed to run Kubelet: validate service connection: validate CRI v1 runtime API for endpoint \\"unix:///var/run/containerd/containerd.socket\\": rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: dial unix /var/run/containerd/containerd.socket: connect: no such file or directory\\""',
    );
  });

  it("a wrong server address: the kubelet runs but cannot reach the API server, and says so every 10s", async () => {
    const m = fakeMachine();
    m.dial = (server) => (server === "controlplane:6443" ? { ok: true } : { ok: false, error: `dial tcp 192.168.100.10:${server.split(":")[1]}: connect: connection refused` });
    m.fs.put("/etc/kubernetes/kubelet.conf", kubeletConf("https://controlplane:6444"));
    await restart(m, false, 12_000);
    await expectRunning(m);
    const lines = await lastRun(m);
    expect(lines).toContain('E kubelet_node_status.go:107] "Unable to register node with API server" err="Post \\"https://controlplane:6444/api/v1/nodes\\": dial tcp 192.168.100.10:6444: connect: connection refused" node="node01"');
    expect(lines).toContain(
      'E controller.go:145] "Failed to ensure lease exists, will retry" err="Get \\"https://controlplane:6444/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node01?timeout=10s\\": dial tcp 192.168.100.10:6444: connect: connection refused" interval="7s"',
    );
    expect(lines.filter((l) => l.includes("Unable to register node")).length).toBe(2);
    expect(m.kubelet()?.server).toBe("controlplane:6444");
    m.fs.put("/etc/kubernetes/kubelet.conf", kubeletConf());
    await restart(m);
    expect((await lastRun(m)).filter((l) => l.includes("Unable to register"))).toEqual([]);
    expect(m.kubelet()?.server).toBe("controlplane:6443");
  });

  it("a CA that did not sign the API server's certificate: TLS verification fails on every call", async () => {
    const m = fakeMachine();
    const p = pki();
    m.dial = (_server, caPem) => (caPem === p.caCert ? { ok: true } : { ok: false, error: "tls: failed to verify certificate: x509: certificate signed by unknown authority" });
    m.fs.put("/etc/kubernetes/kubelet.conf", kubeletConf("https://controlplane:6443", p.otherCaCert));
    await restart(m);
    await expectRunning(m);
    expect(await lastRun(m)).toContain(
      'E kubelet_node_status.go:107] "Unable to register node with API server" err="Post \\"https://controlplane:6443/api/v1/nodes\\": tls: failed to verify certificate: x509: certificate signed by unknown authority" node="node01"',
    );
    m.fs.put("/etc/kubernetes/kubelet.conf", kubeletConf());
    await restart(m);
    expect((await lastRun(m)).some((l) => l.includes("x509"))).toBe(false);
  });
});

describe("kubelet and a stopped containerd", () => {
  it("logs the runtime's errors while it is down, and the node's Ready message follows the thresholds", async () => {
    const m = fakeMachine();
    m.advance(60_000);
    expect((await sc(m, "stop", "containerd")).exitCode).toBe(0);
    m.advance(30_000);
    const lines = await lastRun(m);
    const cri = 'rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: dial unix /var/run/containerd/containerd.sock: connect: no such file or directory\\"';
    expect(lines).toContain(`E generic.go:256] "GenericPLEG: Unable to retrieve pods" err="${cri}"`);
    expect(lines).toContain(`E kubelet.go:3050] "Container runtime sanity check failed" err="${cri}"`);
    expect(lines.some((l) => l.includes("Skipping pod synchronization"))).toBe(false);
    m.advance(120_000);
    expect((await lastRun(m)).slice(-1)[0]).toBe('E kubelet.go:2493] "Skipping pod synchronization" err="container runtime is down"');
    expect(runtimeDownReadyMessage(0, 119_000)).toBeUndefined();
    expect(runtimeDownReadyMessage(0, 120_000)).toBe("container runtime is down");
    expect(runtimeDownReadyMessage(0, 185_123)).toBe("[container runtime is down, PLEG is not healthy: pleg was last seen active 3m5.123s ago; threshold is 3m0s]");
    // The kubelet itself keeps running; starting containerd ends the errors.
    await expectRunning(m);
    expect((await sc(m, "start", "containerd")).exitCode).toBe(0);
    m.advance(1000);
    const count = (await lastRun(m)).length;
    m.advance(60_000);
    expect((await lastRun(m)).length).toBe(count);
  });

  it("a kubelet started while containerd is down crash-loops until it is back", async () => {
    const m = fakeMachine();
    await sc(m, "stop", "containerd");
    await restart(m);
    await expectCrashLoop(m);
    await sc(m, "start", "containerd");
    m.advance(11_000);
    await expectRunning(m);
  });
});
