/**
 * curl on a node over the simulated network: the API server over TLS
 * (certificates verified as OpenSSL does, client certificates mapped to
 * users and authorized by RBAC), the kubelet's ports, Services through
 * kube-proxy's rules, and curl 8.5's errors and exit codes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../helpers.js";

let cluster: Cluster;
const run = (script: string) => sh(script, { cluster });

const CERT = "--cert /etc/kubernetes/pki/apiserver-kubelet-client.crt --key /etc/kubernetes/pki/apiserver-kubelet-client.key";
const SSL_HELP = "More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n";

beforeAll(() => {
  cluster = newCluster();
}, 120_000);

describe("the API server", () => {
  it("answers /healthz, /livez, /readyz with ok to anyone (-k)", async () => {
    const r = await run("curl -k https://localhost:6443/healthz; echo; curl -sk https://192.168.100.10:6443/livez; echo; curl -k https://controlplane:6443/readyz");
    expect(r.stdout).toBe("ok\nok\nok");
  });

  it("serves /version as the apiserver's pretty JSON", async () => {
    const r = await run("curl -sk https://localhost:6443/version");
    const v = JSON.parse(r.stdout);
    expect(v.gitVersion).toBe("v1.34.1");
    expect(r.stdout).toMatch(/^\{\n  "major": "1",\n  "minor": "34",\n/);
  });

  it("fails verification without the cluster CA, and for a name the certificate does not carry", async () => {
    const r = await run("curl https://controlplane:6443/version; echo rc=$?; curl --cacert /etc/kubernetes/pki/ca.crt https://localhost:6443/version; echo rc=$?; curl -s --cacert /etc/kubernetes/pki/ca.crt https://controlplane:6443/version | head -2");
    expect(r.stderr).toBe(`curl: (60) SSL certificate problem: unable to get local issuer certificate\n${SSL_HELP}curl: (60) SSL: no alternative certificate subject name matches target host name 'localhost'\n${SSL_HELP}`);
    expect(r.stdout).toBe('rc=60\nrc=60\n{\n  "major": "1",\n');
  });

  it("anonymous requests for resources are forbidden, a client certificate names a user that RBAC authorizes", async () => {
    const anon = await run("curl -sk https://localhost:6443/api/v1/namespaces/kube-system/pods");
    expect(JSON.parse(anon.stdout)).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "kube-system"',
      reason: "Forbidden",
      details: { kind: "pods" },
      code: 403,
    });
    const admin = await run(`curl -s --cacert /etc/kubernetes/pki/ca.crt ${CERT} https://controlplane:6443/api/v1/namespaces/kube-system/pods/etcd-controlplane`);
    const pod = JSON.parse(admin.stdout);
    expect([pod.kind, pod.apiVersion, pod.metadata.name]).toEqual(["Pod", "v1", "etcd-controlplane"]);
    const root = await run("curl -sk https://localhost:6443/");
    expect(JSON.parse(root.stdout).message).toBe('forbidden: User "system:anonymous" cannot get path "/"');
  });

  it("a certificate signed by another CA is Unauthorized; -f turns an HTTP error into exit 22", async () => {
    const r = await run("curl -sk --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt --key /etc/kubernetes/pki/etcd/healthcheck-client.key https://localhost:6443/api; curl -sSfk https://localhost:6443/api/v1/pods; echo rc=$?");
    expect(JSON.parse(r.stdout.slice(0, r.stdout.indexOf("}\n") + 2))).toMatchObject({ reason: "Unauthorized", code: 401 });
    expect(r.stdout).toMatch(/rc=22\n$/);
    expect(r.stderr).toBe("curl: (22) The requested URL returned error: 403\n");
  });

  it("a key that does not belong to the certificate", async () => {
    const r = await run("curl -k --cert /etc/kubernetes/pki/apiserver.crt --key /etc/kubernetes/pki/ca.key https://localhost:6443/version");
    expect(r.stderr).toBe("curl: (58) unable to set private key file: '/etc/kubernetes/pki/ca.key' type PEM\n");
    expect(r.exitCode).toBe(58);
  });

  it("-I shows HTTP/2 headers; plain HTTP to the TLS port gets Go's 400", async () => {
    const r = await run("curl -skI https://localhost:6443/healthz | head -1; curl -s http://localhost:6443/");
    expect(r.stdout).toBe("HTTP/2 200 \r\nClient sent an HTTP request to an HTTPS server.\n");
  });
});

describe("the node's other servers", () => {
  it("kubelet healthz, its authenticated port, etcd's client-certificate port and metrics port", async () => {
    const r = await run(
      "curl -s localhost:10248/healthz; echo; curl -sk https://localhost:10250/pods; echo; curl -sk https://localhost:2379/health; echo rc=$?; curl -s --cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt --key /etc/kubernetes/pki/etcd/healthcheck-client.key https://127.0.0.1:2379/health; echo; curl -s http://127.0.0.1:2381/health; echo; curl -sk https://127.0.0.1:10259/healthz",
    );
    expect(r.stdout).toBe('ok\nUnauthorized\nrc=56\n{"health":"true","reason":""}\n{"health":"true","reason":""}\nok');
  });

  it("loopback-only listeners refuse the node's own address", async () => {
    const r = await run("curl -sk https://192.168.100.10:10259/healthz; echo rc=$?; curl -s http://node01:10248/healthz; echo rc=$?");
    expect(r.stdout).toBe("rc=7\nrc=7\n");
  });

  it("a stopped API server refuses connections", async () => {
    const r = await run("mv /etc/kubernetes/manifests/kube-apiserver.yaml /root/; sleep 40; curl -k https://localhost:6443/healthz; echo rc=$?; mv /root/kube-apiserver.yaml /etc/kubernetes/manifests/; sleep 60; curl -sk https://localhost:6443/healthz");
    expect(r.stderr).toBe("curl: (7) Failed to connect to localhost port 6443 after 0 ms: Couldn't connect to server\n");
    expect(r.stdout).toBe("rc=7\nok");
  }, 60_000);
});

describe("Services through kube-proxy's rules", () => {
  it("a ClusterIP and a NodePort reach nginx; a Service without endpoints is refused", async () => {
    const setup = await run("kubectl create deployment web --image=nginx; kubectl expose deployment web --port=80; kubectl create service nodeport np --tcp=80:80 --node-port=30080; kubectl create service clusterip empty --tcp=80:80; sleep 60; kubectl get svc web -o jsonpath='{.spec.clusterIP}'");
    const ip = setup.stdout.trim().split("\n").pop()!;
    expect(ip).toMatch(/^10\.\d+\.\d+\.\d+$/);
    const r = await run(`curl -s http://${ip} | grep -o '<title>.*</title>'; kubectl patch svc np -p '{"spec":{"selector":{"app":"web"}}}' >/dev/null; sleep 5; curl -s http://node01:30080 | grep -c 'Welcome to nginx'; curl http://$(kubectl get svc empty -o jsonpath='{.spec.clusterIP}'); echo rc=$?`);
    expect(r.stdout).toBe("<title>Welcome to nginx!</title>\n2\nrc=7\n");
    expect(r.stderr).toMatch(/^curl: \(7\) Failed to connect to 10\.\d+\.\d+\.\d+ port 80 after 0 ms: Couldn't connect to server\n$/);
  }, 60_000);
});

describe("curl's errors", () => {
  it("unknown hosts, refused ports, -s and -sS", async () => {
    const r = await run("curl foo; echo rc=$?; curl -s foo; echo rc=$?; curl -sS localhost:1; echo rc=$?; curl; echo rc=$?; curl ftp://x; echo rc=$?");
    expect(r.stdout).toBe("rc=6\nrc=6\nrc=7\nrc=2\nrc=1\n");
    expect(r.stderr).toBe(
      "curl: (6) Could not resolve host: foo\ncurl: (7) Failed to connect to localhost port 1 after 0 ms: Couldn't connect to server\ncurl: try 'curl --help' or 'curl --manual' for more information\ncurl: (1) Protocol \"ftp\" not supported\n",
    );
  });

  it("an address nobody has: the connect times out on the session's clock", async () => {
    const t0 = cluster.clock.now();
    const r = await run("curl --connect-timeout 5 http://10.244.1.250/; echo rc=$?");
    expect(r.stderr).toBe("curl: (28) Failed to connect to 10.244.1.250 port 80 after 5001 ms: Timeout was reached\n");
    expect(r.stdout).toBe("rc=28\n");
    expect(cluster.clock.now() - t0).toBeGreaterThanOrEqual(5000);
  });

  it("file:// reads the machine's files, -o writes them", async () => {
    const r = await run("curl -s file:///etc/hostname; curl -s -o /tmp/v.json -k https://localhost:6443/version; grep -c gitVersion /tmp/v.json; curl file:///nonexist; echo rc=$?");
    expect(r.stdout).toBe("controlplane\n1\nrc=37\n");
    expect(r.stderr).toBe("curl: (37) Couldn't open file /nonexist\n");
  });
});
