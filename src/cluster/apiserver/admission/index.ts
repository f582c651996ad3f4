/**
 * Admission control: mutating then validating plugins run on every write,
 * after authorization and defaulting, before storage, as in kube-apiserver.
 * The plugins are those kube-apiserver enables by default that matter here,
 * in its fixed order (pkg/kubeapiserver/options/plugins.go AllOrderedPlugins):
 * each admits (mutates) in this order, then each validates in this order.
 */
import type { AdmissionPlugin } from "./plugin.js";
import { namespaceLifecycle } from "./namespace-lifecycle.js";
import { limitRanger } from "./limit-ranger.js";
import { serviceAccount } from "./service-account.js";
import { priority } from "./priority.js";
import { defaultTolerationSeconds } from "./default-toleration-seconds.js";
import { defaultStorageClass } from "./default-storage-class.js";
import { defaultIngressClass } from "./default-ingress-class.js";
import { resourceQuota } from "./resource-quota.js";

export type { AdmissionAttributes, AdmissionContext, AdmissionPlugin, Operation } from "./plugin.js";
export { admissionForbidden } from "./plugin.js";

/** kube-apiserver's default-enabled plugins that matter to the simulation, in its order. */
export function defaultAdmissionPlugins(): AdmissionPlugin[] {
  return [namespaceLifecycle(), limitRanger(), serviceAccount(), priority(), defaultTolerationSeconds(), defaultStorageClass(), defaultIngressClass(), resourceQuota()];
}
