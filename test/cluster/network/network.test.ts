/**
 * The network as a pod sees it: DNS answered by CoreDNS through the
 * kube-dns Service, HTTP to Services through kube-proxy's rules, NodePorts
 * on every node, and what breaks when CoreDNS, kube-proxy or a rule is
 * missing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { InformerFactory } from "../../../src/cluster/client/informer.js";
import { clusterNetworkFor, type ClusterNetworkDeps, type NodeNetwork } from "../../../src/cluster/network/cluster-network.js";
import { installKubeletRules } from "../../../src/cluster/network/node-rules.js";
import { kubeProxyConfig } from "../../../src/cluster/proxy/config.js";
import { KubeProxy } from "../../../src/cluster/proxy/kube-proxy.js";
import { Netfilter, saveTables } from "../../../src/host/netfilter.js";
import { newCluster } from "../../helpers.js";

let cluster: Cluster;
let deps: ClusterNetworkDeps;
const netfilters = new Map<string, Netfilter>();
const proxies = new Map<string, KubeProxy>();

function on(node: string): NodeNetwork {
  return clusterNetworkFor(deps, node);
}

/** A pod in `ns` on `node` (what the runtime would pass for one of its sandboxes). */
function pod(node: string, ns = "default") {
  const ip = node === "node01" ? "10.244.1.200" : node === "node02" ? "10.244.2.200" : "10.244.0.200";
  return on(node).forPod({ podIP: ip, hostNetwork: false, namespace: ns });
}

function create(resource: string, obj: Record<string, any>): void {
  cluster.client().create(resource, obj.metadata.namespace ?? "default", obj as never);
}

beforeAll(() => {
  cluster = newCluster();
  for (const node of cluster.fixture.nodes) {
    const nf = new Netfilter();
    installKubeletRules(nf);
    netfilters.set(node.name, nf);
    const proxy = new KubeProxy({ client: cluster.client(), clock: cluster.clock, loop: cluster.loop, nodeName: node.name, nodeIP: node.ip, netfilter: nf, config: kubeProxyConfig({ clusterCIDR: cluster.fixture.podSubnet }) });
    proxies.set(node.name, proxy);
    proxy.start();
  }
  deps = {
    informers: new InformerFactory(cluster.client()),
    clock: cluster.clock,
    random: cluster.random.fork("network-test"),
    nodes: () => cluster.fixture.nodes.map((n) => ({ name: n.name, ip: n.ip })),
    netfilter: (n) => netfilters.get(n),
    runtime: (n) => cluster.kubelets.get(n)?.runtime,
  };
  create("deployments", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default" },
    spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } } },
  });
  create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 80, protocol: "TCP" }] } });
  create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "web-np", namespace: "default" }, spec: { type: "NodePort", selector: { app: "web" }, ports: [{ port: 8080, targetPort: 80, protocol: "TCP", nodePort: 30080 }] } });
  create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "web-headless", namespace: "default" }, spec: { clusterIP: "None", selector: { app: "web" }, ports: [{ port: 80, protocol: "TCP" }] } });
  create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "nobody", namespace: "default" }, spec: { selector: { app: "nobody" }, ports: [{ port: 80, protocol: "TCP" }] } });
  cluster.advance(30_000);
}, 60_000);

const webPods = () =>
  cluster
    .client()
    .list("pods", "default")
    .items.filter((p) => p.metadata.labels?.app === "web" && p.status?.podIP)
    .map((p) => p.status!.podIP as string)
    .sort();
const clusterIP = (name: string, ns = "default") => cluster.client().get("services", ns, name).spec.clusterIP as string;

