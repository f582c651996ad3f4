/**
 * kubectl expose against the simulated cluster: the Service takes the
 * selector, ports, protocols and labels of what it exposes, gets a
 * ClusterIP (and NodePort) from the server and endpoints from the
 * controllers; errors are kubectl's.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const DNS_POD = `cat <<'YAML' | kubectl apply -f - >/dev/null
apiVersion: v1
kind: Pod
metadata: {name: dns, labels: {app: dns}}
spec:
  containers:
  - name: dns
    image: coredns/coredns
    ports: [{containerPort: 53, protocol: UDP}, {containerPort: 53, protocol: TCP}, {containerPort: 9153}]
YAML
`;

describe("kubectl expose", () => {
  it("exposes a deployment; the service selects its pods and gets endpoints", async () => {
    const c = newCluster();
    const r = await sh(
      "kubectl create deployment web --image=nginx --replicas=2 --port=80 >/dev/null\nkubectl rollout status deploy/web >/dev/null\nkubectl expose deploy web --port=8080 --target-port=80 --type=NodePort\nkubectl get svc web -o jsonpath='{.spec.selector} {.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.type}'",
      { cluster: c },
    );
    expect(r.stdout).toBe('service/web exposed\n{"app":"web"} 8080 80 NodePort');
    const svc = c.client().get("services", "default", "web");
    expect(svc.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(svc.spec.clusterIP).toMatch(/^10\.\d+\.\d+\.\d+$/);
    const slices = c.client().list("endpointslices", "default", { labelSelector: "kubernetes.io/service-name=web" }).items;
    expect(slices.flatMap((s) => s.endpoints ?? [])).toHaveLength(2);
  });

  it("takes every port of a multi-port pod, naming them, with their protocols", async () => {
    const r = await sh(DNS_POD + "kubectl expose pod dns --dry-run=client -o yaml");
    expect(r.stdout).toBe(
      "apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: dns\n  name: dns\nspec:\n  ports:\n  - name: port-1-udp\n    port: 53\n    protocol: UDP\n    targetPort: 53\n  - name: port-1-tcp\n    port: 53\n    protocol: TCP\n    targetPort: 53\n  - name: port-2\n    port: 9153\n    protocol: TCP\n    targetPort: 9153\n  selector:\n    app: dns\nstatus:\n  loadBalancer: {}\n",
    );
  });

  it("puts the namespace given with -n into a dry-run service", async () => {
    const r = await sh("kubectl create ns dev >/dev/null\nkubectl create deployment web --image=nginx --port=80 -n dev >/dev/null\nkubectl expose deploy web -n dev --dry-run=client -o jsonpath='{.metadata.namespace}'");
    expect(r.stdout).toBe("dev");
  });

  it("refuses what cannot be exposed, and a service that exists", async () => {
    const r = await sh(
      "kubectl create deployment web --image=nginx >/dev/null\nkubectl run bare --image=nginx >/dev/null\nkubectl create configmap cfg >/dev/null\n" +
        "kubectl expose deploy web\nkubectl expose pod bare\nkubectl expose cm cfg --port=80\nkubectl expose deploy web --port=80\nkubectl expose deploy web --port=80",
    );
    expect(r.stdout).toBe("service/web exposed\n");
    expect(r.stderr).toBe(
      "error: couldn't find port via --port flag or introspection\n" +
        "error: couldn't find port via --port flag or introspection\n" +
        "error: cannot expose a ConfigMap\n" +
        'Error from server (AlreadyExists): services "web" already exists\n',
    );
  });

  it("refuses a pod without labels", async () => {
    const r = await sh(`cat <<'YAML' | kubectl apply -f - >/dev/null
apiVersion: v1
kind: Pod
metadata: {name: nolabels}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
YAML
kubectl expose pod nolabels`);
    expect(r.stderr).toBe("error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed\n");
  });
});
