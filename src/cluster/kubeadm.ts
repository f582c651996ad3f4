/**
 * What `kubeadm init` / `kubeadm join` and the lab's add-on install leave in
 * the cluster: kubeadm's ConfigMaps and RBAC, CoreDNS, kube-proxy, flannel,
 * and the control-plane static pod manifests (v1.34 defaults).
 */
import type { KubeObject } from "./api/types.js";
import { SYSTEM_MASTERS } from "./api/types.js";
import type { ApiServer } from "./apiserver/apiserver.js";
import type { ClusterFixture, NodeFixture } from "./fixture.js";

export const ETCD_IMAGE_TAG = "3.6.4-0";
export const COREDNS_VERSION = "v1.12.1";
export const PAUSE_IMAGE = "registry.k8s.io/pause:3.10.1";
export const FLANNEL_VERSION = "v0.27.4";

/** Workers join one after another, a minute after init. */
export function kubeadmJoinDelayMs(f: ClusterFixture, node: NodeFixture): number {
  const cps = f.nodes.filter((n) => n.role === "control-plane");
  const workers = f.nodes.filter((n) => n.role === "worker");
  if (node === cps[0]) return 0;
  if (node.role === "control-plane") return 40_000 + cps.indexOf(node) * 30_000;
  return 60_000 + (cps.length - 1) * 30_000 + workers.indexOf(node) * 20_000;
}

function create(api: ApiServer, resource: string, obj: KubeObject): void {
  api.create(SYSTEM_MASTERS, resource, obj.metadata.namespace, obj);
}

export function kubeadmInit(api: ApiServer, f: ClusterFixture): void {
  const cp = f.nodes.find((n) => n.role === "control-plane")!;
  const minor = f.kubernetesVersion.replace(/^v/, "");
  create(api, "configmaps", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "kubeadm-config", namespace: "kube-system" },
    data: {
      ClusterConfiguration: clusterConfigurationYaml(`v${minor}`, { podSubnet: f.podSubnet, serviceSubnet: f.serviceSubnet }),
    },
  });
  create(api, "configmaps", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "kubelet-config", namespace: "kube-system" },
    data: { kubelet: kubeletConfigYaml() },
  });
  create(api, "configmaps", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "kube-proxy", namespace: "kube-system", labels: { app: "kube-proxy" } },
    data: {
      "config.conf": `apiVersion: kubeproxy.config.k8s.io/v1alpha1\nbindAddress: 0.0.0.0\nclusterCIDR: ${f.podSubnet}\nkind: KubeProxyConfiguration\nmode: ""\n`,
      "kubeconfig.conf": `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n    server: https://${cp.ip}:6443\n  name: default\n`,
    },
  });
  create(api, "configmaps", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "cluster-info", namespace: "kube-public" },
    data: { kubeconfig: `apiVersion: v1\nclusters:\n- cluster:\n    server: https://${cp.ip}:6443\n  name: ""\ncontexts: null\ncurrent-context: ""\nkind: Config\nusers: null\n` },
  });
  // The bootstrap-token phase: joining nodes and kubelets read kubeadm's ConfigMaps (kubeadm upgrade node does too).
  for (const obj of kubeadmNodeRbac()) create(api, `${obj.kind!.toLowerCase()}s`, obj);
  create(api, "clusterrolebindings", {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "kubeadm:cluster-admins" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "kubeadm:cluster-admins" }],
  });
  if (f.addons.includes("coredns")) installCoreDns(api);
  if (f.addons.includes("kube-proxy")) installKubeProxy(api);
  if (f.addons.includes("flannel")) installFlannel(api, f);
}

/**
 * The Roles kubeadm's bootstrap-token phase grants nodes and bootstrap tokens
 * (phases/bootstraptoken/clusterinfo, uploadconfig, kubelet): read
 * kubeadm-config and kubelet-config, get nodes.
 */
export function kubeadmNodeRbac(): KubeObject[] {
  const groups = [
    { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:bootstrappers:kubeadm:default-node-token" },
    { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:nodes" },
  ];
  const role = (name: string, configMap: string): KubeObject[] => [
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name, namespace: "kube-system" }, rules: [{ apiGroups: [""], resources: ["configmaps"], resourceNames: [configMap], verbs: ["get"] }] },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name, namespace: "kube-system" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name }, subjects: groups },
  ];
  return [
    ...role("kubeadm:nodes-kubeadm-config", "kubeadm-config"),
    ...role("kubeadm:kubelet-config", "kubelet-config"),
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "kubeadm:get-nodes" }, rules: [{ apiGroups: [""], resources: ["nodes"], verbs: ["get"] }] },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "kubeadm:get-nodes" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "kubeadm:get-nodes" }, subjects: [groups[0]] },
  ];
}

