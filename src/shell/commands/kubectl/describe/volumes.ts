/**
 * Volume sources as describers print them (the print*VolumeSource family
 * of pkg/describe): a `Type:` line naming the plugin, then its fields, each
 * `    Field:\t<Go %v of the value>`. Pods' volumes and PersistentVolumes'
 * sources share these, with a few persistent variants.
 */
import { byteLength, byteSlice, goBool, goInt, goList, quantity, quantityString, type J } from "./format.js";
import { printPersistentVolumeClaim } from "./storage.js";
import { LEVEL_1, LEVEL_2, LEVEL_3, NestedPrefixWriter, type PrefixWriter } from "./writer.js";

type Field = [label: string, value: (src: J) => string];

interface SourceKind {
  type: string;
  fields: Field[];
}

const str = (key: string) => (src: J) => (src[key] === undefined || src[key] === null ? "" : String(src[key]));
const bool = (key: string) => (src: J) => goBool(src[key]);
const int = (key: string) => (src: J) => goInt(src[key]);
const list = (key: string) => (src: J) => goList(src[key]);
/** %v of a *LocalObjectReference / *SecretReference: `&{name}` / `&{name namespace}`, `<nil>` when unset. */
const localRef = (key: string) => (src: J) => (src[key] ? `&{${src[key].name ?? ""}}` : "<nil>");
const secretRef = (key: string) => (src: J) => (src[key] ? `&{${src[key].name ?? ""} ${src[key].namespace ?? ""}}` : "<nil>");
/** %v of a map[string]string: `map[a:b c:d]`. */
const goMap = (key: string) => (src: J) =>
  `map[${Object.keys(src[key] ?? {})
    .sort()
    .map((k) => `${k}:${src[key][k]}`)
    .join(" ")}]`;
const orNone = (key: string) => (src: J) => (src[key] === undefined || src[key] === null ? "<none>" : String(src[key]));

const ISCSI = (ref: Field[1]): SourceKind => ({
  type: "ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod)",
  fields: [
    ["TargetPortal:", str("targetPortal")],
    ["IQN:", str("iqn")],
    ["Lun:", int("lun")],
    ["ISCSIInterface", str("iscsiInterface")],
    ["FSType:", str("fsType")],
    ["ReadOnly:", bool("readOnly")],
    ["Portals:", list("portals")],
    ["DiscoveryCHAPAuth:", bool("chapAuthDiscovery")],
    ["SessionCHAPAuth:", bool("chapAuthSession")],
    ["SecretRef:", ref],
    ["InitiatorName:", orNone("initiatorName")],
  ],
});

const RBD = (ref: Field[1]): SourceKind => ({
  type: "RBD (a Rados Block Device mount on the host that shares a pod's lifetime)",
  fields: [
    ["CephMonitors:", list("monitors")],
    ["RBDImage:", str("image")],
    ["FSType:", str("fsType")],
    ["RBDPool:", str("pool")],
    ["RadosUser:", str("user")],
    ["Keyring:", str("keyring")],
    ["SecretRef:", ref],
    ["ReadOnly:", bool("readOnly")],
  ],
});

const CEPHFS = (ref: Field[1]): SourceKind => ({
  type: "CephFS (a CephFS mount on the host that shares a pod's lifetime)",
  fields: [
    ["Monitors:", list("monitors")],
    ["Path:", str("path")],
    ["User:", str("user")],
    ["SecretFile:", str("secretFile")],
    ["SecretRef:", ref],
    ["ReadOnly:", bool("readOnly")],
  ],
});

const CINDER = (ref: Field[1]): SourceKind => ({
  type: "Cinder (a Persistent Disk resource in OpenStack)",
  fields: [
    ["VolumeID:", str("volumeID")],
    ["FSType:", str("fsType")],
    ["ReadOnly:", bool("readOnly")],
    ["SecretRef:", ref],
  ],
});

const FLEX = (ref: Field[1]): SourceKind => ({
  type: "FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)",
  fields: [
    ["Driver:", str("driver")],
    ["FSType:", str("fsType")],
    ["SecretRef:", ref],
    ["ReadOnly:", bool("readOnly")],
    ["Options:", goMap("options")],
  ],
});


