/**
 * NetworkPolicies on the pod-to-pod path: what a client pod sees with
 * `kubectl run --rm -i ... -- wget` / nslookup when policies isolate the
 * server (ingress) or the client (egress), by pod labels, namespace labels,
 * ports (numbers and names) and ipBlocks.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../helpers.js";

const SERVER = `kubectl create deploy web --image=nginx --port=80 >/dev/null
kubectl expose deploy web --port=80 >/dev/null
sleep 15
`;

/** Runs wget from a throwaway busybox pod: its output line (or error) and exit code. */
const WGET = (name: string, extra = "", target = "web") => `kubectl run ${name} ${extra} --image=busybox --rm -i --restart=Never -q -- wget -qO- -T 2 ${target} 2>&1 | head -4 | grep -o 'Welcome to nginx\\|download timed out\\|bad address.*' ; true\n`;

function apply(yaml: string): string {
  return `cat <<'EOF' | kubectl apply -f - >/dev/null\n${yaml}\nEOF\n`;
}

const DENY_ALL_INGRESS = apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
spec:
  podSelector: {}
  policyTypes: [Ingress]`);

describe("ingress policies", () => {
  it("without policies every pod reaches the Service; a default deny drops the connection", async () => {
    const r = await sh(`${SERVER}${WGET("before")}${DENY_ALL_INGRESS}${WGET("after")}`);
    expect(r.stdout).toBe("Welcome to nginx\ndownload timed out\n");
  });

  it("a rule allowing pods by label lets only those in, and only on its port", async () => {
    const allow = apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-from-access
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
  - from:
    - podSelector:
        matchLabels:
          access: "true"
    ports:
    - port: 80`);
    const r = await sh(`${SERVER}${allow}${WGET("stranger")}${WGET("friend", "--labels=access=true")}`);
    expect(r.stdout).toBe("download timed out\nWelcome to nginx\n");
  });

  it("a named port means the server pod's container port of that name", async () => {
    const named = `cat <<'EOF' | kubectl apply -f - >/dev/null
apiVersion: v1
kind: Pod
metadata:
  name: named
  labels: {app: named}
spec:
  containers:
  - name: nginx
    image: nginx
    ports:
    - {name: http, containerPort: 80}
EOF
kubectl expose pod named --port=80 >/dev/null
sleep 15
`;
    const policy = (port: string) =>
      apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: named-port
spec:
  podSelector:
    matchLabels:
      app: named
  ingress:
  - ports:
    - port: ${port}`);
    const r = await sh(`${named}${policy("http")}${WGET("c1", "", "named")}${policy("metrics")}${WGET("c2", "", "named")}`);
    expect(r.stdout).toBe("Welcome to nginx\ndownload timed out\n");
  });

  it("namespaceSelector admits the pods of labelled namespaces only", async () => {
    const setup = `kubectl create ns team-a >/dev/null\nkubectl label ns team-a team=a >/dev/null\nkubectl create ns team-b >/dev/null\n`;
    const allow = apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: from-team-a
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          team: a`);
    const r = await sh(`${SERVER}${setup}${allow}${WGET("a", "-n team-a", "web.default")}${WGET("b", "-n team-b", "web.default")}${WGET("local")}`);
    expect(r.stdout).toBe("Welcome to nginx\ndownload timed out\ndownload timed out\n");
  });

  it("a policy in another namespace changes nothing here", async () => {
    const r = await sh(`${SERVER}kubectl create ns other >/dev/null\n${DENY_ALL_INGRESS.replace("kubectl apply -f -", "kubectl apply -n other -f -")}${WGET("client")}`);
    expect(r.stdout).toBe("Welcome to nginx\n");
  });
});

describe("egress policies", () => {
  const DENY_EGRESS = apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-egress
spec:
  podSelector:
    matchLabels:
      role: client
  policyTypes: [Egress]`);

  it("a client denied all egress cannot even resolve names", async () => {
    const r = await sh(`${SERVER}${DENY_EGRESS}kubectl run dns --labels=role=client --image=busybox --rm -i --restart=Never -q -- nslookup web\necho rc=$?\n`);
    expect(r.stdout).toBe(";; connection timed out; no servers could be reached\n\nrc=1\n");
  });

  it("allowing DNS and the server by label opens exactly those", async () => {
    const allow = apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: client-egress
spec:
  podSelector:
    matchLabels:
      role: client
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
    ports:
    - {protocol: UDP, port: 53}
  - to:
    - podSelector:
        matchLabels:
          app: web`);
    const r = await sh(`${SERVER}${allow}${WGET("client", "--labels=role=client")}kubectl run other --image=nginx -l app=other >/dev/null\nkubectl expose pod other --port=80 >/dev/null\nsleep 15\n${WGET("client2", "--labels=role=client", "other")}`);
    expect(r.stdout).toBe("Welcome to nginx\ndownload timed out\n");
  });

  it("an ipBlock rule matches the destination pod's address", async () => {
    const cluster = newCluster();
    await sh(SERVER, { cluster });
    const podIP = (await sh("kubectl get pod -l app=web -o jsonpath='{.items[0].status.podIP}'", { cluster })).stdout;
    const allow = (cidr: string) =>
      apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: by-ip
spec:
  podSelector:
    matchLabels:
      role: client
  policyTypes: [Egress]
  egress:
  - to:
    - ipBlock:
        cidr: ${cidr}`);
    const r = await sh(`${allow(`${podIP}/32`)}${WGET("in", "--labels=role=client", podIP)}${allow("10.0.0.0/24")}${WGET("out", "--labels=role=client", podIP)}`, { cluster });
    expect(r.stdout).toBe("Welcome to nginx\ndownload timed out\n");
  });
});
