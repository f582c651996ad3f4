/**
 * kube-controller-manager v1.34's command-line flags: name, Go type, default.
 *
 * Source: the flag listing generated from the binary
 * (kubernetes/website content/uk/docs/reference/command-line-tools-reference/kube-controller-manager.md,
 * a v1.35 page whose flag lines are the binary's; three rows the page lost
 * - concurrent-gc-syncs, concurrent-horizontal-pod-autoscaler-syncs,
 * concurrent-job-syncs - come from cmd/kube-controller-manager/app/options
 * garbagecollector.go, hpacontroller.go, jobcontroller.go), cross-checked
 * against k8s.io/controller-manager and k8s.io/cloud-provider v0.34.1
 * (generic and KubeCloudShared flags) and k8s.io/apiserver v0.34.1
 * (secure serving, delegated authn/authz). Defaults that matter:
 * --node-monitor-grace-period 50s (v1.32+), --node-monitor-period 5s,
 * --node-startup-grace-period 1m0s. Sections follow
 * cmd/kube-controller-manager/app/options/options.go Flags(); the exact
 * membership of each section is unconfirmed.
 */
import { flagTable } from "../flags.js";
import { DELEGATED_AUTHORIZATION_FLAGS, delegatedAuthenticationFlags, GLOBAL_FLAGS, LOGS_FLAGS, METRICS_FLAGS, secureServingFlags } from "./component-base.js";

