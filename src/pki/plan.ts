/**
 * What certificates, keys and files a fixture's cluster holds, and when each
 * certificate was issued, as kubeadm init/join and the kubelets would have
 * produced them: the one description both the generator (npm run gen-pki)
 * and the runtime loader work from.
 *
 * Times: kubeadm runs `kubeadm init` at issuedAt (the fixture's createdAt
 * unless `certificates.issuedAt` moves it) and joins control-plane nodes at
 * their join delay after it; its certificates start 5 minutes earlier
 * (CertificateBackdate) and last a year, CAs ten. Kubelets start at
 * createdAt plus the node's join delay: their self-signed serving pair is
 * back-dated an hour (client-go cert.GenerateSelfSignedCertKey), and a
 * joining node's client certificate comes from the controller-manager's CSR
 * signer (5 minutes back-dated, a year minus that backdate).
 */
import { createHash } from "node:crypto";
import type { ClusterFixture, NodeFixture } from "../cluster/fixture.js";
import { kubeadmJoinDelayMs } from "../cluster/kubeadm.js";
import type { CertificateRequest } from "./issue.js";
import type { KeyType } from "./keys.js";
import {
  CA_CERTIFICATE_VALIDITY_MS,
  CERTIFICATE_BACKDATE_MS,
  CERTIFICATE_VALIDITY_MS,
  CERTIFICATES_DIR,
  CLUSTER_NAME,
  KUBEADM_CAS,
  KUBEADM_LEAF_CERTS,
  KUBELET_KUBECONFIG,
  KUBELET_PKI_DIR,
  KUBERNETES_DIR,
  NODES_GROUP,
  SERVICE_ACCOUNT_KEY_BASE_NAME,
  controlPlaneEndpointURL,
  leafCommonName,
  localAPIEndpointURL,
  nodeUserName,
  subjectAltNames,
} from "./kubeadm-certs.js";

export type CertSpec = Omit<CertificateRequest, "subjectKey" | "issuer">;

export interface PlannedCert {
  /** Unique in the cluster: "ca", "etcd-ca", "controlplane/apiserver", "node01/kubelet-client". */
  id: string;
  /** The name `certificates.expire` uses: a kubeadm name, a CA name, kubelet-client, kubelet-serving (or kubelet-serving-ca, which it cannot name). */
  name: string;
  /** The node it belongs to; the cluster's CAs belong to none. */
  node?: string;
  keyType: KeyType;
  /** The id of the certificate that signs it; undefined when self-signed. */
  issuer?: string;
  spec: CertSpec;
}

/** How a file's content is made from certificates (by id) and keys (by the id of the certificate they belong to). */
export type FileRecipe =
  | { kind: "certs"; certs: string[] }
  | { kind: "key"; key: string }
  | { kind: "publicKey"; key: string }
  | { kind: "certAndKey"; cert: string }
  | { kind: "symlink"; target: string }
  | {
      kind: "kubeconfig";
      server: string;
      clusterName: string;
      userName: string;
      contextName: string;
      namespace?: string;
      ca: string;
      client: { cert: string } | { file: string };
    };

export interface PlannedFile {
  path: string;
  mode: number;
  recipe: FileRecipe;
}

export interface PkiPlan {
  /** Issuers come before the certificates they sign. */
  certs: PlannedCert[];
  /** Keys that sign nothing and belong to no certificate (sa). */
  bareKeys: { id: string; keyType: KeyType }[];
  /** Files per node; PRIVATE_TREE holds what no node keeps (the kubelets' throw-away serving CA keys). */
  trees: Map<string, PlannedFile[]>;
}

/** Tree for keys kept only so the set can be re-issued at load: no node has them. */
export const PRIVATE_TREE = "_private";

const HOUR_MS = 60 * 60 * 1000;
const MAX_INT63 = (1n << 63n) - 1n;

/** The node kubeadm init ran on: the first control-plane node. */
export function initNodeOf(f: ClusterFixture): NodeFixture | undefined {
  return f.nodes.find((n) => n.role === "control-plane");
}

