/**
 * kubectl apply -f: create with the last-applied annotation, three-way
 * patches on later applies (configured / unchanged), what other writers set
 * survives, and kubectl's warnings and errors.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

function deployment(opts: { image?: string; replicas?: number; env?: string[]; labels?: string[] } = {}): string {
  const labels = (opts.labels ?? ["app: web"]).map((l) => `    ${l}\n`).join("");
  const env = opts.env?.length ? `        env:\n${opts.env.map((e) => `        - name: ${e}\n          value: "${e.toLowerCase()}"\n`).join("")}` : "";
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
${labels}spec:
${opts.replicas !== undefined ? `  replicas: ${opts.replicas}\n` : ""}  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: ${opts.image ?? "nginx:1.25"}
${env}`;
}

/** A cluster for the cases that change nothing (refusals), booted once. */
const readOnly = newCluster();

const write = (text: string) => `cat > web.yaml <<'EOF'\n${text}EOF\n`;

describe("kubectl apply", () => {
  it("creates a missing object with the last-applied annotation", async () => {
    const r = await sh(write(deployment({ replicas: 2 })) + "kubectl apply -f web.yaml");
    expect(r.stdout).toBe("deployment.apps/web created\n");
    const d = r.cluster.client().get("deployments", "default", "web");
    expect(d.metadata.annotations?.[LAST_APPLIED]).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.25","name":"nginx"}]}}}}\n',
    );
  });

  it("says unchanged when the file did not change, without writing", async () => {
    const first = await sh(write(deployment()) + "kubectl apply -f web.yaml");
    const rv = first.cluster.client().get("deployments", "default", "web").metadata.resourceVersion;
    const r = await sh(write(deployment()) + "kubectl apply -f web.yaml", { cluster: first.cluster });
    expect(r.stdout).toBe("deployment.apps/web unchanged\n");
    expect(r.cluster.client().get("deployments", "default", "web").metadata.resourceVersion).toBe(rv);
  });

  it("patches what changed and removes what the file dropped", async () => {
    const r = await sh(
      write(deployment({ env: ["A", "B"], labels: ["app: web", "tier: front"] })) +
        "kubectl apply -f web.yaml >/dev/null\n" +
        write(deployment({ image: "nginx:1.26", env: ["A"] })) +
        "kubectl apply -f web.yaml",
    );
    expect(r.stdout).toBe("deployment.apps/web configured\n");
    const d = r.cluster.client().get("deployments", "default", "web");
    expect(d.metadata.labels).toEqual({ app: "web" });
    expect(d.spec.template.spec.containers[0].image).toBe("nginx:1.26");
    expect(d.spec.template.spec.containers[0].env).toEqual([{ name: "A", value: "a" }]);
    expect(JSON.parse(d.metadata.annotations![LAST_APPLIED]).metadata.labels).toEqual({ app: "web" });
  });

  it("keeps fields set by others that the file never had (kubectl scale)", async () => {
    const r = await sh(write(deployment()) + "kubectl apply -f web.yaml >/dev/null\nkubectl scale deployment web --replicas=5 >/dev/null\nkubectl apply -f web.yaml");
    expect(r.stdout).toBe("deployment.apps/web unchanged\n");
    expect(r.cluster.client().get("deployments", "default", "web").spec.replicas).toBe(5);
  });

  it("warns about a missing annotation on objects made by kubectl create, then adds it", async () => {
    const r = await sh(write(deployment()) + "kubectl create -f web.yaml >/dev/null\nkubectl apply -f web.yaml");
    expect(r.stderr).toBe(
      "Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n",
    );
    expect(r.stdout).toBe("deployment.apps/web configured\n");
    expect(r.cluster.client().get("deployments", "default", "web").metadata.annotations?.[LAST_APPLIED]).toBeDefined();
  });

  it("dry runs change nothing", async () => {
    const r = await sh(
      write(deployment()) +
        "kubectl apply -f web.yaml --dry-run=client\nkubectl apply -f web.yaml >/dev/null\n" +
        write(deployment({ image: "nginx:2" })) +
        "kubectl apply -f web.yaml --dry-run=client\nkubectl apply -f web.yaml --dry-run=server",
    );
    expect(r.stdout).toBe("deployment.apps/web created (dry run)\ndeployment.apps/web configured (dry run)\ndeployment.apps/web configured (server dry run)\n");
    expect(r.cluster.client().get("deployments", "default", "web").spec.template.spec.containers[0].image).toBe("nginx:1.25");
  });

  it("applies every object of several files and prints them with -o", async () => {
    const r = await sh(
      write(deployment()) +
        "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: cfg\\ndata:\\n  a: b\\n' > cm.yaml\n" +
        "kubectl apply -f web.yaml -f cm.yaml -o name\nkubectl apply -f cm.yaml -o jsonpath='{.data.a}'",
    );
    expect(r.stdout).toBe("deployment.apps/web\nconfigmap/cfg\nb");
    const list = await sh(write(deployment()) + "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: cfg\\n' > cm.yaml\nkubectl apply -f web.yaml -f cm.yaml -o yaml");
    expect(list.stdout).toMatch(/^apiVersion: v1\nitems:\n- apiVersion: apps\/v1\n {2}kind: Deployment\n/);
    expect(list.stdout).toMatch(/\nkind: List\nmetadata: \{\}\n$/);
  });

  it("reports a refused patch with the patch, the object and the file, as kubectl does", async () => {
    const r = await sh(write(deployment()) + "kubectl apply -f web.yaml >/dev/null\n" + write(deployment({ replicas: 2 }).replace("  replicas: 2", "  replicass: 2")) + "kubectl apply -f web.yaml");
    const lines = r.stderr.split("\n");
    expect(lines[0]).toBe("Error from server (BadRequest): error when applying patch:");
    expect(lines[1]).toMatch(/^\{"metadata":\{"annotations":\{"kubectl\.kubernetes\.io\/last-applied-configuration":".*\\n"\}\},"spec":\{"replicass":2\}\}$/);
    expect(lines.slice(2)).toEqual([
      "to:",
      'Resource: "apps/v1, Resource=deployments", GroupVersionKind: "apps/v1, Kind=Deployment"',
      'Name: "web", Namespace: "default"',
      'for: "web.yaml": error when patching "web.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass"',
      "",
    ]);
    expect(r.exitCode).toBe(1);
  });

  it("refuses generateName, missing files and unsupported prune", async () => {
    const gen = await sh("printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  generateName: cfg-\\n' > g.yaml; kubectl apply -f g.yaml", { cluster: readOnly });
    expect(gen.stderr).toBe("error: from cfg-: cannot use generate name with apply\n");
    const none = await sh("kubectl apply", { cluster: readOnly });
    expect(none.stderr).toBe("error: must specify one of -f and -k\n");
    const prune = await sh(write(deployment()) + "kubectl apply -f web.yaml --prune", { cluster: readOnly });
    expect(prune.stderr).toBe(
      "error: all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector\n",
    );
    const ssa = await sh(write(deployment()) + "kubectl apply -f web.yaml --server-side --dry-run=client", { cluster: readOnly });
    expect(ssa.stderr).toBe("error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)\n");
    expect([gen, none, prune, ssa].every((x) => x.exitCode === 1)).toBe(true);
  });

  it("--server-side creates and updates (serverside-applied)", async () => {
    const r = await sh(write(deployment()) + "kubectl apply -f web.yaml --server-side\n" + write(deployment({ image: "nginx:2" })) + "kubectl apply -f web.yaml --server-side");
    expect(r.stdout).toBe("deployment.apps/web serverside-applied\ndeployment.apps/web serverside-applied\n");
    expect(r.cluster.client().get("deployments", "default", "web").spec.template.spec.containers[0].image).toBe("nginx:2");
  });
});