const SIMPLE: Record<string, SourceKind> = {
  gcePersistentDisk: {
    type: "GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)",
    fields: [
      ["PDName:", str("pdName")],
      ["FSType:", str("fsType")],
      ["Partition:", int("partition")],
      ["ReadOnly:", bool("readOnly")],
    ],
  },
  awsElasticBlockStore: {
    type: "AWSElasticBlockStore (a Persistent Disk resource in AWS)",
    fields: [
      ["VolumeID:", str("volumeID")],
      ["FSType:", str("fsType")],
      ["Partition:", int("partition")],
      ["ReadOnly:", bool("readOnly")],
    ],
  },
  gitRepo: {
    type: "GitRepo (a volume that is pulled from git when the pod is created)",
    fields: [
      ["Repository:", str("repository")],
      ["Revision:", str("revision")],
    ],
  },
  nfs: {
    type: "NFS (an NFS mount that lasts the lifetime of a pod)",
    fields: [
      ["Server:", str("server")],
      ["Path:", str("path")],
      ["ReadOnly:", bool("readOnly")],
    ],
  },
  quobyte: {
    type: "Quobyte (a Quobyte mount on the host that shares a pod's lifetime)",
    fields: [
      ["Registry:", str("registry")],
      ["Volume:", str("volume")],
      ["ReadOnly:", bool("readOnly")],
    ],
  },
  azureDisk: {
    type: "AzureDisk (an Azure Data Disk mount on the host and bind mount to the pod)",
    fields: [
      ["DiskName:", str("diskName")],
      ["DiskURI:", str("diskURI")],
      ["Kind: ", (s) => s.kind ?? "Shared"],
      ["FSType:", (s) => s.fsType ?? "ext4"],
      ["CachingMode:", (s) => s.cachingMode ?? "ReadWrite"],
      ["ReadOnly:", bool("readOnly")],
    ],
  },
  vsphereVolume: {
    type: "vSphereVolume (a Persistent Disk resource in vSphere)",
    fields: [
      ["VolumePath:", str("volumePath")],
      ["FSType:", str("fsType")],
      ["StoragePolicyName:", str("storagePolicyName")],
    ],
  },
  photonPersistentDisk: {
    type: "PhotonPersistentDisk (a Persistent Disk resource in photon platform)",
    fields: [
      ["PdID:", str("pdID")],
      ["FSType:", str("fsType")],
    ],
  },
  portworxVolume: { type: "PortworxVolume (a Portworx Volume resource)", fields: [["VolumeID:", str("volumeID")]] },
  fc: {
    type: "FC (a Fibre Channel disk)",
    fields: [
      ["TargetWWNs:", (s) => (s.targetWWNs ?? []).join(", ")],
      ["LUN:", orNone("lun")],
      ["FSType:", str("fsType")],
      ["ReadOnly:", bool("readOnly")],
    ],
  },
  storageos: {
    type: "StorageOS (a StorageOS Persistent Disk resource)",
    fields: [
      ["VolumeName:", str("volumeName")],
      ["VolumeNamespace:", str("volumeNamespace")],
      ["FSType:", str("fsType")],
      ["ReadOnly:", bool("readOnly")],
    ],
  },
  flocker: {
    type: "Flocker (a Flocker volume mounted by the Flocker agent)",
    fields: [
      ["DatasetName:", str("datasetName")],
      ["DatasetUUID:", str("datasetUUID")],
    ],
  },
};

const SCALEIO_FIELDS = (persistent: boolean): Field[] => [
  ["Gateway:", str("gateway")],
  ["System:", str("system")],
  ["Protection Domain:", str("protectionDomain")],
  ["Storage Pool:", str("storagePool")],
  ["Storage Mode:", str("storageMode")],
  ["VolumeName:", str("volumeName")],
  ...(persistent
    ? ([
        ["SecretName:", (s: J) => s.secretRef?.name ?? ""],
        ["SecretNamespace:", (s: J) => s.secretRef?.namespace ?? ""],
      ] as Field[])
    : []),
  ["FSType:", str("fsType")],
  ["ReadOnly:", bool("readOnly")],
];
const SCALEIO_TYPE = "ScaleIO (a persistent volume backed by a block device in ScaleIO)";

/** Sources as they appear in a pod's volumes (field order of describeVolumes' switch). */
const POD_SOURCES: Record<string, SourceKind> = {
  ...SIMPLE,
  iscsi: ISCSI(localRef("secretRef")),
  glusterfs: {
    type: "Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)",
    fields: [
      ["EndpointsName:", str("endpoints")],
      ["Path:", str("path")],
      ["ReadOnly:", bool("readOnly")],
    ],
  },
  rbd: RBD(localRef("secretRef")),
  cinder: CINDER(localRef("secretRef")),
  scaleIO: { type: SCALEIO_TYPE, fields: SCALEIO_FIELDS(false) },
  cephfs: CEPHFS(localRef("secretRef")),
  azureFile: {
    type: "AzureFile (an Azure File Service mount on the host and bind mount to the pod)",
    fields: [
      ["SecretName:", str("secretName")],
      ["ShareName:", str("shareName")],
      ["ReadOnly:", bool("readOnly")],
    ],
  },
  flexVolume: FLEX(localRef("secretRef")),
  image: {
    type: "Image (a container image or OCI artifact)",
    fields: [
      ["Reference:", str("reference")],
      ["PullPolicy:", str("pullPolicy")],
    ],
  },
};