export function kubeletConfigYaml(): string {
  return [
    "apiVersion: kubelet.config.k8s.io/v1beta1",
    "authentication:",
    "  anonymous:",
    "    enabled: false",
    "  webhook:",
    "    cacheTTL: 0s",
    "    enabled: true",
    "  x509:",
    "    clientCAFile: /etc/kubernetes/pki/ca.crt",
    "authorization:",
    "  mode: Webhook",
    "  webhook:",
    "    cacheAuthorizedTTL: 0s",
    "    cacheUnauthorizedTTL: 0s",
    "cgroupDriver: systemd",
    "clusterDNS:",
    "- 10.96.0.10",
    "clusterDomain: cluster.local",
    "containerRuntimeEndpoint: \"\"",
    "cpuManagerReconcilePeriod: 0s",
    "crashLoopBackOff: {}",
    "evictionPressureTransitionPeriod: 0s",
    "fileCheckFrequency: 0s",
    "healthzBindAddress: 127.0.0.1",
    "healthzPort: 10248",
    "httpCheckFrequency: 0s",
    "imageMaximumGCAge: 0s",
    "imageMinimumGCAge: 0s",
    "kind: KubeletConfiguration",
    "logging:",
    "  flushFrequency: 0",
    "  options:",
    "    json:",
    "      infoBufferSize: \"0\"",
    "    text:",
    "      infoBufferSize: \"0\"",
    "  verbosity: 0",
    "memorySwap: {}",
    "nodeStatusReportFrequency: 0s",
    "nodeStatusUpdateFrequency: 0s",
    "rotateCertificates: true",
    "runtimeRequestTimeout: 0s",
    "shutdownGracePeriod: 0s",
    "shutdownGracePeriodCriticalPods: 0s",
    "staticPodPath: /etc/kubernetes/manifests",
    "streamingConnectionIdleTimeout: 0s",
    "syncFrequency: 0s",
    "volumeStatsAggPeriod: 0s",
    "",
  ].join("\n");
}

