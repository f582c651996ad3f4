/**
 * Strategic-merge-patch metadata of the built-in API types: for each struct,
 * the fields whose patch behaviour is not the default (maps merge, lists are
 * replaced), with the patchStrategy and patchMergeKey struct tags of
 * k8s.io/api v0.34 (Kubernetes v1.34) and k8s.io/apimachinery meta/v1.
 * Only structs on a path to such a field are listed. Derived mechanically
 * from the Go struct tags (a list field's type is its element's struct).
 */

/** [struct type of the field (or of its elements), patchStrategy, patchMergeKey]; "" when none. */
export type FieldPatchMeta = readonly [type: string, strategy: string, mergeKey: string];

export const PATCH_TYPES: Record<string, Record<string, FieldPatchMeta>> = {
  "apps.DaemonSet": { metadata: ["meta.ObjectMeta", "", ""], spec: ["apps.DaemonSetSpec", "", ""], status: ["apps.DaemonSetStatus", "", ""] },
  "apps.DaemonSetSpec": { template: ["core.PodTemplateSpec", "", ""] },
  "apps.DaemonSetStatus": { conditions: ["", "merge", "type"] },
  "apps.Deployment": { metadata: ["meta.ObjectMeta", "", ""], spec: ["apps.DeploymentSpec", "", ""], status: ["apps.DeploymentStatus", "", ""] },
  "apps.DeploymentSpec": { template: ["core.PodTemplateSpec", "", ""], strategy: ["", "retainKeys", ""] },
  "apps.DeploymentStatus": { conditions: ["", "merge", "type"] },
  "apps.ReplicaSet": { metadata: ["meta.ObjectMeta", "", ""], spec: ["apps.ReplicaSetSpec", "", ""], status: ["apps.ReplicaSetStatus", "", ""] },
  "apps.ReplicaSetSpec": { template: ["core.PodTemplateSpec", "", ""] },
  "apps.ReplicaSetStatus": { conditions: ["", "merge", "type"] },
  "apps.StatefulSet": { metadata: ["meta.ObjectMeta", "", ""], spec: ["apps.StatefulSetSpec", "", ""], status: ["apps.StatefulSetStatus", "", ""] },
  "apps.StatefulSetSpec": { template: ["core.PodTemplateSpec", "", ""], volumeClaimTemplates: ["core.PersistentVolumeClaim", "", ""] },
  "apps.StatefulSetStatus": { conditions: ["", "merge", "type"] },
  "autoscaling2.HorizontalPodAutoscaler": { metadata: ["meta.ObjectMeta", "", ""], status: ["autoscaling2.HorizontalPodAutoscalerStatus", "", ""] },
  "autoscaling2.HorizontalPodAutoscalerStatus": { conditions: ["", "merge", "type"] },
  "batch.CronJob": { metadata: ["meta.ObjectMeta", "", ""], spec: ["batch.CronJobSpec", "", ""] },
  "batch.CronJobSpec": { jobTemplate: ["batch.JobTemplateSpec", "", ""] },
  "batch.Job": { metadata: ["meta.ObjectMeta", "", ""], spec: ["batch.JobSpec", "", ""], status: ["batch.JobStatus", "", ""] },
  "batch.JobSpec": { template: ["core.PodTemplateSpec", "", ""] },
  "batch.JobStatus": { conditions: ["", "merge", "type"] },
  "batch.JobTemplateSpec": { metadata: ["meta.ObjectMeta", "", ""], spec: ["batch.JobSpec", "", ""] },
  "core.ComponentStatus": { metadata: ["meta.ObjectMeta", "", ""], conditions: ["", "merge", "type"] },
  "core.Container": { ports: ["", "merge", "containerPort"], env: ["", "merge", "name"], volumeMounts: ["", "merge", "mountPath"], volumeDevices: ["", "merge", "devicePath"] },
  "core.ContainerStatus": { volumeMounts: ["", "merge", "mountPath"], allocatedResourcesStatus: ["", "merge", "name"] },
  "core.EphemeralContainer": { ports: ["", "merge", "containerPort"], env: ["", "merge", "name"], volumeMounts: ["", "merge", "mountPath"], volumeDevices: ["", "merge", "devicePath"] },
  "core.EphemeralVolumeSource": { volumeClaimTemplate: ["meta.Object", "", ""] },
  "core.Namespace": { metadata: ["meta.ObjectMeta", "", ""], status: ["core.NamespaceStatus", "", ""] },
  "core.NamespaceStatus": { conditions: ["", "merge", "type"] },
  "core.Node": { metadata: ["meta.ObjectMeta", "", ""], spec: ["core.NodeSpec", "", ""], status: ["core.NodeStatus", "", ""] },
  "core.NodeSpec": { podCIDRs: ["", "merge", ""] },
  "core.NodeStatus": { conditions: ["", "merge", "type"], addresses: ["", "merge", "type"] },
  "core.PersistentVolumeClaim": { metadata: ["meta.ObjectMeta", "", ""], status: ["core.PersistentVolumeClaimStatus", "", ""] },
  "core.PersistentVolumeClaimStatus": { conditions: ["", "merge", "type"] },
  "core.Pod": { metadata: ["meta.ObjectMeta", "", ""], spec: ["core.PodSpec", "", ""], status: ["core.PodStatus", "", ""] },
  "core.PodSpec": { volumes: ["core.Volume", "merge,retainKeys", "name"], initContainers: ["core.Container", "merge", "name"], containers: ["core.Container", "merge", "name"], ephemeralContainers: ["core.EphemeralContainer", "merge", "name"], imagePullSecrets: ["", "merge", "name"], hostAliases: ["", "merge", "ip"], topologySpreadConstraints: ["", "merge", "topologyKey"], schedulingGates: ["", "merge", "name"], resourceClaims: ["", "merge,retainKeys", "name"] },
  "core.PodStatus": { conditions: ["", "merge", "type"], hostIPs: ["", "merge", "ip"], podIPs: ["", "merge", "ip"], initContainerStatuses: ["core.ContainerStatus", "", ""], containerStatuses: ["core.ContainerStatus", "", ""], ephemeralContainerStatuses: ["core.ContainerStatus", "", ""], resourceClaimStatuses: ["", "merge,retainKeys", "name"] },
  "core.PodStatusResult": { metadata: ["meta.ObjectMeta", "", ""], status: ["core.PodStatus", "", ""] },
  "core.PodTemplate": { metadata: ["meta.ObjectMeta", "", ""], template: ["core.PodTemplateSpec", "", ""] },
  "core.PodTemplateSpec": { metadata: ["meta.ObjectMeta", "", ""], spec: ["core.PodSpec", "", ""] },
  "core.ReplicationController": { metadata: ["meta.ObjectMeta", "", ""], spec: ["core.ReplicationControllerSpec", "", ""], status: ["core.ReplicationControllerStatus", "", ""] },
  "core.ReplicationControllerSpec": { template: ["core.PodTemplateSpec", "", ""] },
  "core.ReplicationControllerStatus": { conditions: ["", "merge", "type"] },
  "core.Service": { metadata: ["meta.ObjectMeta", "", ""], spec: ["core.ServiceSpec", "", ""], status: ["core.ServiceStatus", "", ""] },
  "core.ServiceAccount": { metadata: ["meta.ObjectMeta", "", ""], secrets: ["", "merge", "name"] },
  "core.ServiceSpec": { ports: ["", "merge", "port"] },
  "core.ServiceStatus": { conditions: ["", "merge", "type"] },
  "core.Volume": { ephemeral: ["core.EphemeralVolumeSource", "", ""] },
  "meta.Object": { metadata: ["meta.ObjectMeta", "", ""] },
  "meta.ObjectMeta": { ownerReferences: ["", "merge", "uid"], finalizers: ["", "merge", ""] },
  "networking.ServiceCIDR": { metadata: ["meta.ObjectMeta", "", ""], status: ["networking.ServiceCIDRStatus", "", ""] },
  "networking.ServiceCIDRStatus": { conditions: ["", "merge", "type"] },
  "policy.PodDisruptionBudget": { metadata: ["meta.ObjectMeta", "", ""], spec: ["policy.PodDisruptionBudgetSpec", "", ""], status: ["policy.PodDisruptionBudgetStatus", "", ""] },
  "policy.PodDisruptionBudgetSpec": { selector: ["", "replace", ""] },
  "policy.PodDisruptionBudgetStatus": { conditions: ["", "merge", "type"] },
  "storage.CSINode": { metadata: ["meta.ObjectMeta", "", ""], spec: ["storage.CSINodeSpec", "", ""] },
  "storage.CSINodeSpec": { drivers: ["", "merge", "name"] },
};

