/**
 * persistentvolume-binder-controller: Binds PVCs to PVs; provisions through the default StorageClass.
 *
 * As pkg/controller/volume/persistentvolume (events as `persistentvolume-controller`):
 * a Pending claim binds to the smallest Available volume of its class whose
 * capacity, access modes, volume mode and the claim's selector fit (a volume
 * pre-bound through claimRef, or a claim naming spec.volumeName, wins);
 * with none, a claim with a class asks that class's provisioner
 * (ExternalProvisioning), a claim without one reports FailedBinding. Classes
 * with volumeBindingMode WaitForFirstConsumer wait until a pod using the
 * claim is scheduled (volume.kubernetes.io/selected-node). Released volumes
 * are kept (Retain) or deleted (Delete). The provisioners listed in
 * provisioners.ts are simulated here.
 */
import type { KubeObject } from "../../api/types.js";
import { objectKey } from "../../api/types.js";
import { selectorMatches as labelSelectorMatches } from "../../api/labels.js";
import type { EventRecorder } from "../../client/events.js";
import type { Informer } from "../../client/informer.js";
import { compareQuantities } from "../../metrics/quantity.js";
import { Controller } from "../controller.js";
import { nodeSelectorMatches } from "../podutil/scheduling.js";
import { NO_PROVISIONER, SIMULATED_PROVISIONERS } from "./provisioners.js";

const ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
const ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
const ANN_DYNAMICALLY_PROVISIONED = "pv.kubernetes.io/provisioned-by";
const ANN_STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
const ANN_BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
export const ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node";
const ANN_BETA_CLASS = "volume.beta.kubernetes.io/storage-class";
const ANN_DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
const ANN_BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class";
/** --pvclaimbinder-sync-period: pending claims and volumes are looked at again this often. */
const RESYNC_MS = 15_000;

const CLAIM = "claim:";
const VOLUME = "volume:";

export function claimClass(claim: KubeObject): string {
  return claim.metadata.annotations?.[ANN_BETA_CLASS] ?? claim.spec?.storageClassName ?? "";
}

export function volumeClass(pv: KubeObject): string {
  return pv.metadata.annotations?.[ANN_BETA_CLASS] ?? pv.spec?.storageClassName ?? "";
}

export function isDefaultClass(sc: KubeObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[ANN_DEFAULT_CLASS] === "true" || a[ANN_BETA_DEFAULT_CLASS] === "true";
}

/** IsVolumeBoundToClaim: claimRef names this claim (and, once set, its uid). */
function isVolumeBoundToClaim(pv: KubeObject, claim: KubeObject): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

function claimVolumesOf(pod: KubeObject): string[] {
  return (pod.spec?.volumes ?? []).map((v: any) => v.persistentVolumeClaim?.claimName).filter(Boolean);
}

export class PersistentVolumeBinder extends Controller {
  readonly name = "persistentvolume-binder-controller";
  private volumes!: Informer;
  private claims!: Informer;
  private classes!: Informer;
  private nodes!: Informer;
  private podInformer!: Informer;
  private recorder!: EventRecorder;
  private provisionerIds = new Map<string, string>();
  /** Pods by the claims they mount (namespace/claim -> pod keys). */
  private podsByClaim = new Map<string, Set<string>>();

  start(): void {
    const inf = this.ctx.informers;
    this.recorder = this.ctx.recorder("persistentvolume-controller");
    this.volumes = inf.for("persistentvolumes");
    this.claims = inf.for("persistentvolumeclaims");
    this.classes = inf.for("storageclasses");
    this.nodes = inf.for("nodes");
    this.podInformer = inf.for("pods");
    this.volumes.addHandlers({
      add: (v) => this.enqueueVolume(v),
      update: (o, v) => {
        this.enqueueVolume(v);
        // A volume that just became Available may be what a pending claim was waiting for
        // (the real controller would find it on its next 15s resync, or sooner by timing).
        if (v.status?.phase === "Available" && o.status?.phase !== "Available") this.enqueuePendingClaims();
      },
      delete: (v) => {
        const ref = v.spec?.claimRef;
        if (ref) this.queue.add(`${CLAIM}${ref.namespace}/${ref.name}`);
      },
    });
    this.claims.addHandlers({
      add: (c) => this.queue.add(CLAIM + objectKey(c)),
      update: (_o, c) => this.queue.add(CLAIM + objectKey(c)),
      delete: (c) => {
        // The volume it was bound to is now released.
        if (c.spec?.volumeName) this.queue.add(VOLUME + c.spec.volumeName);
      },
    });
    this.classes.addHandlers({ add: () => this.enqueuePendingClaims(), update: () => this.enqueuePendingClaims() });
    this.podInformer.addHandlers({
      add: (p) => this.indexPod(p),
      update: (o, p) => {
        this.unindexPod(o);
        this.indexPod(p);
      },
      delete: (p) => this.unindexPod(p),
    });
  }

