/**
 * kubectl create: -f (files, directories, -R, stdin, several -f), the
 * generators writing to the cluster, and kubectl's error output when the
 * server refuses an object.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
`;

const CONFIGMAPS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: one
data:
  a: "1"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: two
`;

/** A cluster for the cases that change nothing (errors, dry runs), booted once. */
const readOnly = newCluster();

/** Writes a file in the session's working directory. */
const file = (path: string, text: string) => `mkdir -p $(dirname ${path}); cat > ${path} <<'EOF'\n${text}EOF\n`;

describe("kubectl create -f", () => {
  it("creates every object of a file and prints kind.group/name created", async () => {
    const r = await sh(file("web.yaml", DEPLOYMENT) + file("cms.yaml", CONFIGMAPS) + "kubectl create -f web.yaml -f cms.yaml");
    expect(r.stdout).toBe("deployment.apps/web created\nconfigmap/one created\nconfigmap/two created\n");
    expect(r.exitCode).toBe(0);
    const c = r.cluster.client();
    expect(c.get("deployments", "default", "web").spec.replicas).toBe(2);
    expect(c.get("configmaps", "default", "one").data).toEqual({ a: "1" });
  });

  it("reads directories (recursively with -R) and stdin", async () => {
    const setup = file("dir/a.yaml", CONFIGMAPS) + file("dir/sub/b.yaml", DEPLOYMENT) + "echo skip > dir/notes.txt\n";
    const flat = await sh(setup + "kubectl create -f dir");
    expect(flat.stdout).toBe("configmap/one created\nconfigmap/two created\n");
    expect(flat.cluster.client().find("deployments", "default", "web")).toBeUndefined();
    const deep = await sh(setup + "kubectl create -f dir -R -o name");
    expect(deep.stdout).toBe("configmap/one\nconfigmap/two\ndeployment.apps/web\n");
    const stdin = await sh(`cat <<'EOF' | kubectl create -f -\n${DEPLOYMENT}EOF`);
    expect(stdin.stdout).toBe("deployment.apps/web created\n");
  });

  it("reports AlreadyExists with the file name, keeps going, and exits 1", async () => {
    const r = await sh(file("cms.yaml", CONFIGMAPS) + "kubectl create configmap one\nkubectl create -f cms.yaml");
    expect(r.stdout).toBe("configmap/one created\nconfigmap/two created\n");
    expect(r.stderr).toBe('Error from server (AlreadyExists): error when creating "cms.yaml": configmaps "one" already exists\n');
    expect(r.exitCode).toBe(1);
  });

  it("lists several failures one per line, without the error: prefix", async () => {
    const r = await sh(file("cms.yaml", CONFIGMAPS) + "kubectl create -f cms.yaml >/dev/null; kubectl create -f cms.yaml");
    expect(r.stderr).toBe(
      'Error from server (AlreadyExists): error when creating "cms.yaml": configmaps "one" already exists\n' +
        'Error from server (AlreadyExists): error when creating "cms.yaml": configmaps "two" already exists\n',
    );
    expect(r.exitCode).toBe(1);
  });

  it("puts the object in -n's namespace, and refuses a file naming another one", async () => {
    const r = await sh("kubectl create namespace dev\n" + file("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n") + "kubectl create -f cm.yaml -n dev");
    expect(r.cluster.client().find("configmaps", "dev", "x")).toBeDefined();
    const clash = await sh(file("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: prod\n") + "kubectl create -f cm.yaml -n dev");
    expect(clash.stderr).toBe(
      `error: the namespace from the provided object "prod" does not match the namespace "dev". You must pass '--namespace=prod' to perform this operation.\n`,
    );
    expect(clash.exitCode).toBe(1);
  });

  it("--save-config stores the last-applied configuration", async () => {
    const r = await sh(file("web.yaml", DEPLOYMENT) + "kubectl create -f web.yaml --save-config");
    const annotation = r.cluster.client().get("deployments", "default", "web").metadata.annotations?.["kubectl.kubernetes.io/last-applied-configuration"];
    expect(annotation).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"web","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx","name":"nginx"}]}}}}\n',
    );
  });

  it("--dry-run=client sends nothing; --dry-run=server validates without storing", async () => {
    const r = await sh(file("web.yaml", DEPLOYMENT) + "kubectl create -f web.yaml --dry-run=client\nkubectl create -f web.yaml --dry-run=server", { cluster: readOnly });
    expect(r.stdout).toBe("deployment.apps/web created (dry run)\ndeployment.apps/web created (server dry run)\n");
    expect(r.cluster.client().find("deployments", "default", "web")).toBeUndefined();
  });

  it("fails like kubectl on missing paths, arguments, and files without objects", async () => {
    const missing = await sh("kubectl create -f nope.yaml", { cluster: readOnly });
    expect(missing.stderr).toBe('error: the path "nope.yaml" does not exist\n');
    const none = await sh("kubectl create", { cluster: readOnly });
    expect(none.stderr).toBe("error: must specify one of -f and -k\n");
    const args = await sh("kubectl create foo", { cluster: readOnly });
    expect(args.stderr).toBe("error: Unexpected args: [foo]\nSee 'kubectl create -h' for help and examples\n");
    const emptyDir = await sh("mkdir d; echo x > d/notes.txt; kubectl create -f d", { cluster: readOnly });
    expect(emptyDir.stderr).toBe("error: error reading [d]: recognized file extensions are [.json .yaml .yml]\n");
    const empty = await sh("echo '# nothing' > empty.yaml; kubectl create -f empty.yaml", { cluster: readOnly });
    expect(empty.stderr).toBe("error: no objects passed to create\n");
    const noKind = await sh("echo 'apiVersion: v1' > x.yaml; kubectl create -f x.yaml", { cluster: readOnly });
    expect(noKind.stderr).toBe(
      'error: error validating "x.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n',
    );
    expect([missing, none, args, empty, noKind].map((x) => x.exitCode)).toEqual([1, 1, 1, 1, 1]);
  });

  it("prints an Invalid refusal as kubectl's CheckErr does (without the file name)", async () => {
    const r = await sh(file("web.yaml", DEPLOYMENT.replace("name: web", "name: Web")) + "kubectl create -f web.yaml", { cluster: readOnly });
    expect(r.stderr).toMatch(/^The Deployment "Web" is invalid: metadata\.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of/);
    expect(r.exitCode).toBe(1);
  });

  it("keeps the file name on Invalid refusals when several objects failed", async () => {
    const two = DEPLOYMENT.replace("name: web", "name: A") + "---\n" + DEPLOYMENT.replace("name: web", "name: B");
    const r = await sh(file("bad.yaml", two) + "kubectl create -f bad.yaml", { cluster: readOnly });
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Error from server \(Invalid\): error when creating "bad\.yaml": Deployment\.apps "A" is invalid: metadata\.name: Invalid value: "A": /);
    expect(lines[1]).toMatch(/^Error from server \(Invalid\): error when creating "bad\.yaml": Deployment\.apps "B" is invalid: /);
  });

  it("passes the server's strict decoding error through with the file name", async () => {
    const r = await sh(file("web.yaml", DEPLOYMENT.replace("replicas: 2", "replicas: 2\n  replicass: 3")) + "kubectl create -f web.yaml", { cluster: readOnly });
    expect(r.stderr).toBe(
      'Error from server (BadRequest): error when creating "web.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass"\n',
    );
    const ignored = await sh(file("web.yaml", DEPLOYMENT.replace("replicas: 2", "replicas: 2\n  replicass: 3")) + "kubectl create -f web.yaml --validate=false");
    expect(ignored.stdout).toBe("deployment.apps/web created\n");
  });

  it("prints the created object with -o yaml", async () => {
    const r = await sh(file("cms.yaml", CONFIGMAPS) + "kubectl create -f cms.yaml -o yaml");
    expect(r.stdout).toMatch(/^apiVersion: v1\ndata:\n {2}a: "1"\nkind: ConfigMap\nmetadata:\n/);
    expect(r.stdout).toContain("\n---\napiVersion: v1\nkind: ConfigMap\n");
    expect(r.stdout).toMatch(/uid: [0-9a-f-]{36}/);
  });
});

