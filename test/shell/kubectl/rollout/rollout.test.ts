/**
 * kubectl rollout against the simulated controllers: status follows a
 * rolling update to the end, history lists the ReplicaSets' revisions
 * (with change-cause), undo puts an older template back, pause stops a
 * rollout until resume, restart stamps restartedAt with the virtual time;
 * DaemonSets and StatefulSets go through their ControllerRevisions.
 */
import { describe, expect, it } from "vitest";
import { ShellSession } from "../../../../src/shell/session.js";
import type { TerminalIO } from "../../../../src/shell/tool.js";
import { newCluster, sh } from "../../../helpers.js";

const jp = (path: string) => `kubectl get ${path}`;
const image = (kind: string, name: string) => `${jp(`${kind} ${name}`)} -o jsonpath='{.spec.template.spec.containers[0].image}{"\\n"}'`;

const DEPLOY = "kubectl create deployment web --image=nginx:1.25 --replicas=3 >/dev/null\nkubectl rollout status deploy/web >/dev/null\n";

describe("kubectl rollout status", () => {
  it("prints the progress of a rolling update until it is complete", async () => {
    const r = await sh(DEPLOY + "kubectl set image deploy/web nginx=nginx:1.27 >/dev/null\nkubectl rollout status deploy/web");
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[lines.length - 1]).toBe('deployment "web" successfully rolled out');
    expect(lines).toContain('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...');
    expect(lines).toContain('Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...');
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/^Waiting for deployment "web" rollout to finish: /);
    const pods = r.cluster.client().list("pods", "default", { labelSelector: "app=web" }).items;
    expect(pods.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec.containers[0].image)).toEqual(["nginx:1.27", "nginx:1.27", "nginx:1.27"]);
  });

  it("--watch=false prints the state once; a finished rollout says so at once", async () => {
    const c = newCluster();
    await sh(DEPLOY, { cluster: c });
    const done = await sh("kubectl rollout status deployment web", { cluster: c });
    expect(done.stdout).toBe('deployment "web" successfully rolled out\n');
    const once = await sh("kubectl set image deploy/web nginx=nginx:1.27 >/dev/null\nkubectl rollout status deploy/web --watch=false", { cluster: c });
    expect(once.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(once.stdout).toMatch(/^Waiting for deployment "web" rollout to finish: /);
  });

  it("times out with --timeout, and reports an exceeded progress deadline", async () => {
    const c = newCluster();
    await sh(DEPLOY, { cluster: c });
    const start = c.clock.now();
    const r = await sh("kubectl set image deploy/web nginx=nginx:nope >/dev/null\nkubectl rollout status deploy/web --timeout=20s", { cluster: c });
    expect(r.stderr).toBe("error: timed out waiting for the condition\n");
    expect(r.exitCode).toBe(1);
    expect(c.clock.now() - start).toBeGreaterThanOrEqual(20_000);
    expect(c.clock.now() - start).toBeLessThan(25_000);
    const deadline = await sh(`kubectl patch deploy web -p '{"spec":{"progressDeadlineSeconds":30}}' >/dev/null\nkubectl rollout status deploy/web`, { cluster: c });
    expect(deadline.stderr).toBe('error: deployment "web" exceeded its progress deadline\n');
    expect(deadline.exitCode).toBe(1);
  });

  it("at the terminal, writes each line as it happens and stops on Ctrl-C", async () => {
    const c = newCluster();
    await sh(DEPLOY + "kubectl set image deploy/web nginx=nginx:1.27 >/dev/null", { cluster: c });
    const ctrlC = new AbortController();
    const written: string[] = [];
    const terminal: TerminalIO = {
      signal: ctrlC.signal,
      write(text) {
        written.push(text);
        if (written.length === 2) ctrlC.abort();
      },
      writeErr() {},
    };
    const start = c.clock.now();
    const r = await new ShellSession(c, { scripted: true }).exec("kubectl rollout status deploy/web", { terminal });
    expect(written).toHaveLength(2);
    for (const line of written) expect(line).toMatch(/^Waiting for deployment "web" rollout to finish: .*\.\.\.\n$/);
    expect(r.stdout).toBe("");
    expect(r.exitCode).toBe(130);
    // Stopped mid-rollout: the new ReplicaSet has not taken over yet.
    expect(c.client().get("deployments", "default", "web").status.updatedReplicas ?? 0).toBeLessThan(3);
    expect(c.clock.now() - start).toBeLessThan(60_000);
  });

  it("--revision pins the revision it reports on", async () => {
    const c = newCluster();
    await sh(DEPLOY, { cluster: c });
    const r = await sh("kubectl rollout status deploy/web --revision=2", { cluster: c });
    expect(r.stderr).toBe("error: desired revision (2) is different from the running revision (1)\n");
  });

  it("follows DaemonSets and StatefulSets", async () => {
    const r = await sh(`cat <<EOF | kubectl apply -f - >/dev/null
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: nginx:1.25}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: redis:7.0}]}
EOF
kubectl rollout status ds/agent | tail -1
kubectl rollout status sts/db | tail -1`);
    expect(r.stdout).toBe('daemon set "agent" successfully rolled out\npartitioned roll out complete: 2 new pods have been updated...\n');
  });
});

