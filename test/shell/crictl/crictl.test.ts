/**
 * crictl on the controlplane node of the default cluster: what the node's
 * containerd holds (the static control plane, the DaemonSet and CoreDNS
 * pods, a crash-looping pod), the output formats, the errors, and what the
 * commands change (stop, rmi, config) - byte for byte where crictl v1.34's
 * source fixes the text.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { ShellSession } from "../../../src/shell/session.js";
import { newCluster, sh } from "../../helpers.js";

const WARN_NO_CONFIG = 'WARN[0000] Config "/etc/crictl.yaml" does not exist, trying next: "/usr/bin/crictl.yaml" \n';
const DEFAULTS = "[unix:///run/containerd/containerd.sock unix:///run/crio/crio.sock unix:///var/run/cri-dockerd.sock]";
const WARN_RUNTIME_DEFAULTS = `WARN[0000] runtime connect using default endpoints: ${DEFAULTS}. As the default settings are now deprecated, you should set the endpoint instead. \n`;
const WARN_IMAGE_DEFAULTS = `WARN[0000] Image connect using default endpoints: ${DEFAULTS}. As the default settings are now deprecated, you should set the endpoint instead. \n`;
/** logrus' terminal line: level, seconds since start, the message padded to 44 columns, a space. */
const fatal = (msg: string) => `FATA[0000] ${msg.padEnd(44)} \n`;
const PS_HEADER = "CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD                 NAMESPACE";

/** Two pods on controlplane: one that fails every start (output on both streams), one that sleeps. */
const WORKLOADS = `cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata: {name: crasher}
spec:
  nodeName: controlplane
  containers:
  - {name: crasher, image: busybox, command: [sh, -c, "echo to-stdout; echo to-stderr >&2; exit 3"]}
---
apiVersion: v1
kind: Pod
metadata: {name: sleeper}
spec:
  nodeName: controlplane
  containers:
  - {name: sleeper, image: busybox, command: [sleep, "3600"]}
EOF
sleep 60`;

/** Where each column of a header starts. */
function columnStarts(header: string): number[] {
  const starts = [0];
  const re = / {2,}(?=\S)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(header))) starts.push(m.index + m[0].length);
  return starts;
}

let shared: Cluster;
beforeAll(async () => {
  shared = newCluster();
  const r = await sh(WORKLOADS, { cluster: shared });
  expect(r.exitCode).toBe(0);
}, 120_000);
const run = (script: string) => sh(script, { cluster: shared });

