/**
 * helm install: values from --set and -f reach the objects, which carry
 * Helm's ownership label and annotations; the release is a Secret
 * sh.helm.release.v1.<name>.v1 in the release namespace; and the refusals
 * of pkg/action/install.go.
 */
import { describe, expect, it } from "vitest";
import { decodeRelease } from "../../../src/shell/commands/helm/release.js";
import { helmShell, seconds } from "./helpers.js";

const run = helmShell();
const ADD = "helm repo add bitnami https://charts.bitnami.com/bitnami >/dev/null";

describe("helm install", () => {
  it("installs a repository chart with --set and -f values and prints the status with NOTES", async () => {
    const r = await run(
      "i1",
      `${ADD}
cat > web-values.yaml <<'EOF'
replicaCount: 3
podLabels:
  tier: frontend
EOF
helm install web bitnami/nginx -f web-values.yaml --set service.type=NodePort --set service.nodePorts.http=30080 -n i1 --create-namespace
sleep 20
kubectl get deploy web-nginx -n i1 -o jsonpath='{.spec.replicas} {.spec.template.metadata.labels.tier} {.spec.template.spec.containers[0].image} {.metadata.labels.app\\.kubernetes\\.io/managed-by} {.metadata.annotations.meta\\.helm\\.sh/release-name} {.metadata.annotations.meta\\.helm\\.sh/release-namespace}'; echo
kubectl get svc web-nginx -n i1 -o jsonpath='{.spec.type} {.spec.ports[0].nodePort}'; echo
kubectl get ns i1 --show-labels --no-headers | awk '{print $1, $4}'
kubectl get pods -n i1 -l app.kubernetes.io/instance=web --no-headers | wc -l`,
      { createNamespace: false },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`NAME: web
LAST DEPLOYED: Mon Jan 12 08:47:00 2026
NAMESPACE: i1
STATUS: deployed
REVISION: 1
TEST SUITE: None
NOTES:
CHART NAME: nginx
CHART VERSION: 18.2.4
APP VERSION: 1.27.5

** Please be patient while the chart is being deployed **
NGINX can be accessed through the following DNS name from within your cluster:

    web-nginx.i1.svc.cluster.local (port 80)

To access NGINX from outside the cluster, follow the steps below:

1. Get the NGINX URL by running these commands:

    export NODE_PORT=$(kubectl get --namespace i1 -o jsonpath="{.spec.ports[0].nodePort}" services web-nginx)
    export NODE_IP=$(kubectl get nodes --namespace i1 -o jsonpath="{.items[0].status.addresses[0].address}")
    echo "http://\${NODE_IP}:\${NODE_PORT}"
3 frontend docker.io/library/nginx:1.27.5 Helm web i1
NodePort 30080
i1 kubernetes.io/metadata.name=i1,name=i1
3
`);
  });

  it("stores the release as a helm.sh/release.v1 Secret whose payload decodes to the release", async () => {
    const r = await run(
      "i2",
      `${ADD}
helm install cache bitnami/redis --set auth.password=s3cret >/dev/null
kubectl get secret -n i2 -l owner=helm -o jsonpath='{range .items[*]}{.metadata.name} {.type} {.metadata.labels.name} {.metadata.labels.status} {.metadata.labels.version}{"\\n"}{end}'
kubectl get secret -n i2 sh.helm.release.v1.cache.v1 -o jsonpath='{.data.release}'; echo
kubectl get secret -n i2 -l owner=helm --show-labels --no-headers | awk '{print $NF}'`,
    );
    const [head, payload, labels] = r.stdout.split("\n");
    expect(head).toBe("sh.helm.release.v1.cache.v1 helm.sh/release.v1 cache deployed 1");
    // Secrets.Update rebuilds the labels: modifiedAt replaces the createdAt the first write had.
    expect(labels).toMatch(/^modifiedAt=\d{10},name=cache,owner=helm,status=deployed,version=1$/);
    const rel = decodeRelease(Buffer.from(payload, "base64").toString("utf8"));
    expect(rel.name).toBe("cache");
    expect(rel.version).toBe(1);
    expect(rel.info.status).toBe("deployed");
    expect(rel.info.description).toBe("Install complete");
    expect(rel.config).toEqual({ auth: { password: "s3cret" } });
    expect(rel.chart.metadata.name).toBe("redis");
    expect(rel.manifest).toContain("# Source: redis/templates/master-statefulset.yaml\n");
  });

  it("refuses a name in use, a missing namespace, an invalid name and objects owned by no release", async () => {
    const r = await run(
      "i3",
      `${ADD}
helm install web bitnami/nginx >/dev/null
helm install web bitnami/nginx; echo "rc=$?"
helm install other bitnami/nginx -n nowhere; echo "rc=$?"
helm install Web bitnami/nginx; echo "rc=$?"
kubectl create service clusterip taken-nginx --tcp=80 -n i3 >/dev/null
helm install taken bitnami/nginx; echo "rc=$?"
helm install bitnami/nginx; echo "rc=$?"`,
    );
    expect(r.stdout).toBe("rc=1\nrc=1\nrc=1\nrc=1\nrc=1\n");
    expect(r.stderr).toBe(
      "Error: INSTALLATION FAILED: cannot re-use a name that is still in use\n" +
        'Error: INSTALLATION FAILED: create: failed to create: namespaces "nowhere" not found\n' +
        'Error: INSTALLATION FAILED: release name "Web": invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53\n' +
        'Error: INSTALLATION FAILED: Unable to continue with install: Service "taken-nginx" in namespace "i3" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"; annotation validation error: missing key "meta.helm.sh/release-name": must be set to "taken"; annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "i3"\n' +
        "Error: INSTALLATION FAILED: must either provide a name or specify --generate-name\n",
    );
  });

  it("reports charts that cannot be found", async () => {
    const r = await run(
      "i4",
      `helm install a nginx; helm install a bitnami/nginx
${ADD}
helm install a bitnami/nginxx; helm install a bitnami/nginx --version 9.9.9; helm install a ./mychart; helm install a https://charts.example.com/x-1.0.0.tgz`,
    );
    expect(r.stderr).toBe(
      "Error: INSTALLATION FAILED: non-absolute URLs should be in form of repo_name/path_to_chart, got: nginx\n" +
        "Error: INSTALLATION FAILED: repo bitnami not found\n" +
        `Error: INSTALLATION FAILED: chart "nginxx" matching  not found in bitnami index. (try 'helm repo update'): no chart name found\n` +
        `Error: INSTALLATION FAILED: chart "nginx" matching 9.9.9 not found in bitnami index. (try 'helm repo update'): no chart version found for nginx-9.9.9\n` +
        'Error: INSTALLATION FAILED: path "./mychart" not found\n' +
        'Error: INSTALLATION FAILED: failed to fetch https://charts.example.com/x-1.0.0.tgz : Get "https://charts.example.com/x-1.0.0.tgz": dial tcp: lookup charts.example.com: no such host\n',
    );
  });

  it("prints the manifest and creates nothing on --dry-run; --generate-name names the release after the chart", async () => {
    const r = await run(
      "i5",
      `${ADD}
helm install preview bitnami/nginx --dry-run --set replicaCount=2 | sed -n '1,9p'
kubectl get deploy preview-nginx -n i5 2>&1
helm install -g bitnami/nginx --set service.type=ClusterIP | head -1
helm list -q`,
    );
    expect(seconds(r.stdout)).toBe(`NAME: preview
LAST DEPLOYED: Mon Jan 12 08:47:SS 2026
NAMESPACE: i5
STATUS: pending-install
REVISION: 1
TEST SUITE: None
HOOKS:
MANIFEST:
---
Error from server (NotFound): deployments.apps "preview-nginx" not found
NAME: nginx-17682076SS
nginx-17682076SS
`);
  });

  it("--wait waits for readiness, and fails the release when it never comes", async () => {
    const r = await run(
      "i6",
      `${ADD}
helm install ready bitnami/nginx --set service.type=ClusterIP --wait | sed -n '4p'
kubectl get deploy ready-nginx -n i6 -o jsonpath='{.status.readyReplicas}'; echo
helm install lb bitnami/nginx --wait --timeout 20s; echo "rc=$?"
helm list
helm status lb --show-desc | grep DESCRIPTION`,
    );
    expect(seconds(r.stdout)).toBe(`STATUS: deployed
1
rc=1
NAME 	NAMESPACE	REVISION	UPDATED                      	STATUS  	CHART       	APP VERSION
lb   	i6       	1       	2026-01-12 08:47:SS +0000 UTC	failed  	nginx-18.2.4	1.27.5     
ready	i6       	1       	2026-01-12 08:47:SS +0000 UTC	deployed	nginx-18.2.4	1.27.5     
DESCRIPTION: Release "lb" failed: context deadline exceeded
`);
    expect(r.stderr).toBe("Error: INSTALLATION FAILED: context deadline exceeded\n");
  });

  it("installs a chart directory from the machine's disk, and one pulled with --untar", async () => {
    const r = await run(
      "i7",
      `mkdir -p mychart/templates
cat > mychart/Chart.yaml <<'EOF'
apiVersion: v2
name: mychart
version: 0.1.0
appVersion: "1.0"
EOF
cat > mychart/values.yaml <<'EOF'
message: hello
EOF
cat > mychart/templates/cm.yaml <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  message: {{ .Values.message | quote }}
  revision: "{{ .Release.Revision }}"
EOF
helm install demo ./mychart --set message=hi | head -3
kubectl get cm demo-config -n i7 -o jsonpath='{.data.message} {.data.revision}'; echo
${ADD}
helm pull bitnami/nginx --untar --untardir charts
ls charts/nginx
helm install pulled ./charts/nginx --set service.type=ClusterIP | head -1
helm pull bitnami/redis --version 20.1.7
helm install packed ./redis-20.1.7.tgz | head -1`,
    );
    expect(r.stderr).toBe("");
    expect(seconds(r.stdout)).toBe(`NAME: demo
LAST DEPLOYED: Mon Jan 12 08:47:SS 2026
NAMESPACE: i7
hi 1
Chart.yaml
README.md
templates
values.yaml
NAME: pulled
NAME: packed
`);
  });
});