describe("kubectl create generators against the cluster", () => {
  it("creates a deployment with its replicas, image and command", async () => {
    const r = await sh("kubectl create deployment web --image=nginx --replicas=3 -- nginx -g 'daemon off;'");
    expect(r.stdout).toBe("deployment.apps/web created\n");
    const d = r.cluster.client().get("deployments", "default", "web");
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.spec.containers[0]).toMatchObject({ name: "nginx", image: "nginx", command: ["nginx", "-g", "daemon off;"] });
    expect(d.metadata.labels).toEqual({ app: "web" });
  });

  it("wraps the server's refusal the way each generator does", async () => {
    const r = await sh(
      "kubectl create deployment web --image=nginx >/dev/null\n" +
        "kubectl create deployment web --image=nginx; kubectl create secret generic s; kubectl create secret generic s; kubectl create namespace dev; kubectl create namespace dev",
    );
    expect(r.stderr).toBe(
      'error: failed to create deployment: deployments.apps "web" already exists\n' +
        'error: failed to create secret secrets "s" already exists\n' +
        'Error from server (AlreadyExists): namespaces "dev" already exists\n',
    );
  });

  it("reports an invalid name inside the generator's message", async () => {
    const r = await sh("kubectl create deployment Web --image=nginx; kubectl create namespace Bad_Name", { cluster: readOnly });
    const [deployLine, nsLine] = r.stderr.split("\n");
    expect(deployLine).toMatch(/^error: failed to create deployment: Deployment\.apps "Web" is invalid: metadata\.name: Invalid value: "Web": /);
    expect(nsLine).toMatch(/^The Namespace "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 label/);
  });

  it("creates in the -n namespace and prints with -o", async () => {
    const r = await sh("kubectl create namespace dev; kubectl create configmap cfg --from-literal=k=v -n dev -o jsonpath='{.metadata.namespace}/{.data.k}'");
    expect(r.stdout).toBe("namespace/dev created\ndev/v");
  });

  it("requires the flags cobra marks required, before anything else", async () => {
    const r = await sh("kubectl create deployment web", { cluster: readOnly });
    expect(r.stderr).toBe('error: required flag(s) "image" not set\n');
    const cj = await sh("kubectl create cronjob", { cluster: readOnly });
    expect(cj.stderr).toBe('error: required flag(s) "image", "schedule" not set\n');
    const crb = await sh("kubectl create clusterrolebinding x --user=u", { cluster: readOnly });
    expect(crb.stderr).toBe('error: required flag(s) "clusterrole" not set\n');
    expect([r, cj, crb].every((x) => x.exitCode === 1)).toBe(true);
  });

  it("creates a job from a cron job, owned by it", async () => {
    const r = await sh(
      "kubectl create cronjob nightly --image=busybox --schedule='0 0 * * *' -- echo hi\n" + "kubectl create job manual --from=cronjob/nightly\n" + "kubectl create job x --from=cronjob/none",
    );
    expect(r.stdout).toBe("cronjob.batch/nightly created\njob.batch/manual created\n");
    expect(r.stderr).toBe('Error from server (NotFound): cronjobs.batch "none" not found\n');
    const c = r.cluster.client();
    const job = c.get("jobs", "default", "manual");
    const cj = c.get("cronjobs", "default", "nightly");
    expect(job.metadata.annotations).toMatchObject({ "cronjob.kubernetes.io/instantiate": "manual" });
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: "batch/v1", kind: "CronJob", name: "nightly", uid: cj.metadata.uid, controller: true }]);
    expect(job.spec.template.spec.containers[0].command).toEqual(["echo", "hi"]);
  });

  it("--save-config on a generator stores the struct-ordered JSON", async () => {
    const r = await sh("kubectl create namespace team --save-config");
    expect(r.cluster.client().get("namespaces", undefined, "team").metadata.annotations).toEqual({
      "kubectl.kubernetes.io/last-applied-configuration": '{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"team"},"spec":{},"status":{}}\n',
    });
  });

  it("prints group help on stderr with exit 1 for create service / create secret without a type", async () => {
    const r = await sh("kubectl create service", { cluster: readOnly });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Available Commands:\n  clusterip      Create a ClusterIP service\n  externalname   Create an ExternalName service\n");
    const bad = await sh("kubectl create secret opaque x", { cluster: readOnly });
    expect(bad.stderr).toBe("error: unknown command \"opaque x\"\nSee 'kubectl create secret -h' for help and examples\n");
  });
});

