/**
 * kube-proxy running against a whole simulated cluster: it follows
 * Services and EndpointSlices through the API and keeps each node's
 * netfilter rules current, batched like the real BoundedFrequencyRunner,
 * and its rules outlive it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { clusterPolicyChain } from "../../../src/cluster/proxy/chain-names.js";
import { KubeProxy, startKubeProxy } from "../../../src/cluster/proxy/kube-proxy.js";
import { kubeProxyConfig } from "../../../src/cluster/proxy/config.js";
import { installKubeletRules } from "../../../src/cluster/network/node-rules.js";
import { Netfilter, saveTables } from "../../../src/host/netfilter.js";
import { newCluster } from "../../helpers.js";

let cluster: Cluster;
const netfilters = new Map<string, Netfilter>();
const proxies = new Map<string, KubeProxy>();

function nat(node: string): string {
  return saveTables(netfilters.get(node)!, cluster.clock.now(), { table: "nat" });
}

function filter(node: string): string {
  return saveTables(netfilters.get(node)!, cluster.clock.now(), { table: "filter" });
}

function deployment(name: string, replicas: number): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] } },
    },
  };
}

function service(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: "default" }, spec: { selector: { app: name }, ports: [{ port: 80, protocol: "TCP", targetPort: 80 }], ...spec } };
}

function podIPs(app: string): string[] {
  return cluster
    .client()
    .list("pods", "default")
    .items.filter((p) => p.metadata.labels?.app === app && p.status?.podIP)
    .map((p) => p.status!.podIP as string)
    .sort();
}

beforeAll(() => {
  cluster = newCluster();
  // Until the cluster's machines run kube-proxy themselves: one per node, on a netfilter of its own.
  const deps = {
    endpoint: cluster.endpoint,
    clock: cluster.clock,
    loop: cluster.loop,
    nodeIP: (n: string) => cluster.fixture.nodes.find((x) => x.name === n)?.ip,
    netfilter: (n: string) => netfilters.get(n),
  };
  for (const node of cluster.fixture.nodes) {
    const nf = new Netfilter();
    installKubeletRules(nf);
    netfilters.set(node.name, nf);
    const client = cluster.client();
    const proxy = new KubeProxy({ client, clock: cluster.clock, loop: cluster.loop, nodeName: node.name, nodeIP: node.ip, netfilter: nf, config: kubeProxyConfig({ clusterCIDR: cluster.fixture.podSubnet }) });
    proxies.set(node.name, proxy);
    if (node.name === "controlplane") startKubeProxy(deps, { nodeName: node.name, config: { clusterCIDR: cluster.fixture.podSubnet } });
    else proxy.start();
  }
  cluster.settle();
}, 60_000);

describe("kube-proxy in a cluster", () => {
  it("writes the kubernetes and kube-dns Services at start, through the API", () => {
    const dns = cluster.client().list("pods", "kube-system").items.filter((p) => p.metadata.labels?.["k8s-app"] === "kube-dns").map((p) => p.status!.podIP as string);
    expect(dns).toHaveLength(2);
    for (const node of ["controlplane", "node01", "node02"]) {
      const text = nat(node);
      expect(text).toContain('-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU');
      expect(text).toContain('-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y');
      expect(text).toContain(`-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 192.168.100.10:6443" -j KUBE-SEP-`);
      for (const ip of dns) expect(text).toContain(`-j DNAT --to-destination ${ip}:53`);
    }
    // The kubelet's jump into KUBE-FIREWALL stays last in INPUT; kube-proxy's come first.
    expect(filter("node01")).toContain('-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL\n-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS\n-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES\n-A INPUT -j KUBE-FIREWALL\n');
  });

  it("follows a Deployment's Service from no endpoints to ready pods and back", () => {
    const client = cluster.client();
    client.create("services", "default", service("web"));
    cluster.settle();
    const ip = client.get("services", "default", "web").spec.clusterIP as string;
    const svc = clusterPolicyChain("default/web", "tcp");
    expect(filter("node01")).toContain(`-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "default/web has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`);
    client.create("deployments", "default", deployment("web", 2));
    cluster.advance(30_000);
    const pods = podIPs("web");
    expect(pods).toHaveLength(2);
    for (const node of ["node01", "node02"]) {
      const text = nat(node);
      expect(text).toContain(`-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j ${svc}`);
      expect(text).toContain(`-A ${svc} -m comment --comment "default/web -> ${pods[0]}:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-`);
      expect(text).toContain(`-A ${svc} -m comment --comment "default/web -> ${pods[1]}:80" -j KUBE-SEP-`);
      expect(filter(node)).not.toContain("default/web has no endpoints");
    }
    client.patch("deployments", "default", "web", "merge", { spec: { replicas: 0 } });
    cluster.advance(60_000);
    expect(nat("node01")).not.toContain(`:${svc}`);
    expect(filter("node01")).toContain('"default/web has no endpoints"');
  });

  it("writes NodePort rules and removes a deleted Service's chains", () => {
    const client = cluster.client();
    client.patch("deployments", "default", "web", "merge", { spec: { replicas: 1 } });
    client.create("services", "default", service("web-np", { type: "NodePort", selector: { app: "web" }, ports: [{ port: 80, protocol: "TCP", targetPort: 80, nodePort: 30080 }] }));
    cluster.advance(30_000);
    const ext = `KUBE-EXT-${clusterPolicyChain("default/web-np", "tcp").slice(9)}`;
    expect(nat("node02")).toContain(`-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web-np" -m tcp --dport 30080 -j ${ext}`);
    expect(nat("node02")).toContain(`-A ${ext} -m comment --comment "masquerade traffic for default/web-np external destinations" -j KUBE-MARK-MASQ`);
    client.delete("services", "default", "web-np");
    cluster.advance(2_000);
    expect(nat("node02")).not.toContain("web-np");
    expect(nat("node02")).not.toContain(ext);
  });

  it("batches a burst of changes into a few syncs (min-sync-period 1s, burst 2)", () => {
    const nf = netfilters.get("node01")!;
    let restores = 0;
    const original = nf.restore.bind(nf);
    nf.restore = (input) => {
      restores++;
      original(input);
    };
    const client = cluster.client();
    for (let i = 0; i < 40; i++) client.create("services", "default", { ...service(`burst-${i}`), spec: { ports: [{ port: 80 + i, protocol: "TCP" }] } });
    cluster.advance(1_500);
    nf.restore = original;
    expect(restores).toBeGreaterThan(0);
    expect(restores).toBeLessThanOrEqual(3);
    expect(filter("node01")).toContain('"default/burst-39 has no endpoints"');
  });

  it("puts its rules back within a sync period after someone flushes the nat table", () => {
    const nf = netfilters.get("node01")!;
    nf.flush("nat");
    nf.deleteChain("nat");
    expect(nat("node01")).not.toContain("KUBE-SERVICES");
    cluster.advance(31_000);
    expect(nat("node01")).toContain('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(nat("node01")).toContain('"kube-system/kube-dns:dns cluster IP"');
  });

  it("leaves its rules in place when it stops, and no longer follows changes", () => {
    const proxy = proxies.get("node02")!;
    const before = nat("node02");
    proxy.stop();
    cluster.client().create("services", "default", { ...service("late"), spec: { clusterIP: "10.96.99.99", ports: [{ port: 8080, protocol: "TCP" }] } });
    cluster.advance(5_000);
    const rules = (text: string) => text.split("\n").filter((l) => !l.startsWith("#"));
    expect(rules(nat("node02"))).toEqual(rules(before));
    expect(nat("node02")).toContain("KUBE-SVC-TCOU7JCQXEZGVUNU");
    expect(filter("node02")).not.toContain("default/late");
    expect(filter("node01")).toContain('"default/late has no endpoints"');
  });
});
