/**
 * iptables and iptables-save as on a v1.34 kubeadm node (iptables-nft
 * 1.8.10): the listings of kube-proxy's and the kubelet's rules, exact to
 * the column, and the errors iptables prints.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/cluster/api/types.js";
import { installFlannelRules, installKubeletRules } from "../../../src/cluster/network/node-rules.js";
import { kubeProxyConfig } from "../../../src/cluster/proxy/config.js";
import { endpointsFromSlices } from "../../../src/cluster/proxy/endpoints.js";
import { Proxier } from "../../../src/cluster/proxy/proxier.js";
import { servicePortKey, servicePorts } from "../../../src/cluster/proxy/service-port.js";
import { Netfilter } from "../../../src/host/netfilter.js";
import { iptables, iptablesSave } from "../../../src/shell/commands/iptables/iptables.js";
import type { ToolContext } from "../../../src/shell/tool.js";
import { sh } from "../../helpers.js";

const NOW = Date.parse("2026-01-12T08:47:03Z");

/** node01 of the default cluster: kubelet, flannel and kube-proxy rules, one NodePort Service. */
function node01(): Netfilter {
  const nf = new Netfilter();
  installKubeletRules(nf);
  installFlannelRules(nf, { network: "10.244.0.0/16", subnet: "10.244.1.0/24" });
  const proxier = new Proxier(nf, kubeProxyConfig({ clusterCIDR: "10.244.0.0/16" }), "192.168.100.11");
  const svc: KubeObject = { metadata: { name: "web", namespace: "default" }, spec: { type: "NodePort", clusterIP: "10.103.45.12", ports: [{ port: 80, protocol: "TCP", targetPort: 8080, nodePort: 30080 }] } };
  const slice: KubeObject = {
    metadata: { name: "web-x7k2p", namespace: "default", labels: { "kubernetes.io/service-name": "web" } },
    addressType: "IPv4",
    ports: [{ name: "", port: 8080, protocol: "TCP" }],
    endpoints: [
      { addresses: ["10.244.2.7"], conditions: { ready: true }, nodeName: "node02" },
      { addresses: ["10.244.1.5"], conditions: { ready: true }, nodeName: "node01" },
    ],
  };
  const eps = endpointsFromSlices("default/web", [slice], "node01");
  for (const sp of servicePorts(svc)) {
    const k = servicePortKey(sp.name, sp.protocol);
    proxier.servicePorts.set(k, sp);
    proxier.endpoints.set(k, eps.get(k)!);
  }
  // kube-proxy's iptables monitor keeps a canary chain in each table.
  for (const t of ["mangle", "nat", "filter"] as const) nf.ensureChain(t, "KUBE-PROXY-CANARY");
  proxier.syncProxyRules(NOW, new Set());
  return nf;
}

let nf: Netfilter;
let ctx: ToolContext;

function context(user = "root"): ToolContext {
  const cluster = { machine: () => ({ netfilter: nf }), clock: { now: () => NOW } };
  return { cluster: cluster as never, host: "node01", user, fs: undefined as never, cwd: "/root", env: new Map(), stdin: "" };
}

async function run(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return iptables(args, ctx);
}

beforeEach(() => {
  nf = node01();
  ctx = context();
});

