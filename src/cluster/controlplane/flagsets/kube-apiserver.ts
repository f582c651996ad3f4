/**
 * kube-apiserver v1.34's command-line flags: name, Go type, default.
 *
 * Source: the flag listing generated from the binary
 * (kubernetes/website content/en/docs/reference/command-line-tools-reference/kube-apiserver.md,
 * the v1.35 page: its flags match v1.34), cross-checked against
 * k8s.io/apiserver v0.34.1 pkg/server/options/*.go (generic, etcd, secure
 * serving, audit, features, delegated authn/authz, admission, API
 * enablement, egress selector, tracing) and pkg/controlplane/apiserver/options/options.go
 * (misc flags). Sections follow the NamedFlagSets of
 * pkg/controlplane/apiserver/options/options.go AddFlags; which section a
 * kube-apiserver-only flag sits in is unconfirmed.
 */
import { flagTable } from "../flags.js";
import { GLOBAL_FLAGS, LOGS_FLAGS, METRICS_FLAGS, secureServingFlags } from "./component-base.js";

export const KUBE_APISERVER_FLAGS = flagTable(`
# generic
advertise-address ip
cors-allowed-origins strings
emulated-version strings
emulation-forward-compatible bool
external-hostname string
feature-gates colonMultimap
goaway-chance float
livez-grace-period duration
max-mutating-requests-inflight int 200
max-requests-inflight int 400
min-compatibility-version strings
min-request-timeout int 1800
request-timeout duration 1m0s
runtime-config-emulation-forward-compatible bool
shutdown-delay-duration duration
shutdown-send-retry-after bool
shutdown-watch-termination-grace-period duration
storage-initialization-timeout duration 1m0s
strict-transport-security-directives strings
# etcd
delete-collection-workers int 1
enable-garbage-collector bool true
encryption-provider-config string
encryption-provider-config-automatic-reload bool
etcd-cafile string
etcd-certfile string
etcd-compaction-interval duration 5m0s
etcd-count-metric-poll-period duration 1m0s
etcd-db-metric-poll-interval duration 30s
etcd-healthcheck-timeout duration 2s
etcd-keyfile string
etcd-prefix string "/registry"
etcd-readycheck-timeout duration 2s
etcd-servers strings
etcd-servers-overrides strings
lease-reuse-duration-seconds int 60
storage-backend string
storage-media-type string "application/vnd.kubernetes.protobuf"
watch-cache bool true
watch-cache-sizes strings
# secure serving
${secureServingFlags(6443, "/var/run/kubernetes")}
# auditing
audit-log-batch-buffer-size int 10000
audit-log-batch-max-size int 1
audit-log-batch-max-wait duration
audit-log-batch-throttle-burst int
audit-log-batch-throttle-enable bool
audit-log-batch-throttle-qps float
audit-log-compress bool
audit-log-format string "json"
audit-log-maxage int
audit-log-maxbackup int
audit-log-maxsize int
audit-log-mode string "blocking"
audit-log-path string
audit-log-truncate-enabled bool
audit-log-truncate-max-batch-size int 10485760
audit-log-truncate-max-event-size int 102400
audit-log-version string "audit.k8s.io/v1"
audit-policy-file string
audit-webhook-batch-buffer-size int 10000
audit-webhook-batch-max-size int 400
audit-webhook-batch-max-wait duration 30s
audit-webhook-batch-throttle-burst int 15
audit-webhook-batch-throttle-enable bool true
audit-webhook-batch-throttle-qps float 10
audit-webhook-config-file string
audit-webhook-initial-backoff duration 10s
audit-webhook-mode string "batch"
audit-webhook-truncate-enabled bool
audit-webhook-truncate-max-batch-size int 10485760
audit-webhook-truncate-max-event-size int 102400
audit-webhook-version string "audit.k8s.io/v1"
# features
contention-profiling bool
debug-socket-path string
enable-priority-and-fairness bool true
profiling bool true
# authentication
anonymous-auth bool true
api-audiences strings
authentication-config string
authentication-token-webhook-cache-ttl duration 2m0s
authentication-token-webhook-config-file string
authentication-token-webhook-version string "v1beta1"
client-ca-file string
enable-bootstrap-token-auth bool
oidc-ca-file string
oidc-client-id string
oidc-groups-claim string
oidc-groups-prefix string
oidc-issuer-url string
oidc-required-claim mapStringString
oidc-signing-algs strings "RS256"
oidc-username-claim string "sub"
oidc-username-prefix string
requestheader-allowed-names strings
requestheader-client-ca-file string
requestheader-extra-headers-prefix strings
requestheader-group-headers strings
requestheader-uid-headers strings
requestheader-username-headers strings
service-account-extend-token-expiration bool true
service-account-issuer strings
service-account-jwks-uri string
service-account-key-file strings
service-account-lookup bool true
service-account-max-token-expiration duration
token-auth-file string
# authorization
authorization-config string
authorization-mode strings
authorization-policy-file string
authorization-webhook-cache-authorized-ttl duration 5m0s
authorization-webhook-cache-unauthorized-ttl duration 30s
authorization-webhook-config-file string
authorization-webhook-version string "v1beta1"
# API enablement
runtime-config mapStringBool
# egress selector
egress-selector-config-file string
# admission
admission-control strings
admission-control-config-file string
default-not-ready-toleration-seconds int 300
default-unreachable-toleration-seconds int 300
disable-admission-plugins strings
enable-admission-plugins strings
# metrics
${METRICS_FLAGS}
# logs
${LOGS_FLAGS}
# traces
tracing-config-file string
# misc
aggregator-reject-forwarding-redirect bool true
allow-privileged bool
coordinated-leadership-lease-duration duration 15s
coordinated-leadership-renew-deadline duration 10s
coordinated-leadership-retry-period duration 2s
enable-aggregator-routing bool
enable-logs-handler bool
endpoint-reconciler-type string "lease"
event-ttl duration 1h0m0s
kubelet-certificate-authority string
kubelet-client-certificate string
kubelet-client-key string
kubelet-preferred-address-types strings "Hostname,InternalDNS,InternalIP,ExternalDNS,ExternalIP"
kubelet-timeout duration 5s
kubernetes-service-node-port int
max-connection-bytes-per-sec int
peer-advertise-ip string
peer-advertise-port string
peer-ca-file string
proxy-client-cert-file string
proxy-client-key-file string
service-account-signing-endpoint string
service-account-signing-key-file string
service-cluster-ip-range string
service-node-port-range portRange 30000-32767
# global
${GLOBAL_FLAGS}
`, {
  "enable-logs-handler": { deprecated: "Log handler functionality is deprecated" },
  "admission-control": { deprecated: "Use --enable-admission-plugins or --disable-admission-plugins instead. Will be removed in a future version." },
});