export function planPki(f: ClusterFixture): PkiPlan {
  const created = Date.parse(f.createdAt);
  const issued = f.certificates?.issuedAt ? Date.parse(f.certificates.issuedAt) : created;
  const initNode = initNodeOf(f);
  if (!initNode) throw new Error("planPki: the fixture has no control-plane node");
  const certs: PlannedCert[] = [];
  const byId = new Map<string, PlannedCert>();
  const trees = new Map<string, PlannedFile[]>();

  const expiry = (node: string | undefined, name: string): number | undefined => {
    const e = f.certificates?.expire;
    const at = (node && e?.[`${node}/${name}`]) || e?.[name];
    return at ? Date.parse(at) : undefined;
  };
  /** Validity, with a fixture's expiry override: then the cert is taken as issued its usual lifetime before it. */
  const validity = (node: string | undefined, name: string, notBefore: number, notAfter: number) => {
    const at = expiry(node, name);
    return at === undefined ? { notBefore, notAfter } : { notBefore: Math.min(notBefore, at - (notAfter - notBefore)), notAfter: at };
  };
  const add = (c: Omit<PlannedCert, "spec"> & { spec: Omit<CertSpec, "serialNumber"> & { serialNumber?: bigint } }, serialBits: 63 | 128 = 63) => {
    const spec: CertSpec = { ...c.spec, serialNumber: c.spec.serialNumber ?? serialFor(f.name, c.id, c.spec.notBefore, c.spec.notAfter, serialBits) };
    const planned = { ...c, spec };
    certs.push(planned);
    byId.set(planned.id, planned);
    return planned;
  };

  // The cluster's three CAs (shared by every control-plane node), from kubeadm init.
  for (const ca of KUBEADM_CAS) {
    add({
      id: ca.name,
      name: ca.name,
      keyType: "rsa",
      spec: {
        commonName: ca.commonName,
        // NewSelfSignedCACert puts the CA's own name in its SANs.
        dnsNames: [ca.commonName],
        ...validity(undefined, ca.name, issued - CERTIFICATE_BACKDATE_MS, issued + CA_CERTIFICATE_VALIDITY_MS),
        isCA: true,
        keyUsage: ["digitalSignature", "keyEncipherment", "keyCertSign"],
      },
    });
  }

  for (const node of f.nodes) {
    const files: PlannedFile[] = [];
    trees.set(node.name, files);
    const isInit = node === initNode;
    const joinDelay = kubeadmJoinDelayMs(f, node);
    const kubeadmRun = issued + joinDelay;
    const kubeletStart = created + joinDelay;

    if (node.role === "control-plane") {
      for (const ca of KUBEADM_CAS) {
        files.push(certFile(`${CERTIFICATES_DIR}/${ca.baseName}.crt`, ca.name), keyFile(`${CERTIFICATES_DIR}/${ca.baseName}.key`, ca.name));
      }
      for (const leaf of KUBEADM_LEAF_CERTS) {
        if (leaf.initOnly && !isInit) continue;
        const ca = byId.get(leaf.ca)!;
        const sans = leaf.sans
          ? subjectAltNames(leaf.sans, { nodeName: node.name, advertiseAddress: node.ip, serviceSubnet: f.serviceSubnet, controlPlaneEndpoint: f.controlPlaneEndpoint })
          : { dnsNames: [], ipAddresses: [] };
        // Kubeconfig client certs keep the CA's NotBefore (their config sets none); pki leaves are back-dated from the run.
        const notBefore = leaf.kubeconfig ? ca.spec.notBefore : kubeadmRun - CERTIFICATE_BACKDATE_MS;
        const cert = add({
          id: `${node.name}/${leaf.name}`,
          name: leaf.name,
          node: node.name,
          keyType: "rsa",
          issuer: ca.id,
          spec: {
            commonName: leafCommonName(leaf, node.name),
            organizations: leaf.organizations,
            ...sans,
            ...validity(node.name, leaf.name, notBefore, kubeadmRun + CERTIFICATE_VALIDITY_MS),
            isCA: false,
            keyUsage: ["digitalSignature", "keyEncipherment"],
            extKeyUsage: leaf.extKeyUsage,
          },
        });
        if (leaf.pkiBaseName) {
          files.push(certFile(`${CERTIFICATES_DIR}/${leaf.pkiBaseName}.crt`, cert.id), keyFile(`${CERTIFICATES_DIR}/${leaf.pkiBaseName}.key`, cert.id));
        } else {
          const user = cert.spec.commonName;
          files.push({
            path: `${KUBERNETES_DIR}/${leaf.kubeconfig!.file}`,
            mode: 0o600,
            recipe: {
              kind: "kubeconfig",
              server: leaf.kubeconfig!.server === "local" ? localAPIEndpointURL(node.ip) : controlPlaneEndpointURL(f.controlPlaneEndpoint, initNode.ip),
              clusterName: CLUSTER_NAME,
              userName: user,
              contextName: `${user}@${CLUSTER_NAME}`,
              ca: "ca",
              client: { cert: cert.id },
            },
          });
        }
      }
      files.push(keyFile(`${CERTIFICATES_DIR}/${SERVICE_ACCOUNT_KEY_BASE_NAME}.key`, SERVICE_ACCOUNT_KEY_BASE_NAME));
      files.push({ path: `${CERTIFICATES_DIR}/${SERVICE_ACCOUNT_KEY_BASE_NAME}.pub`, mode: 0o600, recipe: { kind: "publicKey", key: SERVICE_ACCOUNT_KEY_BASE_NAME } });
    } else {
      // kubeadm join writes the CA it discovered.
      files.push(certFile(`${CERTIFICATES_DIR}/ca.crt`, "ca"));
    }

    // The kubelet's client certificate: kubeadm's own kubelet.conf cert on the init node (which the kubelet
    // moves into its store), a CSR signed by the controller-manager on every node that joined.
    const ca = byId.get("ca")!;
    const clientNotBefore = kubeletStart - CERTIFICATE_BACKDATE_MS;
    const kubeletClient = isInit
      ? add({
          id: `${node.name}/kubelet-client`,
          name: "kubelet-client",
          node: node.name,
          keyType: "rsa",
          issuer: "ca",
          spec: {
            commonName: nodeUserName(node.name),
            organizations: [NODES_GROUP],
            ...validity(node.name, "kubelet-client", clientNotBefore, kubeletStart + CERTIFICATE_VALIDITY_MS),
            isCA: false,
            keyUsage: ["digitalSignature", "keyEncipherment"],
            extKeyUsage: ["clientAuth"],
          },
        })
      : add(
          {
            id: `${node.name}/kubelet-client`,
            name: "kubelet-client",
            node: node.name,
            keyType: "ecdsa",
            issuer: "ca",
            spec: {
              commonName: nodeUserName(node.name),
              organizations: [NODES_GROUP],
              ...validity(node.name, "kubelet-client", clientNotBefore, Math.min(clientNotBefore + CERTIFICATE_VALIDITY_MS, ca.spec.notAfter)),
              isCA: false,
              keyUsage: ["digitalSignature"],
              extKeyUsage: ["clientAuth"],
            },
          },
          128,
        );
    const pairPath = `${KUBELET_PKI_DIR}/kubelet-client-${storeTimestamp(kubeletStart)}.pem`;
    const currentPath = `${KUBELET_PKI_DIR}/kubelet-client-current.pem`;
    files.push({ path: pairPath, mode: 0o600, recipe: { kind: "certAndKey", cert: kubeletClient.id } });
    files.push({ path: currentPath, mode: 0o777, recipe: { kind: "symlink", target: pairPath } });

    // kubelet.conf: kubeadm's (rewritten by kubelet-finalize) on the init node, the kubelet's bootstrap one elsewhere.
    // Control-plane kubelets talk to their local API server (ControlPlaneKubeletLocalMode, on by default since v1.33).
    const kubeletServer = node.role === "control-plane" ? localAPIEndpointURL(node.ip) : controlPlaneEndpointURL(f.controlPlaneEndpoint, initNode.ip);
    const user = nodeUserName(node.name);
    files.push({
      path: `${KUBERNETES_DIR}/${KUBELET_KUBECONFIG}`,
      mode: 0o600,
      recipe: isInit
        ? { kind: "kubeconfig", server: kubeletServer, clusterName: CLUSTER_NAME, userName: user, contextName: `${user}@${CLUSTER_NAME}`, ca: "ca", client: { file: currentPath } }
        : { kind: "kubeconfig", server: kubeletServer, clusterName: "default-cluster", userName: "default-auth", contextName: "default-context", namespace: "default", ca: "ca", client: { file: currentPath } },
    });

    // The kubelet's self-signed serving certificate and the throw-away CA that signed it.
    const unix = Math.floor(kubeletStart / 1000);
    const servingFrom = kubeletStart - HOUR_MS;
    const servingCa = add({
      id: `${node.name}/kubelet-serving-ca`,
      name: "kubelet-serving-ca",
      node: node.name,
      keyType: "rsa",
      spec: {
        commonName: `${node.name}-ca@${unix}`,
        serialNumber: 1n,
        notBefore: servingFrom,
        notAfter: servingFrom + CERTIFICATE_VALIDITY_MS,
        isCA: true,
        keyUsage: ["digitalSignature", "keyEncipherment", "keyCertSign"],
      },
    });
    const serving = add({
      id: `${node.name}/kubelet-serving`,
      name: "kubelet-serving",
      node: node.name,
      keyType: "rsa",
      issuer: servingCa.id,
      spec: {
        commonName: `${node.name}@${unix}`,
        serialNumber: 2n,
        dnsNames: [node.name],
        ...validity(node.name, "kubelet-serving", servingFrom, servingFrom + CERTIFICATE_VALIDITY_MS),
        isCA: false,
        keyUsage: ["digitalSignature", "keyEncipherment"],
        extKeyUsage: ["serverAuth"],
      },
    });
    files.push({ path: `${KUBELET_PKI_DIR}/kubelet.crt`, mode: 0o644, recipe: { kind: "certs", certs: [serving.id, servingCa.id] } });
    files.push(keyFile(`${KUBELET_PKI_DIR}/kubelet.key`, serving.id));
    trees.set(PRIVATE_TREE, [...(trees.get(PRIVATE_TREE) ?? []), keyFile(`/${node.name}/kubelet-serving-ca.key`, servingCa.id)]);
  }
  return { certs, bareKeys: [{ id: SERVICE_ACCOUNT_KEY_BASE_NAME, keyType: "rsa" }], trees };
}