describe("iptables -L", () => {
  it("lists the filter table with built-in chains first and user chains by name", async () => {
    const r = await run("-L");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        "Chain INPUT (policy ACCEPT)",
        "target     prot opt source               destination         ",
        "KUBE-PROXY-FIREWALL  all  --  anywhere             anywhere             ctstate NEW /* kubernetes load balancer firewall */",
        "KUBE-NODEPORTS  all  --  anywhere             anywhere             /* kubernetes health check service ports */",
        "KUBE-EXTERNAL-SERVICES  all  --  anywhere             anywhere             ctstate NEW /* kubernetes externally-visible service portals */",
        "KUBE-FIREWALL  all  --  anywhere             anywhere            ",
        "",
        "Chain FORWARD (policy ACCEPT)",
        "target     prot opt source               destination         ",
        "KUBE-PROXY-FIREWALL  all  --  anywhere             anywhere             ctstate NEW /* kubernetes load balancer firewall */",
        "KUBE-FORWARD  all  --  anywhere             anywhere             /* kubernetes forwarding rules */",
        "KUBE-SERVICES  all  --  anywhere             anywhere             ctstate NEW /* kubernetes service portals */",
        "KUBE-EXTERNAL-SERVICES  all  --  anywhere             anywhere             ctstate NEW /* kubernetes externally-visible service portals */",
        "FLANNEL-FWD  all  --  anywhere             anywhere             /* flanneld forward */",
        "",
        "Chain OUTPUT (policy ACCEPT)",
        "target     prot opt source               destination         ",
        "KUBE-PROXY-FIREWALL  all  --  anywhere             anywhere             ctstate NEW /* kubernetes load balancer firewall */",
        "KUBE-SERVICES  all  --  anywhere             anywhere             ctstate NEW /* kubernetes service portals */",
        "KUBE-FIREWALL  all  --  anywhere             anywhere            ",
        "",
        "Chain FLANNEL-FWD (1 references)",
        "target     prot opt source               destination         ",
        "ACCEPT     all  --  10.244.0.0/16        anywhere             /* flanneld forward */",
        "ACCEPT     all  --  anywhere             10.244.0.0/16        /* flanneld forward */",
        "",
        "Chain KUBE-EXTERNAL-SERVICES (2 references)",
        "target     prot opt source               destination         ",
        "",
        "Chain KUBE-FIREWALL (2 references)",
        "target     prot opt source               destination         ",
        "DROP       all  -- !127.0.0.0/8          127.0.0.0/8          /* block incoming localnet connections */ ! ctstate RELATED,ESTABLISHED,DNAT",
        "",
        "Chain KUBE-FORWARD (1 references)",
        "target     prot opt source               destination         ",
        "DROP       all  --  anywhere             anywhere             ctstate INVALID nfacct-name  ct_state_invalid_dropped_pkts",
        "ACCEPT     all  --  anywhere             anywhere             /* kubernetes forwarding rules */ mark match 0x4000/0x4000",
        "ACCEPT     all  --  anywhere             anywhere             /* kubernetes forwarding conntrack rule */ ctstate RELATED,ESTABLISHED",
        "",
        "Chain KUBE-KUBELET-CANARY (0 references)",
        "target     prot opt source               destination         ",
        "",
        "Chain KUBE-NODEPORTS (1 references)",
        "target     prot opt source               destination         ",
        "",
        "Chain KUBE-PROXY-CANARY (0 references)",
        "target     prot opt source               destination         ",
        "",
        "Chain KUBE-PROXY-FIREWALL (3 references)",
        "target     prot opt source               destination         ",
        "",
        "Chain KUBE-SERVICES (2 references)",
        "target     prot opt source               destination         ",
        "",
      ].join("\n"),
    );
  });

  it("-t nat -L KUBE-SERVICES -n prints addresses and protocols as numbers", async () => {
    const r = await run("-t", "nat", "-L", "KUBE-SERVICES", "-n");
    expect(r.stdout).toBe(
      [
        "Chain KUBE-SERVICES (2 references)",
        "target     prot opt source               destination         ",
        "KUBE-SVC-LOLE4ISW44XBNF3G  6    --  0.0.0.0/0            10.103.45.12         /* default/web cluster IP */ tcp dpt:80",
        "KUBE-NODEPORTS  0    --  0.0.0.0/0            0.0.0.0/0            /* kubernetes service nodeports; NOTE: this must be the last rule in this chain */ ADDRTYPE match dst-type LOCAL",
        "",
      ].join("\n"),
    );
  });

  it("-nvL adds counters and interfaces; -L without -n names well-known ports", async () => {
    const v = await run("-t", "nat", "-nvL", "KUBE-SVC-LOLE4ISW44XBNF3G");
    expect(v.stdout).toBe(
      [
        "Chain KUBE-SVC-LOLE4ISW44XBNF3G (2 references)",
        " pkts bytes target     prot opt in     out     source               destination         ",
        "    0     0 KUBE-MARK-MASQ  6    --  *      *      !10.244.0.0/16        10.103.45.12         /* default/web cluster IP */ tcp dpt:80",
        "    0     0 KUBE-SEP-XQWD6PXGZUTOOIVQ  0    --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/web -> 10.244.1.5:8080 */ statistic mode random probability 0.50000000000",
        "    0     0 KUBE-SEP-CBPCTALQVABL5M2H  0    --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/web -> 10.244.2.7:8080 */",
        "",
      ].join("\n"),
    );
    const named = await run("-t", "nat", "-L", "KUBE-SERVICES");
    expect(named.stdout).toContain("KUBE-SVC-LOLE4ISW44XBNF3G  tcp  --  anywhere             10.103.45.12         /* default/web cluster IP */ tcp dpt:http");
  });

  it("--line-numbers numbers the rules; the DNAT target shows where it goes", async () => {
    const r = await run("-t", "nat", "-L", "KUBE-SEP-XQWD6PXGZUTOOIVQ", "-n", "--line-numbers");
    expect(r.stdout).toBe(
      [
        "Chain KUBE-SEP-XQWD6PXGZUTOOIVQ (1 references)",
        "num  target     prot opt source               destination         ",
        "1    KUBE-MARK-MASQ  0    --  10.244.1.5           0.0.0.0/0            /* default/web */",
        "2    DNAT       6    --  0.0.0.0/0            0.0.0.0/0            /* default/web */ tcp to:10.244.1.5:8080",
        "",
      ].join("\n"),
    );
  });

  it("shows MARK and MASQUERADE targets as iptables describes them", async () => {
    const r = await run("-t", "nat", "-n", "-L", "KUBE-POSTROUTING");
    expect(r.stdout).toContain("RETURN     0    --  0.0.0.0/0            0.0.0.0/0            mark match ! 0x4000/0x4000\n");
    expect(r.stdout).toContain("MARK       0    --  0.0.0.0/0            0.0.0.0/0            MARK xor 0x4000\n");
    expect(r.stdout).toContain("MASQUERADE  0    --  0.0.0.0/0            0.0.0.0/0            /* kubernetes service traffic requiring SNAT */ random-fully\n");
  });
});

