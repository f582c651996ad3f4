import { describe, expect, it } from "vitest";
import { containerState, eventsFor, getPod, readyCluster, runPod, waitUntil } from "./kubelet-helpers.js";

describe("image pull failures", () => {
  const c = readyCluster();

  it("goes ErrImagePull -> ImagePullBackOff with containerd's error and the kubelet's events", () => {
    runPod(c, "nope", { containers: [{ name: "web", image: "nginx:nope" }] });
    waitUntil(c, () => containerState(c, "nope")?.state.waiting?.reason === "ErrImagePull");
    const err =
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:nope": failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found';
    expect(containerState(c, "nope")!.state.waiting.message).toBe(err);
    waitUntil(c, () => containerState(c, "nope")?.state.waiting?.reason === "ImagePullBackOff", 30);
    expect(containerState(c, "nope")!.state.waiting.message).toBe(`Back-off pulling image "nginx:nope": ErrImagePull: ${err}`);
    const ev = eventsFor(c, "nope").map((e) => [e.type, e.reason, e.message]);
    expect(ev.slice(0, 5)).toEqual([
      ["Normal", "Pulling", 'Pulling image "nginx:nope"'],
      ["Warning", "Failed", `Failed to pull image "nginx:nope": ${err}`],
      ["Warning", "Failed", "Error: ErrImagePull"],
      ["Normal", "BackOff", 'Back-off pulling image "nginx:nope"'],
      ["Warning", "Failed", "Error: ImagePullBackOff"],
    ]);
  });

  it("retries the pull with the image back-off: 10s, 20s, 40s, 80s", () => {
    c.advance(160_000);
    const pulling = eventsFor(c, "nope").find((e) => e.reason === "Pulling")!;
    // First try, then after 10, 30, 70 and 150 seconds.
    expect(pulling.count).toBe(5);
    expect(getPod(c, "nope")!.status.phase).toBe("Pending");
  });

  it("says access denied for a repository Docker Hub does not have", () => {
    runPod(c, "typo", { containers: [{ name: "web", image: "ngnix" }] });
    waitUntil(c, () => containerState(c, "typo")?.state.waiting?.reason === "ErrImagePull");
    expect(containerState(c, "typo")!.state.waiting.message).toBe(
      'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/ngnix:latest": failed to resolve reference "docker.io/library/ngnix:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
  });

  it("rejects an image name that does not parse with InvalidImageName", () => {
    runPod(c, "upper", { containers: [{ name: "web", image: "NGINX" }] });
    waitUntil(c, () => containerState(c, "upper")?.state.waiting?.reason === "InvalidImageName");
    const msg = 'Failed to apply default image tag "NGINX": couldn\'t parse image name "NGINX": invalid reference format: repository name (library/NGINX) must be lowercase';
    expect(containerState(c, "upper")!.state.waiting.message).toBe(msg);
    expect(eventsFor(c, "upper").map((e) => [e.reason, e.message])).toEqual([
      ["InspectFailed", msg],
      ["Failed", "Error: InvalidImageName"],
    ]);
  });
});

describe("containers that keep exiting", () => {
  const c = readyCluster();

  it("restarts a crashing container with the crash-loop back-off: 10s, 20s, 40s ... capped at 5m", () => {
    runPod(c, "crash", { containers: [{ name: "app", image: "busybox:1.36", command: ["sh", "-c", "echo starting; exit 1"] }] });
    const restarts: number[] = [];
    let seen = 0;
    for (let s = 0; s < 1300; s++) {
      c.advance(1000);
      const n = containerState(c, "crash")?.restartCount ?? 0;
      if (n > seen) {
        seen = n;
        restarts.push(c.clock.now());
      }
    }
    const gaps = restarts.slice(1).map((t, i) => Math.round((t - restarts[i]) / 1000));
    const expected = [10, 20, 40, 80, 160, 300, 300];
    expect(gaps.length).toBeGreaterThanOrEqual(expected.length);
    expected.forEach((b, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(b);
      expect(gaps[i]).toBeLessThanOrEqual(b + 2);
    });
    const s = containerState(c, "crash")!;
    expect(s.state.waiting).toEqual({ reason: "CrashLoopBackOff", message: `back-off 5m0s restarting failed container=app pod=crash_default(${getPod(c, "crash")!.metadata.uid})` });
    expect(s.lastState.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(getPod(c, "crash")!.status.phase).toBe("Running");
    const backoff = eventsFor(c, "crash").find((e) => e.reason === "BackOff")!;
    expect(backoff).toMatchObject({ type: "Warning", message: `Back-off restarting failed container app in pod crash_default(${getPod(c, "crash")!.metadata.uid})` });
    expect(backoff.count).toBeGreaterThan(10);
    expect(eventsFor(c, "crash").find((e) => e.reason === "Started")!.count).toBe(seen + 1);
    expect(c.kubelets.get("node01")!.containerLogs("default", "crash", { previous: true })).toBe("starting\n");
  });

  it("fails to start a command that is not in the image (StartError, exit 128)", () => {
    runPod(c, "nocmd", { containers: [{ name: "app", image: "busybox:1.36", command: ["foo"] }] });
    waitUntil(c, () => containerState(c, "nocmd")?.state.waiting?.reason === "RunContainerError");
    const s = containerState(c, "nocmd")!;
    const oci = 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown';
    expect(s.state.waiting.message).toBe(oci);
    expect(s.lastState.terminated).toMatchObject({ exitCode: 128, reason: "StartError", message: oci });
    expect(eventsFor(c, "nocmd").find((e) => e.reason === "Failed")!.message).toBe(`Error: ${oci}`);
    waitUntil(c, () => containerState(c, "nocmd")?.state.waiting?.reason === "CrashLoopBackOff", 30);
  });

  it("exits 127 when a shell cannot find the command", () => {
    runPod(c, "sh127", { restartPolicy: "Never", containers: [{ name: "app", image: "busybox:1.36", command: ["sh", "-c", "foo"] }] });
    waitUntil(c, () => getPod(c, "sh127")!.status.phase === "Failed");
    expect(containerState(c, "sh127")!.state.terminated.exitCode).toBe(127);
    expect(c.kubelets.get("node01")!.containerLogs("default", "sh127")).toBe("sh: foo: not found\n");
  });

  it("OOM-kills a container that uses more memory than its limit", () => {
    runPod(c, "hog", {
      containers: [{ name: "stress", image: "polinux/stress", command: ["stress"], args: ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"], resources: { limits: { memory: "100Mi" }, requests: { memory: "50Mi" } } }],
    });
    waitUntil(c, () => (containerState(c, "hog")?.restartCount ?? 0) >= 1, 60);
    const s = containerState(c, "hog")!;
    const last = s.state.terminated ?? s.lastState.terminated;
    expect(last).toMatchObject({ exitCode: 137, reason: "OOMKilled" });
    expect(getPod(c, "hog")!.status.qosClass).toBe("Burstable");
  });

  it("does not restart a container that completed under OnFailure", () => {
    runPod(c, "once", { restartPolicy: "OnFailure", containers: [{ name: "app", image: "busybox:1.36", command: ["true"] }] });
    waitUntil(c, () => getPod(c, "once")!.status.phase === "Succeeded");
    expect(containerState(c, "once")!.restartCount).toBe(0);
  });
});

describe("kubelet admission", () => {
  const c = readyCluster();

  it("rejects a pod that does not fit: OutOfcpu", () => {
    runPod(c, "big", { containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "3" } } }] });
    c.advance(1000);
    const p = getPod(c, "big")!;
    expect(p.status.phase).toBe("Failed");
    expect(p.status.reason).toBe("OutOfcpu");
    expect(p.status.message).toMatch(/^Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: \d+, capacity: 2000$/);
    const ev = eventsFor(c, "big")[0];
    expect(ev).toMatchObject({ type: "Warning", reason: "OutOfcpu" });
    expect(ev.message).toBe(p.status.message.replace("Pod was rejected: ", ""));
  });

  it("rejects a pod whose nodeSelector the node does not match", () => {
    runPod(c, "picky", { nodeSelector: { disktype: "ssd" }, containers: [{ name: "app", image: "nginx" }] });
    c.advance(1000);
    const p = getPod(c, "picky")!;
    expect(p.status).toMatchObject({ phase: "Failed", reason: "NodeAffinity", message: "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector" });
  });

  it("rejects a pod that does not tolerate a NoExecute taint", () => {
    // Only the kubelet's admission here: the taint-eviction controller would delete the pod as well.
    c.controllerManager.stop();
    c.client().patch("nodes", undefined, "node02", "merge", { spec: { taints: [{ key: "maintenance", value: "true", effect: "NoExecute" }] } });
    c.advance(1000);
    runPod(c, "tainted", { containers: [{ name: "app", image: "nginx" }] }, "node02");
    c.advance(1000);
    expect(getPod(c, "tainted")!.status).toMatchObject({ phase: "Failed", reason: "TaintToleration", message: "Pod was rejected: Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate" });
  });
});
