import { describe, expect, it } from "vitest";
import { containerState, eventsFor, getPod, readyCluster, reasons, runPod, waitUntil } from "./kubelet-helpers.js";

const logs = (c: ReturnType<typeof readyCluster>, pod: string, opts = {}) => c.kubelets.get(getPod(c, pod)!.spec.nodeName)!.containerLogs("default", pod, opts);

describe("running a pod", () => {
  const c = readyCluster();

  it("goes ContainerCreating -> Running with Pulling, Pulled, Created, Started", () => {
    runPod(c, "web", { containers: [{ name: "web", image: "nginx" }] });
    c.advance(10);
    expect(getPod(c, "web")!.status.phase).toBe("Pending");
    expect(containerState(c, "web")!.state).toEqual({ waiting: { reason: "ContainerCreating" } });
    const took = waitUntil(c, () => getPod(c, "web")!.status.phase === "Running", 30);
    expect(took).toBeGreaterThanOrEqual(2);
    expect(took).toBeLessThanOrEqual(6);
    const ev = eventsFor(c, "web");
    expect(ev.map((e) => e.reason)).toEqual(["Pulling", "Pulled", "Created", "Started"]);
    expect(ev[0].message).toBe('Pulling image "nginx"');
    expect(ev[1].message).toMatch(/^Successfully pulled image "nginx" in \d+(\.\d+)?m?s \(\d+(\.\d+)?m?s including waiting\)\. Image size: \d+ bytes\.$/);
    expect(ev[2].message).toBe("Created container: web");
    expect(ev[3].message).toBe("Started container web");
    expect(ev[3].involvedObject.fieldPath).toBe("spec.containers{web}");
    expect(ev[3].source).toEqual({ component: "kubelet", host: "node01" });
  });

  it("reports the status a running pod has: IPs from the node's pod CIDR, container ids, conditions", () => {
    const p = getPod(c, "web")!;
    expect(p.status.hostIP).toBe("192.168.100.11");
    expect(p.status.hostIPs).toEqual([{ ip: "192.168.100.11" }]);
    expect(p.status.podIP).toMatch(/^10\.244\.1\.\d+$/);
    expect(Number(p.status.podIP.split(".")[3])).toBeGreaterThanOrEqual(2);
    expect(p.status.podIPs).toEqual([{ ip: p.status.podIP }]);
    expect(p.status.qosClass).toBe("BestEffort");
    expect(p.status.conditions.map((x: any) => [x.type, x.status])).toEqual([
      ["PodReadyToStartContainers", "True"],
      ["Initialized", "True"],
      ["Ready", "True"],
      ["ContainersReady", "True"],
      ["PodScheduled", "True"],
    ]);
    const cs = p.status.containerStatuses[0];
    expect(cs).toMatchObject({ name: "web", ready: true, started: true, restartCount: 0, image: "docker.io/library/nginx:latest", lastState: {} });
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(cs.state.running.startedAt).toBe(p.status.startTime.slice(0, 17) + cs.state.running.startedAt.slice(17));
  });

  it("keeps the container's output as its log", () => {
    const out = logs(c, "web");
    expect(out).toContain("/docker-entrypoint.sh: Configuration complete; ready for start up\n");
    expect(out).toMatch(/\[notice\] 1#1: nginx\/1\.29\.1\n/);
  });

  it("gives the next pod the next address and reuses a pulled image", () => {
    runPod(c, "a", { containers: [{ name: "a", image: "nginx:1.27" }] });
    waitUntil(c, () => getPod(c, "a")!.status.phase === "Running");
    runPod(c, "b", { containers: [{ name: "b", image: "nginx:1.27" }] });
    waitUntil(c, () => getPod(c, "b")!.status.phase === "Running");
    const last = (name: string) => Number(getPod(c, name)!.status.podIP.split(".")[3]);
    expect(last("b")).toBe(last("a") + 1);
    expect(reasons(c, "b")).toEqual(["Pulled", "Created", "Started"]);
    expect(eventsFor(c, "b")[0].message).toBe('Container image "nginx:1.27" already present on machine');
  });

  it("puts a hostNetwork pod on the node's address", () => {
    runPod(c, "hostnet", { hostNetwork: true, containers: [{ name: "c", image: "busybox:1.36", command: ["sleep", "3600"] }] }, "node02");
    waitUntil(c, () => getPod(c, "hostnet")!.status.phase === "Running");
    expect(getPod(c, "hostnet")!.status.podIP).toBe("192.168.100.12");
  });
});

describe("containers that finish", () => {
  const c = readyCluster();

  it("completes a busybox echo: phase Succeeded, reason Completed, its output in the log", () => {
    runPod(c, "hello", { restartPolicy: "Never", containers: [{ name: "hello", image: "busybox", command: ["sh", "-c", "echo hello from $HOSTNAME"] }] });
    waitUntil(c, () => getPod(c, "hello")!.status.phase === "Succeeded");
    const p = getPod(c, "hello")!;
    const t = p.status.containerStatuses[0].state.terminated;
    expect(t).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(t.containerID).toBe(p.status.containerStatuses[0].containerID);
    expect(p.status.conditions.find((x: any) => x.type === "Ready")).toMatchObject({ status: "False", reason: "PodCompleted" });
    expect(p.status.conditions.find((x: any) => x.type === "PodReadyToStartContainers")!.status).toBe("False");
    expect(logs(c, "hello")).toBe("hello from hello\n");
  });

  it("fails a pod whose container exits non-zero with restartPolicy Never", () => {
    runPod(c, "fail", { restartPolicy: "Never", containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "echo oops >&2; exit 3"] }] });
    waitUntil(c, () => getPod(c, "fail")!.status.phase === "Failed");
    expect(containerState(c, "fail")!.state.terminated).toMatchObject({ exitCode: 3, reason: "Error" });
    expect(logs(c, "fail")).toBe("oops\n");
  });

  it("runs a shell loop on the virtual clock", () => {
    runPod(c, "ticker", { containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i $(date +%T); sleep 5; done"] }] });
    waitUntil(c, () => getPod(c, "ticker")!.status.phase === "Running");
    c.advance(20_000);
    const lines = logs(c, "ticker").trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines[0]).toMatch(/^tick 1 \d\d:\d\d:\d\d$/);
    const secs = lines.slice(0, 3).map((l) => l.split(" ")[2].split(":").reduce((a, b) => a * 60 + Number(b), 0));
    expect(secs[1] - secs[0]).toBe(5);
    expect(secs[2] - secs[1]).toBe(5);
    const stamped = logs(c, "ticker", { timestamps: true }).split("\n")[0];
    expect(stamped).toMatch(/^2026-01-12T\d\d:\d\d:\d\d\.\d{9}Z tick 1 /);
  });
});