  private enqueuePendingClaims(): void {
    for (const c of this.claims.list()) if (!c.metadata.annotations?.[ANN_BIND_COMPLETED]) this.queue.add(CLAIM + objectKey(c));
  }

  private enqueueVolume(v: KubeObject): void {
    this.queue.add(VOLUME + v.metadata.name);
    const ref = v.spec?.claimRef;
    if (ref?.uid) this.queue.add(`${CLAIM}${ref.namespace}/${ref.name}`);
  }

  private indexPod(p: KubeObject): void {
    for (const c of claimVolumesOf(p)) {
      const key = `${p.metadata.namespace}/${c}`;
      let s = this.podsByClaim.get(key);
      if (!s) this.podsByClaim.set(key, (s = new Set()));
      s.add(objectKey(p));
      // A consumer appeared or got scheduled: WaitForFirstConsumer claims can move on.
      this.queue.add(CLAIM + key);
    }
  }

  private unindexPod(p: KubeObject): void {
    for (const c of claimVolumesOf(p)) this.podsByClaim.get(`${p.metadata.namespace}/${c}`)?.delete(objectKey(p));
  }

  private podsUsing(claim: KubeObject): KubeObject[] {
    const keys = this.podsByClaim.get(objectKey(claim)) ?? new Set<string>();
    return [...keys]
      .map((k) => this.podInformer.get(k))
      .filter((p): p is KubeObject => !!p && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed")
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  }

  protected sync(key: string): void {
    if (key.startsWith(CLAIM)) {
      const claim = this.claims.get(key.slice(CLAIM.length));
      if (claim && !claim.metadata.deletionTimestamp) this.syncClaim(structuredClone(claim));
    } else if (key.startsWith(VOLUME)) {
      const pv = this.volumes.get(key.slice(VOLUME.length));
      if (pv) this.syncVolume(structuredClone(pv));
    }
  }

  // ---------------------------------------------------------------- claims

  private syncClaim(claim: KubeObject): void {
    if (claim.metadata.annotations?.[ANN_BIND_COMPLETED]) this.syncBoundClaim(claim);
    else this.syncUnboundClaim(claim);
  }

  private storageClass(name: string): KubeObject | undefined {
    return name ? this.classes.get(name) : undefined;
  }

  private delayBinding(claim: KubeObject): boolean {
    return this.storageClass(claimClass(claim))?.volumeBindingMode === "WaitForFirstConsumer";
  }

  private syncUnboundClaim(claim: KubeObject): void {
    const key = CLAIM + objectKey(claim);
    if (!claim.spec?.volumeName) {
      // Retroactive default StorageClass: a claim that never chose a class gets today's default.
      if ((claim.spec?.storageClassName === undefined || claim.spec?.storageClassName === null) && !claim.metadata.annotations?.[ANN_BETA_CLASS]) {
        const dflt = this.defaultClass();
        if (dflt) {
          claim.spec = { ...claim.spec, storageClassName: dflt.metadata.name };
          this.ctx.client.update("persistentvolumeclaims", claim.metadata.namespace, claim);
          return;
        }
      }
      const delay = this.delayBinding(claim);
      const node = delay ? this.selectedNode(claim) : undefined;
      const volume = this.findBestMatch(claim, delay, node);
      if (volume) {
        this.bind(volume, claim);
        return;
      }
      if (delay && !node) {
        this.emitWaitForFirstConsumer(claim);
      } else if (claimClass(claim) !== "") {
        this.provisionClaim(claim, node);
      } else {
        this.recorder.event(claim, "Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set");
        this.updateClaimPhase(claim, "Pending", undefined);
      }
      this.queue.addAfter(key, RESYNC_MS);
      return;
    }
    // The user asked for a specific volume.
    const volume = this.volumes.get(claim.spec.volumeName);
    if (!volume) {
      this.updateClaimPhase(claim, "Pending", undefined);
      this.queue.addAfter(key, RESYNC_MS);
    } else if (!volume.spec?.claimRef || isVolumeBoundToClaim(volume, claim)) {
      this.bind(structuredClone(volume), claim);
    } else {
      // Claimed by someone else: wait.
      this.updateClaimPhase(claim, "Pending", undefined);
      this.queue.addAfter(key, RESYNC_MS);
    }
  }

  private syncBoundClaim(claim: KubeObject): void {
    if (!claim.spec?.volumeName) {
      this.lose(claim, "ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
      return;
    }
    const volume = this.volumes.get(claim.spec.volumeName);
    if (!volume) {
      this.lose(claim, "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
    } else if (!volume.spec?.claimRef || volume.spec.claimRef.uid === claim.metadata.uid) {
      this.bind(structuredClone(volume), claim);
    } else {
      this.lose(claim, "ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly");
    }
  }

  private lose(claim: KubeObject, reason: string, message: string): void {
    if (claim.status?.phase === "Lost") return;
    this.updateClaimPhase(claim, "Lost", undefined);
    this.recorder.event(claim, "Warning", reason, message);
  }

  private defaultClass(): KubeObject | undefined {
    const defaults = this.classes.list().filter(isDefaultClass);
    // With several defaults, the newest wins.
    defaults.sort((a, b) => ((a.metadata.creationTimestamp ?? "") > (b.metadata.creationTimestamp ?? "") ? -1 : (a.metadata.creationTimestamp ?? "") < (b.metadata.creationTimestamp ?? "") ? 1 : a.metadata.name! < b.metadata.name! ? -1 : 1));
    return defaults[0];
  }

  /**
   * The node chosen for a WaitForFirstConsumer claim: the scheduler's
   * selected-node annotation, or (where no scheduler set it) the node a pod
   * using the claim was bound to.
   */
  private selectedNode(claim: KubeObject): string | undefined {
    const annotated = claim.metadata.annotations?.[ANN_SELECTED_NODE];
    if (annotated) return annotated;
    return this.podsUsing(claim).find((p) => p.spec?.nodeName)?.spec.nodeName;
  }

  private emitWaitForFirstConsumer(claim: KubeObject): void {
    const waiting = this.podsUsing(claim)
      .filter((p) => !p.spec?.nodeName)
      .map((p) => p.metadata.name!);
    if (waiting.length === 0) this.recorder.event(claim, "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
    else if (waiting.length === 1) this.recorder.event(claim, "Normal", "WaitForPodScheduled", `waiting for pod ${waiting[0]} to be scheduled`);
    else this.recorder.event(claim, "Normal", "WaitForPodScheduled", `waiting for pods ${waiting.join(",")} to be scheduled`);
  }

  /**
   * findBestMatchForClaim: among volumes whose access modes include the
   * claim's (fewest modes first), the pre-bound one, else the smallest
   * Available one that fits.
   */
  private findBestMatch(claim: KubeObject, delay: boolean, nodeName: string | undefined): KubeObject | undefined {
    const wantModes: string[] = claim.spec?.accessModes ?? [];
    const request = claim.spec?.resources?.requests?.storage ?? "0";
    const klass = claimClass(claim);
    const claimMode = claim.spec?.volumeMode ?? "Filesystem";
    const node = nodeName ? this.nodes.get(nodeName) : undefined;
    const candidates = this.volumes.list().filter((pv) => {
      const modes: string[] = pv.spec?.accessModes ?? [];
      return wantModes.every((m) => modes.includes(m));
    });
    // Group by access-mode set, fewest modes first, as the ordered index does.
    const groups = new Map<string, KubeObject[]>();
    for (const pv of candidates) {
      const k = [...(pv.spec?.accessModes ?? [])].sort().join(",");
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      g.push(pv);
    }
    const ordered = [...groups.entries()].sort(([a], [b]) => a.split(",").length - b.split(",").length || (a < b ? -1 : 1));
    for (const [, volumes] of ordered) {
      let smallest: KubeObject | undefined;
      for (const pv of volumes.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))) {
        if (pv.spec?.claimRef && !isVolumeBoundToClaim(pv, claim)) continue;
        const capacity = pv.spec?.capacity?.storage ?? "0";
        if (compareQuantities(capacity, request) < 0) continue;
        if ((pv.spec?.volumeMode ?? "Filesystem") !== claimMode) continue;
        if (pv.metadata.deletionTimestamp) continue;
        const affinityOk = !node || !pv.spec?.nodeAffinity?.required || nodeSelectorMatches(pv.spec.nodeAffinity.required, node);
        if (isVolumeBoundToClaim(pv, claim)) return affinityOk ? pv : undefined;
        if (!node && delay) continue;
        if (pv.status?.phase !== "Available") continue;
        if (claim.spec?.selector && !labelSelectorMatches(claim.spec.selector, pv.metadata.labels)) continue;
        if (volumeClass(pv) !== klass) continue;
        if ((claim.spec?.volumeAttributesClassName ?? "") !== (pv.spec?.volumeAttributesClassName ?? "")) continue;
        if (!affinityOk) continue;
        if (!smallest || compareQuantities(smallest.spec?.capacity?.storage ?? "0", capacity) > 0) smallest = pv;
      }
      if (smallest) return structuredClone(smallest);
    }
    return undefined;
  }

  /** bind: claimRef on the volume, volume Bound, volumeName and annotations on the claim, claim Bound. */
  private bind(volume: KubeObject, claim: KubeObject): void {
    const ref = volume.spec?.claimRef;
    const refOk = ref && ref.uid === claim.metadata.uid && ref.name === claim.metadata.name && ref.namespace === claim.metadata.namespace;
    let pv = volume;
    if (!refOk) {
      pv = structuredClone(volume);
      pv.spec = {
        ...pv.spec,
        claimRef: {
          apiVersion: "v1",
          kind: "PersistentVolumeClaim",
          name: claim.metadata.name,
          namespace: claim.metadata.namespace,
          resourceVersion: claim.metadata.resourceVersion,
          uid: claim.metadata.uid,
        },
      };
      // The controller chose this volume (it was not pre-bound by the user).
      if (!ref) pv.metadata.annotations = { ...(pv.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: "yes" };
      pv = this.ctx.client.update("persistentvolumes", undefined, pv);
    }
    pv = this.updateVolumePhase(pv, "Bound");

    let c = claim;
    const annotations = c.metadata.annotations ?? {};
    if (c.spec?.volumeName !== pv.metadata.name || annotations[ANN_BIND_COMPLETED] !== "yes") {
      c = structuredClone(claim);
      if (c.spec?.volumeName !== pv.metadata.name) c.metadata.annotations = { ...(c.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: "yes" };
      c.metadata.annotations = { ...(c.metadata.annotations ?? {}), [ANN_BIND_COMPLETED]: "yes" };
      c.spec = { ...c.spec, volumeName: pv.metadata.name };
      c = this.ctx.client.update("persistentvolumeclaims", c.metadata.namespace, c);
    }
    this.updateClaimPhase(c, "Bound", pv);
  }

  private updateClaimPhase(claim: KubeObject, phase: string, volume: KubeObject | undefined): void {
    const status: Record<string, unknown> = { ...(claim.status ?? {}) };
    if (volume) {
      status.accessModes = volume.spec?.accessModes;
      status.capacity = volume.spec?.capacity;
    } else if (phase !== "Bound") {
      delete status.accessModes;
      delete status.capacity;
    }
    status.phase = phase;
    const ordered = Object.fromEntries(Object.entries(status).sort(([a], [b]) => (a < b ? -1 : 1)));
    if (JSON.stringify(ordered) === JSON.stringify(claim.status ?? {})) return;
    this.ctx.client.updateStatus("persistentvolumeclaims", claim.metadata.namespace, { ...claim, status: ordered });
  }

  private updateVolumePhase(pv: KubeObject, phase: string, message?: string): KubeObject {
    if (pv.status?.phase === phase && (message === undefined || pv.status?.message === message)) return pv;
    const status: Record<string, unknown> = { ...(pv.status ?? {}) };
    if (status.phase !== phase) status.lastPhaseTransitionTime = this.ctx.clock.rfc3339();
    status.phase = phase;
    if (message !== undefined) status.message = message;
    else delete status.message;
    const ordered = Object.fromEntries(Object.entries(status).sort(([a], [b]) => (a < b ? -1 : 1)));
    return this.ctx.client.updateStatus("persistentvolumes", undefined, { ...pv, status: ordered });
  }

  // ---------------------------------------------------------------- provisioning

  /** provisionClaimOperationExternal: annotate the claim for its provisioner and say so; simulated provisioners then act. */
  private provisionClaim(claim: KubeObject, node: string | undefined): void {
    const className = claimClass(claim);
    const sc = this.storageClass(className);
    if (!sc) {
      this.recorder.event(claim, "Warning", "ProvisioningFailed", `storageclass.storage.k8s.io "${className}" not found`);
      return;
    }
    const provisioner: string = sc.provisioner;
    let c = claim;
    const a = c.metadata.annotations ?? {};
    const wantNode = node && sc.volumeBindingMode === "WaitForFirstConsumer" && a[ANN_SELECTED_NODE] !== node;
    if (a[ANN_STORAGE_PROVISIONER] !== provisioner || a[ANN_BETA_STORAGE_PROVISIONER] !== provisioner || wantNode) {
      c = structuredClone(claim);
      c.metadata.annotations = {
        ...a,
        [ANN_BETA_STORAGE_PROVISIONER]: provisioner,
        [ANN_STORAGE_PROVISIONER]: provisioner,
        ...(wantNode ? { [ANN_SELECTED_NODE]: node } : {}),
      };
      c = this.ctx.client.update("persistentvolumeclaims", c.metadata.namespace, c);
    }
    this.recorder.event(
      c,
      "Normal",
      "ExternalProvisioning",
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
    const sim = provisioner === NO_PROVISIONER ? undefined : SIMULATED_PROVISIONERS[provisioner];
    if (sim) this.simulateProvisioner(c, sc, provisioner, node);
  }

  /** Provisioners write events as `<name>_<their pod>_<uuid>`, as sig-storage-lib-external-provisioner identifies itself. */
  private provisionerRecorder(provisioner: string): EventRecorder {
    let identity = this.provisionerIds.get(provisioner);
    if (!identity) {
      const r = this.ctx.random.fork(`provisioner:${provisioner}`);
      const pod = `${provisioner.split("/").pop()!.replace(/[^a-z0-9-]/g, "-")}-provisioner-${r.string(10)}-${r.string(5)}`;
      identity = `${provisioner}_${pod}_${r.uuid()}`;
      this.provisionerIds.set(provisioner, identity);
    }
    return this.ctx.recorder(identity);
  }

  /** What the external provisioner does: create the PV `pvc-<uid>` pre-bound to the claim. */
  private simulateProvisioner(claim: KubeObject, sc: KubeObject, provisioner: string, node: string | undefined): void {
    const name = `pvc-${claim.metadata.uid}`;
    if (this.volumes.get(name)) return;
    const rec = this.provisionerRecorder(provisioner);
    rec.event(claim, "Normal", "Provisioning", `External provisioner is provisioning volume for claim "${claim.metadata.namespace}/${claim.metadata.name}"`);
    let source;
    try {
      source = SIMULATED_PROVISIONERS[provisioner].volumeSource({ claim, storageClass: sc, selectedNode: node, handle: claim.metadata.uid! });
    } catch (e) {
      rec.event(claim, "Warning", "ProvisioningFailed", (e as Error).message);
      return;
    }
    const pv: KubeObject = {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: {
        name,
        annotations: { ...(source.annotations ?? {}), [ANN_DYNAMICALLY_PROVISIONED]: provisioner },
      },
      spec: {
        accessModes: claim.spec?.accessModes ?? [],
        capacity: { storage: claim.spec?.resources?.requests?.storage ?? "0" },
        claimRef: {
          apiVersion: "v1",
          kind: "PersistentVolumeClaim",
          name: claim.metadata.name,
          namespace: claim.metadata.namespace,
          resourceVersion: claim.metadata.resourceVersion,
          uid: claim.metadata.uid,
        },
        ...(sc.mountOptions ? { mountOptions: sc.mountOptions } : {}),
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? "Delete",
        storageClassName: sc.metadata.name,
        volumeMode: claim.spec?.volumeMode ?? "Filesystem",
        ...source.spec,
      },
    };
    try {
      this.ctx.client.create("persistentvolumes", undefined, pv);
    } catch (e) {
      if ((e as { reason?: string }).reason === "AlreadyExists") return;
      rec.event(claim, "Warning", "ProvisioningFailed", `failed to provision volume with StorageClass "${sc.metadata.name}": ${(e as Error).message}`);
      return;
    }
    rec.event(claim, "Normal", "ProvisioningSucceeded", `Successfully provisioned volume ${name}`);
  }

  // ---------------------------------------------------------------- volumes

  private syncVolume(pv: KubeObject): void {
    const ref = pv.spec?.claimRef;
    if (!ref || !ref.uid) {
      // Unused, or reserved for a claim that has not bound yet.
      this.updateVolumePhase(pv, "Available");
      return;
    }
    let claim = this.claims.get(`${ref.namespace}/${ref.name}`);
    if (claim && claim.metadata.uid !== ref.uid) claim = undefined;
    if (!claim) {
      // The claim was deleted: the volume is released and its reclaim policy applies.
      let v = pv;
      if (pv.status?.phase !== "Released" && pv.status?.phase !== "Failed") v = this.updateVolumePhase(pv, "Released");
      this.reclaim(v);
      return;
    }
    if (!claim.spec?.volumeName) {
      // Binding in progress (or a provisioned volume): the claim sync finishes it.
      this.queue.add(CLAIM + objectKey(claim));
      return;
    }
    if (claim.spec.volumeName === pv.metadata.name) {
      this.updateVolumePhase(pv, "Bound");
      return;
    }
    // The claim went to another volume.
    if (pv.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] && (pv.spec?.persistentVolumeReclaimPolicy ?? "Retain") === "Delete") {
      let v = pv;
      if (pv.status?.phase !== "Released" && pv.status?.phase !== "Failed") v = this.updateVolumePhase(pv, "Released");
      this.reclaim(v);
    } else if (pv.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER]) {
      // The controller bound it: undo that.
      const next = structuredClone(pv);
      delete next.spec.claimRef;
      delete next.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER];
      this.updateVolumePhase(this.ctx.client.update("persistentvolumes", undefined, next), "Available");
    }
  }

  /** reclaimVolume: Retain keeps it Released; Delete removes it (or fails, for volumes no plugin can delete); Recycle scrubs it. */
  private reclaim(pv: KubeObject): void {
    const policy = pv.spec?.persistentVolumeReclaimPolicy ?? "Retain";
    if (policy === "Retain") return;
    if (policy === "Recycle") {
      const next = structuredClone(pv);
      delete next.spec.claimRef;
      const updated = this.ctx.client.update("persistentvolumes", undefined, next);
      this.recorder.event(updated, "Normal", "VolumeRecycled", `Volume recycled`);
      this.updateVolumePhase(updated, "Available");
      return;
    }
    const provisionedBy = pv.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED];
    if (provisionedBy) {
      // The external provisioner deletes what it created; one that is not running never does.
      if (SIMULATED_PROVISIONERS[provisionedBy]) this.deleteVolume(pv);
      return;
    }
    const hostPath: string | undefined = pv.spec?.hostPath?.path;
    if (hostPath !== undefined) {
      if (/^\/tmp\/.+/.test(hostPath)) this.deleteVolume(pv);
      else this.failDelete(pv, `host_path deleter only supports /tmp/.+ but received provided ${hostPath}`);
      return;
    }
    this.failDelete(pv, `error getting deleter volume plugin for volume "${pv.metadata.name}": no deletable volume plugin matched`);
  }

  private failDelete(pv: KubeObject, message: string): void {
    if (pv.status?.phase === "Failed" && pv.status?.message === message) return;
    const updated = this.updateVolumePhase(pv, "Failed", message);
    this.recorder.event(updated, "Warning", "VolumeFailedDelete", message);
  }

  private deleteVolume(pv: KubeObject): void {
    try {
      this.ctx.client.delete("persistentvolumes", undefined, pv.metadata.name!);
    } catch (e) {
      if ((e as { reason?: string }).reason !== "NotFound") throw e;
    }
  }
}
