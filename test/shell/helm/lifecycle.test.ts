/**
 * A release's life after install: upgrade (values kept, reused or reset),
 * history, rollback, status, get, list filters, uninstall with and without
 * --keep-history, and upgrade --install.
 */
import { describe, expect, it } from "vitest";
import { helmShell, seconds } from "./helpers.js";

const run = helmShell();
const ADD = "helm repo add bitnami https://charts.bitnami.com/bitnami >/dev/null";

describe("helm upgrade, history and rollback", () => {
  it("upgrades to a new chart version with new values, keeps history, and rolls back", async () => {
    const r = await run(
      "l1",
      `${ADD}
helm install web bitnami/nginx --version 18.1.0 --set service.type=ClusterIP >/dev/null
kubectl get deploy web-nginx -n l1 -o jsonpath='{.spec.template.spec.containers[0].image} {.spec.replicas}'; echo
helm upgrade web bitnami/nginx --set service.type=ClusterIP --set replicaCount=2 | head -6
kubectl get deploy web-nginx -n l1 -o jsonpath='{.spec.template.spec.containers[0].image} {.spec.replicas}'; echo
helm history web
helm rollback web 1
kubectl get deploy web-nginx -n l1 -o jsonpath='{.spec.template.spec.containers[0].image} {.spec.replicas}'; echo
helm history web
helm get values web
helm list`,
    );
    expect(r.stderr).toBe("");
    expect(seconds(r.stdout)).toBe(`docker.io/library/nginx:1.26.3 1
Release "web" has been upgraded. Happy Helming!
NAME: web
LAST DEPLOYED: Mon Jan 12 08:47:SS 2026
NAMESPACE: l1
STATUS: deployed
REVISION: 2
docker.io/library/nginx:1.27.5 2
REVISION	UPDATED                 	STATUS    	CHART       	APP VERSION	DESCRIPTION     
1       	Mon Jan 12 08:47:SS 2026	superseded	nginx-18.1.0	1.26.3     	Install complete
2       	Mon Jan 12 08:47:SS 2026	deployed  	nginx-18.2.4	1.27.5     	Upgrade complete
Rollback was a success! Happy Helming!
docker.io/library/nginx:1.26.3 1
REVISION	UPDATED                 	STATUS    	CHART       	APP VERSION	DESCRIPTION     
1       	Mon Jan 12 08:47:SS 2026	superseded	nginx-18.1.0	1.26.3     	Install complete
2       	Mon Jan 12 08:47:SS 2026	superseded	nginx-18.2.4	1.27.5     	Upgrade complete
3       	Mon Jan 12 08:47:SS 2026	deployed  	nginx-18.1.0	1.26.3     	Rollback to 1   
USER-SUPPLIED VALUES:
service:
  type: ClusterIP
NAME	NAMESPACE	REVISION	UPDATED                      	STATUS  	CHART       	APP VERSION
web 	l1       	3       	2026-01-12 08:47:SS +0000 UTC	deployed	nginx-18.1.0	1.26.3     
`);
  });

  it("keeps the last values when none are given, merges them with --reuse-values, and drops them with --reset-values", async () => {
    const r = await run(
      "l2",
      `${ADD}
helm install web bitnami/nginx --set service.type=ClusterIP --set replicaCount=2 >/dev/null
helm upgrade web bitnami/nginx >/dev/null
helm get values web -o json
helm upgrade web bitnami/nginx --reuse-values --set podLabels.team=blue >/dev/null
helm get values web -o json
helm upgrade web bitnami/nginx --reset-values --set service.type=ClusterIP >/dev/null
helm get values web -o json
helm get values web --revision 1
helm get values web -a | grep -E '^(replicaCount|serverBlock):'`,
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`{"replicaCount":2,"service":{"type":"ClusterIP"}}
{"podLabels":{"team":"blue"},"replicaCount":2,"service":{"type":"ClusterIP"}}
{"service":{"type":"ClusterIP"}}
USER-SUPPLIED VALUES:
replicaCount: 2
service:
  type: ClusterIP
replicaCount: 1
serverBlock: ""
`);
  });

  it("refuses what cannot be upgraded or rolled back", async () => {
    const r = await run(
      "l3",
      `${ADD}
helm upgrade ghost bitnami/nginx; echo "rc=$?"
helm rollback ghost; echo "rc=$?"
helm install web bitnami/nginx --set service.type=ClusterIP >/dev/null
helm rollback web 7; echo "rc=$?"
helm rollback web x; echo "rc=$?"
helm history ghost; echo "rc=$?"
helm status ghost; echo "rc=$?"`,
    );
    expect(r.stdout).toBe("rc=1\nrc=1\nrc=1\nrc=1\nrc=1\nrc=1\n");
    expect(r.stderr).toBe(
      'Error: UPGRADE FAILED: "ghost" has no deployed releases\n' +
        "Error: release: not found\n" +
        "Error: release has no 7 version\n" +
        'Error: could not convert revision to a number: strconv.Atoi: parsing "x": invalid syntax\n' +
        "Error: release: not found\n" +
        "Error: release: not found\n",
    );
  });

  it("upgrade --install installs a missing release, then upgrades it", async () => {
    const r = await run(
      "l4",
      `${ADD}
helm upgrade --install web bitnami/nginx --set service.type=ClusterIP | head -2
helm upgrade -i web bitnami/nginx --set service.type=ClusterIP | head -1
helm history web | awk '{print $1, $NF}'`,
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`Release "web" does not exist. Installing it now.
NAME: web
Release "web" has been upgraded. Happy Helming!
REVISION DESCRIPTION
1 complete
2 complete
`);
  });
});