/** Sources of a PersistentVolume's spec. */
const PV_SOURCES: Record<string, SourceKind> = {
  ...SIMPLE,
  iscsi: ISCSI(secretRef("secretRef")),
  glusterfs: {
    type: "Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)",
    fields: [
      ["EndpointsName:", str("endpoints")],
      ["EndpointsNamespace:", (s) => s.endpointsNamespace ?? "<unset>"],
      ["Path:", str("path")],
      ["ReadOnly:", bool("readOnly")],
    ],
  },
  rbd: RBD(secretRef("secretRef")),
  cinder: CINDER(secretRef("secretRef")),
  scaleIO: { type: SCALEIO_TYPE, fields: SCALEIO_FIELDS(true) },
  local: { type: "LocalVolume (a persistent volume backed by local storage on a node)", fields: [["Path:", str("path")]] },
  cephfs: CEPHFS(secretRef("secretRef")),
  azureFile: {
    type: "AzureFile (an Azure File Service mount on the host and bind mount to the pod)",
    fields: [
      ["SecretName:", str("secretName")],
      ["SecretNamespace:", (s) => s.secretNamespace ?? ""],
      ["ShareName:", str("shareName")],
      ["ReadOnly:", bool("readOnly")],
    ],
  },
  flexVolume: FLEX(secretRef("secretRef")),
};

function printSourceKind(kind: SourceKind, src: J, w: PrefixWriter): void {
  let text = `Type:\t${kind.type}\n`;
  for (const [label, value] of kind.fields) text += `    ${label}\t${value(src)}\n`;
  w.write(LEVEL_2, text);
}

function printHostPath(src: J, w: PrefixWriter): void {
  w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${src.path ?? ""}\n    HostPathType:\t${src.type ?? "<none>"}\n`);
}

function printEmptyDir(src: J, w: PrefixWriter): void {
  const limit = src.sizeLimit !== undefined && src.sizeLimit !== null && quantity(src.sizeLimit).sign() > 0 ? quantityString(src.sizeLimit) : "<unset>";
  w.write(LEVEL_2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${src.medium ?? ""}\n    SizeLimit:\t${limit}\n`);
}

const optional = (v: J) => goBool(v?.optional === true);

function printSecret(src: J, w: PrefixWriter): void {
  w.write(LEVEL_2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${src.secretName ?? ""}\n    Optional:\t${optional(src)}\n`);
}

function printConfigMap(src: J, w: PrefixWriter): void {
  w.write(LEVEL_2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${src.name ?? ""}\n    Optional:\t${optional(src)}\n`);
}

function printClaim(src: J, w: PrefixWriter): void {
  w.write(
    LEVEL_2,
    `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${src.claimName ?? ""}\n    ReadOnly:\t${goBool(src.readOnly)}\n`,
  );
}

function printEphemeral(src: J, w: PrefixWriter): void {
  w.write(LEVEL_2, "Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n");
  const t = src.volumeClaimTemplate;
  if (t) printPersistentVolumeClaim(new NestedPrefixWriter(w, LEVEL_2), { metadata: t.metadata ?? {}, spec: t.spec ?? {}, status: {} }, false);
}

function printDownwardAPI(src: J, w: PrefixWriter): void {
  w.write(LEVEL_2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
  for (const item of src.items ?? []) {
    if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath ?? ""} -> ${item.path ?? ""}\n`);
    if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource ?? ""} -> ${item.path ?? ""}\n`);
  }
}

