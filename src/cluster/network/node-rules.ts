/**
 * The iptables rules other node programs keep besides kube-proxy's, so a
 * node's `iptables-save` shows what a real kubeadm + flannel node shows:
 *
 * - the kubelet (pkg/kubelet/kubelet_network_linux.go, v1.34): the
 *   KUBE-IPTABLES-HINT chain in mangle, KUBE-FIREWALL with the localnet
 *   DROP rule jumped to from INPUT and OUTPUT, and its KUBE-KUBELET-CANARY
 *   monitor chains in mangle, nat and filter;
 * - flanneld with --ip-masq (pkg/trafficmngr/iptables): FLANNEL-POSTRTG in
 *   nat (no masquerade inside the pod network) and FLANNEL-FWD in filter.
 *
 * Each is idempotent (EnsureChain / EnsureRule), as the programs re-apply
 * them periodically.
 */
import type { Netfilter } from "../../host/netfilter.js";

const MASQ = "flanneld masq";
const FWD = "flanneld forward";

export function installKubeletRules(nf: Netfilter): void {
  nf.ensureChain("mangle", "KUBE-IPTABLES-HINT");
  nf.ensureChain("filter", "KUBE-FIREWALL");
  nf.ensureRule("prepend", "filter", "OUTPUT", ["-j", "KUBE-FIREWALL"]);
  nf.ensureRule("prepend", "filter", "INPUT", ["-j", "KUBE-FIREWALL"]);
  nf.ensureRule("append", "filter", "KUBE-FIREWALL", ["-m", "comment", "--comment", "block incoming localnet connections", "--dst", "127.0.0.0/8", "!", "--src", "127.0.0.0/8", "-m", "conntrack", "!", "--ctstate", "RELATED,ESTABLISHED,DNAT", "-j", "DROP"]);
  for (const t of ["mangle", "nat", "filter"] as const) nf.ensureChain(t, "KUBE-KUBELET-CANARY");
}

/** `network` is the flannel Network (the cluster's pod CIDR), `subnet` this node's lease (its podCIDR). */
export function installFlannelRules(nf: Netfilter, opts: { network: string; subnet: string }): void {
  const { network, subnet } = opts;
  nf.ensureChain("nat", "FLANNEL-POSTRTG");
  nf.ensureChain("filter", "FLANNEL-FWD");
  const masq = (...spec: string[]) => nf.ensureRule("append", "nat", "FLANNEL-POSTRTG", spec);
  nf.ensureRule("append", "nat", "POSTROUTING", ["-m", "comment", "--comment", MASQ, "-j", "FLANNEL-POSTRTG"]);
  masq("-m", "mark", "--mark", "0x4000/0x4000", "-m", "comment", "--comment", MASQ, "-j", "RETURN");
  masq("-s", subnet, "-d", network, "-m", "comment", "--comment", MASQ, "-j", "RETURN");
  masq("-s", network, "-d", subnet, "-m", "comment", "--comment", MASQ, "-j", "RETURN");
  masq("!", "-s", network, "-d", subnet, "-m", "comment", "--comment", MASQ, "-j", "RETURN");
  masq("-s", network, "!", "-d", "224.0.0.0/4", "-m", "comment", "--comment", MASQ, "-j", "MASQUERADE", "--random-fully");
  masq("!", "-s", network, "-d", network, "-m", "comment", "--comment", MASQ, "-j", "MASQUERADE", "--random-fully");
  nf.ensureRule("append", "filter", "FORWARD", ["-m", "comment", "--comment", FWD, "-j", "FLANNEL-FWD"]);
  nf.ensureRule("append", "filter", "FLANNEL-FWD", ["-s", network, "-m", "comment", "--comment", FWD, "-j", "ACCEPT"]);
  nf.ensureRule("append", "filter", "FLANNEL-FWD", ["-d", network, "-m", "comment", "--comment", FWD, "-j", "ACCEPT"]);
}
