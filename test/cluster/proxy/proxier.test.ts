/**
 * kube-proxy's iptables rules for Services and EndpointSlices, checked as
 * `iptables-save` text (the format of pkg/proxy/iptables/proxier_test.go
 * and of real nodes), with chain names hashed as the real proxier hashes them.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/cluster/api/types.js";
import { clusterPolicyChain, endpointChain } from "../../../src/cluster/proxy/chain-names.js";
import { kubeProxyConfig } from "../../../src/cluster/proxy/config.js";
import { endpointsFromSlices } from "../../../src/cluster/proxy/endpoints.js";
import { Proxier } from "../../../src/cluster/proxy/proxier.js";
import { servicePortKey, servicePorts } from "../../../src/cluster/proxy/service-port.js";
import { Netfilter, saveTables } from "../../../src/host/netfilter.js";

function service(name: string, spec: Record<string, unknown>, ns = "default"): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: ns }, spec: { type: "ClusterIP", ...spec } };
}

type Ep = { ip: string; node: string; ready?: boolean; serving?: boolean; terminating?: boolean };

function slice(svc: string, port: { name?: string; port: number; protocol?: string }, eps: Ep[], ns = "default"): KubeObject {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: `${svc}-x7k2p`, namespace: ns, labels: { "kubernetes.io/service-name": svc } },
    addressType: "IPv4",
    ports: [{ name: port.name ?? "", port: port.port, protocol: port.protocol ?? "TCP" }],
    endpoints: eps.map((e) => ({ addresses: [e.ip], nodeName: e.node, conditions: { ready: e.ready ?? true, serving: e.serving ?? e.ready ?? true, terminating: e.terminating ?? false } })),
  };
}

/** A proxier on node01 with these Services and slices, synced once. */
function sync(items: Array<[KubeObject, KubeObject[]]>, config: Record<string, unknown> = { clusterCIDR: "10.244.0.0/16" }): { nf: Netfilter; proxier: Proxier } {
  const nf = new Netfilter();
  const proxier = new Proxier(nf, kubeProxyConfig(config), "192.168.100.11");
  load(proxier, items);
  expect(proxier.syncProxyRules(0, new Set()).ok).toBe(true);
  return { nf, proxier };
}

function load(proxier: Proxier, items: Array<[KubeObject, KubeObject[]]>): void {
  for (const [svc, slices] of items) {
    const name = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const eps = endpointsFromSlices(name, slices, "node01");
    for (const sp of servicePorts(svc)) {
      const k = servicePortKey(sp.name, sp.protocol);
      proxier.servicePorts.set(k, sp);
      const list = eps.get(k);
      if (list) proxier.endpoints.set(k, list);
      else proxier.endpoints.delete(k);
    }
  }
}

/** The lines of one table's save output mentioning any of the words. */
function lines(nf: Netfilter, table: "nat" | "filter", ...words: string[]): string {
  return saveTables(nf, 0, { table })
    .split("\n")
    .filter((l) => words.some((w) => l.includes(w)))
    .join("\n");
}

const WEB = service("web", { clusterIP: "10.103.45.12", ports: [{ port: 80, protocol: "TCP", targetPort: 8080 }] });
const WEB_EPS = slice("web", { port: 8080 }, [
  { ip: "10.244.2.7", node: "node02" },
  { ip: "10.244.1.5", node: "node01" },
]);

describe("chain names", () => {
  it("hash the service port name and protocol as the real proxier does", () => {
    // Names seen on real clusters (kubeadm defaults: kube-dns, kubernetes).
    expect(clusterPolicyChain("default/kubernetes:https", "tcp")).toBe("KUBE-SVC-NPX46M4PTMTKRN6Y");
    expect(clusterPolicyChain("kube-system/kube-dns:dns", "udp")).toBe("KUBE-SVC-TCOU7JCQXEZGVUNU");
    expect(clusterPolicyChain("kube-system/kube-dns:dns-tcp", "tcp")).toBe("KUBE-SVC-ERIFXISQEP7F7OF4");
    expect(clusterPolicyChain("kube-system/kube-dns:metrics", "tcp")).toBe("KUBE-SVC-JD5MR3NA4I4DYORP");
    expect(endpointChain("default/kubernetes:https", "tcp", "172.16.0.11:6443")).toBe("KUBE-SEP-23Y66C2VAJ3WDEMI");
    expect(endpointChain("kube-system/kube-dns:dns", "udp", "10.85.0.5:53")).toBe("KUBE-SEP-HDNVQHEBMPSP33XA");
  });
});

