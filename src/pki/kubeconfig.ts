/**
 * Kubeconfig files as client-go's clientcmd.Write serialises them: the v1
 * Config as JSON turned into YAML by sigs.k8s.io/yaml, so every mapping's
 * keys come out sorted, lists are not indented under their key, and the
 * base64 data stays on one line.
 */

export interface KubeconfigSpec {
  clusterName: string;
  server: string;
  caPem: string;
  userName: string;
  contextName: string;
  /** Only the kubelet's bootstrap-written kubelet.conf names one ("default"). */
  namespace?: string;
  /** Embedded client certificate and key (kubeadm), or paths to a file holding them (the kubelet's rotated pair). */
  client: { certPem: string; keyPem: string } | { certFile: string; keyFile: string };
}

function b64(pem: string): string {
  return Buffer.from(pem, "utf8").toString("base64");
}

export function kubeconfigText(spec: KubeconfigSpec): string {
  const user =
    "certPem" in spec.client
      ? [`    client-certificate-data: ${b64(spec.client.certPem)}`, `    client-key-data: ${b64(spec.client.keyPem)}`]
      : [`    client-certificate: ${spec.client.certFile}`, `    client-key: ${spec.client.keyFile}`];
  return [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${b64(spec.caPem)}`,
    `    server: ${spec.server}`,
    `  name: ${spec.clusterName}`,
    "contexts:",
    "- context:",
    `    cluster: ${spec.clusterName}`,
    ...(spec.namespace ? [`    namespace: ${spec.namespace}`] : []),
    `    user: ${spec.userName}`,
    `  name: ${spec.contextName}`,
    `current-context: ${spec.contextName}`,
    "kind: Config",
    "preferences: {}",
    "users:",
    `- name: ${spec.userName}`,
    "  user:",
    ...user,
    "",
  ].join("\n");
}

/** The PEM a kubeconfig embeds under a data field (certificate-authority-data, client-certificate-data, client-key-data). */
export function kubeconfigData(text: string, field: "certificate-authority-data" | "client-certificate-data" | "client-key-data"): string | undefined {
  const m = new RegExp(`^\\s*${field}:\\s*(\\S+)\\s*$`, "m").exec(text);
  return m ? Buffer.from(m[1], "base64").toString("utf8") : undefined;
}