const CONTROL_PLANE_TOLERATION = { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" };

function installCoreDns(api: ApiServer): void {
  create(api, "serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "coredns", namespace: "kube-system" } });
  create(api, "configmaps", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "coredns", namespace: "kube-system" },
    data: {
      Corefile:
        ".:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30 {\n       disable success cluster.local\n       disable denial cluster.local\n    }\n    loop\n    reload\n    loadbalance\n}\n",
    },
  });
  create(api, "deployments", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "coredns", namespace: "kube-system", labels: { "k8s-app": "kube-dns" } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { "k8s-app": "kube-dns" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: { "k8s-app": "kube-dns" } },
        spec: {
          priorityClassName: "system-cluster-critical",
          serviceAccountName: "coredns",
          nodeSelector: { "kubernetes.io/os": "linux" },
          tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }, CONTROL_PLANE_TOLERATION],
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: { matchExpressions: [{ key: "k8s-app", operator: "In", values: ["kube-dns"] }] },
                    topologyKey: "kubernetes.io/hostname",
                  },
                },
              ],
            },
          },
          containers: [
            {
              name: "coredns",
              image: `registry.k8s.io/coredns/coredns:${COREDNS_VERSION}`,
              imagePullPolicy: "IfNotPresent",
              args: ["-conf", "/etc/coredns/Corefile"],
              resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } },
              ports: [
                { containerPort: 53, name: "dns", protocol: "UDP" },
                { containerPort: 53, name: "dns-tcp", protocol: "TCP" },
                { containerPort: 9153, name: "metrics", protocol: "TCP" },
                { containerPort: 8080, name: "liveness-probe", protocol: "TCP" },
                { containerPort: 8181, name: "readiness-probe", protocol: "TCP" },
              ],
              volumeMounts: [{ name: "config-volume", mountPath: "/etc/coredns", readOnly: true }],
              livenessProbe: { httpGet: { path: "/health", port: "liveness-probe", scheme: "HTTP" }, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5 },
              readinessProbe: { httpGet: { path: "/ready", port: "readiness-probe", scheme: "HTTP" } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] }, readOnlyRootFilesystem: true },
            },
          ],
          dnsPolicy: "Default",
          volumes: [{ name: "config-volume", configMap: { name: "coredns", items: [{ key: "Corefile", path: "Corefile" }] } }],
        },
      },
    },
  });
  create(api, "services", {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: "kube-dns",
      namespace: "kube-system",
      labels: { "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" },
      annotations: { "prometheus.io/port": "9153", "prometheus.io/scrape": "true" },
    },
    spec: {
      clusterIP: "10.96.0.10",
      selector: { "k8s-app": "kube-dns" },
      ports: [
        { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
        { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
        { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
      ],
    },
  });
}

function installKubeProxy(api: ApiServer): void {
  create(api, "serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "kube-proxy", namespace: "kube-system" } });
  // kubeadm's proxy addon lets the kube-proxy ServiceAccount watch Services, EndpointSlices and Nodes.
  create(api, "clusterrolebindings", {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "kubeadm:node-proxier" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:node-proxier" },
    subjects: [{ kind: "ServiceAccount", name: "kube-proxy", namespace: "kube-system" }],
  });
  create(api, "daemonsets", {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "kube-proxy", namespace: "kube-system", labels: { "k8s-app": "kube-proxy" } },
    spec: {
      selector: { matchLabels: { "k8s-app": "kube-proxy" } },
      template: {
        metadata: { labels: { "k8s-app": "kube-proxy" } },
        spec: {
          priorityClassName: "system-node-critical",
          serviceAccountName: "kube-proxy",
          hostNetwork: true,
          nodeSelector: { "kubernetes.io/os": "linux" },
          tolerations: [{ operator: "Exists" }],
          containers: [
            {
              name: "kube-proxy",
              image: "registry.k8s.io/kube-proxy:v1.34.1",
              imagePullPolicy: "IfNotPresent",
              command: ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"],
              env: [{ name: "NODE_NAME", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "spec.nodeName" } } }],
              securityContext: { privileged: true },
              volumeMounts: [
                { mountPath: "/var/lib/kube-proxy", name: "kube-proxy" },
                { mountPath: "/run/xtables.lock", name: "xtables-lock" },
                { mountPath: "/lib/modules", name: "lib-modules", readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: "kube-proxy", configMap: { name: "kube-proxy" } },
            { name: "xtables-lock", hostPath: { path: "/run/xtables.lock", type: "FileOrCreate" } },
            { name: "lib-modules", hostPath: { path: "/lib/modules", type: "" } },
          ],
        },
      },
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
    },
  });
}

function installFlannel(api: ApiServer, f: ClusterFixture): void {
  create(api, "namespaces", {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "kube-flannel", labels: { "k8s-app": "flannel", "pod-security.kubernetes.io/enforce": "privileged" } },
  });
  create(api, "serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "flannel", namespace: "kube-flannel", labels: { "k8s-app": "flannel", tier: "node" } } });
  create(api, "configmaps", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "kube-flannel-cfg", namespace: "kube-flannel", labels: { app: "flannel", "k8s-app": "flannel", tier: "node" } },
    data: {
      "cni-conf.json": '{\n  "name": "cbr0",\n  "cniVersion": "0.3.1",\n  "plugins": [\n    {\n      "type": "flannel",\n      "delegate": {\n        "hairpinMode": true,\n        "isDefaultGateway": true\n      }\n    },\n    {\n      "type": "portmap",\n      "capabilities": {\n        "portMappings": true\n      }\n    }\n  ]\n}\n',
      "net-conf.json": `{\n  "Network": "${f.podSubnet}",\n  "EnableNFTables": false,\n  "Backend": {\n    "Type": "vxlan"\n  }\n}\n`,
    },
  });
  create(api, "daemonsets", {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "kube-flannel-ds", namespace: "kube-flannel", labels: { app: "flannel", "k8s-app": "flannel", tier: "node" } },
    spec: {
      selector: { matchLabels: { app: "flannel", "k8s-app": "flannel" } },
      template: {
        metadata: { labels: { app: "flannel", "k8s-app": "flannel", tier: "node" } },
        spec: {
          priorityClassName: "system-node-critical",
          serviceAccountName: "flannel",
          hostNetwork: true,
          tolerations: [{ operator: "Exists", effect: "NoSchedule" }],
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/os", operator: "In", values: ["linux"] }] }],
              },
            },
          },
          initContainers: [
            {
              name: "install-cni-plugin",
              image: "ghcr.io/flannel-io/flannel-cni-plugin:v1.8.0-flannel1",
              command: ["cp"],
              args: ["-f", "/flannel", "/opt/cni/bin/flannel"],
              volumeMounts: [{ name: "cni-plugin", mountPath: "/opt/cni/bin" }],
            },
            {
              name: "install-cni",
              image: `ghcr.io/flannel-io/flannel:${FLANNEL_VERSION}`,
              command: ["cp"],
              args: ["-f", "/etc/kube-flannel/cni-conf.json", "/etc/cni/net.d/10-flannel.conflist"],
              volumeMounts: [
                { name: "cni", mountPath: "/etc/cni/net.d" },
                { name: "flannel-cfg", mountPath: "/etc/kube-flannel/" },
              ],
            },
          ],
          containers: [
            {
              name: "kube-flannel",
              image: `ghcr.io/flannel-io/flannel:${FLANNEL_VERSION}`,
              command: ["/opt/bin/flanneld"],
              args: ["--ip-masq", "--kube-subnet-mgr"],
              resources: { requests: { cpu: "100m", memory: "50Mi" } },
              securityContext: { privileged: false, capabilities: { add: ["NET_ADMIN", "NET_RAW"] } },
              env: [
                { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                { name: "EVENT_QUEUE_DEPTH", value: "5000" },
              ],
              volumeMounts: [
                { name: "run", mountPath: "/run/flannel" },
                { name: "flannel-cfg", mountPath: "/etc/kube-flannel/" },
                { name: "xtables-lock", mountPath: "/run/xtables.lock" },
              ],
            },
          ],
          volumes: [
            { name: "run", hostPath: { path: "/run/flannel" } },
            { name: "cni-plugin", hostPath: { path: "/opt/cni/bin" } },
            { name: "cni", hostPath: { path: "/etc/cni/net.d" } },
            { name: "flannel-cfg", configMap: { name: "kube-flannel-cfg" } },
            { name: "xtables-lock", hostPath: { path: "/run/xtables.lock", type: "FileOrCreate" } },
          ],
        },
      },
    },
  });
}

