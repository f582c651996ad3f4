/**
 * What the kubernetes-types package (API v1.30) does not say about the
 * v1.34 API the simulation serves:
 *  - fields and types added in v1.31-v1.34 that clients and controllers use,
 *  - the Go integer width of numeric fields (the .d.ts files only say
 *    `number`; decode errors name `int32`, `int64` or `float64`),
 *  - fields the v1.34 API no longer has.
 * Applied by the schema generator; descriptions are those of the v1.34 API.
 */
import type { FieldSchema, TypeSchema } from "../cluster/apiserver/schema/types.js";

export const OVERLAY_VERSION = "v1.34-2";

/** Fields added after v1.30, by type key. */
export const addedFields: Record<string, Record<string, FieldSchema>> = {
  "core/v1.PodSpec": {
    resources: {
      t: "#core/v1.ResourceRequirements",
      d: "Resources is the total amount of CPU and Memory resources required by all containers in the pod. It supports specifying Requests and Limits for \"cpu\", \"memory\" and \"hugepages-\" resource names only. ResourceClaims are not supported.\n\nThis field enables fine-grained control over resource allocation for the entire pod, allowing resource sharing among containers in a pod.\n\nThis is an alpha field and requires enabling the PodLevelResources feature gate.",
    },
    hostnameOverride: {
      t: "string",
      d: "HostnameOverride specifies an explicit override for the pod's hostname as perceived by the pod. This field only specifies the pod's hostname and does not affect its DNS records. When this field is set to a non-empty string: - It takes precedence over the values set in `hostname` and `subdomain`. - The Pod's hostname will be set to this value. - `setHostnameAsFQDN` must be nil or set to false. - `hostNetwork` must be set to false.\n\nThis field must be a valid DNS subdomain as defined in RFC 1123 and contain at most 64 characters. Requires the HostnameOverride feature gate to be enabled.",
    },
  },
  "core/v1.PodSecurityContext": {
    supplementalGroupsPolicy: {
      t: "string",
      d: "Defines how supplemental groups of the first container processes are calculated. Valid values are \"Merge\" and \"Strict\". If not specified, \"Merge\" is used. (Alpha) Using the field requires the SupplementalGroupsPolicy feature gate to be enabled and the container runtime must implement support for this feature. Note that this field cannot be set when spec.os.name is windows.",
    },
    seLinuxChangePolicy: {
      t: "string",
      d: "seLinuxChangePolicy defines how the container's SELinux label is applied to all volumes used by the Pod. It has no effect on nodes that do not support SELinux or to volumes does not support SELinux. Valid values are \"MountOption\" and \"Recursive\".\n\n\"Recursive\" means relabeling of all files on all Pod volumes by the container runtime. This may be slow for large volumes, but allows mixing privileged and unprivileged Pods sharing the same volume on the same node.\n\n\"MountOption\" mounts all eligible Pod volumes with `-o context` mount option. This requires all Pods that share the same volume to use the same SELinux label. It is not possible to share the same volume among privileged and unprivileged Pods. Eligible volumes are in-tree FibreChannel and iSCSI volumes, and all CSI volumes whose CSI driver announces SELinux support by setting spec.seLinuxMount: true in their CSIDriver instance. Other volumes are always re-labelled recursively. \"MountOption\" value is allowed only when SELinuxMount feature gate is enabled.\n\nIf not specified and SELinuxMount feature gate is enabled, \"MountOption\" is used. If not specified and SELinuxMount feature gate is disabled, \"MountOption\" is used for ReadWriteOncePod volumes and \"Recursive\" for all other volumes.\n\nThis field affects only Pods that have SELinux label set, either in PodSecurityContext or in SecurityContext of all containers.\n\nAll Pods that use the same volume should use the same seLinuxChangePolicy, otherwise some pods can get stuck in ContainerCreating state. Note that this field cannot be set when spec.os.name is windows.",
    },
  },
  "core/v1.Container": {
    restartPolicyRules: {
      t: "[]#core/v1.ContainerRestartRule",
      d: "Represents a list of rules to be checked to determine if the container should be restarted on exit. The rules are evaluated in order. Once a rule matches a container exit condition, the remaining rules are ignored. If no rule matches the container exit condition, the Container-level restart policy determines the whether the container is restarted or not. Constraints on the rules: - At most 20 rules are allowed. - Rules can have the same action. - Identical rules are not forbidden in validations. When rules are specified, container MUST set RestartPolicy explicitly even it if matches the Pod's RestartPolicy.",
    },
  },
  "core/v1.EphemeralContainer": {
    restartPolicyRules: { t: "[]#core/v1.ContainerRestartRule", d: "Represents a list of rules to be checked to determine if the container should be restarted on exit. You cannot set this field on ephemeral containers." },
  },
  "core/v1.Lifecycle": {
    stopSignal: {
      t: "string",
      d: "StopSignal defines which signal will be sent to a container when it is being stopped. If not specified, the default is defined by the container runtime in use. StopSignal can only be set for Pods with a non-empty .spec.os.name",
    },
  },
  "core/v1.Volume": {
    image: {
      t: "#core/v1.ImageVolumeSource",
      d: "image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet's host machine. The volume is resolved at pod startup depending on which PullPolicy value is provided:\n\n- Always: the kubelet always attempts to pull the reference. Container creation will fail If the pull fails. - Never: the kubelet never pulls the reference and only uses a local image or artifact. Container creation will fail if the reference isn't present. - IfNotPresent: the kubelet pulls if the reference isn't already present on disk. Container creation will fail if the reference isn't present and the pull fails.\n\nThe volume gets re-resolved if the pod gets deleted and recreated, which means that new remote content will become available on pod recreation. A failure to resolve or pull the image during pod startup will block containers from starting and may add significant latency. Failures will be retried using normal volume backoff and will be reported on the pod reason and message. The types of objects that may be mounted by this volume are defined by the container runtime implementation on a host machine and at minimum must include all valid types supported by the container image field. The OCI object gets mounted in a single directory (spec.containers[*].volumeMounts.mountPath) by merging the manifest layers in the same way as for container images. The volume will be mounted read-only (ro) and non-executable files (noexec). Sub path mounts for containers are not supported (spec.containers[*].volumeMounts.subpath) before 1.33. The field spec.securityContext.fsGroupChangePolicy has no effect on this volume type.",
    },
  },
  "core/v1.ContainerStatus": {
    allocatedResourcesStatus: {
      t: "[]#core/v1.ResourceStatus",
      d: "AllocatedResourcesStatus represents the status of various resources allocated for this Pod.",
    },
    user: {
      t: "#core/v1.ContainerUser",
      d: "User represents user identity information initially attached to the first process of the container",
    },
    stopSignal: { t: "string", d: "StopSignal reports the effective stop signal for this container" },
  },
  "core/v1.PodStatus": {
    observedGeneration: {
      t: "int64",
      d: "If set, this represents the .metadata.generation that the pod status was set based upon. This is an alpha field. Enable PodObservedGenerationTracking to be able to use this field.",
    },
  },
  "core/v1.PodCondition": {
    observedGeneration: {
      t: "int64",
      d: "If set, this represents the .metadata.generation that the pod condition was set based upon. This is an alpha field. Enable PodObservedGenerationTracking to be able to use this field.",
    },
  },
  "core/v1.NodeStatus": {
    features: { t: "#core/v1.NodeFeatures", d: "Features describes the set of features implemented by the CRI implementation." },
  },
  "core/v1.NodeSystemInfo": {
    swap: { t: "#core/v1.NodeSwapStatus", d: "Swap Info reported by the node." },
  },
  // v1.31 replaced PodResourceClaim.source (ClaimSource) by these two fields.
  "core/v1.PodResourceClaim": {
    resourceClaimName: {
      t: "string",
      d: "ResourceClaimName is the name of a ResourceClaim object in the same namespace as this pod.\n\nExactly one of ResourceClaimName and ResourceClaimTemplateName must be set.",
    },
    resourceClaimTemplateName: {
      t: "string",
      d: "ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace as this pod.\n\nThe template will be used to create a new ResourceClaim, which will be bound to this pod. When this pod is deleted, the ResourceClaim will also be deleted. The pod name and resource name, along with a generated component, will be used to form a unique name for the ResourceClaim, which will be recorded in pod.status.resourceClaimStatuses.\n\nThis field is immutable and no changes will be made to the corresponding ResourceClaim by the control plane after creating the ResourceClaim.\n\nExactly one of ResourceClaimName and ResourceClaimTemplateName must be set.",
    },
  },
  "core/v1.ResourceClaim": {
    request: {
      t: "string",
      d: "Request is the name chosen for a request in the referenced claim. If empty, everything from the claim is made available, otherwise only the result of this request.",
    },
  },
  "apps/v1.DeploymentStatus": {
    terminatingReplicas: {
      t: "int32",
      d: "Total number of terminating pods targeted by this deployment. Terminating pods have a non-null .metadata.deletionTimestamp and have not yet reached the Failed or Succeeded .status.phase.\n\nThis is an alpha field. Enable DeploymentReplicaSetTerminatingReplicas to be able to use this field.",
    },
  },
  "apps/v1.ReplicaSetStatus": {
    terminatingReplicas: {
      t: "int32",
      d: "The number of terminating pods for this replica set. Terminating pods have a non-null .metadata.deletionTimestamp and have not yet reached the Failed or Succeeded .status.phase.\n\nThis is an alpha field. Enable DeploymentReplicaSetTerminatingReplicas to be able to use this field.",
    },
  },
  "discovery/v1.EndpointHints": {
    forNodes: {
      t: "[]#discovery/v1.ForNode",
      d: "forNodes indicates the node(s) this endpoint should be consumed by when using topology aware routing. May contain a maximum of 8 entries. This is an Alpha feature and is only used when the PreferSameTrafficDistribution feature gate is enabled.",
    },
  },
  "coordination/v1.LeaseSpec": {
    strategy: {
      t: "string",
      d: "Strategy indicates the strategy for picking the leader for coordinated leader election. If the field is not specified, there is no active coordination for this lease. (Alpha) Using this field requires the CoordinatedLeaderElection feature gate to be enabled.",
    },
    preferredHolder: {
      t: "string",
      d: "PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up. This field can only be set if Strategy is also set.",
    },
  },
  // kubernetes-types leaves out the x-kubernetes-* extensions of JSONSchemaProps.
  "apiextensions/v1.JSONSchemaProps": {
    "x-kubernetes-embedded-resource": {
      t: "boolean",
      d: "x-kubernetes-embedded-resource defines that the value is an embedded Kubernetes runtime.Object, with TypeMeta and ObjectMeta. The type must be object. It is allowed to further restrict the embedded object. kind, apiVersion and metadata are validated automatically. x-kubernetes-preserve-unknown-fields is allowed to be true, but does not have to be if the object is fully specified (up to kind, apiVersion, metadata).",
    },
    "x-kubernetes-int-or-string": {
      t: "boolean",
      d: "x-kubernetes-int-or-string specifies that this value is either an integer or a string. If this is true, an empty type is allowed and type as child of anyOf is permitted if following one of the following patterns:\n\n1) anyOf:\n   - type: integer\n   - type: string\n2) allOf:\n   - anyOf:\n     - type: integer\n     - type: string\n   - ... zero or more",
    },
    "x-kubernetes-list-map-keys": {
      t: "[]string",
      d: "x-kubernetes-list-map-keys annotates an array with the x-kubernetes-list-type `map` by specifying the keys used as the index of the map.\n\nThis tag MUST only be used on lists that have the \"x-kubernetes-list-type\" extension set to \"map\". Also, the values specified for this attribute must be a scalar typed field of the child structure (no nesting is supported).\n\nThe properties specified must either be required or have a default value, to ensure those properties are present for all list items.",
    },
    "x-kubernetes-list-type": {
      t: "string",
      d: "x-kubernetes-list-type annotates an array to further describe its topology. This extension must only be used on lists and may have 3 possible values:\n\n1) `atomic`: the list is treated as a single entity, like a scalar.\n     Atomic lists will be entirely replaced when updated. This extension\n     may be used on any type of list (struct, scalar, ...).\n2) `set`:\n     Sets are lists that must not have multiple items with the same value. Each\n     value must be a scalar, an object with x-kubernetes-map-type `atomic` or an\n     array with x-kubernetes-list-type `atomic`.\n3) `map`:\n     These lists are like maps in that their elements have a non-index key\n     used to identify them. Order is preserved upon merge. The map tag\n     must only be used on a list with elements of type object.\nDefaults to atomic for arrays.",
    },
    "x-kubernetes-map-type": {
      t: "string",
      d: "x-kubernetes-map-type annotates an object to further describe its topology. This extension must only be used when type is object and may have 2 possible values:\n\n1) `granular`:\n     These maps are actual maps (key-value pairs) and each fields are independent\n     from each other (they can each be manipulated by separate actors). This is\n     the default behaviour for all maps.\n2) `atomic`: the list is treated as a single entity, like a scalar.\n     Atomic maps will be entirely replaced when updated.",
    },
    "x-kubernetes-preserve-unknown-fields": {
      t: "boolean",
      d: "x-kubernetes-preserve-unknown-fields stops the API server decoding step from pruning fields which are not specified in the validation schema. This affects fields recursively, but switches back to normal pruning behaviour if nested properties or additionalProperties are specified in the schema. This can either be true or undefined. False is forbidden.",
    },
    "x-kubernetes-validations": {
      t: "[]#apiextensions/v1.ValidationRule",
      d: "x-kubernetes-validations describes a list of validation rules written in the CEL expression language.",
    },
  },
  "autoscaling/v2.HPAScalingRules": {
    tolerance: {
      t: "Quantity",
      d: "tolerance is the tolerance on the ratio between the current and desired metric value under which no updates are made to the desired number of replicas (e.g. 0.01 for 1%). Must be greater than or equal to zero. If not set, the default cluster-wide tolerance is applied (by default 10%).\n\nThis is an alpha field and requires enabling the HPAConfigurableTolerance feature gate.",
    },
  },
};

