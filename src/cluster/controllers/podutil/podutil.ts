/**
 * What the workload controllers share about pods, as pkg/api/v1/pod and
 * pkg/controller/controller_utils.go do in Kubernetes: readiness and
 * availability, controller references, building a pod from a template,
 * creating and deleting pods with the events users see (`Created pod: x`),
 * and an index of objects by their controlling owner so a controller finds
 * its pods without scanning every pod in the cluster.
 */
import type { KubeObject, OwnerReference } from "../../api/types.js";
import { controllerOf, objectKey } from "../../api/types.js";
import type { Client } from "../../client/client.js";
import type { EventRecorder } from "../../client/events.js";
import type { Informer } from "../../client/informer.js";

// ------------------------------------------------------------------ pod state

export function podCondition(pod: KubeObject, type: string): any | undefined {
  return (pod.status?.conditions ?? []).find((c: any) => c.type === type);
}

/** The Ready condition is True (podutil.IsPodReady). */
export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, "Ready")?.status === "True";
}

/** Ready for at least minReadySeconds (podutil.IsPodAvailable). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  const c = podCondition(pod, "Ready");
  if (c?.status !== "True") return false;
  if (!minReadySeconds) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= nowMs;
}

export function isPodTerminal(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

/** Not finished and not being deleted (controller.IsPodActive). */
export function isPodActive(pod: KubeObject): boolean {
  return !isPodTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** Being deleted but not finished (controller.CountTerminatingPods counts these). */
export function isPodTerminating(pod: KubeObject): boolean {
  return !!pod.metadata.deletionTimestamp && !isPodTerminal(pod);
}

export function parseTime(t: string | undefined | null): number | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
}

// ------------------------------------------------------------------ owners

/** metav1.NewControllerRef: controller and blockOwnerDeletion set. */
export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  return controllerOf(obj)?.uid === owner.metadata.uid;
}

/**
 * controller.GetPodFromTemplate: labels, annotations and finalizers of the
 * template, its spec, and the owner's controller reference.
 */
export function podFromTemplate(template: any, namespace: string, controllerRef: OwnerReference, generateName?: string): KubeObject {
  const t = structuredClone(template ?? {});
  const meta = t.metadata ?? {};
  const pod: KubeObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      namespace,
      ...(generateName ? { generateName } : {}),
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRef],
    },
    spec: t.spec ?? {},
  };
  return pod;
}

/** The generateName prefix for a controller's pods (`web-`). */
export function podsPrefix(controllerName: string): string {
  return `${controllerName}-`;
}

// ------------------------------------------------------------------ pod control

/**
 * controller.RealPodControl: creates and deletes pods for an owner and
 * records the owner's SuccessfulCreate / FailedCreate / SuccessfulDelete /
 * FailedDelete events. Errors are rethrown so the work queue retries.
 */
export class PodControl {
  constructor(
    private readonly client: Client,
    private readonly recorder: EventRecorder,
  ) {}

  createPod(owner: KubeObject, pod: KubeObject): KubeObject {
    try {
      const created = this.client.create("pods", pod.metadata.namespace, pod);
      this.recorder.event(owner, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`);
      return created;
    } catch (e) {
      this.recorder.event(owner, "Warning", "FailedCreate", `Error creating: ${(e as Error).message}`);
      throw e;
    }
  }

  deletePod(owner: KubeObject, namespace: string, name: string): void {
    try {
      this.client.delete("pods", namespace, name);
      this.recorder.event(owner, "Normal", "SuccessfulDelete", `Deleted pod: ${name}`);
    } catch (e) {
      if ((e as { reason?: string }).reason === "NotFound") return;
      this.recorder.event(owner, "Warning", "FailedDelete", `Error deleting: ${(e as Error).message}`);
      throw e;
    }
  }
}

// ------------------------------------------------------------------ owner index

/**
 * Objects of one informer grouped by the UID of their controller owner,
 * kept current by the informer's handlers: `owned(uid)` is O(owned), not
 * O(all objects). `onChange` is told which owner UIDs an event touched.
 */
export class OwnerIndex {
  private byOwner = new Map<string, Map<string, KubeObject>>();

  constructor(informer: Informer, onChange?: (ownerUid: string, obj: KubeObject, old?: KubeObject) => void) {
    informer.addHandlers({
      add: (o) => {
        const uid = this.put(o);
        if (uid) onChange?.(uid, o);
      },
      update: (old, cur) => {
        const oldUid = controllerOf(old)?.uid;
        const uid = this.put(cur, oldUid);
        if (oldUid && oldUid !== uid) onChange?.(oldUid, cur, old);
        if (uid) onChange?.(uid, cur, old);
      },
      delete: (o) => {
        const uid = controllerOf(o)?.uid;
        if (!uid) return;
        this.byOwner.get(uid)?.delete(objectKey(o));
        if (this.byOwner.get(uid)?.size === 0) this.byOwner.delete(uid);
        onChange?.(uid, o);
      },
    });
  }

  /** The objects whose controller is `uid` (read-only). */
  owned(uid: string | undefined): KubeObject[] {
    if (!uid) return [];
    const m = this.byOwner.get(uid);
    return m ? [...m.values()] : [];
  }

  private put(o: KubeObject, previousUid?: string): string | undefined {
    const key = objectKey(o);
    if (previousUid) {
      const prev = this.byOwner.get(previousUid);
      prev?.delete(key);
      if (prev?.size === 0) this.byOwner.delete(previousUid);
    }
    const uid = controllerOf(o)?.uid;
    if (!uid) return undefined;
    let m = this.byOwner.get(uid);
    if (!m) this.byOwner.set(uid, (m = new Map()));
    m.set(key, o);
    return uid;
  }
}

/** Objects of one informer grouped by namespace (the informer's own cache is not indexed). */
export class NamespaceIndex {
  private byNamespace = new Map<string, Map<string, KubeObject>>();

  constructor(informer: Informer) {
    informer.addHandlers({
      add: (o) => this.set(o),
      update: (_old, cur) => this.set(cur),
      delete: (o) => {
        const m = this.byNamespace.get(o.metadata.namespace ?? "");
        m?.delete(o.metadata.name!);
        if (m?.size === 0) this.byNamespace.delete(o.metadata.namespace ?? "");
      },
    });
  }

  list(namespace: string): KubeObject[] {
    const m = this.byNamespace.get(namespace);
    return m ? [...m.values()] : [];
  }

  private set(o: KubeObject): void {
    const ns = o.metadata.namespace ?? "";
    let m = this.byNamespace.get(ns);
    if (!m) this.byNamespace.set(ns, (m = new Map()));
    m.set(o.metadata.name!, o);
  }
}

/** The owner key (namespace/name) an object's controller reference points to, when it is of `kind`. */
export function ownerKeyOf(obj: KubeObject, kind: string): string | undefined {
  const ref = controllerOf(obj);
  if (!ref || ref.kind !== kind) return undefined;
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${ref.name}` : ref.name;
}
