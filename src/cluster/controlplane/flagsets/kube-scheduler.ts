/**
 * kube-scheduler v1.34's command-line flags: name, Go type, default.
 *
 * Source: the flag listing generated from the binary
 * (kubernetes/website content/en/docs/reference/command-line-tools-reference/kube-scheduler.md,
 * a later page; --tls-curve-preferences dropped because k8s.io/apiserver
 * v0.34.1 pkg/server/options/serving.go does not have it). Sections follow
 * cmd/kube-scheduler/app/options/options.go initFlags (misc, secure serving,
 * authentication, authorization, deprecated, leader election, feature gate,
 * metrics, logs); membership unconfirmed.
 */
import { flagTable } from "../flags.js";
import { DELEGATED_AUTHORIZATION_FLAGS, delegatedAuthenticationFlags, GLOBAL_FLAGS, LOGS_FLAGS, METRICS_FLAGS, secureServingFlags } from "./component-base.js";

export const KUBE_SCHEDULER_FLAGS = flagTable(`
# misc
config string
master string
write-config-to string
# secure serving
${secureServingFlags(10259)}
# authentication
${delegatedAuthenticationFlags(true)}
# authorization
${DELEGATED_AUTHORIZATION_FLAGS}
# deprecated
contention-profiling bool true
kube-api-burst int32 100
kube-api-content-type string "application/vnd.kubernetes.protobuf"
kube-api-qps float 50
kubeconfig string
pod-max-in-unschedulable-pods-duration duration 5m0s
profiling bool true
# leader election
leader-elect bool true
leader-elect-lease-duration duration 15s
leader-elect-renew-deadline duration 10s
leader-elect-resource-lock string "leases"
leader-elect-resource-name string "kube-scheduler"
leader-elect-resource-namespace string "kube-system"
leader-elect-retry-period duration 2s
# feature gate
emulated-version strings
feature-gates colonMultimap
min-compatibility-version strings
# metrics
${METRICS_FLAGS}
# logs
${LOGS_FLAGS}
# global
${GLOBAL_FLAGS}
`);