describe("iptables -S and iptables-save", () => {
  it("-S CHAIN prints the chain and its rules as commands", async () => {
    const r = await run("-t", "nat", "-S", "KUBE-NODEPORTS");
    expect(r.stdout).toBe(
      [
        "-N KUBE-NODEPORTS",
        "-A KUBE-NODEPORTS -d 127.0.0.0/8 -p tcp -m comment --comment \"default/web\" -m tcp --dport 30080 -m nfacct --nfacct-name  localhost_nps_accepted_pkts -j KUBE-EXT-LOLE4ISW44XBNF3G",
        "-A KUBE-NODEPORTS -p tcp -m comment --comment \"default/web\" -m tcp --dport 30080 -j KUBE-EXT-LOLE4ISW44XBNF3G",
        "",
      ].join("\n"),
    );
    expect((await run("-S", "INPUT")).stdout.split("\n")[0]).toBe("-P INPUT ACCEPT");
  });

  it("iptables-save prints every table in the kernel with iptables-nft's header and footer", async () => {
    const r = await iptablesSave([], ctx);
    expect(r.exitCode).toBe(0);
    const heads = r.stdout.split("\n").filter((l) => l.startsWith("#") || l.startsWith("*") || l === "COMMIT");
    expect(heads).toEqual([
      "# Generated by iptables-save v1.8.10 (nf_tables) on Mon Jan 12 08:47:03 2026",
      "*mangle",
      "COMMIT",
      "# Completed on Mon Jan 12 08:47:03 2026",
      "# Generated by iptables-save v1.8.10 (nf_tables) on Mon Jan 12 08:47:03 2026",
      "*filter",
      "COMMIT",
      "# Completed on Mon Jan 12 08:47:03 2026",
      "# Generated by iptables-save v1.8.10 (nf_tables) on Mon Jan 12 08:47:03 2026",
      "*nat",
      "COMMIT",
      "# Completed on Mon Jan 12 08:47:03 2026",
    ]);
    expect(r.stdout).toContain("*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:KUBE-IPTABLES-HINT - [0:0]\n:KUBE-KUBELET-CANARY - [0:0]\n:KUBE-PROXY-CANARY - [0:0]\nCOMMIT\n");
  });

  it("iptables-save -t nat -c prints one table with rule counters", async () => {
    const r = await iptablesSave(["-t", "nat", "-c"], ctx);
    expect(r.stdout).toContain("[0:0] -A KUBE-SERVICES -d 10.103.45.12/32 -p tcp -m comment --comment \"default/web cluster IP\" -m tcp --dport 80 -j KUBE-SVC-LOLE4ISW44XBNF3G\n");
    expect(r.stdout).not.toContain("*filter");
    expect(r.stdout).toContain("-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment \"flanneld masq\" -j MASQUERADE --random-fully\n");
  });
});