function certFile(path: string, cert: string): PlannedFile {
  return { path, mode: 0o644, recipe: { kind: "certs", certs: [cert] } };
}

function keyFile(path: string, key: string): PlannedFile {
  return { path, mode: 0o600, recipe: { kind: "key", key } };
}

/** kubeadm's serials: uniform in [1, 2^63-1); the CSR signer's: 128 random bits. Here derived, so reproducible. */
function serialFor(fixtureName: string, id: string, notBefore: number, notAfter: number, bits: 63 | 128): bigint {
  const h = createHash("sha256").update(`${fixtureName}|${id}|${notBefore}|${notAfter}`).digest("hex");
  if (bits === 128) return BigInt(`0x${h.slice(0, 32)}`) || 1n;
  return (BigInt(`0x${h.slice(0, 16)}`) % MAX_INT63) + 1n;
}

/** certificate_store.go names rotated pairs kubelet-client-<2006-01-02-15-04-05>.pem. */
function storeTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[T:]/g, "-");
}

/** A fingerprint of everything that goes into a certificate but its key, to tell whether a shipped one still fits. */
export function specHash(c: PlannedCert): string {
  const s = c.spec;
  const canonical = JSON.stringify([c.id, c.issuer ?? null, c.keyType, s.commonName, s.organizations ?? [], s.dnsNames ?? [], s.ipAddresses ?? [], s.notBefore, s.notAfter, s.serialNumber.toString(), s.isCA, s.keyUsage, s.extKeyUsage ?? []]);
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}