/** Admission plugins kube-apiserver v1.34 registers (--enable-admission-plugins), from the same listing. */
export const ADMISSION_PLUGINS = [
  "AlwaysAdmit", "AlwaysDeny", "AlwaysPullImages", "CertificateApproval", "CertificateSigning", "CertificateSubjectRestriction",
  "ClusterTrustBundleAttest", "DefaultIngressClass", "DefaultStorageClass", "DefaultTolerationSeconds", "DenyServiceExternalIPs",
  "EventRateLimit", "ExtendedResourceToleration", "ImagePolicyWebhook", "LimitPodHardAntiAffinityTopology", "LimitRanger",
  "MutatingAdmissionPolicy", "MutatingAdmissionWebhook", "NamespaceAutoProvision", "NamespaceExists", "NamespaceLifecycle",
  "NodeRestriction", "OwnerReferencesPermissionEnforcement", "PersistentVolumeClaimResize", "PodNodeSelector", "PodSecurity",
  "PodTolerationRestriction", "PodTopologyLabels", "Priority", "ResourceQuota", "RuntimeClass", "ServiceAccount",
  "StorageObjectInUseProtection", "TaintNodesByCondition", "ValidatingAdmissionPolicy", "ValidatingAdmissionWebhook",
] as const;

/** --authorization-mode values (pkg/kubeapiserver/authorizer/modes). */
export const AUTHORIZATION_MODES = ["AlwaysAllow", "AlwaysDeny", "ABAC", "Webhook", "RBAC", "Node"] as const;
