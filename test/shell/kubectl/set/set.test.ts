/**
 * kubectl set against the simulated cluster: each subcommand patches the
 * object on the server (which the controllers then act on), prints
 * `kind.group/name <operation>`, leaves unchanged objects alone, and reports
 * kubectl's errors. The exact texts are pinned by the golden tests beside this.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const DEPLOY = "kubectl create deployment web --image=nginx:1.25 --replicas=2 >/dev/null\n";

describe("kubectl set image", () => {
  it("changes the image on the server, which rolls out new pods", async () => {
    const r = await sh(
      DEPLOY +
        "kubectl set image deployment/web nginx=nginx:1.27\nkubectl rollout status deploy/web >/dev/null\nkubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].image}'",
    );
    expect(r.stdout).toBe("deployment.apps/web image updated\nnginx:1.27");
    const pods = r.cluster.client().list("pods", "default").items.filter((p) => !p.metadata.deletionTimestamp);
    expect(pods.map((p) => p.spec.containers[0].image)).toEqual(["nginx:1.27", "nginx:1.27"]);
  });

  it("sets init containers too, all containers with *, and several objects by type with --all", async () => {
    const c = newCluster();
    await sh(
      `cat <<EOF | kubectl apply -f - >/dev/null
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers: [{name: init, image: busybox:1.35, command: [sh, -c, "true"]}]
  containers: [{name: app, image: nginx:1.25}]
EOF
kubectl create deployment a --image=nginx:1.25 >/dev/null
kubectl create deployment b --image=nginx:1.25 >/dev/null`,
      { cluster: c },
    );
    const r = await sh("kubectl set image pod/p init=busybox:1.36\nkubectl set image deploy --all '*=nginx:1.27'", { cluster: c });
    expect(r.stdout).toBe("pod/p image updated\ndeployment.apps/a image updated\ndeployment.apps/b image updated\n");
    const api = c.client();
    expect(api.get("pods", "default", "p").spec.initContainers[0].image).toBe("busybox:1.36");
    expect(api.list("deployments", "default").items.map((d) => d.spec.template.spec.containers[0].image)).toEqual(["nginx:1.27", "nginx:1.27"]);
  });

  it("prints nothing for an image that is already set, and errors for unknown containers", async () => {
    const c = newCluster();
    await sh(DEPLOY, { cluster: c });
    const rv = c.client().get("deployments", "default", "web").metadata.resourceVersion;
    const r = await sh("kubectl set image deploy/web nginx=nginx:1.25\necho rc=$?\nkubectl set image deploy/web app=nginx:1.27", { cluster: c });
    expect(r.stdout).toBe("rc=0\n");
    expect(r.stderr).toBe('error: unable to find container named "app"\n');
    expect(r.exitCode).toBe(1);
    expect(c.client().get("deployments", "default", "web").metadata.resourceVersion).toBe(rv);
  });

  it("--dry-run=client and --local change nothing on the server", async () => {
    const c = newCluster();
    await sh(DEPLOY, { cluster: c });
    const r = await sh("kubectl set image deploy/web nginx=nginx:1.27 --dry-run=client\nkubectl get deploy web -o yaml > d.yaml\nkubectl set image -f d.yaml nginx=nginx:1.28 --local -o jsonpath='{.spec.template.spec.containers[0].image}'", { cluster: c });
    expect(r.stdout).toBe("deployment.apps/web image updated (dry run)\nnginx:1.28");
    expect(c.client().get("deployments", "default", "web").spec.template.spec.containers[0].image).toBe("nginx:1.25");
  });

  it("--dry-run=server runs the server's checks without saving", async () => {
    const c = newCluster();
    await sh(DEPLOY, { cluster: c });
    const r = await sh("kubectl set image deploy/web nginx=nginx:1.27 --dry-run=server -o jsonpath='{.spec.template.spec.containers[0].image}'", { cluster: c });
    expect(r.stdout).toBe("nginx:1.27");
    expect(c.client().get("deployments", "default", "web").spec.template.spec.containers[0].image).toBe("nginx:1.25");
  });
});

describe("kubectl set env", () => {
  it("adds, replaces and removes variables, and imports ConfigMap and Secret keys", async () => {
    const c = newCluster();
    await sh(DEPLOY + "kubectl create configmap cfg --from-literal=db.host=db --from-literal=MODE=prod >/dev/null\nkubectl create secret generic sec --from-literal=PASSWORD=pw >/dev/null", { cluster: c });
    const r = await sh(
      "kubectl set env deploy/web A=1 B=2\nkubectl set env deploy/web A=3 B-\nkubectl set env deploy/web --from=configmap/cfg\nkubectl set env deploy/web --from=secret/sec --prefix=APP_\nkubectl set env deploy/web --list\nkubectl set env deploy/web --list --resolve",
      { cluster: c },
    );
    expect(r.stdout).toBe(
      "deployment.apps/web env updated\ndeployment.apps/web env updated\ndeployment.apps/web env updated\ndeployment.apps/web env updated\n" +
        "# Deployment web, container nginx\nA=3\n# MODE from configmap cfg, key MODE\n# DB_HOST from configmap cfg, key db.host\n# APP_PASSWORD from secret sec, key PASSWORD\n" +
        "# Deployment web, container nginx\nA=3\nMODE=prod\nDB_HOST=db\nAPP_PASSWORD=pw\n",
    );
    expect(r.stderr).toBe("Warning: key db.host transferred to DB_HOST\n");
    const env = c.client().get("deployments", "default", "web").spec.template.spec.containers[0].env;
    expect(env[0]).toEqual({ name: "A", value: "3" });
    expect(env[3]).toEqual({ name: "APP_PASSWORD", valueFrom: { secretKeyRef: { key: "PASSWORD", name: "sec" } } });
  });

  it("reads KEY=VALUE lines from stdin with -e -, and refuses to overwrite with --overwrite=false", async () => {
    const r = await sh(DEPLOY + "kubectl set env deploy/web A=1 >/dev/null\nprintf 'X=1\\n# skip\\nY=2\\n' | kubectl set env deploy/web -e -\nkubectl set env deploy/web --overwrite=false A=2\nkubectl set env deploy/web --list");
    expect(r.stdout).toBe("deployment.apps/web env updated\n# Deployment web, container nginx\nA=1\nX=1\nY=2\n");
    expect(r.stderr).toBe("error: deployments/web 'A' already has a value (1), and --overwrite is false\n");
  });

  it("reports references it cannot resolve", async () => {
    const r = await sh(DEPLOY + "kubectl create configmap cfg --from-literal=a=1 >/dev/null\nkubectl set env deploy/web --from=configmap/cfg >/dev/null 2>&1\nkubectl delete cm cfg >/dev/null\nkubectl set env deploy/web --list --resolve");
    expect(r.stdout).toBe("# Deployment web, container nginx\n# A from configmap cfg, key a\n");
    expect(r.stderr).toBe('error retrieving reference for A: configmaps "cfg" not found\n');
  });
});

describe("kubectl set resources, serviceaccount, subject, selector", () => {
  it("sets limits and requests (the pods' requests default to their limits, the template's do not)", async () => {
    const c = newCluster();
    await sh(DEPLOY, { cluster: c });
    const r = await sh(
      "kubectl set resources deploy/web -c=nginx --limits=cpu=200m,memory=512Mi\nkubectl set resources deploy/web --requests=cpu=0.1\nkubectl rollout status deploy/web >/dev/null",
      { cluster: c },
    );
    expect(r.stdout).toBe("deployment.apps/web resource requirements updated\ndeployment.apps/web resource requirements updated\n");
    expect(c.client().get("deployments", "default", "web").spec.template.spec.containers[0].resources).toEqual({
      limits: { cpu: "200m", memory: "512Mi" },
      requests: { cpu: "100m" },
    });
    const pod = c.client().list("pods", "default").items.find((p) => !p.metadata.deletionTimestamp)!;
    expect(pod.spec.containers[0].resources.requests).toEqual({ cpu: "100m", memory: "512Mi" });
  });

  it("sets the service account of a pod template, even when unchanged", async () => {
    const r = await sh(DEPLOY + "kubectl create sa robot >/dev/null\nkubectl set sa deploy web robot\nkubectl set serviceaccount deploy/web robot\nkubectl get deploy web -o jsonpath='{.spec.template.spec.serviceAccountName}'");
    expect(r.stdout).toBe("deployment.apps/web serviceaccount updated\ndeployment.apps/web serviceaccount updated\nrobot");
  });

  it("adds subjects to a RoleBinding once", async () => {
    const c = newCluster();
    await sh("kubectl create role r --verb=get --resource=pods >/dev/null\nkubectl create rolebinding rb --role=r --user=alice >/dev/null", { cluster: c });
    const r = await sh("kubectl set subject rolebinding rb --user=bob --serviceaccount=default:robot\nkubectl set subject rolebinding rb --user=bob\nkubectl auth can-i get pods --as=bob", { cluster: c });
    expect(r.stdout).toBe("rolebinding.rbac.authorization.k8s.io/rb subjects updated\nyes\n");
    expect(c.client().get("rolebindings", "default", "rb").subjects).toEqual([
      { apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice" },
      { apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "bob" },
      { kind: "ServiceAccount", name: "robot", namespace: "default" },
    ]);
  });

  it("replaces a Service's selector, honouring --resource-version", async () => {
    const c = newCluster();
    await sh("kubectl create service clusterip web --tcp=80 >/dev/null", { cluster: c });
    const r = await sh("kubectl set selector svc web app=api,tier=fe\nkubectl set selector svc web app=x --resource-version=1", { cluster: c });
    expect(r.stdout).toBe("service/web selector updated\n");
    expect(r.stderr).toBe(
      'Error from server (Conflict): Operation cannot be fulfilled on services "web": the object has been modified; please apply your changes to the latest version and try again\n',
    );
    expect(c.client().get("services", "default", "web").spec.selector).toEqual({ app: "api", tier: "fe" });
  });

  it("prints the group help on stderr and exits 1 without a subcommand", async () => {
    const r = await sh("kubectl set");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^Configure application resources\.\n/);
  });
});
