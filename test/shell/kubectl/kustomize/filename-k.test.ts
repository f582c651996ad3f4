/**
 * -k on the commands that take files: apply, get, delete, scale and create
 * build the kustomization and act on its objects, in kustomize's output
 * order; kustomize's deprecation notices go to stderr; a failed build is
 * kubectl's `error: <kustomize message>`; -k with -f is refused.
 */
import { describe, expect, it } from "vitest";
import { sh } from "../../../helpers.js";

const APP = `mkdir -p app && cd app
cat > kustomization.yaml <<'K'
namespace: prod
labels:
- pairs:
    team: blue
  includeSelectors: true
resources:
- ns.yaml
- deploy.yaml
configMapGenerator:
- name: app-config
  literals:
  - MODE=prod
K
cat > ns.yaml <<'K'
apiVersion: v1
kind: Namespace
metadata:
  name: prod
K
cat > deploy.yaml <<'K'
apiVersion: apps/v1
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
        envFrom:
        - configMapRef:
            name: app-config
K
`;

describe("kubectl apply -k", () => {
  it("creates the built objects in kustomize's order and wires the hashed ConfigMap name", async () => {
    const r = await sh(`${APP}
kubectl apply -k .
kubectl get deploy -n prod web -o jsonpath='{.spec.template.spec.containers[0].envFrom[0].configMapRef.name} {.spec.selector.matchLabels.team}'; echo
kubectl get cm -n prod -l team=blue -o name`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      "namespace/prod created\nconfigmap/app-config-2h42td9ggm created\ndeployment.apps/web created\napp-config-2h42td9ggm blue\nconfigmap/app-config-2h42td9ggm\n",
    );
    expect(r.exitCode).toBe(0);
  });

  it("is idempotent, and a changed literal makes a new ConfigMap that the Deployment rolls to", async () => {
    const r = await sh(`${APP}
kubectl apply -k . >/dev/null
kubectl apply -k .
sed -i 's/MODE=prod/MODE=staging/' kustomization.yaml
kubectl apply -k .
kubectl get deploy -n prod web -o jsonpath='{.spec.template.spec.containers[0].envFrom[0].configMapRef.name}'; echo`);
    const lines = r.stdout.trim().split("\n");
    expect(lines.slice(0, 3)).toEqual(["namespace/prod unchanged", "configmap/app-config-2h42td9ggm unchanged", "deployment.apps/web unchanged"]);
    expect(lines[3]).toBe("namespace/prod unchanged");
    expect(lines[4]).toMatch(/^configmap\/app-config-[a-z0-9]{10} created$/);
    expect(lines[5]).toBe("deployment.apps/web configured");
    expect(lines[6]).toBe(lines[4].slice("configmap/".length, -" created".length));
  });

  it("prints kustomize's deprecation notices on stderr", async () => {
    const r = await sh(`${APP}
sed -i 's/^labels:/commonLabels:\\n  tier: web\\nlabels:/' kustomization.yaml
kubectl apply -k . --dry-run=client`);
    expect(r.stderr).toBe("# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n");
    expect(r.stdout).toContain("deployment.apps/web created (dry run)\n");
  });

  it("reports a failed build as kubectl's error", async () => {
    const r = await sh(`kubectl apply -k /nope; echo "rc=$?"
mkdir empty && kubectl apply -k empty; echo "rc=$?"`);
    expect(r.stderr).toBe(
      "error: must build at directory: not a valid directory: evalsymlink failure on '/nope' : lstat /nope: no such file or directory\n" +
        "error: unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '/root/empty'\n",
    );
    expect(r.stdout).toBe("rc=1\nrc=1\n");
  });

  it("refuses -k together with -f", async () => {
    const r = await sh(`${APP}
kubectl apply -k . -f deploy.yaml`);
    expect(r.stderr).toBe("error: only one of -f or -k can be specified\n");
    expect(r.exitCode).toBe(1);
  });
});

describe("get, scale and delete with -k", () => {
  it("get -k lists what the kustomization made; scale -k and delete -k act on it", async () => {
    const r = await sh(`${APP}
kubectl apply -k . >/dev/null
kubectl get -k . -o name
cat > kustomization.yaml <<'K'
namespace: prod
resources:
- deploy.yaml
K
kubectl scale -k . --replicas=4
kubectl get deploy web -n prod -o jsonpath='{.spec.replicas}'; echo
kubectl delete -k .
kubectl get deploy -n prod`);
    expect(r.stdout).toBe(
      "namespace/prod\nconfigmap/app-config-2h42td9ggm\ndeployment.apps/web\n" +
        "deployment.apps/web scaled\n4\n" +
        'deployment.apps "web" deleted from prod namespace\n',
    );
    expect(r.stderr).toBe("No resources found in prod namespace.\n");
  });
});

describe("kubectl kustomize", () => {
  it("writes the build to a file with -o", async () => {
    const r = await sh(`${APP}
kubectl kustomize . -o /tmp/out.yaml
grep -c '^---$' /tmp/out.yaml
grep 'name: app-config' /tmp/out.yaml`);
    expect(r.stdout).toBe("2\n  name: app-config-2h42td9ggm\n            name: app-config-2h42td9ggm\n");
  });

  it("refuses a remote base as a machine without network does", async () => {
    const r = await sh("kubectl kustomize 'https://github.com/kubernetes-sigs/kustomize.git/examples/helloWorld?ref=v1.0.6'; kubectl kustomize github.com/foo/bar/app");
    expect(r.stderr.replace(/^E\d{4} [\d:.]+\s+\d+ /gm, "E ")).toBe(
      `E run.go:72] "command failed" err=<
\tfailed to run '/usr/bin/git fetch --depth=1 https://github.com/kubernetes-sigs/kustomize.git v1.0.6': fatal: unable to access 'https://github.com/kubernetes-sigs/kustomize.git/': Could not resolve host: github.com
\t: exit status 128
 >
E run.go:72] "command failed" err=<
\tfailed to run '/usr/bin/git fetch --depth=1 https://github.com/foo/bar HEAD': fatal: unable to access 'https://github.com/foo/bar/': Could not resolve host: github.com
\t: exit status 128
 >
`,
    );
    expect(r.exitCode).toBe(1);
  });

  it("reports YAML syntax errors in kustomize's words", async () => {
    const r = await sh("mkdir k && printf 'resources: [\\n' > k/kustomization.yaml && kubectl kustomize k");
    expect(r.stderr).toMatch(/"command failed" err="invalid Kustomization: yaml: line \d+: /);
  });
});