describe("crictl ps", () => {
  it("lists the running containers of the node, newest first, in tabwriter columns (minwidth 20, padding 3)", async () => {
    const r = await run("crictl ps");
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    const names = lines.slice(1).map((l) => l.split(/\s{2,}/)[4]);
    for (const n of ["kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler", "kube-proxy", "kube-flannel", "coredns", "sleeper"]) expect(names).toContain(n);
    expect(names).not.toContain("crasher");
    const starts = columnStarts(lines[0]);
    expect(lines[0].split(/\s{2,}/)).toEqual(["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD", "NAMESPACE"]);
    // Every column is at least 20 wide and 3 wider than its widest cell.
    expect(starts.slice(0, 5)).toEqual([0, 20, 40, 60, 80]);
    for (const line of lines.slice(1)) {
      for (const s of starts.slice(1)) expect(line[s - 1]).toBe(" ");
      expect(line).toMatch(/^[0-9a-f]{13} {7}[0-9a-f]{13} {7}\S/);
    }
    const apiserver = lines.find((l) => l.includes("kube-apiserver-controlplane"))!;
    expect(apiserver).toMatch(/^[0-9a-f]{13} {7}164e094bfbad9 {7}4\d minutes ago {6}Running {13}kube-apiserver {4,}0 +[0-9a-f]{13} {7}kube-apiserver-controlplane +kube-system$/);
    const sleeper = lines.find((l) => l.includes(" sleeper "))!;
    expect(sleeper).toMatch(/ (\d\d seconds|About a minute) ago +Running +sleeper +0 +[0-9a-f]{13} +sleeper +default$/);
  });

  it("shows exited containers with -a, and filters by name pattern, state and namespace", async () => {
    const all = await run("crictl ps -a --name crasher");
    const rows = all.stdout.trimEnd().split("\n").slice(1);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) expect(row).toMatch(/ Exited +crasher +\d+ +[0-9a-f]{13} +crasher +default$/);
    expect((await run("crictl ps --name crasher")).stdout).toBe(PS_HEADER + "\n");
    expect((await run("crictl ps --state exited -q --name crasher")).stdout.trimEnd().split("\n")).toHaveLength(rows.length);
    const cp = await run("crictl ps -q --name 'kube-(apiserver|scheduler)$'");
    expect(cp.stdout.trimEnd().split("\n")).toHaveLength(2);
    const flannel = await run("crictl ps --namespace flannel -o json");
    const containers = JSON.parse(flannel.stdout).containers as Array<{ metadata: { name: string } }>;
    expect(containers.map((c) => c.metadata.name)).toEqual(["kube-flannel"]);
  });

  it("prints full ids with -q, also with combined short options (-aq)", async () => {
    const q = await run("crictl ps -q");
    expect(q.stdout).toMatch(/^([0-9a-f]{64}\n)+$/);
    const aq = await run("crictl ps -aq");
    expect(aq.stdout.split("\n").length).toBeGreaterThan(q.stdout.split("\n").length);
  });

  it("-o json and -o yaml print the CRI response (protojson field order, int64 as strings)", async () => {
    const r = await run("crictl ps --name etcd -o json");
    const doc = JSON.parse(r.stdout) as { containers: Array<Record<string, unknown>> };
    expect(Object.keys(doc.containers[0])).toEqual(["id", "podSandboxId", "metadata", "image", "imageRef", "state", "createdAt", "labels", "annotations", "imageId"]);
    expect(doc.containers[0].image).toEqual({ image: expect.stringMatching(/^sha256:6cb423f590594/), annotations: {}, userSpecifiedImage: "registry.k8s.io/etcd:3.6.4-0", runtimeHandler: "" });
    expect(doc.containers[0].createdAt).toMatch(/^\d{19}$/);
    expect(r.stdout).toMatch(/^\{\n  "containers": \[\n    \{\n      "id": "[0-9a-f]{64}",\n/);
    const y = await run("crictl ps --name etcd -o yaml");
    expect(y.stdout).toMatch(/^containers:\n- annotations:\n/);
    expect(y.stdout).toMatch(/\n  createdAt: "\d{19}"\n/);
    expect(y.stdout.endsWith("\n\n")).toBe(true);
  });

  it("refuses an unknown output format", async () => {
    const r = await run("crictl ps -o wide");
    expect(r).toMatchObject({ stdout: "", stderr: 'FATA[0000] listing containers: unsupported output format "wide" \n', exitCode: 1 });
  });
});

describe("crictl pods and images", () => {
  it("lists the pod sandboxes with their state, namespace and runtime handler", async () => {
    const r = await run("crictl pods");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0].split(/\s{2,}/)).toEqual(["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"]);
    expect(lines.find((l) => l.includes("kube-apiserver-controlplane"))).toMatch(/^[0-9a-f]{13} {7}4\d minutes ago {6}Ready {15}kube-apiserver-controlplane +kube-system +0 +\(default\)$/);
    expect(lines.find((l) => l.includes(" sleeper "))).toMatch(/ Ready +sleeper +default +0 +\(default\)$/);
    const q = await run("crictl pods -q --namespace kube-flannel");
    expect(q.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect((await run("crictl pods --state notready -q")).stdout).toBe("");
    expect((await run("crictl pods --label component=etcd -q | wc -l")).stdout.trim()).toBe("1");
  });

  it("lists the images with tag, 13-character id and size", async () => {
    const r = await run("crictl images");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0].split(/\s{2,}/)).toEqual(["IMAGE", "TAG", "IMAGE ID", "SIZE"]);
    expect(lines).toContain("registry.k8s.io/pause                     3.10.1              8f16f77c24bb9       316kB");
    expect(lines.find((l) => l.startsWith("registry.k8s.io/kube-apiserver "))).toMatch(/ v1\.34\.1 {13}164e094bfbad9 {7}29\.2MB$/);
    expect(lines.find((l) => l.startsWith("docker.io/library/busybox "))).toMatch(/ latest {14}[0-9a-f]{13} {7}[\d.]+[kM]B$/);
    const digests = await run("crictl images --digests | grep pause");
    expect(digests.stdout).toMatch(/^registry\.k8s\.io\/pause {5,}3\.10\.1 {14}b890f118b536f {7}8f16f77c24bb9 {7}316kB\n$/);
    expect((await run("crictl images -q | head -1")).stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
  });
});

