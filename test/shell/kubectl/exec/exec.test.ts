/**
 * kubectl exec: commands run inside the container through its kubelet
 * (the same CRI path crictl exec uses), with kubectl's argument rules, the
 * container defaulting notice, the connection errors of pods that cannot
 * be reached, and the remote command's exit code.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const TWO_CONTAINERS = `cat > two.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  containers:
  - name: app
    image: busybox
    command: ["sleep", "3600"]
    env:
    - name: GREETING
      value: hello
  - name: side
    image: busybox
    command: ["sleep", "3600"]
EOF
kubectl apply -f two.yaml >/dev/null
`;

describe("kubectl exec", () => {
  const cluster = newCluster();
  const setup = sh(`${TWO_CONTAINERS}kubectl run bb --image=busybox -- sleep 3600 >/dev/null\nkubectl create deploy web --image=nginx >/dev/null\nkubectl expose deploy web --port=80 >/dev/null\nsleep 15`, { cluster });

  it("runs the small simulated set: hostname, env, cat, ls, ps", async () => {
    await setup;
    const r = await sh("kubectl exec bb -- hostname\nkubectl exec two -c app -- env | grep GREETING\nkubectl exec bb -- cat /etc/hostname\nkubectl exec bb -- ls /etc | grep -c hosts\nkubectl exec bb -- ps | head -1", { cluster });
    expect(r.stdout).toBe("bb\nGREETING=hello\nbb\n1\nPID   USER     TIME  COMMAND\n");
    expect(r.stderr).toBe("");
  });

  it("defaults to the first container of a multi-container pod, saying so on stderr", async () => {
    await setup;
    const r = await sh("kubectl exec two -- hostname", { cluster });
    expect(r.stdout).toBe("two\n");
    expect(r.stderr).toBe('Defaulted container "app" out of: app, side\n');
  });

  it("a failing command: its stderr, `command terminated with exit code N`, exit N", async () => {
    await setup;
    const r = await sh("kubectl exec bb -- cat /nope", { cluster });
    expect(r.stderr).toBe("cat: can't open '/nope': No such file or directory\ncommand terminated with exit code 1\n");
    expect(r.exitCode).toBe(1);
    const five = await sh('kubectl exec bb -- sh -c "exit 5"', { cluster });
    expect(five.stderr).toBe("command terminated with exit code 5\n");
    expect(five.exitCode).toBe(5);
  });

  it("under a TTY the remote stderr arrives on stdout", async () => {
    await setup;
    const r = await sh('kubectl exec -it bb -- sh -c "echo out; echo err >&2"', { cluster });
    expect(r.stdout).toBe("out\nerr\n");
    expect(r.stderr).toBe("");
  });

  it("-i hands the session's stdin to the command", async () => {
    await setup;
    const r = await sh("printf 'echo from-stdin\\nhostname\\n' | kubectl exec -i bb -- sh", { cluster });
    expect(r.stdout).toBe("from-stdin\nbb\n");
  });

  it("a command the image does not have is the runtime's OCI error", async () => {
    await setup;
    const r = await sh("kubectl exec bb -- bash", { cluster });
    expect(r.stderr).toMatch(
      /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in \$PATH: unknown\n$/,
    );
    expect(r.exitCode).toBe(1);
  });

  it("TYPE/NAME picks a pod of the workload or Service", async () => {
    await setup;
    const r = await sh("kubectl exec deploy/web -- hostname\nkubectl exec svc/web -- hostname", { cluster });
    expect(r.stdout).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}\nweb-[a-z0-9]+-[a-z0-9]{5}\n$/);
    const cm = await sh("kubectl create cm c >/dev/null\nkubectl exec cm/c -- ls", { cluster });
    expect(cm.stderr).toBe("error: cannot attach to *v1.ConfigMap: selector for *v1.ConfigMap not implemented\n");
  });

  it("argument errors have kubectl's wording", async () => {
    await setup;
    const noDash = await sh("kubectl exec bb ls", { cluster });
    expect(noDash.stderr).toBe("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n");
    expect(noDash.exitCode).toBe(1);
    expect((await sh("kubectl exec bb", { cluster })).stderr).toBe("error: you must specify at least one command for the container\n");
    expect((await sh("kubectl exec -- ls", { cluster })).stderr).toBe("error: pod, type/name or --filename must be specified\n");
    expect((await sh("kubectl exec nope -- ls", { cluster })).stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect((await sh("kubectl exec bb -c nope -- ls", { cluster })).stderr).toBe("error: unable to upgrade connection: container nope is not valid for pod bb\n");
  });

  it("needs create on pods/exec (RBAC)", async () => {
    await setup;
    const r = await sh("kubectl create role viewer --verb=get,list --resource=pods >/dev/null\nkubectl create rolebinding viewer --role=viewer --user=jane >/dev/null\nkubectl exec bb --as=jane -- hostname", { cluster });
    expect(r.stderr).toBe('Error from server (Forbidden): pods "bb" is forbidden: User "jane" cannot create resource "pods/exec" in API group "" in the namespace "default"\n');
  });
});

describe("kubectl exec into pods that cannot take it", () => {
  it("a container still being created is not found by the kubelet", async () => {
    const r = await sh("kubectl run web --image=nginx >/dev/null\nkubectl exec web -- ls");
    expect(r.stderr).toBe('error: unable to upgrade connection: container not found ("web")\n');
    expect(r.exitCode).toBe(1);
  });

  it("an unscheduled pod has no host", async () => {
    const r = await sh("kubectl run web --image=nginx --overrides='{\"spec\":{\"nodeSelector\":{\"disk\":\"none\"}}}' >/dev/null\nsleep 5\nkubectl exec web -- ls");
    expect(r.stderr).toBe("error: unable to upgrade connection: pod web does not have a host assigned\n");
  });

  it("a completed pod refuses before any connection", async () => {
    const r = await sh("kubectl run once --image=busybox --restart=Never -- true >/dev/null\nsleep 15\nkubectl exec once -- ls");
    expect(r.stderr).toBe("error: cannot exec into a container in a completed pod; current phase is Succeeded\n");
  });

  it("a stopped kubelet is the API server's dial error", async () => {
    const r = await sh("kubectl run bb --image=busybox -- sleep 3600 >/dev/null\nsleep 10\nNODE=$(kubectl get pod bb -o jsonpath='{.spec.nodeName}')\nssh $NODE systemctl stop kubelet\nkubectl exec bb -- hostname");
    expect(r.stderr).toMatch(/^Error from server: error dialing backend: dial tcp 192\.168\.100\.1[12]:10250: connect: connection refused\n$/);
  });
});
