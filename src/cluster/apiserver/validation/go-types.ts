/**
 * Field order, JSON names and Go types of the internal core API structs
 * (k8s.io/kubernetes/pkg/apis/core, which follow k8s.io/api/core/v1 in
 * order) reachable from PodSpec, PersistentVolumeClaimSpec and
 * PersistentVolumeSpec, for rendering values as go-cmp does in the diffs
 * the API server appends to "pod updates may not change fields ..." and
 * similar errors.
 *
 * Each entry lists the fields in declaration order as
 * `GoName [jsonName] Type`; the JSON name is omitted when it is the Go
 * name with its first letter lowered, and `-` marks an embedded (inlined)
 * struct. Internal-type differences from v1 are applied: PodSpec has no
 * serviceAccount field and keeps hostNetwork & co. at the front of its
 * PodSecurityContext; ServiceAccountTokenProjection.ExpirationSeconds is
 * not a pointer. Fields newer than v1.34 are left out.
 */

/** Struct types of package core, by Go type name. */
export const CORE_STRUCTS: Record<string, string> = {
  PodSpec: "Volumes []Volume; InitContainers []Container; Containers []Container; EphemeralContainers []EphemeralContainer; RestartPolicy RestartPolicy; TerminationGracePeriodSeconds *int64; ActiveDeadlineSeconds *int64; DNSPolicy dnsPolicy DNSPolicy; NodeSelector map[string]string; ServiceAccountName string; AutomountServiceAccountToken *bool; NodeName string; SecurityContext *PodSecurityContext; ImagePullSecrets []LocalObjectReference; Hostname string; Subdomain string; SetHostnameAsFQDN *bool; Affinity *Affinity; SchedulerName string; Tolerations []Toleration; HostAliases []HostAlias; PriorityClassName string; Priority *int32; PreemptionPolicy *PreemptionPolicy; DNSConfig dnsConfig *PodDNSConfig; ReadinessGates []PodReadinessGate; RuntimeClassName *string; Overhead ResourceList; EnableServiceLinks *bool; TopologySpreadConstraints []TopologySpreadConstraint; OS os *PodOS; SchedulingGates []PodSchedulingGate; ResourceClaims []PodResourceClaim; Resources *ResourceRequirements; HostnameOverride *string",
  Volume: "Name string; VolumeSource - VolumeSource",
  VolumeSource: "HostPath *HostPathVolumeSource; EmptyDir *EmptyDirVolumeSource; GCEPersistentDisk gcePersistentDisk *GCEPersistentDiskVolumeSource; AWSElasticBlockStore awsElasticBlockStore *AWSElasticBlockStoreVolumeSource; GitRepo *GitRepoVolumeSource; Secret *SecretVolumeSource; NFS nfs *NFSVolumeSource; ISCSI iscsi *ISCSIVolumeSource; Glusterfs *GlusterfsVolumeSource; PersistentVolumeClaim *PersistentVolumeClaimVolumeSource; RBD rbd *RBDVolumeSource; FlexVolume *FlexVolumeSource; Cinder *CinderVolumeSource; CephFS cephfs *CephFSVolumeSource; Flocker *FlockerVolumeSource; DownwardAPI *DownwardAPIVolumeSource; FC fc *FCVolumeSource; AzureFile *AzureFileVolumeSource; ConfigMap *ConfigMapVolumeSource; VsphereVolume *VsphereVirtualDiskVolumeSource; Quobyte *QuobyteVolumeSource; AzureDisk *AzureDiskVolumeSource; PhotonPersistentDisk *PhotonPersistentDiskVolumeSource; Projected *ProjectedVolumeSource; PortworxVolume *PortworxVolumeSource; ScaleIO *ScaleIOVolumeSource; StorageOS storageos *StorageOSVolumeSource; CSI csi *CSIVolumeSource; Ephemeral *EphemeralVolumeSource; Image *ImageVolumeSource",
  HostPathVolumeSource: "Path string; Type *HostPathType",
  EmptyDirVolumeSource: "Medium StorageMedium; SizeLimit *resource.Quantity",
  GCEPersistentDiskVolumeSource: "PDName pdName string; FSType fsType string; Partition int32; ReadOnly bool",
  AWSElasticBlockStoreVolumeSource: "VolumeID string; FSType fsType string; Partition int32; ReadOnly bool",
  GitRepoVolumeSource: "Repository string; Revision string; Directory string",
  SecretVolumeSource: "SecretName string; Items []KeyToPath; DefaultMode *int32; Optional *bool",
  KeyToPath: "Key string; Path string; Mode *int32",
  NFSVolumeSource: "Server string; Path string; ReadOnly bool",
  ISCSIVolumeSource: "TargetPortal string; IQN iqn string; Lun int32; ISCSIInterface iscsiInterface string; FSType fsType string; ReadOnly bool; Portals []string; DiscoveryCHAPAuth chapAuthDiscovery bool; SessionCHAPAuth chapAuthSession bool; SecretRef *LocalObjectReference; InitiatorName *string",
  LocalObjectReference: "Name string",
  GlusterfsVolumeSource: "EndpointsName endpoints string; Path string; ReadOnly bool",
  PersistentVolumeClaimVolumeSource: "ClaimName string; ReadOnly bool",
  RBDVolumeSource: "CephMonitors monitors []string; RBDImage image string; FSType fsType string; RBDPool pool string; RadosUser user string; Keyring string; SecretRef *LocalObjectReference; ReadOnly bool",
  FlexVolumeSource: "Driver string; FSType fsType string; SecretRef *LocalObjectReference; ReadOnly bool; Options map[string]string",
  CinderVolumeSource: "VolumeID string; FSType fsType string; ReadOnly bool; SecretRef *LocalObjectReference",
  CephFSVolumeSource: "Monitors []string; Path string; User string; SecretFile string; SecretRef *LocalObjectReference; ReadOnly bool",
  FlockerVolumeSource: "DatasetName string; DatasetUUID string",
  DownwardAPIVolumeSource: "Items []DownwardAPIVolumeFile; DefaultMode *int32",
  DownwardAPIVolumeFile: "Path string; FieldRef *ObjectFieldSelector; ResourceFieldRef *ResourceFieldSelector; Mode *int32",
  ObjectFieldSelector: "APIVersion apiVersion string; FieldPath string",
  ResourceFieldSelector: "ContainerName string; Resource string; Divisor resource.Quantity",
  FCVolumeSource: "TargetWWNs []string; Lun *int32; FSType fsType string; ReadOnly bool; WWIDs wwids []string",
  AzureFileVolumeSource: "SecretName string; ShareName string; ReadOnly bool",
  ConfigMapVolumeSource: "LocalObjectReference - LocalObjectReference; Items []KeyToPath; DefaultMode *int32; Optional *bool",
  VsphereVirtualDiskVolumeSource: "VolumePath string; FSType fsType string; StoragePolicyName string; StoragePolicyID string",
  QuobyteVolumeSource: "Registry string; Volume string; ReadOnly bool; User string; Group string; Tenant string",
  AzureDiskVolumeSource: "DiskName string; DataDiskURI diskURI string; CachingMode *AzureDataDiskCachingMode; FSType fsType *string; ReadOnly *bool; Kind *AzureDataDiskKind",
  PhotonPersistentDiskVolumeSource: "PdID string; FSType fsType string",
  ProjectedVolumeSource: "Sources []VolumeProjection; DefaultMode *int32",
  VolumeProjection: "Secret *SecretProjection; DownwardAPI *DownwardAPIProjection; ConfigMap *ConfigMapProjection; ServiceAccountToken *ServiceAccountTokenProjection; ClusterTrustBundle *ClusterTrustBundleProjection",
  SecretProjection: "LocalObjectReference - LocalObjectReference; Items []KeyToPath; Optional *bool",
  DownwardAPIProjection: "Items []DownwardAPIVolumeFile",
  ConfigMapProjection: "LocalObjectReference - LocalObjectReference; Items []KeyToPath; Optional *bool",
  ServiceAccountTokenProjection: "Audience string; ExpirationSeconds int64; Path string",
  ClusterTrustBundleProjection: "Name *string; SignerName *string; LabelSelector *metav1.LabelSelector; Optional *bool; Path string",
  PodCertificateProjection: "SignerName string; KeyType string; MaxExpirationSeconds *int32; CredentialBundlePath string; KeyPath string; CertificateChainPath string; UserAnnotations map[string]string; User *int64",
  PortworxVolumeSource: "VolumeID string; FSType fsType string; ReadOnly bool",
  ScaleIOVolumeSource: "Gateway string; System string; SecretRef *LocalObjectReference; SSLEnabled sslEnabled bool; ProtectionDomain string; StoragePool string; StorageMode string; VolumeName string; FSType fsType string; ReadOnly bool",
  StorageOSVolumeSource: "VolumeName string; VolumeNamespace string; FSType fsType string; ReadOnly bool; SecretRef *LocalObjectReference",
  CSIVolumeSource: "Driver string; ReadOnly *bool; FSType fsType *string; VolumeAttributes map[string]string; NodePublishSecretRef *LocalObjectReference",
  EphemeralVolumeSource: "VolumeClaimTemplate *PersistentVolumeClaimTemplate",
  PersistentVolumeClaimTemplate: "ObjectMeta metadata metav1.ObjectMeta; Spec PersistentVolumeClaimSpec",
  PersistentVolumeClaimSpec: "AccessModes []PersistentVolumeAccessMode; Selector *metav1.LabelSelector; Resources VolumeResourceRequirements; VolumeName string; StorageClassName *string; VolumeMode *PersistentVolumeMode; DataSource *TypedLocalObjectReference; DataSourceRef *TypedObjectReference; VolumeAttributesClassName *string",
  VolumeResourceRequirements: "Limits ResourceList; Requests ResourceList",
  TypedLocalObjectReference: "APIGroup apiGroup *string; Kind string; Name string",
  TypedObjectReference: "APIGroup apiGroup *string; Kind string; Name string; Namespace *string",
  ImageVolumeSource: "Reference string; PullPolicy PullPolicy",
  Container: "Name string; Image string; Command []string; Args []string; WorkingDir string; Ports []ContainerPort; EnvFrom []EnvFromSource; Env []EnvVar; Resources ResourceRequirements; ResizePolicy []ContainerResizePolicy; RestartPolicy *ContainerRestartPolicy; RestartPolicyRules []ContainerRestartRule; VolumeMounts []VolumeMount; VolumeDevices []VolumeDevice; LivenessProbe *Probe; ReadinessProbe *Probe; StartupProbe *Probe; Lifecycle *Lifecycle; TerminationMessagePath string; TerminationMessagePolicy TerminationMessagePolicy; ImagePullPolicy PullPolicy; SecurityContext *SecurityContext; Stdin bool; StdinOnce bool; TTY tty bool",
  ContainerPort: "Name string; HostPort int32; ContainerPort int32; Protocol Protocol; HostIP string",
  EnvFromSource: "Prefix string; ConfigMapRef *ConfigMapEnvSource; SecretRef *SecretEnvSource",
  ConfigMapEnvSource: "LocalObjectReference - LocalObjectReference; Optional *bool",
  SecretEnvSource: "LocalObjectReference - LocalObjectReference; Optional *bool",
  EnvVar: "Name string; Value string; ValueFrom *EnvVarSource",
  EnvVarSource: "FieldRef *ObjectFieldSelector; ResourceFieldRef *ResourceFieldSelector; ConfigMapKeyRef *ConfigMapKeySelector; SecretKeyRef *SecretKeySelector",
  ConfigMapKeySelector: "LocalObjectReference - LocalObjectReference; Key string; Optional *bool",
  SecretKeySelector: "LocalObjectReference - LocalObjectReference; Key string; Optional *bool",
  FileKeySelector: "VolumeName string; Path string; Key string; Optional *bool",
  ResourceRequirements: "Limits ResourceList; Requests ResourceList; Claims []ResourceClaim",
  ResourceClaim: "Name string; Request string",
  ContainerResizePolicy: "ResourceName ResourceName; RestartPolicy ResourceResizeRestartPolicy",
  ContainerRestartRule: "Action ContainerRestartRuleAction; ExitCodes *ContainerRestartRuleOnExitCodes",
  ContainerRestartRuleOnExitCodes: "Operator ContainerRestartRuleOnExitCodesOperator; Values []int32",
  VolumeMount: "Name string; ReadOnly bool; RecursiveReadOnly *RecursiveReadOnlyMode; MountPath string; SubPath string; MountPropagation *MountPropagationMode; SubPathExpr string",
  VolumeDevice: "Name string; DevicePath string",
  Probe: "ProbeHandler - ProbeHandler; InitialDelaySeconds int32; TimeoutSeconds int32; PeriodSeconds int32; SuccessThreshold int32; FailureThreshold int32; TerminationGracePeriodSeconds *int64",
  ProbeHandler: "Exec *ExecAction; HTTPGet httpGet *HTTPGetAction; TCPSocket tcpSocket *TCPSocketAction; GRPC grpc *GRPCAction",
  ExecAction: "Command []string",
  HTTPGetAction: "Path string; Port intstr.IntOrString; Host string; Scheme URIScheme; HTTPHeaders httpHeaders []HTTPHeader",
  HTTPHeader: "Name string; Value string",
  TCPSocketAction: "Port intstr.IntOrString; Host string",
  GRPCAction: "Port int32; Service *string",
  Lifecycle: "PostStart *LifecycleHandler; PreStop *LifecycleHandler; StopSignal *Signal",
  LifecycleHandler: "Exec *ExecAction; HTTPGet httpGet *HTTPGetAction; TCPSocket tcpSocket *TCPSocketAction; Sleep *SleepAction",
  SleepAction: "Seconds int64",
  SecurityContext: "Capabilities *Capabilities; Privileged *bool; SELinuxOptions seLinuxOptions *SELinuxOptions; WindowsOptions *WindowsSecurityContextOptions; RunAsUser *int64; RunAsGroup *int64; RunAsNonRoot *bool; ReadOnlyRootFilesystem *bool; AllowPrivilegeEscalation *bool; ProcMount *ProcMountType; SeccompProfile *SeccompProfile; AppArmorProfile *AppArmorProfile",
  Capabilities: "Add []Capability; Drop []Capability",
  SELinuxOptions: "User string; Role string; Type string; Level string",
  WindowsSecurityContextOptions: "GMSACredentialSpecName gmsaCredentialSpecName *string; GMSACredentialSpec gmsaCredentialSpec *string; RunAsUserName *string; HostProcess *bool",
  SeccompProfile: "Type SeccompProfileType; LocalhostProfile *string",
  AppArmorProfile: "Type AppArmorProfileType; LocalhostProfile *string",
  EphemeralContainer: "EphemeralContainerCommon - EphemeralContainerCommon; TargetContainerName string",
  EphemeralContainerCommon: "Name string; Image string; Command []string; Args []string; WorkingDir string; Ports []ContainerPort; EnvFrom []EnvFromSource; Env []EnvVar; Resources ResourceRequirements; ResizePolicy []ContainerResizePolicy; RestartPolicy *ContainerRestartPolicy; RestartPolicyRules []ContainerRestartRule; VolumeMounts []VolumeMount; VolumeDevices []VolumeDevice; LivenessProbe *Probe; ReadinessProbe *Probe; StartupProbe *Probe; Lifecycle *Lifecycle; TerminationMessagePath string; TerminationMessagePolicy TerminationMessagePolicy; ImagePullPolicy PullPolicy; SecurityContext *SecurityContext; Stdin bool; StdinOnce bool; TTY tty bool",
  PodSecurityContext: "HostNetwork bool; HostPID bool; HostIPC bool; ShareProcessNamespace *bool; HostUsers *bool; SELinuxOptions seLinuxOptions *SELinuxOptions; WindowsOptions *WindowsSecurityContextOptions; RunAsUser *int64; RunAsGroup *int64; RunAsNonRoot *bool; SupplementalGroups []int64; SupplementalGroupsPolicy *SupplementalGroupsPolicy; FSGroup fsGroup *int64; Sysctls []Sysctl; FSGroupChangePolicy fsGroupChangePolicy *PodFSGroupChangePolicy; SeccompProfile *SeccompProfile; AppArmorProfile *AppArmorProfile; SELinuxChangePolicy seLinuxChangePolicy *PodSELinuxChangePolicy",
  Sysctl: "Name string; Value string",
  Affinity: "NodeAffinity *NodeAffinity; PodAffinity *PodAffinity; PodAntiAffinity *PodAntiAffinity",
  NodeAffinity: "RequiredDuringSchedulingIgnoredDuringExecution *NodeSelector; PreferredDuringSchedulingIgnoredDuringExecution []PreferredSchedulingTerm",
  NodeSelector: "NodeSelectorTerms []NodeSelectorTerm",
  NodeSelectorTerm: "MatchExpressions []NodeSelectorRequirement; MatchFields []NodeSelectorRequirement",
  NodeSelectorRequirement: "Key string; Operator NodeSelectorOperator; Values []string",
  PreferredSchedulingTerm: "Weight int32; Preference NodeSelectorTerm",
  PodAffinity: "RequiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm; PreferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm",
  PodAffinityTerm: "LabelSelector *metav1.LabelSelector; Namespaces []string; TopologyKey string; NamespaceSelector *metav1.LabelSelector; MatchLabelKeys []string; MismatchLabelKeys []string",
  WeightedPodAffinityTerm: "Weight int32; PodAffinityTerm PodAffinityTerm",
  PodAntiAffinity: "RequiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm; PreferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm",
  Toleration: "Key string; Operator TolerationOperator; Value string; Effect TaintEffect; TolerationSeconds *int64",
  HostAlias: "IP ip string; Hostnames []string",
  PodDNSConfig: "Nameservers []string; Searches []string; Options []PodDNSConfigOption",
  PodDNSConfigOption: "Name string; Value *string",
  PodReadinessGate: "ConditionType PodConditionType",
  TopologySpreadConstraint: "MaxSkew int32; TopologyKey string; WhenUnsatisfiable UnsatisfiableConstraintAction; LabelSelector *metav1.LabelSelector; MinDomains *int32; NodeAffinityPolicy *NodeInclusionPolicy; NodeTaintsPolicy *NodeInclusionPolicy; MatchLabelKeys []string",
  PodOS: "Name OSName",
  PodSchedulingGate: "Name string",
  PodResourceClaim: "Name string; ResourceClaimName *string; ResourceClaimTemplateName *string",
  PodSchedulingGroup: "PodGroupName *string",
  EvictionResponder: "Name string; Priority *int32",
  PersistentVolumeSpec: "Capacity ResourceList; PersistentVolumeSource - PersistentVolumeSource; AccessModes []PersistentVolumeAccessMode; ClaimRef *ObjectReference; PersistentVolumeReclaimPolicy PersistentVolumeReclaimPolicy; StorageClassName string; MountOptions []string; VolumeMode *PersistentVolumeMode; NodeAffinity *VolumeNodeAffinity; VolumeAttributesClassName *string",
  PersistentVolumeSource: "GCEPersistentDisk gcePersistentDisk *GCEPersistentDiskVolumeSource; AWSElasticBlockStore awsElasticBlockStore *AWSElasticBlockStoreVolumeSource; HostPath *HostPathVolumeSource; Glusterfs *GlusterfsPersistentVolumeSource; NFS nfs *NFSVolumeSource; RBD rbd *RBDPersistentVolumeSource; ISCSI iscsi *ISCSIPersistentVolumeSource; Cinder *CinderPersistentVolumeSource; CephFS cephfs *CephFSPersistentVolumeSource; FC fc *FCVolumeSource; Flocker *FlockerVolumeSource; FlexVolume *FlexPersistentVolumeSource; AzureFile *AzureFilePersistentVolumeSource; VsphereVolume *VsphereVirtualDiskVolumeSource; Quobyte *QuobyteVolumeSource; AzureDisk *AzureDiskVolumeSource; PhotonPersistentDisk *PhotonPersistentDiskVolumeSource; PortworxVolume *PortworxVolumeSource; ScaleIO *ScaleIOPersistentVolumeSource; Local *LocalVolumeSource; StorageOS storageos *StorageOSPersistentVolumeSource; CSI csi *CSIPersistentVolumeSource",
  GlusterfsPersistentVolumeSource: "EndpointsName endpoints string; Path string; ReadOnly bool; EndpointsNamespace *string",
  RBDPersistentVolumeSource: "CephMonitors monitors []string; RBDImage image string; FSType fsType string; RBDPool pool string; RadosUser user string; Keyring string; SecretRef *SecretReference; ReadOnly bool",
  SecretReference: "Name string; Namespace string",
  ISCSIPersistentVolumeSource: "TargetPortal string; IQN iqn string; Lun int32; ISCSIInterface iscsiInterface string; FSType fsType string; ReadOnly bool; Portals []string; DiscoveryCHAPAuth chapAuthDiscovery bool; SessionCHAPAuth chapAuthSession bool; SecretRef *SecretReference; InitiatorName *string",
  CinderPersistentVolumeSource: "VolumeID string; FSType fsType string; ReadOnly bool; SecretRef *SecretReference",
  CephFSPersistentVolumeSource: "Monitors []string; Path string; User string; SecretFile string; SecretRef *SecretReference; ReadOnly bool",
  FlexPersistentVolumeSource: "Driver string; FSType fsType string; SecretRef *SecretReference; ReadOnly bool; Options map[string]string",
  AzureFilePersistentVolumeSource: "SecretName string; ShareName string; ReadOnly bool; SecretNamespace *string",
  ScaleIOPersistentVolumeSource: "Gateway string; System string; SecretRef *SecretReference; SSLEnabled sslEnabled bool; ProtectionDomain string; StoragePool string; StorageMode string; VolumeName string; FSType fsType string; ReadOnly bool",
  LocalVolumeSource: "Path string; FSType fsType *string",
  StorageOSPersistentVolumeSource: "VolumeName string; VolumeNamespace string; FSType fsType string; ReadOnly bool; SecretRef *ObjectReference",
  ObjectReference: "Kind string; Namespace string; Name string; UID uid types.UID; APIVersion apiVersion string; ResourceVersion string; FieldPath string",
  CSIPersistentVolumeSource: "Driver string; VolumeHandle string; ReadOnly bool; FSType fsType string; VolumeAttributes map[string]string; ControllerPublishSecretRef *SecretReference; NodeStageSecretRef *SecretReference; NodePublishSecretRef *SecretReference; ControllerExpandSecretRef *SecretReference; NodeExpandSecretRef *SecretReference",
  VolumeNodeAffinity: "Required *NodeSelector",
};

/** Named non-struct types of package core that are not plain strings. */
export const CORE_NAMED: Record<string, string> = {
  ResourceList: "map[ResourceName]resource.Quantity",
};

/** Named string types whose String() method go-cmp calls (printed as s"..."). */
export const STRINGERS = new Set(["ResourceName"]);

/** Structs of other packages the core types use. */
export const FOREIGN_STRUCTS: Record<string, { name: string; fields: string }> = {
  "metav1.LabelSelector": { name: "v1.LabelSelector", fields: "MatchLabels map[string]string; MatchExpressions []metav1.LabelSelectorRequirement" },
  "metav1.LabelSelectorRequirement": { name: "v1.LabelSelectorRequirement", fields: "Key string; Operator string; Values []string" },
  "metav1.ObjectMeta": {
    name: "v1.ObjectMeta",
    fields:
      "Name string; GenerateName string; Namespace string; SelfLink string; UID uid string; ResourceVersion string; Generation int64; Labels map[string]string; Annotations map[string]string; Finalizers []string",
  },
};