export const KUBE_CONTROLLER_MANAGER_FLAGS = flagTable(`
# generic
allocate-node-cidrs bool
cidr-allocator-type string "RangeAllocator"
cloud-config string
cloud-provider string
cluster-cidr string
cluster-name string "kubernetes"
configure-cloud-routes bool true
controller-shutdown-timeout duration 10s
controller-start-interval duration
controllers strings "*"
emulated-version strings
external-cloud-volume-plugin string
feature-gates colonMultimap
kube-api-burst int32 30
kube-api-content-type string "application/vnd.kubernetes.protobuf"
kube-api-qps float 20
leader-elect bool true
leader-elect-lease-duration duration 15s
leader-elect-renew-deadline duration 10s
leader-elect-resource-lock string "leases"
leader-elect-resource-name string "kube-controller-manager"
leader-elect-resource-namespace string "kube-system"
leader-elect-retry-period duration 2s
enable-leader-migration bool
leader-migration-config string
min-compatibility-version strings
min-resync-period duration 12h0m0s
node-monitor-period duration 5s
route-reconciliation-period duration 10s
use-service-account-credentials bool
# service controller
concurrent-service-syncs int32 1
# secure serving
${secureServingFlags(10257)}
# authentication
${delegatedAuthenticationFlags(false)}
# authorization
${DELEGATED_AUTHORIZATION_FLAGS}
# persistentvolume-attach-detach-controller
attach-detach-reconcile-sync-period duration 1m0s
disable-attach-detach-reconcile-sync bool
disable-force-detach-on-timeout bool
# certificatesigningrequest-signing-controller
cluster-signing-cert-file string
cluster-signing-duration duration 8760h0m0s
cluster-signing-key-file string
cluster-signing-kube-apiserver-client-cert-file string
cluster-signing-kube-apiserver-client-key-file string
cluster-signing-kubelet-client-cert-file string
cluster-signing-kubelet-client-key-file string
cluster-signing-kubelet-serving-cert-file string
cluster-signing-kubelet-serving-key-file string
cluster-signing-legacy-unknown-cert-file string
cluster-signing-legacy-unknown-key-file string
# deployment-controller
concurrent-deployment-syncs int32 5
# statefulset-controller
concurrent-statefulset-syncs int32 5
# daemonset-controller
concurrent-daemonset-syncs int32 2
# device-taint-eviction-controller
concurrent-device-taint-eviction-syncs int32 8
# endpoints-controller
concurrent-endpoint-syncs int32 5
endpoint-updates-batch-period duration
# endpointslice-controller
concurrent-service-endpoint-syncs int32 5
endpointslice-updates-batch-period duration
max-endpoints-per-slice int32 100
# endpointslice-mirroring-controller
mirroring-concurrent-service-endpoint-syncs int32 5
mirroring-endpointslice-updates-batch-period duration
mirroring-max-endpoints-per-subset int32 1000
# ephemeral-volume-controller
concurrent-ephemeralvolume-syncs int32 5
# garbage-collector-controller
concurrent-gc-syncs int32 20
enable-garbage-collector bool true
# horizontal-pod-autoscaler-controller
concurrent-horizontal-pod-autoscaler-syncs int32 5
horizontal-pod-autoscaler-cpu-initialization-period duration 5m0s
horizontal-pod-autoscaler-downscale-stabilization duration 5m0s
horizontal-pod-autoscaler-initial-readiness-delay duration 30s
horizontal-pod-autoscaler-sync-period duration 15s
horizontal-pod-autoscaler-tolerance float 0.1
# job-controller
concurrent-job-syncs int32 5
# cronjob-controller
concurrent-cron-job-syncs int32 5
# legacy-serviceaccount-token-cleaner-controller
legacy-service-account-token-clean-up-period duration 8760h0m0s
# namespace-controller
concurrent-namespace-syncs int32 10
namespace-sync-period duration 5m0s
# node-ipam-controller
node-cidr-mask-size int32
node-cidr-mask-size-ipv4 int32
node-cidr-mask-size-ipv6 int32
service-cluster-ip-range string
# node-lifecycle-controller
large-cluster-size-threshold int32 50
node-eviction-rate float 0.1
node-monitor-grace-period duration 50s
node-startup-grace-period duration 1m0s
secondary-node-eviction-rate float 0.01
unhealthy-zone-threshold float 0.55
# persistentvolume-binder-controller
enable-dynamic-provisioning bool true
enable-hostpath-provisioner bool
flex-volume-plugin-dir string "/usr/libexec/kubernetes/kubelet-plugins/volume/exec/"
pv-recycler-increment-timeout-nfs int32 30
pv-recycler-minimum-timeout-hostpath int32 60
pv-recycler-minimum-timeout-nfs int32 300
pv-recycler-pod-template-filepath-hostpath string
pv-recycler-pod-template-filepath-nfs string
pv-recycler-timeout-increment-hostpath int32 30
pvclaimbinder-sync-period duration 15s
# pod-garbage-collector-controller
terminated-pod-gc-threshold int32 12500
# replicaset-controller
concurrent-replicaset-syncs int32 5
# replicationcontroller-controller
concurrent-rc-syncs int32 5
# resourcequota-controller
concurrent-resource-quota-syncs int32 5
resource-quota-sync-period duration 5m0s
# serviceaccount-controller
concurrent-serviceaccount-token-syncs int32 5
root-ca-file string
service-account-private-key-file string
# ttl-after-finished-controller
concurrent-ttl-after-finished-syncs int32 5
# validatingadmissionpolicy-status-controller
concurrent-validating-admission-policy-status-syncs int32 5
# metrics
${METRICS_FLAGS}
# logs
${LOGS_FLAGS}
# misc
contention-profiling bool
kubeconfig string
master string
profiling bool true
# global
${GLOBAL_FLAGS}
`);

/**
 * Canonical controller names (`--controllers`, from the same listing) and
 * the ones disabled unless named.
 */