function printProjected(src: J, w: PrefixWriter): void {
  w.write(LEVEL_2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
  for (const s of src.sources ?? []) {
    if (s.secret) w.write(LEVEL_2, `SecretName:\t${s.secret.name ?? ""}\n    Optional:\t${optional(s.secret)}\n`);
    else if (s.downwardAPI) w.write(LEVEL_2, "DownwardAPI:\ttrue\n");
    else if (s.configMap) w.write(LEVEL_2, `ConfigMapName:\t${s.configMap.name ?? ""}\n    Optional:\t${optional(s.configMap)}\n`);
    else if (s.serviceAccountToken) w.write(LEVEL_2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`);
  }
}

/**
 * printCSIPersistentVolumeAttributesMultilineIndent: every write is at
 * LEVEL_2, so the values carry four extra spaces, as in kubectl.
 */
function printCSIAttributes(w: PrefixWriter, attributes: Record<string, string> | undefined): void {
  w.write(LEVEL_2, "VolumeAttributes:\t");
  const keys = Object.keys(attributes ?? {}).sort();
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_2, "");
      w.write(LEVEL_2, "\t");
    }
    const line = `${key}=${attributes![key]}`;
    w.write(LEVEL_2, byteLength(line) > 140 ? `${byteSlice(line, 140)}...\n` : `${line}\n`);
  });
}

function printCSI(src: J, w: PrefixWriter, persistent: boolean): void {
  const handle = persistent ? `    VolumeHandle:\t${src.volumeHandle ?? ""}\n` : "";
  w.write(
    LEVEL_2,
    `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${src.driver ?? ""}\n    FSType:\t${src.fsType ?? ""}\n${handle}    ReadOnly:\t${goBool(src.readOnly)}\n`,
  );
  printCSIAttributes(w, src.volumeAttributes);
}

type Printer = (src: J, w: PrefixWriter, key: string) => void;

/** describeVolumes' switch, in its order: the first source set on the volume wins. */
const POD_VOLUME_ORDER: Array<[string, Printer]> = [
  ["hostPath", printHostPath],
  ["emptyDir", printEmptyDir],
  ["gcePersistentDisk", table(POD_SOURCES)],
  ["awsElasticBlockStore", table(POD_SOURCES)],
  ["gitRepo", table(POD_SOURCES)],
  ["secret", printSecret],
  ["configMap", printConfigMap],
  ["nfs", table(POD_SOURCES)],
  ["iscsi", table(POD_SOURCES)],
  ["glusterfs", table(POD_SOURCES)],
  ["persistentVolumeClaim", printClaim],
  ["ephemeral", printEphemeral],
  ["rbd", table(POD_SOURCES)],
  ["quobyte", table(POD_SOURCES)],
  ["downwardAPI", printDownwardAPI],
  ["azureDisk", table(POD_SOURCES)],
  ["vsphereVolume", table(POD_SOURCES)],
  ["cinder", table(POD_SOURCES)],
  ["photonPersistentDisk", table(POD_SOURCES)],
  ["portworxVolume", table(POD_SOURCES)],
  ["scaleIO", table(POD_SOURCES)],
  ["cephfs", table(POD_SOURCES)],
  ["storageos", table(POD_SOURCES)],
  ["fc", table(POD_SOURCES)],
  ["azureFile", table(POD_SOURCES)],
  ["flexVolume", table(POD_SOURCES)],
  ["flocker", table(POD_SOURCES)],
  ["projected", printProjected],
  ["csi", (s, w) => printCSI(s, w, false)],
  ["image", table(POD_SOURCES)],
];

/** describePersistentVolume's switch over the PV spec. */
const PV_SOURCE_ORDER: Array<[string, Printer]> = [
  ["hostPath", printHostPath],
  ...[
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "nfs",
    "iscsi",
    "glusterfs",
    "rbd",
    "quobyte",
    "vsphereVolume",
    "cinder",
    "azureDisk",
    "photonPersistentDisk",
    "portworxVolume",
    "scaleIO",
    "local",
    "cephfs",
    "storageos",
    "fc",
    "azureFile",
    "flexVolume",
    "flocker",
  ].map((k): [string, Printer] => [k, table(PV_SOURCES)]),
  ["csi", (s, w) => printCSI(s, w, true)],
];

/** A printer for the table-described source under the key it is called for. */
function table(kinds: Record<string, SourceKind>): Printer {
  return (src, w, key) => printSourceKind(kinds[key], src, w);
}

function printSource(order: Array<[string, Printer]>, holder: J, w: PrefixWriter): boolean {
  for (const [key, print] of order) {
    const src = holder?.[key];
    if (src === undefined || src === null) continue;
    print(src, w, key);
    return true;
  }
  return false;
}

/** describeVolumes: `Volumes:` and each volume's source; `space` indents it inside a pod template. */
export function describeVolumes(volumes: J[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes?.length) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  const nameIndent = space ? " " : "";
  for (const v of volumes) {
    w.write(LEVEL_1, `${nameIndent}${v.name ?? ""}:\n`);
    if (!printSource(POD_VOLUME_ORDER, v, w)) w.write(LEVEL_1, "<unknown>\n");
  }
}

/** The `Source:` section of a PersistentVolume. */
export function describePersistentVolumeSource(spec: J, w: PrefixWriter): void {
  if (!printSource(PV_SOURCE_ORDER, spec, w)) w.write(LEVEL_1, "<unknown>\n");
}
