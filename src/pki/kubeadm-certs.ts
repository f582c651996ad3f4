/**
 * kubeadm's certificate list as data (cmd/kubeadm/app/phases/certs/certlist.go,
 * phases/kubeconfig/kubeconfig.go, constants/constants.go, v1.34): the three
 * CAs, the leaf certificates in /etc/kubernetes/pki and the client
 * certificates embedded in the kubeconfig files, each with its subject,
 * issuer, usages and subject-alternative-name rule. Names are the ones
 * `kubeadm certs check-expiration` and `kubeadm certs renew` use.
 */
import type { ExtKeyUsageName } from "./issue.js";

export const KUBERNETES_DIR = "/etc/kubernetes";
export const CERTIFICATES_DIR = "/etc/kubernetes/pki";
export const KUBELET_PKI_DIR = "/var/lib/kubelet/pki";
export const CLUSTER_NAME = "kubernetes";
export const DNS_DOMAIN = "cluster.local";
export const API_SERVER_PORT = 6443;

const DAY_MS = 24 * 60 * 60 * 1000;
/** constants.CertificateValidityPeriod: leaf certificates live a year. */
export const CERTIFICATE_VALIDITY_MS = 365 * DAY_MS;
/** constants.CACertificateValidityPeriod: CAs live ten years. */
export const CA_CERTIFICATE_VALIDITY_MS = 10 * 365 * DAY_MS;
/** constants.CertificateBackdate: NotBefore is set this much before the kubeadm run started. */
export const CERTIFICATE_BACKDATE_MS = 5 * 60 * 1000;

export type CaName = "ca" | "etcd-ca" | "front-proxy-ca";

export interface KubeadmCa {
  name: CaName;
  /** File base name under /etc/kubernetes/pki: <baseName>.crt and <baseName>.key. */
  baseName: string;
  commonName: string;
  longName: string;
}

export const KUBEADM_CAS: readonly KubeadmCa[] = [
  { name: "ca", baseName: "ca", commonName: "kubernetes", longName: "self-signed Kubernetes CA to provision identities for other Kubernetes components" },
  { name: "etcd-ca", baseName: "etcd/ca", commonName: "etcd-ca", longName: "self-signed CA to provision identities for etcd" },
  { name: "front-proxy-ca", baseName: "front-proxy-ca", commonName: "front-proxy-ca", longName: "self-signed CA to provision identities for front proxy" },
];

/** Which subject alternative names a certificate gets (pkiutil.GetAPIServerAltNames / getAltNames). */
export type SanRule = "apiserver" | "etcd";

/** Which API server address a kubeconfig names: the control-plane endpoint, or this node's own API server. */
export type ServerRule = "controlPlaneEndpoint" | "local";

export interface KubeadmLeaf {
  /** The name `kubeadm certs check-expiration` lists. */
  name: string;
  /** What `kubeadm certs renew` prints: "<longName> renewed". */
  longName: string;
  ca: CaName;
  /** A file pair under /etc/kubernetes/pki (<pkiBaseName>.crt/.key) ... */
  pkiBaseName?: string;
  /** ... or a kubeconfig file under /etc/kubernetes holding the certificate and key as data. */
  kubeconfig?: { file: string; server: ServerRule };
  /** The subject CN; for etcd-server and etcd-peer it is the node name (setCommonNameToNodeName). */
  commonName: string | "<node name>";
  organizations: readonly string[];
  extKeyUsage: readonly ExtKeyUsageName[];
  sans?: SanRule;
  /** Written by `kubeadm init` only; `kubeadm join --control-plane` does not create it. */
  initOnly?: boolean;
}

const NODE_NAME = "<node name>";

/** In the order `kubeadm certs check-expiration` prints them. */
export const KUBEADM_LEAF_CERTS: readonly KubeadmLeaf[] = [
  {
    name: "admin.conf",
    longName: "certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself",
    ca: "ca",
    kubeconfig: { file: "admin.conf", server: "controlPlaneEndpoint" },
    commonName: "kubernetes-admin",
    organizations: ["kubeadm:cluster-admins"],
    extKeyUsage: ["clientAuth"],
  },
  {
    name: "apiserver",
    longName: "certificate for serving the Kubernetes API",
    ca: "ca",
    pkiBaseName: "apiserver",
    commonName: "kube-apiserver",
    organizations: [],
    extKeyUsage: ["serverAuth"],
    sans: "apiserver",
  },
  {
    name: "apiserver-etcd-client",
    longName: "certificate the apiserver uses to access etcd",
    ca: "etcd-ca",
    pkiBaseName: "apiserver-etcd-client",
    commonName: "kube-apiserver-etcd-client",
    organizations: [],
    extKeyUsage: ["clientAuth"],
  },
  {
    name: "apiserver-kubelet-client",
    longName: "certificate for the API server to connect to kubelet",
    ca: "ca",
    pkiBaseName: "apiserver-kubelet-client",
    commonName: "kube-apiserver-kubelet-client",
    organizations: ["kubeadm:cluster-admins"],
    extKeyUsage: ["clientAuth"],
  },
  {
    name: "controller-manager.conf",
    longName: "certificate embedded in the kubeconfig file for the controller manager to use",
    ca: "ca",
    kubeconfig: { file: "controller-manager.conf", server: "local" },
    commonName: "system:kube-controller-manager",
    organizations: [],
    extKeyUsage: ["clientAuth"],
  },
  {
    name: "etcd-healthcheck-client",
    longName: "certificate for liveness probes to healthcheck etcd",
    ca: "etcd-ca",
    pkiBaseName: "etcd/healthcheck-client",
    commonName: "kube-etcd-healthcheck-client",
    organizations: [],
    extKeyUsage: ["clientAuth"],
  },
  {
    name: "etcd-peer",
    longName: "certificate for etcd nodes to communicate with each other",
    ca: "etcd-ca",
    pkiBaseName: "etcd/peer",
    commonName: NODE_NAME,
    organizations: [],
    extKeyUsage: ["serverAuth", "clientAuth"],
    sans: "etcd",
  },
  {
    name: "etcd-server",
    longName: "certificate for serving etcd",
    ca: "etcd-ca",
    pkiBaseName: "etcd/server",
    commonName: NODE_NAME,
    organizations: [],
    extKeyUsage: ["serverAuth", "clientAuth"],
    sans: "etcd",
  },
  {
    name: "front-proxy-client",
    longName: "certificate for the front proxy client",
    ca: "front-proxy-ca",
    pkiBaseName: "front-proxy-client",
    commonName: "front-proxy-client",
    organizations: [],
    extKeyUsage: ["clientAuth"],
  },
  {
    name: "scheduler.conf",
    longName: "certificate embedded in the kubeconfig file for the scheduler manager to use",
    ca: "ca",
    kubeconfig: { file: "scheduler.conf", server: "local" },
    commonName: "system:kube-scheduler",
    organizations: [],
    extKeyUsage: ["clientAuth"],
  },
  {
    name: "super-admin.conf",
    longName: "certificate embedded in the kubeconfig file for the super-admin",
    ca: "ca",
    kubeconfig: { file: "super-admin.conf", server: "controlPlaneEndpoint" },
    commonName: "kubernetes-super-admin",
    organizations: ["system:masters"],
    extKeyUsage: ["clientAuth"],
    initOnly: true,
  },
];

