/**
 * The CKA workflows as a candidate types them, each a script in one shell
 * on the default cluster: generate YAML and change it before applying,
 * drain a node, RBAC checked with auth can-i, a user from an openssl CSR,
 * and the text pipelines people build around kubectl. (The static-pod
 * repair and the etcd restore are in test/integration/node-failures.test.ts,
 * the kubeadm upgrade in test/shell/kubeadm/upgrade.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { sh } from "../helpers.js";

describe("CKA workflows in the shell", () => {
  it("generates YAML with --dry-run=client -o yaml, changes it with sed, applies it, checks it with jsonpath", async () => {
    const r = await sh(`
kubectl create deployment web --image=nginx:1.27 --replicas=2 --dry-run=client -o yaml > web.yaml
sed -i 's/replicas: 2/replicas: 3/; s/nginx:1.27/nginx:1.28/' web.yaml
kubectl apply -f web.yaml
kubectl rollout status deployment web --timeout=120s
kubectl get deployment web -o jsonpath='{.spec.replicas} {.spec.template.spec.containers[0].image} {.status.readyReplicas}{"\\n"}'
kubectl expose deployment web --port=80 --dry-run=client -o yaml | grep -c 'app: web'
`);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("deployment.apps/web created");
    expect(lines.at(-3)).toBe("3 nginx:1.28 3");
    expect(lines.at(-2)).toBe("2");
  });

  it("drains a worker as in the seed notes: refused for the DaemonSet pods, then --ignore-daemonsets", async () => {
    const r = await sh(`
kubectl create deployment web --image=nginx --replicas=4 >/dev/null
kubectl rollout status deployment web --timeout=120s >/dev/null
kubectl drain node01; echo "exit=$?"
kubectl drain node01 --ignore-daemonsets 2>/dev/null | tail -1
kubectl get node node01 --no-headers | awk '{print $2}'
kubectl get pods -l app=web -o wide --no-headers | awk '{print $7}' | sort -u
kubectl uncordon node01
`);
    expect(r.stderr).toMatch(/^error: unable to drain node "node01" due to error: cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-flannel\/kube-flannel-ds-\w+, kube-system\/kube-proxy-\w+, continuing command\.\.\.\nThere are pending nodes to be drained:\n node01\n/);
    expect(r.stdout).toContain("node/node01 cordoned\nexit=1\nnode/node01 drained\nReady,SchedulingDisabled\nnode02\nnode/node01 uncordoned\n");
  });

  it("RBAC: a Role and RoleBinding for a ServiceAccount, checked with auth can-i", async () => {
    const r = await sh(`
kubectl create namespace dev
kubectl -n dev create serviceaccount deployer
kubectl -n dev create role deployer --verb=get,list,create --resource=deployments,pods
kubectl -n dev create rolebinding deployer --role=deployer --serviceaccount=dev:deployer
kubectl auth can-i create deployments -n dev --as=system:serviceaccount:dev:deployer
kubectl auth can-i delete deployments -n dev --as=system:serviceaccount:dev:deployer; echo "exit=$?"
kubectl auth can-i list pods -n default --as=system:serviceaccount:dev:deployer
`);
    expect(r.stdout).toBe(
      "namespace/dev created\nserviceaccount/deployer created\nrole.rbac.authorization.k8s.io/deployer created\nrolebinding.rbac.authorization.k8s.io/deployer created\nyes\nno\nexit=1\nno\n",
    );
  });

  it("a user from an openssl CSR: signed through the CertificateSigningRequest API, then used from a kubeconfig context", async () => {
    const r = await sh(`
cd /root
openssl genrsa -out jane.key 2048 2>/dev/null
openssl req -new -key jane.key -subj "/CN=jane/O=dev" -out jane.csr
cat <<EOF | kubectl apply -f -
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: jane
spec:
  request: $(base64 -w0 < jane.csr)
  signerName: kubernetes.io/kube-apiserver-client
  usages: ["client auth"]
EOF
kubectl certificate approve jane
kubectl get csr jane -o jsonpath='{.status.certificate}' | base64 -d > jane.crt
openssl x509 -in jane.crt -noout -subject -issuer
kubectl create role pod-reader --verb=get,list --resource=pods
kubectl create rolebinding jane-pods --role=pod-reader --user=jane
kubectl config set-credentials jane --client-certificate=jane.crt --client-key=jane.key --embed-certs=true
kubectl config set-context jane --cluster=kubernetes --user=jane
kubectl --context=jane auth whoami -o jsonpath='{.status.userInfo.username}{"\\n"}'
kubectl --context=jane get pods >/dev/null && echo can-list
kubectl --context=jane get secrets
`);
    expect(r.stdout).toContain("certificatesigningrequest.certificates.k8s.io/jane created\ncertificatesigningrequest.certificates.k8s.io/jane approved\n");
    expect(r.stdout).toContain("subject=CN = jane, O = dev\nissuer=CN = kubernetes\n");
    expect(r.stdout).toContain('User "jane" set.\nContext "jane" created.\njane\ncan-list\n');
    expect(r.stderr).toContain('Error from server (Forbidden): secrets is forbidden: User "jane" cannot list resource "secrets" in API group "" in the namespace "default"\n');
  });

  it("pipelines with grep, awk, sort and wc over kubectl output", async () => {
    const r = await sh(`
kubectl get pods -A --no-headers | wc -l
kubectl get pods -A --no-headers | awk '{print $1}' | sort | uniq -c | sort -rn | head -1 | awk '{print $2}'
kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.nodeInfo.kubeletVersion}{"\\n"}{end}' | grep -c v1.34
kubectl get pods -n kube-system -o custom-columns=NAME:.metadata.name --no-headers | grep '^etcd-' | sort
`);
    const [count, busiest, nodes, etcd] = r.stdout.trim().split("\n");
    expect(Number(count)).toBeGreaterThan(10);
    expect(busiest).toBe("kube-system");
    expect(nodes).toBe("3");
    expect(etcd).toBe("etcd-controlplane");
  });
});