describe("kubectl create token", () => {
  it("prints a JWT for an existing service account, with its claims", async () => {
    const r = await sh("kubectl create serviceaccount robot >/dev/null; kubectl create token robot --duration=2h");
    expect(r.exitCode).toBe(0);
    const token = r.stdout.trim();
    const [header, payload, signature] = token.split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toMatchObject({ alg: "RS256" });
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const sa = r.cluster.client().get("serviceaccounts", "default", "robot");
    expect(claims).toMatchObject({
      aud: ["https://kubernetes.default.svc.cluster.local"],
      iss: "https://kubernetes.default.svc.cluster.local",
      sub: "system:serviceaccount:default:robot",
      "kubernetes.io": { namespace: "default", serviceaccount: { name: "robot", uid: sa.metadata.uid } },
    });
    expect(claims.exp - claims.iat).toBe(7200);
    expect(Buffer.from(signature, "base64url").length).toBe(256);
  });

  it("is deterministic for the same seed and commands", async () => {
    const script = "kubectl create sa robot >/dev/null; kubectl create token robot";
    expect((await sh(script)).stdout).toBe((await sh(script)).stdout);
  });

  it("fails for a missing service account or a too short duration", async () => {
    const missing = await sh("kubectl create token ghost", { cluster: readOnly });
    expect(missing.stderr).toBe('error: failed to create token: serviceaccounts "ghost" not found\n');
    const short = await sh("kubectl create sa robot >/dev/null; kubectl create token robot --duration=5m");
    expect(short.stderr).toBe(
      'error: failed to create token: TokenRequest.authentication.k8s.io "robot" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes\n',
    );
    const kind = await sh("kubectl create token robot --bound-object-kind=Deployment", { cluster: readOnly });
    expect(kind.stderr).toBe("error: supported --bound-object-kind values are Node, Pod, Secret\n");
  });
});
