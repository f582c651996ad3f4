/**
 * How the real API server's Go types serialise, beyond what the schema says:
 * which fields Go writes even when unset (non-pointer structs, fields without
 * `omitempty`) and which scalar fields it drops when zero (non-pointer
 * `omitempty` fields). Objects stored here are normalised to that shape, so
 * `kubectl get -o yaml` shows `resources: {}` and `lastProbeTime: null`, and
 * never `hostNetwork: false` or `hostPort: 0`, exactly as a real cluster.
 *
 * Sources: the json tags in k8s.io/api/<group>/v1/types.go (v1.34).
 */

/** Fields Go always emits, with the value it emits when they are unset. */
export const ALWAYS_EMITTED: Record<string, Record<string, unknown>> = {
  "core/v1.PodTemplateSpec": { metadata: {} },
  "core/v1.PersistentVolumeClaimTemplate": { metadata: {} },
  "core/v1.PersistentVolumeClaim": { metadata: {}, spec: {}, status: {} },
  "core/v1.Container": { resources: {} },
  "core/v1.EphemeralContainer": { resources: {} },
  "core/v1.PersistentVolumeClaimSpec": { resources: {} },
  "core/v1.ServiceStatus": { loadBalancer: {} },
  "core/v1.ContainerStatus": { state: {}, lastState: {}, ready: false, restartCount: 0, image: "", imageID: "" },
  "core/v1.PodCondition": { lastProbeTime: null, lastTransitionTime: null },
  "core/v1.Event": {
    involvedObject: {},
    source: {},
    firstTimestamp: null,
    lastTimestamp: null,
    eventTime: null,
    reportingComponent: "",
    reportingInstance: "",
  },
  "batch/v1.JobTemplateSpec": { metadata: {} },
  "networking/v1.NetworkPolicySpec": { podSelector: {} },
  "networking/v1.IngressServiceBackend": { port: {} },
  "networking/v1.IngressStatus": { loadBalancer: {} },
  "discovery/v1.EndpointSlice": { endpoints: null },
  "discovery/v1.Endpoint": { conditions: {} },
  "scheduling/v1.PriorityClass": { value: 0 },
  // Non-pointer structs with omitempty (encoding/json never omits a struct): `strategy: {}`.
  "apps/v1.DeploymentSpec": { strategy: {} },
  "apps/v1.DaemonSetSpec": { updateStrategy: {} },
  "apps/v1.StatefulSetSpec": { updateStrategy: {} },
  // Status counters without omitempty: a new object's zero status carries them.
  "apps/v1.ReplicaSetStatus": { replicas: 0 },
  "apps/v1.StatefulSetStatus": { replicas: 0, availableReplicas: 0 },
  "apps/v1.DaemonSetStatus": { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 },
  "core/v1.ReplicationControllerStatus": { replicas: 0 },
  "policy/v1.PodDisruptionBudgetStatus": { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
  "autoscaling/v2.HorizontalPodAutoscalerStatus": { desiredReplicas: 0 },
  "apiextensions/v1.CustomResourceDefinitionStatus": { acceptedNames: {}, storedVersions: null },
  "apiextensions/v1.CustomResourceDefinitionNames": { plural: "", kind: "" },
};

/** Top-level `spec`/`status` of every kind are non-pointer structs: always emitted. */
export const TOP_LEVEL_STRUCTS = ["spec", "status"];

/** Non-pointer scalar fields with `omitempty`: a zero value ("" / 0 / false) is dropped. */
export const OMITTED_WHEN_ZERO: Record<string, string[]> = {
  "meta/v1.ObjectMeta": ["name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation"],
  "meta/v1.OwnerReference": [],
  "core/v1.PodSpec": ["nodeName", "serviceAccountName", "serviceAccount", "hostNetwork", "hostPID", "hostIPC", "hostname", "subdomain", "priorityClassName", "schedulerName", "dnsPolicy", "restartPolicy"],
  "core/v1.Container": ["image", "workingDir", "stdin", "stdinOnce", "tty", "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy"],
  "core/v1.EphemeralContainer": ["image", "workingDir", "stdin", "stdinOnce", "tty", "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy", "targetContainerName"],
  "core/v1.ContainerPort": ["name", "hostPort", "hostIP", "protocol"],
  "core/v1.VolumeMount": ["readOnly", "subPath", "subPathExpr"],
  "core/v1.EnvVar": ["value"],
  "core/v1.EnvFromSource": ["prefix"],
  "core/v1.Probe": ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"],
  "core/v1.HTTPGetAction": ["path", "host", "scheme"],
  "core/v1.TCPSocketAction": ["host"],
  "core/v1.ServicePort": ["name", "nodePort", "protocol"],
  "core/v1.ServiceSpec": ["clusterIP", "type", "externalName", "loadBalancerIP", "sessionAffinity", "externalTrafficPolicy", "healthCheckNodePort", "publishNotReadyAddresses"],
  "core/v1.PodStatus": ["phase", "message", "reason", "nominatedNodeName", "hostIP", "podIP", "qosClass", "resize"],
  "core/v1.ContainerStatus": ["containerID"],
  "core/v1.ContainerStateWaiting": ["reason", "message"],
  "core/v1.ContainerStateTerminated": ["signal", "reason", "message", "containerID"],
  "core/v1.PodCondition": ["reason", "message"],
  "core/v1.NodeCondition": ["reason", "message"],
  "core/v1.EmptyDirVolumeSource": ["medium"],
  "core/v1.HostPathVolumeSource": [],
  "core/v1.SecretVolumeSource": ["secretName"],
  "core/v1.LocalObjectReference": ["name"],
  "core/v1.ConfigMapVolumeSource": ["name"],
  "core/v1.ConfigMapKeySelector": ["name"],
  "core/v1.SecretKeySelector": ["name"],
  "core/v1.ConfigMapEnvSource": ["name"],
  "core/v1.SecretEnvSource": ["name"],
  "core/v1.ObjectFieldSelector": ["apiVersion"],
  "core/v1.ResourceFieldSelector": ["containerName"],
  "core/v1.PersistentVolumeClaimVolumeSource": ["readOnly"],
  "core/v1.NFSVolumeSource": ["readOnly"],
  "core/v1.PersistentVolumeSpec": ["storageClassName", "persistentVolumeReclaimPolicy"],
  "core/v1.PersistentVolumeClaimSpec": ["volumeName"],
  "core/v1.PersistentVolumeClaimStatus": ["phase"],
  "core/v1.PersistentVolumeStatus": ["phase", "message", "reason"],
  "core/v1.Secret": ["type"],
  "core/v1.NamespaceStatus": ["phase"],
  "core/v1.NodeSpec": ["unschedulable", "podCIDR", "providerID"],
  "core/v1.Toleration": ["key", "operator", "value", "effect"],
  "core/v1.Taint": ["value"],
  "core/v1.Event": ["count", "message", "reason", "type", "action"],
  "core/v1.ObjectReference": ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"],
  "core/v1.EventSource": ["component", "host"],
  "apps/v1.DeploymentSpec": ["minReadySeconds", "paused"],
  "apps/v1.DeploymentStatus": ["observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas"],
  "apps/v1.ReplicaSetSpec": ["minReadySeconds"],
  "apps/v1.ReplicaSetStatus": ["fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration"],
  "apps/v1.StatefulSetSpec": ["serviceName", "minReadySeconds", "podManagementPolicy"],
  "apps/v1.StatefulSetStatus": ["observedGeneration", "readyReplicas", "currentReplicas", "updatedReplicas", "currentRevision", "updateRevision"],
  "apps/v1.DaemonSetSpec": ["minReadySeconds"],
  "apps/v1.DaemonSetStatus": ["observedGeneration", "updatedNumberScheduled", "numberAvailable", "numberUnavailable"],
  "batch/v1.JobStatus": ["active", "succeeded", "failed", "completedIndexes"],
  "batch/v1.CronJobSpec": ["concurrencyPolicy"],
  "autoscaling/v2.HorizontalPodAutoscalerStatus": ["currentReplicas"],
  "policy/v1.PodDisruptionBudgetStatus": ["observedGeneration"],
  "scheduling/v1.PriorityClass": ["globalDefault", "description"],
  "networking/v1.HTTPIngressPath": ["path"],
  "networking/v1.ServiceBackendPort": ["name", "number"],
  "networking/v1.IngressRule": ["host"],
  "rbac/v1.Subject": ["apiGroup", "namespace"],
  "certificates/v1.CertificateSigningRequestSpec": ["username", "uid"],
  "apiextensions/v1.CustomResourceDefinitionVersion": ["deprecated"],
};

/** Fields without `omitempty` that Go writes as `[]`/`{}` when empty rather than dropping. */
export const KEEP_EMPTY: Record<string, string[]> = {
  "rbac/v1.PolicyRule": ["verbs"],
  "rbac/v1.ClusterRole": ["rules"],
  "rbac/v1.Role": ["rules"],
  "core/v1.PodSpec": ["containers"],
  "discovery/v1.EndpointSlice": ["endpoints"],
  "apiextensions/v1.CustomResourceDefinitionStatus": ["storedVersions"],
};
