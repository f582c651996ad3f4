import { describe, expect, it } from "vitest";
import { sh } from "../../helpers.js";
import { containerState, eventsFor, getPod, readyCluster, runPod, waitUntil } from "./kubelet-helpers.js";

describe("pod lifecycle details", () => {
  const c = readyCluster();
  const kubelet = () => c.kubelets.get("node01")!;

  it("runs a sidecar (restartable init container) alongside the app", () => {
    runPod(c, "sidecar", {
      initContainers: [{ name: "log-agent", image: "busybox:1.36", restartPolicy: "Always", command: ["sh", "-c", "while true; do echo shipping; sleep 10; done"] }],
      containers: [{ name: "app", image: "busybox:1.36", command: ["sleep", "3600"] }],
    });
    waitUntil(c, () => getPod(c, "sidecar")!.status.phase === "Running");
    const p = getPod(c, "sidecar")!;
    expect(p.status.initContainerStatuses[0]).toMatchObject({ name: "log-agent", ready: true, started: true, state: { running: {} } });
    expect(p.status.containerStatuses[0]).toMatchObject({ name: "app", ready: true });
    expect(kubelet().containerLogs("default", "sidecar", { container: "log-agent" })).toBe("shipping\n");
  });

  it("restarts a container whose image was changed in the pod spec", () => {
    runPod(c, "upgrade", { containers: [{ name: "web", image: "nginx:1.26" }] });
    waitUntil(c, () => getPod(c, "upgrade")!.status.phase === "Running");
    const p = getPod(c, "upgrade")!;
    c.client().update("pods", "default", { ...p, spec: { ...p.spec, containers: [{ ...p.spec.containers[0], image: "nginx:1.27" }] } });
    waitUntil(c, () => containerState(c, "upgrade")!.image === "docker.io/library/nginx:1.27" && containerState(c, "upgrade")!.state.running !== undefined, 30);
    expect(containerState(c, "upgrade")!.restartCount).toBe(1);
    expect(eventsFor(c, "upgrade").find((e) => e.reason === "Killing")!.message).toBe("Container web definition changed, will be restarted");
  });

  it("resets the crash-loop back-off after a container ran for ten minutes", () => {
    // Crash three times quickly, then run 11 minutes before crashing again: the next restart is immediate.
    const script = "n=$(cat /data/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /data/n; if [ $n -lt 4 ]; then exit 1; fi; sleep 660; exit 1";
    runPod(c, "flaky", { containers: [{ name: "app", image: "busybox:1.36", command: ["sh", "-c", script], volumeMounts: [{ name: "data", mountPath: "/data" }] }], volumes: [{ name: "data", emptyDir: {} }] });
    waitUntil(c, () => containerState(c, "flaky")?.restartCount === 3 && containerState(c, "flaky")!.state.running !== undefined, 120);
    waitUntil(c, () => containerState(c, "flaky")!.state.running === undefined, 700);
    const took = waitUntil(c, () => containerState(c, "flaky")!.restartCount === 4, 60);
    expect(took).toBeLessThanOrEqual(2);
  });

  it("fails a pod past its activeDeadlineSeconds", () => {
    runPod(c, "deadline", { activeDeadlineSeconds: 20, containers: [{ name: "app", image: "busybox:1.36", command: ["sleep", "3600"] }] });
    waitUntil(c, () => getPod(c, "deadline")!.status.phase === "Failed", 60);
    const p = getPod(c, "deadline")!;
    expect(p.status).toMatchObject({ reason: "DeadlineExceeded", message: "Pod was active on the node longer than the specified deadline" });
    expect(eventsFor(c, "deadline").find((e) => e.reason === "DeadlineExceeded")!.type).toBe("Warning");
  });

  it("does not pull with imagePullPolicy Never", () => {
    runPod(c, "never", { containers: [{ name: "app", image: "redis:7.4", imagePullPolicy: "Never" }] });
    waitUntil(c, () => containerState(c, "never")?.state.waiting?.reason === "ErrImageNeverPull");
    expect(containerState(c, "never")!.state.waiting.message).toBe('Container image "redis:7.4" is not present with pull policy of Never');
  });

  it("explains why there are no logs yet, as the kubelet does", () => {
    expect(() => kubelet().containerLogs("default", "never")).toThrow('container "app" in pod "never" is waiting to start: ErrImageNeverPull');
    expect(() => kubelet().containerLogs("default", "sidecar", { container: "app", previous: true })).toThrow('previous terminated container "app" in pod "sidecar" not found');
  });
});

describe("what kubectl shows", () => {
  it("shows the kubelet's reasons in the STATUS column", async () => {
    const r = await sh(
      [
        "sleep 180",
        "kubectl create -f - <<'EOF'",
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: bad-image}",
        "spec:",
        "  nodeName: node01",
        "  containers: [{name: web, image: 'nginx:nope'}]",
        "---",
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: init}",
        "spec:",
        "  nodeName: node01",
        "  initContainers: [{name: wait, image: busybox, command: [sleep, '60']}]",
        "  containers: [{name: app, image: busybox, command: [sleep, '3600']}]",
        "---",
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: done}",
        "spec:",
        "  nodeName: node02",
        "  restartPolicy: Never",
        "  containers: [{name: app, image: busybox, command: [echo, hi]}]",
        "EOF",
        "sleep 20",
        "kubectl get pods",
      ].join("\n"),
    );
    const table = r.stdout.trim().split("\n");
    const status = Object.fromEntries(
      table
        .slice(table.findIndex((l) => l.startsWith("NAME")) + 1)
        .map((l) => l.split(/\s+/))
        .map((cols) => [cols[0], cols[2]]),
    );
    expect(status).toEqual({ "bad-image": "ImagePullBackOff", done: "Completed", init: "Init:0/1" });
  });
});

describe("a stopped kubelet", () => {
  const c = readyCluster();

  it("stops renewing its Lease and restarting containers, and carries on when started again", () => {
    runPod(c, "crashy", { containers: [{ name: "app", image: "busybox:1.36", command: ["sh", "-c", "sleep 5; exit 1"] }] });
    runPod(c, "steady", { containers: [{ name: "app", image: "busybox:1.36", command: ["sleep", "3600"] }] });
    waitUntil(c, () => containerState(c, "crashy")?.restartCount === 1, 60);
    const kubelet = c.kubelets.get("node01")!;
    kubelet.stop();
    const renew = () => c.client().get("leases", "kube-node-lease", "node01").spec.renewTime;
    const before = renew();
    const restarts = containerState(c, "crashy")!.restartCount;
    c.advance(120_000);
    expect(renew()).toBe(before);
    expect(containerState(c, "crashy")!.restartCount).toBe(restarts);
    // The containers keep running without their kubelet.
    const steady = containerState(c, "steady")!.containerID.replace("containerd://", "");
    expect(kubelet.runtime.containerStatus(steady)!.state).toBe("CONTAINER_RUNNING");
    kubelet.start();
    c.advance(15_000);
    expect(renew()).not.toBe(before);
    waitUntil(c, () => containerState(c, "crashy")!.restartCount > restarts, 60);
    expect(kubelet.exec("default", "steady", undefined, ["sh", "-c", "echo hello; hostname"]).stdout).toBe("hello\nsteady\n");
  });
});