// ------------------------------------------------------------- static pods

const PKI = "/etc/kubernetes/pki";

function probe(host: string, path: string, port: number, scheme: "HTTP" | "HTTPS", kind: "liveness" | "readiness" | "startup"): Record<string, unknown> {
  const p: Record<string, unknown> = { httpGet: { host, path, port, scheme }, periodSeconds: 10, timeoutSeconds: 15, failureThreshold: 8 };
  if (kind === "liveness") p.initialDelaySeconds = 10;
  if (kind === "readiness") Object.assign(p, { periodSeconds: 1, failureThreshold: 3 });
  if (kind === "startup") Object.assign(p, { initialDelaySeconds: 10, failureThreshold: 24 });
  return p;
}

function hostPathVolume(name: string, path: string, type: string): Record<string, unknown> {
  return { name, hostPath: { path, type } };
}

function staticPod(name: string, image: string, command: string[], extra: { cpu: string; memory?: string; annotations?: Record<string, string>; probes: Record<string, unknown>; mounts: Array<{ name: string; mountPath: string; readOnly?: boolean }>; volumes: Array<Record<string, unknown>> }): KubeObject {
  const byName = (a: { name?: unknown }, b: { name?: unknown }) => String(a.name).localeCompare(String(b.name));
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "kube-system", labels: { component: name, tier: "control-plane" }, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: {
      containers: [
        {
          name,
          image,
          imagePullPolicy: "IfNotPresent",
          command,
          resources: { requests: { cpu: extra.cpu, ...(extra.memory ? { memory: extra.memory } : {}) } },
          ...extra.probes,
          volumeMounts: [...extra.mounts].sort(byName),
        },
      ],
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: "system-node-critical",
      securityContext: { seccompProfile: { type: "RuntimeDefault" } },
      volumes: [...extra.volumes].sort(byName),
    },
  };
}