describe("a ClusterIP Service with two ready endpoints", () => {
  it("gets a KUBE-SERVICES rule, a KUBE-SVC chain splitting 50/50 and a DNAT chain per endpoint", () => {
    const { nf } = sync([[WEB, [WEB_EPS]]]);
    expect(lines(nf, "nat", "KUBE-SVC-LOLE4ISW44XBNF3G", "KUBE-SEP-")).toBe(
      [
        ":KUBE-SEP-CBPCTALQVABL5M2H - [0:0]",
        ":KUBE-SEP-XQWD6PXGZUTOOIVQ - [0:0]",
        ":KUBE-SVC-LOLE4ISW44XBNF3G - [0:0]",
        "-A KUBE-SEP-CBPCTALQVABL5M2H -s 10.244.2.7/32 -m comment --comment \"default/web\" -j KUBE-MARK-MASQ",
        "-A KUBE-SEP-CBPCTALQVABL5M2H -p tcp -m comment --comment \"default/web\" -m tcp -j DNAT --to-destination 10.244.2.7:8080",
        "-A KUBE-SEP-XQWD6PXGZUTOOIVQ -s 10.244.1.5/32 -m comment --comment \"default/web\" -j KUBE-MARK-MASQ",
        "-A KUBE-SEP-XQWD6PXGZUTOOIVQ -p tcp -m comment --comment \"default/web\" -m tcp -j DNAT --to-destination 10.244.1.5:8080",
        "-A KUBE-SERVICES -d 10.103.45.12/32 -p tcp -m comment --comment \"default/web cluster IP\" -m tcp --dport 80 -j KUBE-SVC-LOLE4ISW44XBNF3G",
        "-A KUBE-SVC-LOLE4ISW44XBNF3G ! -s 10.244.0.0/16 -d 10.103.45.12/32 -p tcp -m comment --comment \"default/web cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ",
        "-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment \"default/web -> 10.244.1.5:8080\" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-XQWD6PXGZUTOOIVQ",
        "-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment \"default/web -> 10.244.2.7:8080\" -j KUBE-SEP-CBPCTALQVABL5M2H",
      ].join("\n"),
    );
  });

  it("writes the node-wide chains of a real node's nat table", () => {
    const { nf } = sync([[WEB, [WEB_EPS]]]);
    expect(lines(nf, "nat", "-A PREROUTING", "-A OUTPUT", "-A POSTROUTING", "-A KUBE-POSTROUTING", "-A KUBE-MARK-MASQ", "nodeports;")).toBe(
      [
        "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
        "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
        "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
        "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
        "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
        "-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0",
        "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully",
        "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS",
      ].join("\n"),
    );
    expect(lines(nf, "filter", "-A KUBE-FORWARD", "-A KUBE-FIREWALL")).toBe(
      [
        "-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment \"block incoming localnet connections\" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP",
        "-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name  ct_state_invalid_dropped_pkts -j DROP",
        "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark 0x4000/0x4000 -j ACCEPT",
        "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
      ].join("\n"),
    );
  });

  it("prints 1/3 as the kernel rounds it for three endpoints", () => {
    const eps = slice("web", { port: 8080 }, [
      { ip: "10.244.1.5", node: "node01" },
      { ip: "10.244.1.9", node: "node01" },
      { ip: "10.244.2.7", node: "node02" },
    ]);
    const { nf } = sync([[WEB, [eps]]]);
    expect(lines(nf, "nat", "--probability")).toMatch(/probability 0\.33333333349 .*\n.*probability 0\.50000000000 /);
  });

  it("leaves out endpoints that are not ready, and uses serving-terminating ones only when nothing is ready", () => {
    const mixed = slice("web", { port: 8080 }, [
      { ip: "10.244.1.5", node: "node01" },
      { ip: "10.244.2.7", node: "node02", ready: false, serving: false },
    ]);
    expect(lines(sync([[WEB, [mixed]]]).nf, "nat", "-A KUBE-SVC-")).not.toContain("10.244.2.7");
    const terminating = slice("web", { port: 8080 }, [{ ip: "10.244.1.5", node: "node01", ready: false, serving: true, terminating: true }]);
    expect(lines(sync([[WEB, [terminating]]]).nf, "nat", "-A KUBE-SVC-")).toContain("default/web -> 10.244.1.5:8080");
  });
});