/** Root struct of each built-in kind (`group/Kind`); kinds not listed only have ObjectMeta's strategies. */
export const PATCH_ROOTS: Record<string, string> = {
  "/ComponentStatus": "core.ComponentStatus",
  "/Namespace": "core.Namespace",
  "/Node": "core.Node",
  "/PersistentVolumeClaim": "core.PersistentVolumeClaim",
  "/Pod": "core.Pod",
  "/PodTemplate": "core.PodTemplate",
  "/ReplicationController": "core.ReplicationController",
  "/Service": "core.Service",
  "/ServiceAccount": "core.ServiceAccount",
  "apps/DaemonSet": "apps.DaemonSet",
  "apps/Deployment": "apps.Deployment",
  "apps/ReplicaSet": "apps.ReplicaSet",
  "apps/StatefulSet": "apps.StatefulSet",
  "autoscaling/HorizontalPodAutoscaler": "autoscaling2.HorizontalPodAutoscaler",
  "batch/CronJob": "batch.CronJob",
  "batch/Job": "batch.Job",
  "networking.k8s.io/ServiceCIDR": "networking.ServiceCIDR",
  "policy/PodDisruptionBudget": "policy.PodDisruptionBudget",
  "storage.k8s.io/CSINode": "storage.CSINode",
};

const NO_META: FieldPatchMeta = ["", "", ""];

/** The root struct type of a kind, for kinds the table knows (others have only ObjectMeta's strategies). */
export function rootPatchType(kindKey: string): string {
  return PATCH_ROOTS[kindKey] ?? "meta.Object";
}

/** Patch metadata of a field of a struct type; the default (no type, no strategy) when unknown. */
export function fieldPatchMeta(type: string, field: string): FieldPatchMeta {
  return PATCH_TYPES[type]?.[field] ?? NO_META;
}