/** Types added after v1.30. */
export const addedTypes: Record<string, TypeSchema> = {
  "core/v1.ContainerRestartRule": {
    g: "v1.ContainerRestartRule",
    d: "ContainerRestartRule describes how a container exit is handled.",
    f: {
      action: { t: "string", r: 1, d: "Specifies the action taken on a container exit if the requirements are satisfied. The only possible value is \"Restart\" to restart the container." },
      exitCodes: { t: "#core/v1.ContainerRestartRuleOnExitCodes", d: "Represents the exit codes to check on container exits." },
    },
  },
  "core/v1.ContainerRestartRuleOnExitCodes": {
    g: "v1.ContainerRestartRuleOnExitCodes",
    d: "ContainerRestartRuleOnExitCodes describes the condition for handling an exited container based on its exit codes.",
    f: {
      operator: { t: "string", r: 1, d: "Represents the relationship between the container exit code(s) and the specified values. Possible values are: - In: the requirement is satisfied if the container exit code is in the set of specified values. - NotIn: the requirement is satisfied if the container exit code is not in the set of specified values." },
      values: { t: "[]int32", d: "Specifies the set of values to check for container exit codes. At most 255 elements are allowed." },
    },
  },
  "core/v1.ImageVolumeSource": {
    g: "v1.ImageVolumeSource",
    d: "ImageVolumeSource represents a image volume resource.",
    f: {
      reference: { t: "string", d: "Required: Image or artifact reference to be used. Behaves in the same way as pod.spec.containers[*].image. Pull secrets will be assembled in the same way as for the container image by looking up node credentials, SA image pull secrets, and pod spec image pull secrets. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets." },
      pullPolicy: { t: "string", d: "Policy for pulling OCI objects. Possible values are: Always: the kubelet always attempts to pull the reference. Container creation will fail If the pull fails. Never: the kubelet never pulls the reference and only uses a local image or artifact. Container creation will fail if the reference isn't present. IfNotPresent: the kubelet pulls if the reference isn't already present on disk. Container creation will fail if the reference isn't present and the pull fails. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise." },
    },
  },
  "core/v1.ResourceStatus": {
    g: "v1.ResourceStatus",
    d: "ResourceStatus represents the status of a single resource allocated to a Pod.",
    f: {
      name: { t: "string", r: 1, d: "Name of the resource. Must be unique within the pod and in case of non-DRA resource, match one of the resources from the pod spec. For DRA resources, the value must be \"claim:<claim_name>/<request>\". When this status is reported about a container, the \"claim_name\" and \"request\" must match one of the claims of this container." },
      resources: { t: "[]#core/v1.ResourceHealth", d: "List of unique resources health. Each element in the list contains an unique resource ID and its health. At a minimum, for the lifetime of a Pod, resource ID must uniquely identify the resource allocated to the Pod on the Node. If other Pod on the same Node reports the status with the same resource ID, it must be the same resource they share. See ResourceID type definition for a specific format it has in various use cases." },
    },
  },
  "core/v1.ResourceHealth": {
    g: "v1.ResourceHealth",
    d: "ResourceHealth represents the health of a resource. It has the latest device health information. This is a part of KEP https://kep.k8s.io/4680.",
    f: {
      resourceID: { t: "string", r: 1, d: "ResourceID is the unique identifier of the resource. See the ResourceID type for more information." },
      health: { t: "string", d: "Health of the resource. can be one of:\n - Healthy: operates as normal\n - Unhealthy: reported unhealthy. We consider this a temporary health issue\n              since we do not have a mechanism today to distinguish\n              temporary and permanent issues.\n - Unknown: The status cannot be determined.\n            For example, Device Plugin got unregistered and hasn't been re-registered since.\n\nIn future we may want to introduce the PermanentlyUnhealthy Status." },
    },
  },
  "core/v1.ContainerUser": {
    g: "v1.ContainerUser",
    d: "ContainerUser represents user identity information",
    f: {
      linux: { t: "#core/v1.LinuxContainerUser", d: "Linux holds user identity information initially attached to the first process of the containers in Linux. Note that the actual running identity can be changed if the process has enough privilege to do so." },
    },
  },
  "core/v1.LinuxContainerUser": {
    g: "v1.LinuxContainerUser",
    d: "LinuxContainerUser represents user identity information in Linux containers",
    f: {
      uid: { t: "int64", r: 1, d: "UID is the primary uid initially attached to the first process in the container" },
      gid: { t: "int64", r: 1, d: "GID is the primary gid initially attached to the first process in the container" },
      supplementalGroups: { t: "[]int64", d: "SupplementalGroups are the supplemental groups initially attached to the first process in the container" },
    },
  },
  "core/v1.NodeFeatures": {
    g: "v1.NodeFeatures",
    d: "NodeFeatures describes the set of features implemented by the CRI implementation. The features contained in the NodeFeatures should depend only on the cri implementation independent of runtime handlers.",
    f: {
      supplementalGroupsPolicy: { t: "boolean", d: "SupplementalGroupsPolicy is set to true if the runtime supports SupplementalGroupsPolicy and ContainerUser." },
    },
  },
  "core/v1.NodeSwapStatus": {
    g: "v1.NodeSwapStatus",
    d: "NodeSwapStatus represents swap memory information.",
    f: { capacity: { t: "int64", d: "Total amount of swap memory in bytes." } },
  },
  "discovery/v1.ForNode": {
    g: "v1.ForNode",
    d: "ForNode provides information about which nodes should consume this endpoint.",
    f: { name: { t: "string", r: 1, d: "name represents the name of the node." } },
  },
};