describe("Services without usable endpoints", () => {
  it("get a REJECT in filter KUBE-SERVICES and no nat chains", () => {
    const empty = service("empty", { clusterIP: "10.96.200.1", ports: [{ port: 80, protocol: "TCP" }] });
    const { nf } = sync([[empty, []]]);
    expect(lines(nf, "filter", "-A KUBE-SERVICES")).toBe(
      "-A KUBE-SERVICES -d 10.96.200.1/32 -p tcp -m comment --comment \"default/empty has no endpoints\" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable",
    );
    expect(saveTables(nf, 0, { table: "nat" })).not.toContain("KUBE-SVC-GQRNJRE7767OASLF");
  });

  it("with only unready endpoints are rejected the same way", () => {
    const notReady = slice("web", { port: 8080 }, [{ ip: "10.244.1.5", node: "node01", ready: false, serving: false }]);
    expect(lines(sync([[WEB, [notReady]]]).nf, "filter", "-A KUBE-SERVICES")).toContain("\"default/web has no endpoints\"");
  });
});

describe("NodePort Services", () => {
  const NP = service("web", { type: "NodePort", clusterIP: "10.103.45.12", ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: 8080, nodePort: 30080 }] });
  const NP_EPS = slice("web", { name: "http", port: 8080 }, [
    { ip: "10.244.1.5", node: "node01" },
    { ip: "10.244.2.7", node: "node02" },
  ]);

  it("jump from KUBE-NODEPORTS (localhost too) to a KUBE-EXT chain that masquerades", () => {
    const { nf } = sync([[NP, [NP_EPS]]]);
    expect(lines(nf, "nat", "-A KUBE-NODEPORTS", "-A KUBE-EXT-")).toBe(
      [
        "-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment \"masquerade traffic for default/web:http external destinations\" -j KUBE-MARK-MASQ",
        "-A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVC-CDGGSHYLG3RE2FKL",
        "-A KUBE-NODEPORTS -d 127.0.0.0/8 -p tcp -m comment --comment \"default/web:http\" -m tcp --dport 30080 -m nfacct --nfacct-name  localhost_nps_accepted_pkts -j KUBE-EXT-CDGGSHYLG3RE2FKL",
        "-A KUBE-NODEPORTS -p tcp -m comment --comment \"default/web:http\" -m tcp --dport 30080 -j KUBE-EXT-CDGGSHYLG3RE2FKL",
      ].join("\n"),
    );
  });

  it("with externalTrafficPolicy Local send outside traffic only to this node's endpoints (KUBE-SVL)", () => {
    const local = service("web", { ...NP.spec, externalTrafficPolicy: "Local" });
    const { nf } = sync([[local, [NP_EPS]]]);
    const ext = lines(nf, "nat", "-A KUBE-EXT-", "-A KUBE-SVL-");
    expect(ext).toContain("-A KUBE-EXT-CDGGSHYLG3RE2FKL -s 10.244.0.0/16 -m comment --comment \"pod traffic for default/web:http external destinations\" -j KUBE-SVC-CDGGSHYLG3RE2FKL");
    expect(ext).toContain("-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment \"masquerade LOCAL traffic for default/web:http external destinations\" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ");
    expect(ext).toContain("-A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVL-CDGGSHYLG3RE2FKL");
    // node01 holds only 10.244.1.5: the Local chain has that endpoint alone.
    expect(lines(nf, "nat", "-A KUBE-SVL-")).toBe("-A KUBE-SVL-CDGGSHYLG3RE2FKL -m comment --comment \"default/web:http -> 10.244.1.5:8080\" -j KUBE-SEP-AFGSLHOD2HFNCBX4");
  });

  it("without endpoints are rejected in KUBE-EXTERNAL-SERVICES for node addresses", () => {
    const { nf } = sync([[NP, []]]);
    expect(lines(nf, "filter", "-A KUBE-EXTERNAL-SERVICES")).toBe(
      "-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment \"default/web:http has no endpoints\" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable",
    );
  });
});