describe("crictl logs", () => {
  it("prints the container's stdout on stdout and its stderr on stderr", async () => {
    const r = await run("crictl logs $(crictl ps -a -q --name crasher | head -1)");
    expect(r).toMatchObject({ stdout: "to-stdout\n", stderr: "to-stderr\n", exitCode: 0 });
    const tail = await run("crictl logs --tail 1 $(crictl ps -a -q --name crasher | head -1)");
    expect(tail).toMatchObject({ stdout: "", stderr: "to-stderr\n" });
    const ts = await run("crictl logs -t --stream stdout $(crictl ps -a -q --name crasher | head -1)");
    expect(ts.stdout).toMatch(/^2026-01-12T08:4\d:\d\d\.\d{9}Z to-stdout\n$/);
  });

  it("reads the previous attempt's file with -p, and says when there is none", async () => {
    const prev = await run("crictl logs -p $(crictl ps -a -q --name crasher | head -1)");
    expect(prev).toMatchObject({ stdout: "to-stdout\n", stderr: "to-stderr\n", exitCode: 0 });
    const none = await run("crictl logs -p $(crictl ps -q --name sleeper)");
    expect(none).toMatchObject({ stdout: "", stderr: fatal("previous terminated container sleeper not found"), exitCode: 1 });
  });

  it("shows a control-plane component's klog lines", async () => {
    const r = await run("crictl logs $(crictl ps -q --name kube-apiserver) 2>&1 | grep -c 'Serving securely on'");
    expect(r.stdout).toBe("1\n");
  });

  it("takes flags only before the id, as urfave/cli v2 parses them", async () => {
    const r = await run("crictl logs $(crictl ps -q --name sleeper) --tail 1");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^NAME:\n {3}crictl logs - Fetch the logs of a container\n\nUSAGE:\n {3}crictl logs \[command options\] CONTAINER-ID\n\nCOMMANDS:\n {3}help, h {2}Shows a list of commands or help for one command\n\nOPTIONS:\n/);
  });
});