/** Fields the v1.34 API removed. */
export const removedFields: Record<string, string[]> = {
  // NetworkPolicyStatus was dropped in v1.28.
  "networking/v1.NetworkPolicy": ["status"],
  // ClaimSource was removed in v1.31.
  "core/v1.PodResourceClaim": ["source"],
};

/** Numeric fields that are int64 in Go (all others are int32). */
export const int64Fields: string[] = [
  "meta/v1.ObjectMeta.generation",
  "meta/v1.ObjectMeta.deletionGracePeriodSeconds",
  "meta/v1.ListMeta.remainingItemCount",
  "meta/v1.Condition.observedGeneration",
  "meta/v1.DeleteOptions.gracePeriodSeconds",
  "core/v1.PodSpec.terminationGracePeriodSeconds",
  "core/v1.PodSpec.activeDeadlineSeconds",
  "core/v1.Probe.terminationGracePeriodSeconds",
  "core/v1.SecurityContext.runAsUser",
  "core/v1.SecurityContext.runAsGroup",
  "core/v1.PodSecurityContext.runAsUser",
  "core/v1.PodSecurityContext.runAsGroup",
  "core/v1.PodSecurityContext.fsGroup",
  "core/v1.PodSecurityContext.supplementalGroups",
  "core/v1.ServiceAccountTokenProjection.expirationSeconds",
  "core/v1.Toleration.tolerationSeconds",
  "core/v1.SleepAction.seconds",
  "apps/v1.ControllerRevision.revision",
  "apps/v1.DeploymentStatus.observedGeneration",
  "apps/v1.ReplicaSetStatus.observedGeneration",
  "apps/v1.DaemonSetStatus.observedGeneration",
  "apps/v1.StatefulSetStatus.observedGeneration",
  "batch/v1.JobSpec.activeDeadlineSeconds",
  "batch/v1.CronJobSpec.startingDeadlineSeconds",
  "autoscaling/v2.HorizontalPodAutoscalerStatus.observedGeneration",
  "policy/v1.PodDisruptionBudgetStatus.observedGeneration",
  "apiextensions/v1.JSONSchemaProps.maxItems",
  "apiextensions/v1.JSONSchemaProps.maxLength",
  "apiextensions/v1.JSONSchemaProps.maxProperties",
  "apiextensions/v1.JSONSchemaProps.minItems",
  "apiextensions/v1.JSONSchemaProps.minLength",
  "apiextensions/v1.JSONSchemaProps.minProperties",
];

/** Numeric fields that are float64 in Go. */
export const float64Fields: string[] = [
  "apiextensions/v1.JSONSchemaProps.maximum",
  "apiextensions/v1.JSONSchemaProps.minimum",
  "apiextensions/v1.JSONSchemaProps.multipleOf",
];