describe("DNS", () => {
  it("resolves Service names with the pod's search path", () => {
    const p = pod("node01");
    expect(p.lookup("kubernetes")).toBe("10.96.0.1");
    expect(p.lookup("kubernetes.default")).toBe("10.96.0.1");
    expect(p.lookup("web")).toBe(clusterIP("web"));
    expect(p.lookup("web.default.svc.cluster.local")).toBe(clusterIP("web"));
    expect(p.lookup("kube-dns.kube-system.svc.cluster.local")).toBe("10.96.0.10");
    expect(pod("node02", "kube-system").lookup("kube-dns")).toBe("10.96.0.10");
    expect(pod("node02", "kube-system").lookup("web")).toBeUndefined();
    expect(pod("node02", "kube-system").lookup("web.default")).toBe(clusterIP("web"));
  });

  it("answers headless Services with pod IPs, pod names in the pod zone, and NXDOMAIN otherwise", () => {
    const p = pod("node02");
    expect(webPods()).toContain(p.lookup("web-headless"));
    expect(p.lookup("10-244-1-5.default.pod.cluster.local")).toBe("10.244.1.5");
    expect(p.lookup("nosuch")).toBeUndefined();
    expect(p.lookup("nosuch.default.svc.cluster.local")).toBeUndefined();
    expect(p.lookup("example.com")).toBeUndefined();
  });

  it("stops answering when no CoreDNS pod is ready, and comes back with it", () => {
    const client = cluster.client();
    client.patch("deployments", "kube-system", "coredns", "merge", { spec: { replicas: 0 } });
    cluster.advance(60_000);
    expect(pod("node01").lookup("web")).toBeUndefined();
    expect(pod("node01").httpGet("http://web/")).toEqual({ error: "(6) Could not resolve host: web" });
    expect(saveTables(netfilters.get("node01")!, cluster.clock.now(), { table: "filter" })).toContain('"kube-system/kube-dns:dns has no endpoints"');
    client.patch("deployments", "kube-system", "coredns", "merge", { spec: { replicas: 2 } });
    cluster.advance(60_000);
    expect(pod("node01").lookup("web")).toBe(clusterIP("web"));
  });

  it("needs kube-proxy's rules to reach 10.96.0.10", () => {
    proxies.get("node02")!.stop();
    netfilters.get("node02")!.flush("nat");
    expect(pod("node02").lookup("kubernetes")).toBeUndefined();
    expect(pod("node01").lookup("kubernetes")).toBe("10.96.0.1");
    proxies.get("node02")!.start();
    cluster.settle();
    expect(pod("node02").lookup("kubernetes")).toBe("10.96.0.1");
  });
});

describe("HTTP to Services", () => {
  it("reaches nginx behind a ClusterIP Service by name and by IP", () => {
    const r = pod("node01").httpGet("http://web");
    expect(r).toMatchObject({ status: 200 });
    expect((r as { body: string }).body).toContain("<title>Welcome to nginx!</title>");
    expect(pod("node02").httpGet(`http://${clusterIP("web")}:80/`)).toMatchObject({ status: 200 });
    expect(pod("node02").httpGet("http://web/nope.html")).toMatchObject({ status: 404 });
  });

  it("reaches a NodePort on any node's address, from pods and from nodes", () => {
    for (const ip of ["192.168.100.10", "192.168.100.11", "192.168.100.12"]) {
      expect(pod("node01").httpGet(`http://${ip}:30080/`)).toMatchObject({ status: 200 });
    }
    expect(on("controlplane").httpGet("http://192.168.100.12:30080/")).toMatchObject({ status: 200 });
    expect(pod("node01").httpGet("http://web-np:8080/")).toMatchObject({ status: 200 });
    expect(pod("node01").httpGet("http://web-np:80/")).toMatchObject({ error: expect.stringMatching(/^\(28\) Failed to connect to web-np port 80 after \d+ ms: Connection timed out$/) });
  });

  it("is refused for a Service without endpoints (kube-proxy's REJECT)", () => {
    expect(pod("node01").httpGet("http://nobody/")).toEqual({ error: "(7) Failed to connect to nobody port 80 after 0 ms: Couldn't connect to server" });
  });

  it("times out behind a DROP rule someone added, and counts the packets", () => {
    const nf = netfilters.get("node01")!;
    nf.insert("filter", "FORWARD", 1, ["-p", "tcp", "-m", "tcp", "--dport", "80", "-j", "DROP"]);
    expect(pod("node01").httpGet("http://web/")).toMatchObject({ error: expect.stringContaining("Connection timed out") });
    expect(nf.chain("filter", "FORWARD").rules[0].packets).toBe(1);
    nf.deleteRuleAt("filter", "FORWARD", 1);
    expect(pod("node01").httpGet("http://web/")).toMatchObject({ status: 200 });
  });

  it("spreads connections over the endpoints as the statistic rules say", () => {
    const nf = netfilters.get("node02")!;
    nf.zero("nat");
    for (let i = 0; i < 40; i++) pod("node02").httpGet("http://web/");
    const svc = [...nf.chainsOf("nat")].find((c) => c.rules.some((r) => r.def.text.includes('"default/web -> ')))!;
    const hits = svc.rules.filter((r) => r.def.target?.name.startsWith("KUBE-SEP-")).map((r) => r.packets);
    expect(hits).toHaveLength(2);
    // The first rule matches with probability 1/2; the second takes the rest.
    expect(hits[0]).toBeGreaterThan(5);
    expect(hits[1]).toBeGreaterThan(5);
  });
});