describe("helm status, get and list", () => {
  it("shows a release's status, manifest, notes and metadata", async () => {
    const r = await run(
      "l5",
      `${ADD}
helm install cache bitnami/redis --set auth.password=pw >/dev/null
helm status cache --show-desc | sed -n '1p;5,7p'
helm get manifest cache | grep '^# Source:'
helm get notes cache | head -2
helm get metadata cache`,
    );
    expect(r.stderr).toBe("");
    expect(seconds(r.stdout)).toBe(`NAME: cache
REVISION: 1
DESCRIPTION: Install complete
TEST SUITE: None
# Source: redis/templates/secret.yaml
# Source: redis/templates/configmap.yaml
# Source: redis/templates/headless-svc.yaml
# Source: redis/templates/master-svc.yaml
# Source: redis/templates/master-statefulset.yaml
NOTES:
CHART NAME: redis
NAME: cache
CHART: redis
VERSION: 20.1.7
APP_VERSION: 7.4.5
ANNOTATIONS: 
DEPENDENCIES: 
NAMESPACE: l5
REVISION: 1
STATUS: deployed
DEPLOYED_AT: 2026-01-12T08:47:SSZ
`);
  });

  it("lists deployed and failed releases by default, every state with -a, every namespace with -A", async () => {
    const r = await run(
      "l6",
      `${ADD}
helm install a bitnami/nginx --set service.type=ClusterIP >/dev/null
helm install b bitnami/nginx --set service.type=ClusterIP -n default >/dev/null
helm uninstall a --keep-history
helm list
helm list -a -q
helm list -A -q | grep -xE 'a|b'
helm list --uninstalled -o json | grep -o '"name":"a"[^}]*"status":"uninstalled"' | wc -l
helm uninstall a; helm list -a -q | wc -l
helm uninstall b -n default`,
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`release "a" uninstalled
NAME	NAMESPACE	REVISION	UPDATED	STATUS	CHART	APP VERSION
a
b
1
release "a" uninstalled
0
release "b" uninstalled
`);
  });
});

describe("helm uninstall", () => {
  it("deletes the release's objects and history; a second uninstall fails", async () => {
    const r = await run(
      "l7",
      `${ADD}
helm install web bitnami/nginx --set service.type=ClusterIP >/dev/null
sleep 10
helm uninstall web
sleep 30
kubectl get all,secrets -n l7
helm uninstall web; echo "rc=$?"
helm uninstall web --ignore-not-found; echo "rc=$?"`,
    );
    expect(r.stdout).toBe('release "web" uninstalled\nrc=1\nrc=0\n');
    expect(r.stderr).toBe("No resources found in l7 namespace.\nError: uninstall: Release not loaded: web: release: not found\n");
  });
});