describe("init containers and volumes", () => {
  const c = readyCluster();

  it("runs init containers in order before the app, sharing an emptyDir", () => {
    runPod(c, "init", {
      initContainers: [
        { name: "first", image: "busybox", command: ["sh", "-c", "sleep 5; echo one > /work/order"], volumeMounts: [{ name: "work", mountPath: "/work" }] },
        { name: "second", image: "busybox", command: ["sh", "-c", "sleep 5; echo two >> /work/order"], volumeMounts: [{ name: "work", mountPath: "/work" }] },
      ],
      containers: [{ name: "app", image: "busybox", command: ["sh", "-c", "cat /work/order; sleep 3600"], volumeMounts: [{ name: "work", mountPath: "/work" }] }],
      volumes: [{ name: "work", emptyDir: {} }],
    });
    waitUntil(c, () => containerState(c, "init", "first")?.state.running !== undefined);
    let p = getPod(c, "init")!;
    expect(p.status.phase).toBe("Pending");
    expect(containerState(c, "init", "second")!.state).toEqual({ waiting: { reason: "PodInitializing" } });
    expect(containerState(c, "init", "app")!.state).toEqual({ waiting: { reason: "PodInitializing" } });
    expect(p.status.conditions.find((x: any) => x.type === "Initialized")).toMatchObject({ status: "False", reason: "ContainersNotInitialized", message: "containers with incomplete status: [first second]" });
    waitUntil(c, () => getPod(c, "init")!.status.phase === "Running", 30);
    p = getPod(c, "init")!;
    for (const s of p.status.initContainerStatuses) expect(s).toMatchObject({ ready: true, started: false, state: { terminated: { exitCode: 0, reason: "Completed" } } });
    expect(reasons(c, "init").filter((r) => r === "Started")).toHaveLength(3);
    expect(eventsFor(c, "init").find((e) => e.reason === "Started")!.involvedObject.fieldPath).toBe("spec.initContainers{first}");
    expect(logs(c, "init", { container: "app" })).toBe("one\ntwo\n");
  });

  it("mounts ConfigMaps and resolves env from them and the downward API", () => {
    const admin = c.client();
    admin.create("configmaps", "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app" }, data: { "app.conf": "color=blue\n", MODE: "prod" } });
    runPod(c, "env", {
      containers: [
        {
          name: "c",
          image: "busybox",
          command: ["sh", "-c", "echo $MODE $POD_NAME $(NODE) $KUBERNETES_SERVICE_HOST; cat /etc/app/app.conf; sleep 3600"],
          env: [
            { name: "MODE", valueFrom: { configMapKeyRef: { name: "app", key: "MODE" } } },
            { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
          ],
          volumeMounts: [{ name: "cfg", mountPath: "/etc/app" }],
        },
      ],
      volumes: [{ name: "cfg", configMap: { name: "app" } }],
    });
    waitUntil(c, () => getPod(c, "env")!.status.phase === "Running");
    // $(NODE) in the command is expanded by the kubelet before the shell sees it.
    expect(logs(c, "env")).toBe("prod env node01 10.96.0.1\ncolor=blue\n");
  });

  it("keeps a pod in CreateContainerConfigError while its ConfigMap is missing, then starts it", () => {
    runPod(c, "needs-cm", { containers: [{ name: "c", image: "busybox:1.36", command: ["sleep", "3600"], env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "later", key: "x" } } }] }] });
    waitUntil(c, () => containerState(c, "needs-cm")?.state.waiting?.reason === "CreateContainerConfigError");
    expect(containerState(c, "needs-cm")!.state.waiting.message).toBe('configmap "later" not found');
    const failed = eventsFor(c, "needs-cm").find((e) => e.reason === "Failed")!;
    expect(failed).toMatchObject({ type: "Warning", message: 'Error: configmap "later" not found' });
    c.client().create("configmaps", "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "later" }, data: { y: "1" } });
    waitUntil(c, () => containerState(c, "needs-cm")?.state.waiting?.message === "couldn't find key x in ConfigMap default/later", 30);
    c.client().patch("configmaps", "default", "later", "merge", { data: { x: "1" } });
    waitUntil(c, () => getPod(c, "needs-cm")!.status.phase === "Running", 30);
  });

  it("keeps a pod ContainerCreating with FailedMount while a ConfigMap volume is missing", () => {
    runPod(c, "mount", { containers: [{ name: "c", image: "busybox", command: ["sleep", "3600"], volumeMounts: [{ name: "cfg", mountPath: "/cfg" }] }], volumes: [{ name: "cfg", configMap: { name: "nope" } }] });
    c.advance(20_000);
    expect(getPod(c, "mount")!.status.phase).toBe("Pending");
    expect(containerState(c, "mount")!.state).toEqual({ waiting: { reason: "ContainerCreating" } });
    const failed = eventsFor(c, "mount").filter((e) => e.reason === "FailedMount");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ type: "Warning", message: 'MountVolume.SetUp failed for volume "cfg" : configmap "nope" not found' });
    expect(failed[0].count).toBeGreaterThan(3);
  });
});