export const KCM_CONTROLLERS = [
  "bootstrap-signer-controller", "certificatesigningrequest-approving-controller", "certificatesigningrequest-cleaner-controller",
  "certificatesigningrequest-signing-controller", "cloud-node-lifecycle-controller", "clusterrole-aggregation-controller", "cronjob-controller",
  "daemonset-controller", "deployment-controller", "device-taint-eviction-controller", "disruption-controller", "endpoints-controller",
  "endpointslice-controller", "endpointslice-mirroring-controller", "ephemeral-volume-controller", "garbage-collector-controller",
  "horizontal-pod-autoscaler-controller", "job-controller", "kube-apiserver-serving-clustertrustbundle-publisher-controller",
  "legacy-serviceaccount-token-cleaner-controller", "namespace-controller", "node-ipam-controller", "node-lifecycle-controller",
  "node-route-controller", "persistentvolume-attach-detach-controller", "persistentvolume-binder-controller",
  "persistentvolume-expander-controller", "persistentvolume-protection-controller", "persistentvolumeclaim-protection-controller",
  "pod-garbage-collector-controller", "podcertificaterequest-cleaner-controller", "replicaset-controller", "replicationcontroller-controller",
  "resourceclaim-controller", "resourcequota-controller", "root-ca-certificate-publisher-controller", "selinux-warning-controller",
  "service-cidr-controller", "service-lb-controller", "serviceaccount-controller", "serviceaccount-token-controller",
  "statefulset-controller", "storage-version-migrator-controller", "storageversion-garbage-collector-controller",
  "taint-eviction-controller", "token-cleaner-controller", "ttl-after-finished-controller", "ttl-controller",
  "validatingadmissionpolicy-status-controller", "volumeattributesclass-protection-controller",
] as const;

export const KCM_DISABLED_BY_DEFAULT = ["bootstrap-signer-controller", "token-cleaner-controller"] as const;

/**
 * The pre-1.29 names still accepted as aliases
 * (cmd/kube-controller-manager/names/controller_names.go KCMControllerAliases;
 * list from memory of that file, unconfirmed for v1.34).
 */
export const KCM_CONTROLLER_ALIASES: Readonly<Record<string, string>> = {
  attachdetach: "persistentvolume-attach-detach-controller",
  bootstrapsigner: "bootstrap-signer-controller",
  "cloud-node-lifecycle": "cloud-node-lifecycle-controller",
  clusterrole_aggregation: "clusterrole-aggregation-controller",
  "clusterrole-aggregation": "clusterrole-aggregation-controller",
  cronjob: "cronjob-controller",
  csrapproving: "certificatesigningrequest-approving-controller",
  csrcleaner: "certificatesigningrequest-cleaner-controller",
  csrsigning: "certificatesigningrequest-signing-controller",
  daemonset: "daemonset-controller",
  deployment: "deployment-controller",
  disruption: "disruption-controller",
  endpoint: "endpoints-controller",
  endpointslice: "endpointslice-controller",
  endpointslicemirroring: "endpointslice-mirroring-controller",
  "ephemeral-volume": "ephemeral-volume-controller",
  garbagecollector: "garbage-collector-controller",
  horizontalpodautoscaling: "horizontal-pod-autoscaler-controller",
  job: "job-controller",
  "legacy-service-account-token-cleaner": "legacy-serviceaccount-token-cleaner-controller",
  namespace: "namespace-controller",
  nodeipam: "node-ipam-controller",
  nodelifecycle: "node-lifecycle-controller",
  "persistentvolume-binder": "persistentvolume-binder-controller",
  "persistentvolume-expander": "persistentvolume-expander-controller",
  podgc: "pod-garbage-collector-controller",
  "pv-protection": "persistentvolume-protection-controller",
  "pvc-protection": "persistentvolumeclaim-protection-controller",
  replicaset: "replicaset-controller",
  replicationcontroller: "replicationcontroller-controller",
  "resource-claim-controller": "resourceclaim-controller",
  resourcequota: "resourcequota-controller",
  "root-ca-cert-publisher": "root-ca-certificate-publisher-controller",
  route: "node-route-controller",
  service: "service-lb-controller",
  serviceaccount: "serviceaccount-controller",
  "serviceaccount-token": "serviceaccount-token-controller",
  statefulset: "statefulset-controller",
  "storage-version-gc": "storageversion-garbage-collector-controller",
  "taint-eviction-controller": "taint-eviction-controller",
  tokencleaner: "token-cleaner-controller",
  ttl: "ttl-controller",
  "ttl-after-finished": "ttl-after-finished-controller",
  "validatingadmissionpolicy-status": "validatingadmissionpolicy-status-controller",
};