describe("other Service shapes", () => {
  it("sessionAffinity ClientIP remembers clients with xt_recent", () => {
    const sticky = service("web", { ...WEB.spec, sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } } });
    const { nf } = sync([[sticky, [WEB_EPS]]]);
    const text = lines(nf, "nat", "recent");
    expect(text).toContain("-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment \"default/web -> 10.244.1.5:8080\" -m recent --rcheck --seconds 600 --reap --name KUBE-SEP-XQWD6PXGZUTOOIVQ --mask 255.255.255.255 --rsource -j KUBE-SEP-XQWD6PXGZUTOOIVQ");
    expect(text).toContain("-A KUBE-SEP-XQWD6PXGZUTOOIVQ -p tcp -m comment --comment \"default/web\" -m recent --set --name KUBE-SEP-XQWD6PXGZUTOOIVQ --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.244.1.5:8080");
  });

  it("internalTrafficPolicy Local drops ClusterIP traffic on a node without a local endpoint", () => {
    const itp = service("web", { ...WEB.spec, internalTrafficPolicy: "Local" });
    const remote = slice("web", { port: 8080 }, [{ ip: "10.244.2.7", node: "node02" }]);
    expect(lines(sync([[itp, [remote]]]).nf, "filter", "-A KUBE-SERVICES")).toBe(
      "-A KUBE-SERVICES -d 10.103.45.12/32 -p tcp -m comment --comment \"default/web has no local endpoints\" -m tcp --dport 80 -j DROP",
    );
  });

  it("headless and ExternalName Services get no rules", () => {
    const headless = service("db", { clusterIP: "None", ports: [{ port: 5432, protocol: "TCP" }] });
    const external = service("ext", { type: "ExternalName", externalName: "example.com" });
    const { nf } = sync([
      [headless, [slice("db", { port: 5432 }, [{ ip: "10.244.1.8", node: "node01" }])]],
      [external, []],
    ]);
    expect(saveTables(nf, 0)).not.toMatch(/default\/(db|ext)/);
  });

  it("without a clusterCIDR does not masquerade off-cluster ClusterIP traffic", () => {
    const { nf } = sync([[WEB, [WEB_EPS]]], {});
    expect(lines(nf, "nat", "-j KUBE-MARK-MASQ")).not.toContain("-A KUBE-SVC-");
  });
});

describe("syncs", () => {
  it("delete the chains of a Service that is gone", () => {
    const { nf, proxier } = sync([[WEB, [WEB_EPS]]]);
    proxier.servicePorts.clear();
    proxier.endpoints.clear();
    expect(proxier.syncProxyRules(1000, new Set(["default/web"])).ok).toBe(true);
    const nat = saveTables(nf, 1000, { table: "nat" });
    expect(nat).not.toContain("KUBE-SVC-LOLE4ISW44XBNF3G");
    expect(nat).not.toContain("KUBE-SEP-");
  });

  it("leave unchanged Services' chains alone in a partial sync but rewrite KUBE-SERVICES", () => {
    const { nf, proxier } = sync([[WEB, [WEB_EPS]]]);
    // Someone edits a service chain by hand; a partial sync for another Service keeps the edit.
    nf.append("nat", "KUBE-SVC-LOLE4ISW44XBNF3G", ["-j", "RETURN"]);
    nf.append("nat", "KUBE-SERVICES", ["-j", "RETURN"]);
    const other = service("api", { clusterIP: "10.96.5.5", ports: [{ port: 443, protocol: "TCP" }] });
    load(proxier, [[other, [slice("api", { port: 8443 }, [{ ip: "10.244.1.7", node: "node01" }])]]]);
    proxier.syncProxyRules(1000, new Set(["default/api"]));
    const nat = saveTables(nf, 1000, { table: "nat" });
    expect(nat).toContain("-A KUBE-SVC-LOLE4ISW44XBNF3G -j RETURN");
    expect(nat).not.toContain("-A KUBE-SERVICES -j RETURN");
    expect(nat).toContain("\"default/api cluster IP\"");
    // A full sync (as after the canary check or once an hour) rewrites it.
    proxier.needFullSync = true;
    proxier.syncProxyRules(2000, new Set());
    expect(saveTables(nf, 2000, { table: "nat" })).not.toContain("-A KUBE-SVC-LOLE4ISW44XBNF3G -j RETURN");
  });

  it("keep chains other programs own", () => {
    const nf = new Netfilter();
    nf.newChain("nat", "FLANNEL-POSTRTG");
    nf.append("nat", "FLANNEL-POSTRTG", ["-j", "RETURN"]);
    const proxier = new Proxier(nf, kubeProxyConfig({}), "192.168.100.11");
    load(proxier, [[WEB, [WEB_EPS]]]);
    proxier.syncProxyRules(0, new Set());
    expect(saveTables(nf, 0, { table: "nat" })).toContain("-A FLANNEL-POSTRTG -j RETURN");
  });
});