describe("changing rules", () => {
  it("-N, -A, -I, -D, -F and -X work on chains and rules", async () => {
    expect((await run("-N", "AUDIT")).exitCode).toBe(0);
    expect((await run("-A", "AUDIT", "-p", "tcp", "--dport", "22", "-s", "10.0.0.0/8", "-j", "ACCEPT")).exitCode).toBe(0);
    expect((await run("-I", "AUDIT", "-m", "comment", "--comment", "first", "-j", "LOG")).exitCode).toBe(0);
    expect((await run("-S", "AUDIT")).stdout).toBe('-N AUDIT\n-A AUDIT -m comment --comment first -j LOG\n-A AUDIT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT\n');
    expect((await run("-C", "AUDIT", "-s", "10.0.0.0/8", "-p", "tcp", "-m", "tcp", "--dport", "22", "-j", "ACCEPT")).exitCode).toBe(0);
    expect((await run("-D", "AUDIT", "1")).exitCode).toBe(0);
    expect((await run("-D", "AUDIT", "-p", "tcp", "--dport", "22", "-s", "10.0.0.0/8", "-j", "ACCEPT")).exitCode).toBe(0);
    expect((await run("-X", "AUDIT")).exitCode).toBe(0);
    expect((await run("-L", "AUDIT")).stderr).toBe("iptables: No chain/target/match by that name.\n");
  });

  it("-P sets a built-in chain's policy; -F flushes a chain", async () => {
    await run("-P", "FORWARD", "DROP");
    expect((await run("-L", "FORWARD")).stdout.split("\n")[0]).toBe("Chain FORWARD (policy DROP)");
    await run("-t", "nat", "-F", "KUBE-SERVICES");
    expect((await run("-t", "nat", "-S", "KUBE-SERVICES")).stdout).toBe("-N KUBE-SERVICES\n");
  });
});

describe("errors", () => {
  it("as iptables prints them", async () => {
    expect(await run("-L", "NOPE")).toEqual({ stdout: "", stderr: "iptables: No chain/target/match by that name.\n", exitCode: 1 });
    expect(await run("-D", "INPUT", "-j", "NOPE-NOT-THERE")).toMatchObject({ exitCode: 1, stderr: "iptables: Bad rule (does a matching rule exist in that chain?).\n" });
    expect(await run("-N", "KUBE-SERVICES")).toMatchObject({ exitCode: 1, stderr: "iptables: Chain already exists.\n" });
    expect(await run("-X", "KUBE-SERVICES")).toMatchObject({ exitCode: 4, stderr: "iptables v1.8.10 (nf_tables): CHAIN_USER_DEL failed (Device or resource busy): chain KUBE-SERVICES\n" });
    expect(await run("-t", "foo", "-L")).toMatchObject({ exitCode: 3, stderr: "iptables v1.8.10 (nf_tables): can't initialize iptables table `foo': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.\n" });
    expect(await run("-A", "INPUT", "--bogus")).toMatchObject({ exitCode: 2, stderr: "iptables v1.8.10 (nf_tables): unknown option \"--bogus\"\nTry `iptables -h' or 'iptables --help' for more information.\n" });
    expect(await run("-n")).toMatchObject({ exitCode: 2, stderr: "iptables v1.8.10 (nf_tables): no command specified\nTry `iptables -h' or 'iptables --help' for more information.\n" });
    expect(await run("-L", "-A", "INPUT")).toMatchObject({ exitCode: 2 });
    expect(await run("-D", "INPUT", "9")).toMatchObject({ exitCode: 1, stderr: "iptables: Index of deletion too big.\n" });
  });

  it("need root", async () => {
    ctx = context("candidate");
    expect(await run("-L")).toEqual({ stdout: "", stderr: "iptables v1.8.10 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n", exitCode: 4 });
    expect((await iptablesSave([], ctx)).exitCode).toBe(4);
  });

  it("-V prints the version", async () => {
    expect((await run("-V")).stdout).toBe("iptables v1.8.10 (nf_tables)\n");
  });
});

describe("in the shell", () => {
  it("runs on the machine the session is on, as root", async () => {
    const r = await sh("iptables -t nat -N LAB-CHAIN && iptables -t nat -A LAB-CHAIN -p tcp --dport 8080 -j RETURN && iptables -t nat -S LAB-CHAIN; iptables-save -t nat | grep -c '^-A LAB-CHAIN'");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("-N LAB-CHAIN\n-A LAB-CHAIN -p tcp -m tcp --dport 8080 -j RETURN\n1\n");
  }, 60_000);
});
