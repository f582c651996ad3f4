/**
 * kubectl run against the cluster: what it creates and prints, and the
 * attached flow the CKA uses for quick checks (`run tmp -it --rm
 * --restart=Never -- nslookup web`): wait for the pod, its output, the
 * deletion line of v1.34, and the container's exit code.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";
import { ShellSession } from "../../../../src/shell/session.js";

const WEB = "kubectl create deployment web --image=nginx --replicas=2 >/dev/null\nkubectl expose deployment web --port=80 >/dev/null\nsleep 15\n";

describe("kubectl run creates a pod", () => {
  it("prints pod/NAME created and the pod runs with run=NAME", async () => {
    const r = await sh("kubectl run web --image=nginx --port=80\nsleep 10\nkubectl get pod web -o jsonpath='{.metadata.labels.run} {.status.phase} {.spec.containers[0].ports[0].containerPort}'");
    expect(r.stdout).toBe("pod/web created\nweb Running 80");
    expect(r.exitCode).toBe(0);
  });

  it("--expose creates the ClusterIP Service first in the output, then the pod", async () => {
    const r = await sh("kubectl run web --image=nginx --port=8080 --expose\nkubectl get svc web -o jsonpath='{.spec.selector.run} {.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.type}'");
    expect(r.stdout).toBe("service/web created\npod/web created\nweb 8080 8080 ClusterIP");
  });

  it("an existing pod is the server's AlreadyExists", async () => {
    const r = await sh("kubectl run web --image=nginx >/dev/null\nkubectl run web --image=nginx");
    expect(r.stderr).toBe('Error from server (AlreadyExists): pods "web" already exists\n');
    expect(r.exitCode).toBe(1);
  });

  it("--command and args become the container's command", async () => {
    const r = await sh("kubectl run sleeper --image=busybox --restart=Never --command -- sleep 3600\nsleep 10\nkubectl get pod sleeper -o jsonpath='{.spec.containers[0].command} {.status.phase}'");
    expect(r.stdout).toBe('pod/sleeper created\n["sleep","3600"] Running');
  });
});

describe("kubectl run -it --rm --restart=Never: the quick in-cluster check", () => {
  it("nslookup of a Service: its output, the deletion line, exit 0, and the pod is gone", async () => {
    const r = await sh(`${WEB}kubectl run tmp --image=busybox -it --rm --restart=Never -- nslookup web\necho rc=$?\nkubectl get svc web -o jsonpath='{.spec.clusterIP}'\necho\nkubectl get pod tmp`);
    const ip = r.stdout.split("\n").at(-2);
    expect(r.stdout).toBe(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${ip}\n\npod "tmp" deleted from default namespace\nrc=0\n${ip}\n`);
    expect(ip).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(r.stderr).toBe('Error from server (NotFound): pods "tmp" not found\n');
  });

  it("wget to the Service's ClusterIP reaches the nginx pods", async () => {
    const r = await sh(`${WEB}IP=$(kubectl get svc web -o jsonpath='{.spec.clusterIP}')\nkubectl run tmp --image=busybox --rm -i --restart=Never -- wget -qO- http://$IP | grep title`);
    expect(r.stdout).toBe("<title>Welcome to nginx!</title>\n");
  });

  it("the container's exit code is kubectl's, with the termination line", async () => {
    const r = await sh('kubectl run t --image=busybox -i --rm --restart=Never -- sh -c "echo failing; exit 3"');
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('failing\npod "t" deleted from default namespace\n');
    expect(r.stderr).toBe("pod default/t terminated (Error)\n");
  });

  it("a shell started with -i reads the session's stdin; the attach notices go to stderr", async () => {
    const r = await sh("printf 'hostname\\necho to-stderr >&2\\n' | kubectl run shell --image=busybox -i --rm --restart=Never");
    expect(r.stdout).toBe('shell\npod "shell" deleted from default namespace\n');
    expect(r.stderr).toBe(
      "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\nto-stderr\n",
    );
    expect(r.exitCode).toBe(0);
  });

  it("with piped input a TTY cannot be used (and -q silences every notice)", async () => {
    const loud = await sh("echo hostname | kubectl run shell --image=busybox -it --rm --restart=Never");
    expect(loud.stderr.split("\n")[0]).toBe("Unable to use a TTY - input is not a terminal or the right kind of file");
    const quiet = await sh("echo hostname | kubectl run shell --image=busybox -it --rm --restart=Never -q");
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toBe("shell\n");
  });

  it("a command that takes time is waited for, on the virtual clock", async () => {
    const r = await sh('kubectl run slow --image=busybox -i --restart=Never -- sh -c "sleep 20; echo done"\nkubectl get pod slow -o jsonpath=\'{.status.phase}\'');
    expect(r.stdout).toBe("done\nSucceeded");
    expect(r.exitCode).toBe(0);
  });

  it("-it with the default restart policy Always ends with the hint to resume", async () => {
    const r = await sh("kubectl run shell --image=busybox -it 2>/dev/null");
    expect(r.stdout).toBe("Session ended, resume using 'kubectl attach shell -c shell -i -t' command when the pod is running\n");
  });

  it("Ctrl-C at the terminal ends the session with 130, and --rm still deletes the pod", async () => {
    const cluster = newCluster();
    const session = new ShellSession(cluster, { scripted: true });
    const abort = new AbortController();
    let err = "";
    const terminal = {
      signal: abort.signal,
      write: () => {},
      writeErr: (t: string) => {
        err += t;
        if (t.startsWith("If you don't see")) abort.abort();
      },
    };
    const r = await session.exec("kubectl run slow --image=busybox -i --rm --restart=Never -- sleep 300", { terminal });
    expect(err).toContain("If you don't see a command prompt, try pressing enter.\n");
    expect(r.exitCode).toBe(130);
    // The shell drops what an interrupted line prints; the pod is being deleted all the same.
    expect((await sh("kubectl get pod slow -o jsonpath='{.metadata.deletionTimestamp}'", { cluster })).stdout).toMatch(/^2026-01-12T/);
  });
});
