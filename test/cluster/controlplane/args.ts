/** The command lines kubeadm v1.34 writes into the static-pod manifests (fact sheet 2.4), for the default fixture's controlplane. */
const PKI = "/etc/kubernetes/pki";
const IP = "192.168.100.10";

export const APISERVER_ARGS = [
  `--advertise-address=${IP}`,
  "--allow-privileged=true",
  "--authorization-mode=Node,RBAC",
  `--client-ca-file=${PKI}/ca.crt`,
  "--enable-admission-plugins=NodeRestriction",
  "--enable-bootstrap-token-auth=true",
  `--etcd-cafile=${PKI}/etcd/ca.crt`,
  `--etcd-certfile=${PKI}/apiserver-etcd-client.crt`,
  `--etcd-keyfile=${PKI}/apiserver-etcd-client.key`,
  "--etcd-servers=https://127.0.0.1:2379",
  `--kubelet-client-certificate=${PKI}/apiserver-kubelet-client.crt`,
  `--kubelet-client-key=${PKI}/apiserver-kubelet-client.key`,
  "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
  `--proxy-client-cert-file=${PKI}/front-proxy-client.crt`,
  `--proxy-client-key-file=${PKI}/front-proxy-client.key`,
  "--requestheader-allowed-names=front-proxy-client",
  `--requestheader-client-ca-file=${PKI}/front-proxy-ca.crt`,
  "--requestheader-extra-headers-prefix=X-Remote-Extra-",
  "--requestheader-group-headers=X-Remote-Group",
  "--requestheader-username-headers=X-Remote-User",
  "--secure-port=6443",
  "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
  `--service-account-key-file=${PKI}/sa.pub`,
  `--service-account-signing-key-file=${PKI}/sa.key`,
  "--service-cluster-ip-range=10.96.0.0/12",
  `--tls-cert-file=${PKI}/apiserver.crt`,
  `--tls-private-key-file=${PKI}/apiserver.key`,
];

export const KCM_ARGS = [
  "--allocate-node-cidrs=true",
  "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
  "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf",
  "--bind-address=127.0.0.1",
  `--client-ca-file=${PKI}/ca.crt`,
  "--cluster-cidr=10.244.0.0/16",
  "--cluster-name=kubernetes",
  `--cluster-signing-cert-file=${PKI}/ca.crt`,
  `--cluster-signing-key-file=${PKI}/ca.key`,
  "--controllers=*,bootstrapsigner,tokencleaner",
  "--kubeconfig=/etc/kubernetes/controller-manager.conf",
  "--leader-elect=true",
  `--requestheader-client-ca-file=${PKI}/front-proxy-ca.crt`,
  `--root-ca-file=${PKI}/ca.crt`,
  `--service-account-private-key-file=${PKI}/sa.key`,
  "--service-cluster-ip-range=10.96.0.0/12",
  "--use-service-account-credentials=true",
];

export const SCHEDULER_ARGS = [
  "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
  "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",
  "--bind-address=127.0.0.1",
  "--kubeconfig=/etc/kubernetes/scheduler.conf",
  "--leader-elect=true",
];

export const ETCD_ARGS = [
  `--advertise-client-urls=https://${IP}:2379`,
  `--cert-file=${PKI}/etcd/server.crt`,
  "--client-cert-auth=true",
  "--data-dir=/var/lib/etcd",
  "--feature-gates=InitialCorruptCheck=true",
  `--initial-advertise-peer-urls=https://${IP}:2380`,
  `--initial-cluster=controlplane=https://${IP}:2380`,
  `--key-file=${PKI}/etcd/server.key`,
  `--listen-client-urls=https://127.0.0.1:2379,https://${IP}:2379`,
  "--listen-metrics-urls=http://127.0.0.1:2381",
  `--listen-peer-urls=https://${IP}:2380`,
  "--name=controlplane",
  `--peer-cert-file=${PKI}/etcd/peer.crt`,
  "--peer-client-cert-auth=true",
  `--peer-key-file=${PKI}/etcd/peer.key`,
  `--peer-trusted-ca-file=${PKI}/etcd/ca.crt`,
  "--snapshot-count=10000",
  `--trusted-ca-file=${PKI}/etcd/ca.crt`,
  "--watch-progress-notify-interval=5s",
];

/** argv with one flag replaced (or removed when value is undefined), or appended. */
export function withFlag(args: readonly string[], name: string, value?: string): string[] {
  const out = args.filter((a) => !a.startsWith(`--${name}=`));
  if (value !== undefined) out.push(`--${name}=${value}`);
  return out;
}
