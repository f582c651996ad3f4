/**
 * External provisioners the simulation stands in for. In a real cluster
 * these run as their own pods (local-path-provisioner, a CSI driver's
 * external-provisioner sidecar) and watch PVCs annotated for them; here the
 * PersistentVolume controller plays their part for the provisioner names
 * listed, creating the PV `pvc-<claim uid>` and deleting it again on
 * reclaim. Any other provisioner name behaves as one that is not installed:
 * the claim waits with `ExternalProvisioning` events.
 */
import type { KubeObject } from "../../api/types.js";

export interface ProvisionRequest {
  claim: KubeObject;
  storageClass: KubeObject;
  /** volume.kubernetes.io/selected-node, for WaitForFirstConsumer classes. */
  selectedNode?: string;
  /** Unique suffix for volume handles. */
  handle: string;
}

export interface SimulatedProvisioner {
  /** The PV source and any extra metadata for a claim. Throws an Error whose message is the ProvisioningFailed text. */
  volumeSource(req: ProvisionRequest): { spec: Record<string, unknown>; annotations?: Record<string, string> };
}

/** rancher.io/local-path: a hostPath directory on the selected node, pinned there by node affinity. */
const localPath: SimulatedProvisioner = {
  volumeSource({ claim, selectedNode, storageClass }) {
    if (!selectedNode) throw new Error(`failed to provision volume with StorageClass "${storageClass.metadata.name}": configuration error, no node was specified`);
    if ((claim.spec?.volumeMode ?? "Filesystem") === "Block") {
      throw new Error(`failed to provision volume with StorageClass "${storageClass.metadata.name}": claim.Spec.VolumeMode Block is not supported`);
    }
    const base = storageClass.parameters?.nodePath ?? "/opt/local-path-provisioner";
    return {
      spec: {
        hostPath: { path: `${base}/pvc-${claim.metadata.uid}_${claim.metadata.namespace}_${claim.metadata.name}`, type: "DirectoryOrCreate" },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [selectedNode] }] }] } },
      },
      annotations: { "local.path.provisioner/selected-node": selectedNode },
    };
  },
};

/** A CSI driver: the volume is a csi source with a generated handle. */
function csiDriver(driver: string): SimulatedProvisioner {
  return {
    volumeSource({ handle, selectedNode }) {
      return {
        spec: {
          csi: { driver, volumeHandle: handle, volumeAttributes: { "storage.kubernetes.io/csiProvisionerIdentity": `${driver}-simulated` } },
          ...(selectedNode
            ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [selectedNode] }] }] } } }
            : {}),
        },
      };
    },
  };
}

export const SIMULATED_PROVISIONERS: Record<string, SimulatedProvisioner> = {
  "rancher.io/local-path": localPath,
  "hostpath.csi.k8s.io": csiDriver("hostpath.csi.k8s.io"),
};

/** kubernetes.io/no-provisioner: a class for pre-created (local) volumes only. */
export const NO_PROVISIONER = "kubernetes.io/no-provisioner";