describe("crictl inspect, inspectp, inspecti", () => {
  it("prints the status and containerd's info as indented JSON with sorted keys", async () => {
    const r = await run("crictl inspect $(crictl ps -q --name etcd)");
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(["info", "status"]);
    expect(Object.keys(doc.status)).toEqual(["annotations", "createdAt", "exitCode", "finishedAt", "id", "image", "imageId", "imageRef", "labels", "logPath", "message", "metadata", "mounts", "reason", "resources", "startedAt", "state", "stopSignal", "user"]);
    expect(doc.status).toMatchObject({
      state: "CONTAINER_RUNNING",
      exitCode: 0,
      finishedAt: "0001-01-01T00:00:00Z",
      image: { image: "registry.k8s.io/etcd:3.6.4-0" },
      imageRef: expect.stringMatching(/^registry\.k8s\.io\/etcd@sha256:[0-9a-f]{64}$/),
      logPath: expect.stringMatching(/^\/var\/log\/pods\/kube-system_etcd-controlplane_[0-9a-f]+\/etcd\/0\.log$/),
      metadata: { attempt: 0, name: "etcd" },
      user: null,
    });
    expect(doc.status.createdAt).toMatch(/^2026-01-12T08:00:\d\d\.\d+Z$/);
    expect(Object.keys(doc.info)).toEqual(["config", "pid", "removing", "runtimeOptions", "runtimeSpec", "runtimeType", "sandboxID", "snapshotKey", "snapshotter"]);
    expect(doc.info.runtimeSpec.process.args[0]).toBe("etcd");
    expect(doc.info.config.command).toContain("--data-dir=/var/lib/etcd");
    expect(r.stdout).toMatch(/^\{\n  "info": \{\n    "config": \{\n/);
  });

  it("finds a container by a unique id prefix, and refuses an ambiguous one", async () => {
    const id = (await run("crictl ps -q --name etcd")).stdout.trim();
    const r = await run(`crictl inspect -o go-template --template '{{.status.metadata.name}}' ${id.slice(0, 6)}`);
    expect(r).toMatchObject({ stdout: "etcd\n", exitCode: 0 });
    const ids = (await run("crictl ps -aq")).stdout.trim().split("\n");
    const counts = new Map<string, number>();
    for (const x of ids) counts.set(x[0], (counts.get(x[0]) ?? 0) + 1);
    const shared = [...counts].find(([, n]) => n > 1)![0];
    const amb = await run(`crictl inspect ${shared}`);
    expect(amb.exitCode).toBe(1);
    expect(amb.stderr).toContain(`FATA[0000] get the status of containers: get container status: rpc error: code = Unknown desc = an error occurred when try to find container "${shared}": Multiple IDs found with provided prefix: ${shared} \n`);
  });

  it("reports an unknown id with cri-client's klog line and crictl's fatal line", async () => {
    const r = await run("crictl inspect nope");
    expect(r.exitCode).toBe(1);
    const [klog, fatal] = r.stderr.split("\n");
    expect(klog).toMatch(/^E0112 \d\d:\d\d:\d\d\.\d{6} +\d+ log\.go:32\] "ContainerStatus from runtime service failed" err="rpc error: code = NotFound desc = an error occurred when try to find container \\"nope\\": not found" containerID="nope"$/);
    expect(fatal).toBe('FATA[0000] get the status of containers: get container status: rpc error: code = NotFound desc = an error occurred when try to find container "nope": not found ');
    const logs = await run("crictl logs nope");
    expect(logs.stderr.split("\n")[1]).toBe('FATA[0000] rpc error: code = NotFound desc = an error occurred when try to find container "nope": not found ');
  });

  it("inspects a pod sandbox: host-network pods report no IP", async () => {
    const cp = JSON.parse((await run("crictl inspectp $(crictl pods -q --name kube-apiserver)")).stdout);
    expect(cp.status).toMatchObject({ state: "SANDBOX_READY", network: { ip: "", additionalIps: [] }, metadata: { name: "kube-apiserver-controlplane", namespace: "kube-system", attempt: 0 } });
    expect(cp.status.linux.namespaces.options.network).toBe("NODE");
    const pod = JSON.parse((await run("crictl inspectp $(crictl pods -q --name sleeper)")).stdout);
    expect(pod.status.network.ip).toMatch(/^10\.244\.0\.\d+$/);
    expect(pod.info.image).toBe("registry.k8s.io/pause:3.10.1");
  });

  it("inspects an image by tag or id prefix", async () => {
    const r = JSON.parse((await run("crictl inspecti registry.k8s.io/pause:3.10.1")).stdout);
    expect(r.status).toEqual({ id: expect.stringMatching(/^sha256:8f16f77c24bb9/), pinned: true, repoDigests: [expect.stringMatching(/^registry\.k8s\.io\/pause@sha256:/)], repoTags: ["registry.k8s.io/pause:3.10.1"], size: "315937", username: "" });
    const byId = await run("crictl inspecti -q 8f16f77c24bb9");
    expect(JSON.parse(byId.stdout)).toEqual({ status: r.status });
    expect(await run("crictl inspecti nope:1")).toMatchObject({ stderr: fatal('no such image "nope:1" present'), exitCode: 1 });
  });
});

describe("crictl exec, version, info", () => {
  it("runs a command in a running container and reports its exit status", async () => {
    expect(await run("crictl exec $(crictl ps -q --name sleeper) echo hi")).toMatchObject({ stdout: "hi\n", stderr: "", exitCode: 0 });
    const fail = await run("ID=$(crictl ps -q --name sleeper); crictl exec $ID sh -c 'exit 4'");
    expect(fail.exitCode).toBe(1);
    expect(fail.stderr).toMatch(/^FATA\[0000\] execing command in container [0-9a-f]{64}: command terminated with exit code 4 \n$/);
    const missing = await run("crictl exec $(crictl ps -q --name sleeper) nope");
    expect(missing.stderr).toMatch(/: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "nope": executable file not found in \$PATH: unknown \n$/);
  });

  it("prints the runtime's version", async () => {
    expect(await run("crictl version")).toMatchObject({ stdout: "Version:  0.1.0\nRuntimeName:  containerd\nRuntimeVersion:  v1.7.27\nRuntimeApiVersion:  v1\n", stderr: "", exitCode: 0 });
  });

  it("prints the runtime's conditions and config", async () => {
    const doc = JSON.parse((await run("crictl info")).stdout);
    expect(Object.keys(doc)).toEqual(["cniconfig", "config", "golang", "lastCNILoadStatus", "lastCNILoadStatus.default", "status"]);
    expect(doc.status.conditions.map((c: { type: string; status: boolean }) => [c.type, c.status])).toEqual([
      ["RuntimeReady", true],
      ["NetworkReady", true],
      ["ContainerdHasNoDeprecationWarnings", true],
    ]);
    expect(doc.config.containerd.runtimes.runc.options.SystemdCgroup).toBe(true);
    expect(await run("crictl runtime-config")).toMatchObject({ stdout: "cgroup driver:   SYSTEMD\n", exitCode: 0 });
  });
});

describe("crictl's command line (urfave/cli v2)", () => {
  it("rejects an unknown flag with the usage on stdout and a fatal line", async () => {
    const r = await run("crictl ps --foo");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(fatal("flag provided but not defined: -foo"));
    expect(r.stdout).toMatch(/^Incorrect Usage: flag provided but not defined: -foo\n\nNAME:\n {3}crictl ps - List containers\n\nUSAGE:\n {3}crictl ps \[command options\]\n\nCOMMANDS:\n/);
    expect(r.stdout).toContain("\n   --all, -a                        Show all containers (default: false)\n");
    expect(r.stdout).toContain('\n   --output value, -o value         Output format, One of: json|yaml|table (default: "table")\n');
    expect(r.stdout).toContain("\n   --label value [ --label value ]  Filter by key=value label\n");
    expect(r.stdout.endsWith("\n   --help, -h                       show help\n")).toBe(true);
  });

  it("has no help topic for an unknown command (exit 3)", async () => {
    expect(await run("crictl foo")).toMatchObject({ stdout: "", stderr: "No help topic for 'foo'\n", exitCode: 3 });
  });

  it("ends the other ways crictl's code does: cli.Exit, log.Fatalf and a bad flag value", async () => {
    expect(await run("crictl stop")).toMatchObject({ stdout: "", stderr: "you must specify at least one CONTAINER-ID or use --all\n", exitCode: 1 });
    expect(await run("crictl ps --state paused")).toMatchObject({ stdout: "", stderr: expect.stringMatching(/^2026\/01\/12 08:\d\d:\d\d --state should be one of created, running, exited or unknown\n$/), exitCode: 1 });
    const r = await run("crictl ps --last abc");
    expect(r.stderr).toBe(fatal('invalid value "abc" for flag -last: parse error'));
    expect(r.stdout.startsWith('Incorrect Usage: invalid value "abc" for flag -last: parse error\n\nNAME:\n')).toBe(true);
    expect(await run("crictl ps --label app")).toMatchObject({ stderr: fatal("incorrectly specified label: app"), exitCode: 1 });
  });

  it("prints a command's help without the subcommand list for -h, and the version for --version", async () => {
    const r = await run("crictl stop -h");
    expect(r).toMatchObject({ stderr: "", exitCode: 0 });
    expect(r.stdout).toBe(
      "NAME:\n   crictl stop - Stop one or more running containers\n\nUSAGE:\n   crictl stop [command options] CONTAINER-ID [CONTAINER-ID...]\n\nOPTIONS:\n" +
        "   --all, -a                  Stop all running containers (default: false)\n" +
        "   --timeout value, -t value  Seconds to wait to kill the container after a graceful stop is requested (default: 0)\n" +
        "   --help, -h                 show help\n",
    );
    expect(await run("crictl --version")).toMatchObject({ stdout: "crictl version v1.34.0\n", exitCode: 0 });
    const app = await run("crictl --help");
    expect(app.stdout).toMatch(/^NAME:\n {3}crictl - client for CRI\n\nUSAGE:\n {3}crictl \[global options\] command \[command options\]\n\nVERSION:\n {3}v1\.34\.0\n\nCOMMANDS:\n {3}attach {17}Attach to a running container\n/);
    expect(app.stdout).toContain("\n   images, image, img     List images\n");
    expect(app.stdout).toContain("\n   help, h                Shows a list of commands or help for one command\n\nGLOBAL OPTIONS:\n");
    expect(app.stdout.endsWith("\n   --help, -h                                 show help\n   --version, -v                              print the version\n")).toBe(true);
    expect(app.stdout).toContain('\n   --config value, -c value                   Location of the client config file. If not specified and the default does not exist, the program\'s directory is searched as well (default: "/etc/crictl.yaml") [$CRI_CONFIG_FILE]\n');
  });

  it("is not installed on a host that is not a node", async () => {
    const base = new ShellSession(shared, { host: "base", user: "candidate", scripted: true });
    expect(await base.exec("crictl ps")).toMatchObject({ stdout: "", stderr: "bash: crictl: command not found\n", exitCode: 127 });
  });
});

describe("commands that change the node", () => {
  let cluster: Cluster;
  beforeAll(() => {
    cluster = newCluster();
  }, 60_000);
  const node = (script: string) => sh(script, { cluster });

  it("stop kills a container at once; the kubelet starts the next attempt", async () => {
    const id = (await node("crictl ps -q --name kube-scheduler")).stdout.trim();
    expect(await node(`crictl stop ${id.slice(0, 13)}`)).toMatchObject({ stdout: `${id.slice(0, 13)}\n`, stderr: "", exitCode: 0 });
    const status = JSON.parse((await node(`crictl inspect -q ${id}`)).stdout).status;
    expect(status).toMatchObject({ state: "CONTAINER_EXITED", exitCode: 137, reason: "Error" });
    expect(status.finishedAt).not.toBe("0001-01-01T00:00:00Z");
    const later = await node("sleep 20; crictl ps -a --name kube-scheduler");
    const rows = later.stdout.trimEnd().split("\n").slice(1);
    expect(rows[0]).toMatch(/ Running +kube-scheduler +1 +/);
    expect(rows[1]).toMatch(new RegExp(`^${id.slice(0, 13)} .* Exited +kube-scheduler +0 +`));
    const unknown = await node("crictl stop nope");
    expect(unknown.stderr.split("\n")[1]).toBe('FATA[0000] stopping the container "nope": rpc error: code = NotFound desc = an error occurred when try to find container "nope": not found ');
  });

  it("rm refuses a running container without -f", async () => {
    const r = await node("crictl rm $(crictl ps -q --name kube-proxy)");
    expect(r.stderr).toMatch(/^FATA\[0000\] container "[0-9a-f]{64}" is running, please stop it first \n$/);
    expect(r.exitCode).toBe(1);
  });

  it("pull fetches an image, rmi removes every tag of it, and a second rmi finds nothing", async () => {
    const pull = await node("crictl pull nginx:1.27");
    expect(pull).toMatchObject({ stdout: expect.stringMatching(/^Image is up to date for sha256:[0-9a-f]{64}\n$/), stderr: "", exitCode: 0 });
    expect((await node("crictl images | grep nginx")).stdout).toMatch(/^docker\.io\/library\/nginx {5,}1\.27 /);
    expect(await node("crictl rmi nginx:1.27")).toMatchObject({ stdout: "Deleted: docker.io/library/nginx:1.27\n", stderr: "", exitCode: 0 });
    expect((await node("crictl images | grep -c nginx")).stdout).toBe("0\n");
    expect(await node("crictl rmi nginx:1.27")).toMatchObject({ stdout: "", stderr: fatal("no such image nginx:1.27"), exitCode: 1 });
    const bad = await node("crictl pull nginx:no-such-tag");
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('FATA[0000] pulling image: rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:no-such-tag"');
  });

  it("warns about the missing /etc/crictl.yaml and the default endpoints, until `crictl config` writes it", async () => {
    const r = await node("rm /etc/crictl.yaml; crictl ps -q --name etcd");
    expect(r.stderr).toBe(WARN_NO_CONFIG + WARN_RUNTIME_DEFAULTS + WARN_IMAGE_DEFAULTS);
    expect(r.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect((await node("crictl pods -q --name etcd")).stderr).toBe(WARN_NO_CONFIG + WARN_RUNTIME_DEFAULTS);
    const set = await node("crictl config --set runtime-endpoint=unix:///run/containerd/containerd.sock && cat /etc/crictl.yaml");
    expect(set).toMatchObject({ stderr: WARN_NO_CONFIG, exitCode: 0 });
    expect(set.stdout).toBe('runtime-endpoint: "unix:///run/containerd/containerd.sock"\nimage-endpoint: ""\ntimeout: 0\ndebug: false\npull-image-on-create: false\ndisable-pull-on-run: false\n');
    expect(await node("crictl config --get runtime-endpoint")).toMatchObject({ stdout: "unix:///run/containerd/containerd.sock\n", stderr: "", exitCode: 0 });
    expect((await node("crictl ps -q --name etcd")).stderr).toBe("");
  });

  it("fails to connect while containerd is down, naming the socket", async () => {
    await node("printf 'runtime-endpoint: unix:///run/containerd/containerd.sock\\nimage-endpoint: unix:///run/containerd/containerd.sock\\ntimeout: 10\\n' > /etc/crictl.yaml");
    // What `systemctl stop containerd` does to the machine: containerd's socket goes away.
    const containerd = cluster.machine("controlplane")!.runContainerd();
    containerd.stop();
    const r = await node("crictl ps");
    expect(r).toMatchObject({
      stdout: "",
      stderr: 'FATA[0000] validate service connection: validate CRI v1 runtime API for endpoint "unix:///run/containerd/containerd.sock": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or directory" \n',
      exitCode: 1,
    });
    const images = await node("crictl images");
    expect(images.stderr).toContain('validate CRI v1 image API for endpoint "unix:///run/containerd/containerd.sock"');
    const defaults = await node("rm /etc/crictl.yaml; crictl version");
    const lines = defaults.stderr.split("\n");
    expect(lines.slice(0, 2).join("\n") + "\n").toBe(WARN_NO_CONFIG + WARN_RUNTIME_DEFAULTS);
    expect(lines[2]).toMatch(/^ERRO\[0000\] validate service connection: validate CRI v1 runtime API for endpoint "unix:\/\/\/run\/containerd\/containerd\.sock": .*connect: no such file or directory" $/);
    expect(lines[5]).toMatch(/^FATA\[0000\] validate service connection: validate CRI v1 runtime API for endpoint "unix:\/\/\/var\/run\/cri-dockerd\.sock": .*dial unix \/var\/run\/cri-dockerd\.sock: connect: no such file or directory" $/);
    cluster.machine("controlplane")!.runContainerd();
    expect((await node("crictl version")).exitCode).toBe(0);
  });
});
