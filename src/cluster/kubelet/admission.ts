/**
 * The kubelet's pod admission (pkg/kubelet/lifecycle/predicate.go): before
 * running a pod bound to it, the node checks what the scheduler would have
 * (resources, node affinity, host ports) plus untolerated NoExecute taints.
 * A pod that fails is rejected: phase Failed, reason OutOfcpu / NodeAffinity
 * / ..., message "Pod was rejected: ...". This is what a pod created with
 * spec.nodeName (bypassing the scheduler) runs into.
 */
import type { KubeObject } from "../api/types.js";
import { findUntoleratedTaint, RequiredNodeAffinity, type Taint, type Toleration } from "../scheduler/helpers.js";
import { hostPorts, isStaticPod, podRequests } from "./pod-spec.js";
import { milliCpu, quantityValue } from "./quantity.js";

export type AdmitResult = { admit: true } | { admit: false; reason: string; message: string };

function predicate(name: string, desc: string): AdmitResult {
  return { admit: false, reason: name, message: `Predicate ${name} failed: ${desc}` };
}

/**
 * Admits `pod` onto `node`, given the pods already admitted there (running
 * or about to run, not finished).
 */
export function admitPod(pod: KubeObject, node: KubeObject, admitted: KubeObject[]): AdmitResult {
  if (pod.metadata.labels?.["kubernetes.io/os"] !== undefined && pod.metadata.labels["kubernetes.io/os"] !== "linux") {
    return { admit: false, reason: "PodOSSelectorNodeLabelDoesNotMatch", message: "Failed to admit pod as the `kubernetes.io/os` label doesn't match node label" };
  }
  if (pod.spec?.os?.name && pod.spec.os.name !== "linux") {
    return { admit: false, reason: "PodOSNotSupported", message: "Failed to admit pod as the OS field doesn't match node OS" };
  }
  const statik = isStaticPod(pod);
  // Static (critical) pods are admitted regardless of resources: the kubelet would evict others for them.
  if (!statik) {
    const alloc = node.status?.allocatable ?? {};
    const allowedPods = quantityValue(alloc.pods ?? 110);
    if (admitted.length + 1 > allowedPods) {
      return { admit: false, reason: "OutOfpods", message: `Node didn't have enough resource: pods, requested: 1, used: ${admitted.length}, capacity: ${allowedPods}` };
    }
    const want = podRequests(pod);
    if (want.cpu > 0 || want.memory > 0 || want.ephemeral > 0) {
      const used = { cpu: 0, memory: 0, ephemeral: 0 };
      for (const p of admitted) {
        const r = podRequests(p);
        used.cpu += r.cpu;
        used.memory += r.memory;
        used.ephemeral += r.ephemeral;
      }
      const checks: Array<[string, string, number, number, number]> = [
        ["cpu", "OutOfcpu", want.cpu, used.cpu, milliCpu(alloc.cpu ?? 0)],
        ["memory", "OutOfmemory", want.memory, used.memory, quantityValue(alloc.memory ?? 0)],
        ["ephemeral-storage", "OutOfephemeral-storage", want.ephemeral, used.ephemeral, quantityValue(alloc["ephemeral-storage"] ?? 0)],
      ];
      for (const [resource, reason, requested, inUse, capacity] of checks) {
        if (requested > 0 && requested > capacity - inUse) {
          return { admit: false, reason, message: `Node didn't have enough resource: ${resource}, requested: ${requested}, used: ${inUse}, capacity: ${capacity}` };
        }
      }
    }
  }
  if (!new RequiredNodeAffinity(pod).match(node)) return predicate("NodeAffinity", "node(s) didn't match Pod's node affinity/selector");
  const wanted = hostPorts(pod);
  if (wanted.length) {
    const taken = new Set(admitted.flatMap(hostPorts));
    if (wanted.some((p) => taken.has(p))) return predicate("NodePorts", "node(s) didn't have free ports for the requested pod ports");
  }
  if (!statik) {
    const taints: Taint[] = node.spec?.taints ?? [];
    const tolerations: Toleration[] = pod.spec?.tolerations ?? [];
    if (findUntoleratedTaint(taints, tolerations, (t) => t.effect === "NoExecute")) return predicate("TaintToleration", "node(s) had taints that the pod didn't tolerate");
  }
  return { admit: true };
}