describe("kubectl rollout history and undo", () => {
  it("lists revisions, shows one, and rolls back to the previous one", async () => {
    const c = newCluster();
    await sh(DEPLOY + "kubectl set image deploy/web nginx=nginx:1.27 >/dev/null\nkubectl rollout status deploy/web >/dev/null", { cluster: c });
    const h = await sh("kubectl rollout history deploy/web", { cluster: c });
    expect(h.stdout).toBe("deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n");
    const rev = await sh("kubectl rollout history deploy/web --revision=1", { cluster: c });
    expect(rev.stdout).toMatch(/^deployment\.apps\/web with revision #1\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=\w+\n  Containers:\n   nginx:\n    Image:\tnginx:1\.25\n/);
    const undo = await sh("kubectl rollout undo deploy/web\nkubectl rollout status deploy/web >/dev/null\n" + image("deploy", "web"), { cluster: c });
    expect(undo.stdout).toBe("deployment.apps/web rolled back\nnginx:1.25\n");
    const after = await sh("kubectl rollout history deploy/web", { cluster: c });
    expect(after.stdout).toBe("deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n");
    // The ReplicaSet of revision 1 was adopted again and carries revision 3 now (and revision-history 1).
    const rs = c.client().list("replicasets", "default").items.find((x) => x.spec.template.spec.containers[0].image === "nginx:1.25")!;
    expect(rs.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("3");
    expect(rs.metadata.annotations?.["deployment.kubernetes.io/revision-history"]).toBe("1");
  });

  it("--to-revision, skipped rollbacks and unknown revisions", async () => {
    const c = newCluster();
    await sh(DEPLOY + "kubectl set image deploy/web nginx=nginx:1.27 >/dev/null\nkubectl rollout status deploy/web >/dev/null", { cluster: c });
    const r = await sh("kubectl rollout undo deploy/web --to-revision=2\nkubectl rollout undo deploy/web --to-revision=9\nkubectl rollout history deploy/web --revision=9", { cluster: c });
    expect(r.stdout).toBe("deployment.apps/web skipped rollback (current template already matches revision 2)\n");
    expect(r.stderr).toBe("error: unable to find specified revision 9 in history\nerror: unable to find the specified revision\n");
    const dry = await sh("kubectl rollout undo deploy/web --to-revision=1 --dry-run=client", { cluster: c });
    expect(dry.stdout).toMatch(/^deployment\.apps\/web Pod Template:\n[\s\S]*Image:\tnginx:1\.25\n[\s\S]* \(dry run\)\n$/);
    expect(c.client().get("deployments", "default", "web").spec.template.spec.containers[0].image).toBe("nginx:1.27");
  });

  it("shows the change-cause from the annotation and from --record", async () => {
    const r = await sh(
      // Annotated after the change: the controller copies the Deployment's annotations to its current ReplicaSet.
      DEPLOY +
        'kubectl set image deploy/web nginx=nginx:1.26 >/dev/null\nkubectl annotate deploy web kubernetes.io/change-cause="to 1.26" >/dev/null\nkubectl rollout status deploy/web >/dev/null\n' +
        "kubectl set image deploy/web nginx=nginx:1.27 --record 2>/dev/null >/dev/null\nkubectl rollout status deploy/web >/dev/null\nkubectl rollout history deploy/web",
    );
    expect(r.stdout).toBe(
      "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         to 1.26\n3         kubectl set image deploy/web nginx=nginx:1.27 --record=true\n\n",
    );
  });

  it("rolls DaemonSets and StatefulSets back through their ControllerRevisions", async () => {
    const c = newCluster();
    await sh(
      `cat <<EOF | kubectl apply -f - >/dev/null
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: nginx:1.25}]}
EOF
kubectl rollout status ds/agent >/dev/null
kubectl set image ds/agent agent=nginx:1.27 >/dev/null
kubectl rollout status ds/agent >/dev/null`,
      { cluster: c },
    );
    const r = await sh("kubectl rollout history ds/agent\nkubectl rollout undo ds/agent\nkubectl rollout status ds/agent >/dev/null\n" + image("ds", "agent"), { cluster: c });
    expect(r.stdout).toBe("daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\ndaemonset.apps/agent rolled back\nnginx:1.25\n");
    const again = await sh("kubectl rollout undo ds/agent --to-revision=3", { cluster: c });
    expect(again.stdout).toBe("daemonset.apps/agent skipped rollback (current template already matches revision 3)\n");
  });
});

describe("kubectl rollout pause, resume and restart", () => {
  it("a paused Deployment does not roll out until resumed", async () => {
    const c = newCluster();
    await sh(DEPLOY + "kubectl set image deploy/web nginx=nginx:1.26 >/dev/null\nkubectl rollout status deploy/web >/dev/null", { cluster: c });
    const r = await sh("kubectl rollout pause deploy/web\nkubectl set image deploy/web nginx=nginx:1.27 >/dev/null\nsleep 30\nkubectl rollout pause deploy/web\nkubectl rollout undo deploy/web\nkubectl rollout restart deploy/web", { cluster: c });
    expect(r.stdout).toBe("deployment.apps/web paused\n");
    expect(r.stderr).toBe(
      'error: deployments.apps "web" is already paused\n' +
        "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n" +
        'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)\n',
    );
    expect(c.client().list("replicasets", "default").items).toHaveLength(2);
    const resumed = await sh("kubectl rollout resume deploy/web\nkubectl rollout resume deploy/web\nkubectl rollout status deploy/web | tail -1", { cluster: c });
    expect(resumed.stdout).toBe('deployment.apps/web resumed\ndeployment "web" successfully rolled out\n');
    expect(resumed.stderr).toBe('error: deployments.apps "web" is not paused\n');
    expect(c.client().list("replicasets", "default").items).toHaveLength(3);
  });

  it("restart stamps the template with the virtual time and rolls out new pods", async () => {
    const c = newCluster();
    await sh(DEPLOY, { cluster: c });
    const before = c.client().list("pods", "default").items.map((p) => p.metadata.name);
    const r = await sh("kubectl rollout restart deploy/web\nkubectl rollout restart deploy/web\nkubectl rollout status deploy/web >/dev/null", { cluster: c });
    expect(r.stdout).toBe("deployment.apps/web restarted\n");
    expect(r.stderr).toBe(
      "error: failed to create patch for web: if restart has already been triggered within the past second, please wait before attempting to trigger another\n",
    );
    const d = c.client().get("deployments", "default", "web");
    expect(d.spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]).toMatch(/^2026-01-12T\d\d:\d\d:\d\dZ$/);
    const after = c.client().list("pods", "default").items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name);
    expect(after.some((n) => before.includes(n))).toBe(false);
  });

  it("restarts every Deployment when given the type alone, and says when there is none", async () => {
    const c = newCluster();
    await sh("kubectl create deployment a --image=nginx >/dev/null\nkubectl create deployment b --image=nginx >/dev/null", { cluster: c });
    const r = await sh("kubectl rollout restart deployment\nkubectl rollout restart deployment -n kube-public", { cluster: c });
    expect(r.stdout).toBe("deployment.apps/a restarted\ndeployment.apps/b restarted\n");
    expect(r.stderr).toBe("No resources found in kube-public namespace.\n");
  });
});
