/**
 * kubectl logs: the container logs the node's runtime keeps (what crictl
 * logs shows), through the pod's kubelet, with kubectl's selection of pods
 * and containers, its options, and the kubelet's and kubectl's errors.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";
import { ShellSession } from "../../../../src/shell/session.js";

const TICKER = `kubectl run ticker --image=busybox -- sh -c 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 5; done' >/dev/null\n`;
const TWO = `cat > two.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: two
  labels:
    app: two
spec:
  containers:
  - name: a
    image: busybox
    command: ["sh", "-c", "echo from-a; sleep 3600"]
  - name: b
    image: busybox
    command: ["sh", "-c", "echo from-b; sleep 3600"]
EOF
kubectl apply -f two.yaml >/dev/null
`;

describe("kubectl logs", () => {
  const cluster = newCluster();
  const setup = sh(`${TICKER}${TWO}kubectl create deploy web --image=nginx --replicas=3 >/dev/null\nsleep 22`, { cluster });

  it("prints the container's log; --tail and --timestamps shape it", async () => {
    await setup;
    const r = await sh("kubectl logs ticker\nkubectl logs ticker --tail=1 --timestamps", { cluster });
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 5)).toEqual(["tick 0", "tick 1", "tick 2", "tick 3", "tick 4"]);
    expect(lines[lines.length - 2]).toMatch(/^2026-01-12T08:\d\d:\d\d\.\d{9}Z tick 4$/);
  });

  it("--since keeps only the recent lines", async () => {
    await setup;
    const r = await sh("kubectl logs ticker --since=6s", { cluster });
    expect(r.stdout).toBe("tick 4\n");
  });

  it("a multi-container pod defaults to its first container, --all-containers takes all, -c one", async () => {
    await setup;
    const def = await sh("kubectl logs two", { cluster });
    expect(def.stdout).toBe("from-a\n");
    expect(def.stderr).toBe('Defaulted container "a" out of: a, b\n');
    expect((await sh("kubectl logs two --all-containers --prefix", { cluster })).stdout).toBe("[pod/two/a] from-a\n[pod/two/b] from-b\n");
    expect((await sh("kubectl logs two -c b", { cluster })).stdout).toBe("from-b\n");
    expect((await sh("kubectl logs two b", { cluster })).stdout).toBe("from-b\n");
  });

  it("a workload uses one of its pods and says which", async () => {
    await setup;
    const r = await sh("kubectl logs deploy/web --tail=1", { cluster });
    expect(r.stderr).toMatch(/^Found 3 pods, using pod\/web-[a-z0-9]+-[a-z0-9]{5}\n$/);
    expect(r.stdout).toMatch(/\[notice\] 1#1: start worker process \d+\n$/);
  });

  it("-l prints every matching pod's last 10 lines, prefixed with --prefix", async () => {
    await setup;
    const r = await sh("kubectl logs -l app=web --prefix | cut -d' ' -f1 | sort | uniq -c | wc -l\nkubectl logs -l app=web | wc -l", { cluster });
    expect(r.stdout).toBe("3\n30\n");
    const none = await sh("kubectl logs -l app=none", { cluster });
    expect(none.stderr).toBe("No resources found in default namespace.\n");
    expect(none.exitCode).toBe(0);
  });

  it("errors: unknown pod, unknown container, no previous instance, bad options", async () => {
    await setup;
    expect((await sh("kubectl logs nope", { cluster })).stderr).toBe('error: error from server (NotFound): pods "nope" not found in namespace "default"\n');
    expect((await sh("kubectl logs two -c c", { cluster })).stderr).toBe("error: container c is not valid for pod two\n");
    expect((await sh("kubectl logs ticker -p", { cluster })).stderr).toBe('Error from server (BadRequest): previous terminated container "ticker" in pod "ticker" not found\n');
    expect((await sh("kubectl logs", { cluster })).stderr).toBe(
      "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
    );
    expect((await sh("kubectl logs ticker -l app=x", { cluster })).stderr).toBe("error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n");
    expect((await sh("kubectl logs ticker --since-time=yesterday", { cluster })).stderr).toBe(
      'error: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"\n',
    );
    expect((await sh("kubectl logs two --all-containers -c a", { cluster })).stderr).toBe("error: --all-containers=true should not be specified with container name a\n");
    expect((await sh("kubectl logs -f -l app=web --max-log-requests=2", { cluster })).stderr).toBe(
      "error: you are attempting to follow 3 log streams, but maximum allowed concurrency is 2, use --max-log-requests to increase the limit\n",
    );
  });

  it("-f in a script prints what there is and returns", async () => {
    await setup;
    const r = await sh("kubectl logs -f ticker | tail -1", { cluster });
    expect(r.stdout).toMatch(/^tick \d+\n$/);
    expect(r.exitCode).toBe(0);
  });

  it("-f at the terminal streams new lines until Ctrl-C", async () => {
    await setup;
    const session = new ShellSession(cluster, { scripted: true });
    const abort = new AbortController();
    let live = "";
    const terminal = {
      signal: abort.signal,
      write: (t: string) => {
        live += t;
        if (/tick 8\n/.test(live)) abort.abort();
      },
      writeErr: () => {},
    };
    const r = await session.exec("kubectl logs -f ticker --tail=1", { terminal });
    // Ctrl-C ends it as SIGINT does.
    expect(r.exitCode).toBe(130);
    const ticks = live.trim().split("\n");
    expect(ticks.slice(-3)).toEqual(["tick 6", "tick 7", "tick 8"]);
  });
});

describe("kubectl logs of containers that have none yet", () => {
  it("a container being created is waiting to start", async () => {
    const r = await sh("kubectl run web --image=nginx >/dev/null\nkubectl logs web");
    expect(r.stderr).toBe('Error from server (BadRequest): container "web" in pod "web" is waiting to start: ContainerCreating\n');
    expect(r.exitCode).toBe(1);
  });

  it("an image that cannot be pulled", async () => {
    const r = await sh("kubectl run web --image=nginx:no-such-tag >/dev/null\nsleep 5\nkubectl logs web");
    expect(r.stderr).toMatch(/^Error from server \(BadRequest\): container "web" in pod "web" is waiting to start: (image can't be pulled|trying and failing to pull image)\n$/);
  });

  it("-p shows the previous instance of a crashing container", async () => {
    const r = await sh("kubectl run crash --image=busybox -- sh -c 'echo about to fail; exit 1' >/dev/null\nsleep 30\nkubectl logs crash -p");
    expect(r.stdout).toBe("about to fail\n");
  });

  it("a pod not yet scheduled has an empty log", async () => {
    const r = await sh("kubectl run web --image=nginx --overrides='{\"spec\":{\"nodeSelector\":{\"disk\":\"none\"}}}' >/dev/null\nkubectl logs web");
    expect(r.stdout).toBe("");
    expect(r.exitCode).toBe(0);
  });
});