/** The service-account token signing key pair (not a certificate). */
export const SERVICE_ACCOUNT_KEY_BASE_NAME = "sa";

/** kubelet.conf's user: system:node:<node>, group system:nodes (NodesUserPrefix, NodesGroup). */
export const KUBELET_KUBECONFIG = "kubelet.conf";
export const NODES_GROUP = "system:nodes";
export function nodeUserName(nodeName: string): string {
  return `system:node:${nodeName}`;
}

/** Certificates the kubelet itself owns (not kubeadm's), as `certificates.expire` in a fixture names them. */
export const KUBELET_CERT_NAMES = ["kubelet-client", "kubelet-serving"] as const;

export function leafCommonName(leaf: KubeadmLeaf, nodeName: string): string {
  return leaf.commonName === NODE_NAME ? nodeName : leaf.commonName;
}

/** Every certificate name a fixture can set an expiry for: kubeadm's leaves, its CAs, the kubelet's own. */
export function knownCertificateNames(): string[] {
  return [...KUBEADM_LEAF_CERTS.map((c) => c.name), ...KUBEADM_CAS.map((c) => c.name), ...KUBELET_CERT_NAMES];
}

/** Whether a node holds a certificate: control-plane nodes hold kubeadm's, every node the kubelet's. */
export function nodeHasCertificate(name: string, role: "control-plane" | "worker", isInitNode: boolean): boolean {
  if ((KUBELET_CERT_NAMES as readonly string[]).includes(name)) return true;
  if (role !== "control-plane") return false;
  const leaf = KUBEADM_LEAF_CERTS.find((c) => c.name === name);
  if (leaf) return !leaf.initOnly || isInitNode;
  return KUBEADM_CAS.some((c) => c.name === name);
}

/** The first address of the service CIDR: the `kubernetes` Service's ClusterIP (GetAPIServerVirtualIP). */
export function apiServerServiceIP(serviceSubnet: string): string {
  const [net] = serviceSubnet.split("/");
  const parts = net.split(".").map(Number);
  const n = ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3] + 1;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export interface SanInput {
  nodeName: string;
  advertiseAddress: string;
  serviceSubnet: string;
  /** kubeadm's --control-plane-endpoint, host:port, if set. */
  controlPlaneEndpoint?: string;
}

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/**
 * The subject alternative names as kubeadm computes them, including
 * RemoveDuplicateAltNames: DNS names sorted and unique, IPs unique in order.
 */
export function subjectAltNames(rule: SanRule, input: SanInput): { dnsNames: string[]; ipAddresses: string[] } {
  let dns: string[];
  let ips: string[];
  if (rule === "apiserver") {
    dns = [input.nodeName, "kubernetes", "kubernetes.default", "kubernetes.default.svc", `kubernetes.default.svc.${DNS_DOMAIN}`];
    ips = [apiServerServiceIP(input.serviceSubnet), input.advertiseAddress];
    if (input.controlPlaneEndpoint) {
      const host = input.controlPlaneEndpoint.replace(/:\d+$/, "");
      if (IPV4.test(host)) ips.push(host);
      else dns.push(host);
    }
  } else {
    dns = [input.nodeName, "localhost"];
    ips = [input.advertiseAddress, "127.0.0.1", "::1"];
  }
  return { dnsNames: [...new Set(dns)].sort(), ipAddresses: [...new Set(ips)] };
}

/** kubeadmutil.GetControlPlaneEndpoint: the --control-plane-endpoint, else the init node's advertise address. */
export function controlPlaneEndpointURL(controlPlaneEndpoint: string | undefined, initNodeIP: string): string {
  return controlPlaneEndpoint ? `https://${controlPlaneEndpoint}` : localAPIEndpointURL(initNodeIP);
}

/** kubeadmutil.GetLocalAPIEndpoint: this node's own kube-apiserver. */
export function localAPIEndpointURL(advertiseAddress: string): string {
  return `https://${advertiseAddress}:${API_SERVER_PORT}`;
}