/** The four control-plane manifests kubeadm writes to /etc/kubernetes/manifests on a control-plane node. */
export function staticPodsFor(f: ClusterFixture, node: NodeFixture): KubeObject[] {
  if (node.role !== "control-plane") return [];
  const ip = node.ip;
  const v = f.kubernetesVersion;
  const cps = f.nodes.filter((n) => n.role === "control-plane");
  const caVolumes = [
    hostPathVolume("ca-certs", "/etc/ssl/certs", "DirectoryOrCreate"),
    hostPathVolume("etc-ca-certificates", "/etc/ca-certificates", "DirectoryOrCreate"),
    hostPathVolume("k8s-certs", PKI, "DirectoryOrCreate"),
    hostPathVolume("usr-local-share-ca-certificates", "/usr/local/share/ca-certificates", "DirectoryOrCreate"),
    hostPathVolume("usr-share-ca-certificates", "/usr/share/ca-certificates", "DirectoryOrCreate"),
  ];
  const caMounts = [
    { name: "ca-certs", mountPath: "/etc/ssl/certs", readOnly: true },
    { name: "etc-ca-certificates", mountPath: "/etc/ca-certificates", readOnly: true },
    { name: "k8s-certs", mountPath: PKI, readOnly: true },
    { name: "usr-local-share-ca-certificates", mountPath: "/usr/local/share/ca-certificates", readOnly: true },
    { name: "usr-share-ca-certificates", mountPath: "/usr/share/ca-certificates", readOnly: true },
  ];
  const initialCluster = cps.indexOf(node) === 0 ? `${node.name}=https://${ip}:2380` : cps.slice(0, cps.indexOf(node) + 1).map((n) => `${n.name}=https://${n.ip}:2380`).join(",");
  const etcd = staticPod("etcd", `registry.k8s.io/etcd:${ETCD_IMAGE_TAG}`, [
    "etcd",
    `--advertise-client-urls=https://${ip}:2379`,
    `--cert-file=${PKI}/etcd/server.crt`,
    "--client-cert-auth=true",
    "--data-dir=/var/lib/etcd",
    "--feature-gates=InitialCorruptCheck=true",
    `--initial-advertise-peer-urls=https://${ip}:2380`,
    `--initial-cluster=${initialCluster}`,
    ...(cps.indexOf(node) > 0 ? ["--initial-cluster-state=existing"] : []),
    `--key-file=${PKI}/etcd/server.key`,
    `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
    "--listen-metrics-urls=http://127.0.0.1:2381",
    `--listen-peer-urls=https://${ip}:2380`,
    `--name=${node.name}`,
    `--peer-cert-file=${PKI}/etcd/peer.crt`,
    "--peer-client-cert-auth=true",
    `--peer-key-file=${PKI}/etcd/peer.key`,
    `--peer-trusted-ca-file=${PKI}/etcd/ca.crt`,
    "--snapshot-count=10000",
    `--trusted-ca-file=${PKI}/etcd/ca.crt`,
    "--watch-progress-notify-interval=5s",
  ], {
    cpu: "100m",
    memory: "100Mi",
    annotations: { "kubeadm.kubernetes.io/etcd.advertise-client-urls": `https://${ip}:2379` },
    probes: {
      livenessProbe: probe("127.0.0.1", "/livez", 2381, "HTTP", "liveness"),
      readinessProbe: probe("127.0.0.1", "/readyz", 2381, "HTTP", "readiness"),
      startupProbe: probe("127.0.0.1", "/readyz", 2381, "HTTP", "startup"),
    },
    mounts: [
      { name: "etcd-data", mountPath: "/var/lib/etcd" },
      { name: "etcd-certs", mountPath: `${PKI}/etcd` },
    ],
    volumes: [hostPathVolume("etcd-certs", `${PKI}/etcd`, "DirectoryOrCreate"), hostPathVolume("etcd-data", "/var/lib/etcd", "DirectoryOrCreate")],
  });
  const apiserver = staticPod("kube-apiserver", `registry.k8s.io/kube-apiserver:${v}`, [
    "kube-apiserver",
    `--advertise-address=${ip}`,
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
    `--service-cluster-ip-range=${f.serviceSubnet}`,
    `--tls-cert-file=${PKI}/apiserver.crt`,
    `--tls-private-key-file=${PKI}/apiserver.key`,
  ], {
    cpu: "250m",
    annotations: { "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": `${ip}:6443` },
    probes: {
      livenessProbe: probe(ip, "/livez", 6443, "HTTPS", "liveness"),
      readinessProbe: probe(ip, "/readyz", 6443, "HTTPS", "readiness"),
      startupProbe: probe(ip, "/livez", 6443, "HTTPS", "startup"),
    },
    mounts: caMounts,
    volumes: caVolumes,
  });
  const kcm = staticPod("kube-controller-manager", `registry.k8s.io/kube-controller-manager:${v}`, [
    "kube-controller-manager",
    "--allocate-node-cidrs=true",
    "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
    "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf",
    "--bind-address=127.0.0.1",
    `--client-ca-file=${PKI}/ca.crt`,
    `--cluster-cidr=${f.podSubnet}`,
    "--cluster-name=kubernetes",
    `--cluster-signing-cert-file=${PKI}/ca.crt`,
    `--cluster-signing-key-file=${PKI}/ca.key`,
    "--controllers=*,bootstrapsigner,tokencleaner",
    "--kubeconfig=/etc/kubernetes/controller-manager.conf",
    "--leader-elect=true",
    `--requestheader-client-ca-file=${PKI}/front-proxy-ca.crt`,
    `--root-ca-file=${PKI}/ca.crt`,
    `--service-account-private-key-file=${PKI}/sa.key`,
    `--service-cluster-ip-range=${f.serviceSubnet}`,
    "--use-service-account-credentials=true",
  ], {
    cpu: "200m",
    probes: {
      livenessProbe: probe("127.0.0.1", "/healthz", 10257, "HTTPS", "liveness"),
      startupProbe: probe("127.0.0.1", "/healthz", 10257, "HTTPS", "startup"),
    },
    mounts: [
      ...caMounts,
      { name: "flexvolume-dir", mountPath: "/usr/libexec/kubernetes/kubelet-plugins/volume/exec" },
      { name: "kubeconfig", mountPath: "/etc/kubernetes/controller-manager.conf", readOnly: true },
    ],
    volumes: [
      ...caVolumes,
      hostPathVolume("flexvolume-dir", "/usr/libexec/kubernetes/kubelet-plugins/volume/exec", "DirectoryOrCreate"),
      hostPathVolume("kubeconfig", "/etc/kubernetes/controller-manager.conf", "FileOrCreate"),
    ],
  });
  const scheduler = staticPod("kube-scheduler", `registry.k8s.io/kube-scheduler:${v}`, [
    "kube-scheduler",
    "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
    "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",
    "--bind-address=127.0.0.1",
    "--kubeconfig=/etc/kubernetes/scheduler.conf",
    "--leader-elect=true",
  ], {
    cpu: "100m",
    probes: {
      livenessProbe: probe("127.0.0.1", "/healthz", 10259, "HTTPS", "liveness"),
      startupProbe: probe("127.0.0.1", "/healthz", 10259, "HTTPS", "startup"),
    },
    mounts: [{ name: "kubeconfig", mountPath: "/etc/kubernetes/scheduler.conf", readOnly: true }],
    volumes: [hostPathVolume("kubeconfig", "/etc/kubernetes/scheduler.conf", "FileOrCreate")],
  });
  return [etcd, apiserver, kcm, scheduler];
}

/**
 * kubeadm's v1beta4 ClusterConfiguration as it marshals it (sorted keys):
 * what `kubeadm init` stores in the kubeadm-config ConfigMap, and, without
 * a pod subnet, what `kubeadm config print init-defaults` prints.
 */
export function clusterConfigurationYaml(version: string, networking: { podSubnet?: string; serviceSubnet: string }): string {
  return [
    "apiServer: {}",
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "caCertificateValidityPeriod: 87600h0m0s",
    "certificateValidityPeriod: 8760h0m0s",
    "certificatesDir: /etc/kubernetes/pki",
    "clusterName: kubernetes",
    "controllerManager: {}",
    "dns: {}",
    "encryptionAlgorithm: RSA-2048",
    "etcd:",
    "  local:",
    "    dataDir: /var/lib/etcd",
    "imageRepository: registry.k8s.io",
    "kind: ClusterConfiguration",
    `kubernetesVersion: ${version}`,
    "networking:",
    "  dnsDomain: cluster.local",
    ...(networking.podSubnet ? [`  podSubnet: ${networking.podSubnet}`] : []),
    `  serviceSubnet: ${networking.serviceSubnet}`,
    "proxy: {}",
    "scheduler: {}",
    "",
  ].join("\n");
}
