/**
 * garbage-collector-controller (pkg/controller/garbagecollector): a graph of
 * every object by uid with its ownerReferences, kept by informers on every
 * deletable resource (events excepted, as the default ignored resources).
 *
 * - When an owner goes, its dependents are attempted: a dependent with no
 *   remaining live owner is deleted (background propagation, or what its own
 *   finalizers ask for); owners that are gone are dropped from dependents
 *   that still have another live owner.
 * - Foreground deletion (owner has deletionTimestamp and the
 *   foregroundDeletion finalizer): dependents are deleted (foreground
 *   themselves when they have dependents), and the finalizer is removed once
 *   no dependent with blockOwnerDeletion is left, letting the owner go.
 * - Orphan deletion (finalizer orphan): references to the owner are removed
 *   from its dependents, then the finalizer.
 * Mirror pods, owned by their Node, go with it like any other dependent.
 */
import type { KubeObject, OwnerReference } from "../../api/types.js";
import { isConflict, isNotFound } from "../../api/errors.js";
import type { ResourceType } from "../../apiserver/resources.js";
import type { InformerHandlers } from "../../client/informer.js";
import { Controller } from "../controller.js";

const FOREGROUND = "foregroundDeletion";
const ORPHAN = "orphan";
/** garbagecollector.DefaultIgnoredResources: events are never owners worth tracking. */
const IGNORED = new Set(["/events", "events.k8s.io/events"]);

interface GraphNode {
  uid: string;
  resource?: ResourceType;
  namespace?: string;
  name?: string;
  owners: OwnerReference[];
  dependents: Set<string>;
  /** Seen through an informer (not only named by a dependent's ownerReference). */
  observed: boolean;
  beingDeleted: boolean;
  deletingDependents: boolean;
}

type Queued = "delete" | "orphan";

export class GarbageCollector extends Controller {
  readonly name = "garbage-collector-controller";
  private readonly nodes = new Map<string, GraphNode>();
  /** Resources watched, by informer name. */
  private readonly monitored = new Map<string, ResourceType>();

  start(): void {
    this.syncMonitors(false);
    // New CustomResourceDefinitions bring new kinds to watch (the real GC rediscovers every 30s).
    this.ctx.informers.for("customresourcedefinitions").addHandlers({
      add: () => this.queue.add("resync"),
      update: () => this.queue.add("resync"),
      delete: () => this.queue.add("resync"),
    });
  }

  /** Watches each deletable resource not yet watched (informers added late are started here). */
  private syncMonitors(startNow = true): void {
    let resources: readonly ResourceType[];
    try {
      resources = this.ctx.client.resources();
    } catch {
      return;
    }
    for (const r of resources) {
      const key = `${r.group}/${r.plural}`;
      if (IGNORED.has(key) || !["delete", "list", "watch"].every((v) => r.verbs.includes(v))) continue;
      const informerName = this.ctx.client.resolve(r.plural) === r ? r.plural : `${r.plural}.${r.group}`;
      if (this.monitored.has(informerName)) continue;
      this.monitored.set(informerName, r);
      const informer = this.ctx.informers.for(informerName);
      informer.addHandlers(this.graphHandlers(r));
      if (startNow) informer.start();
    }
  }

  protected sync(key: string): void {
    if (key === "resync") return this.syncMonitors();
    const [kind, uid] = key.split(":") as [Queued, string];
    const node = this.nodes.get(uid);
    if (!node) return;
    if (kind === "orphan") this.attemptToOrphan(node);
    else this.attemptToDelete(node);
  }

  private enqueue(kind: Queued, uid: string): void {
    this.queue.add(`${kind}:${uid}`);
  }

  // ---------------------------------------------------------------- graph builder

  private graphHandlers(resource: ResourceType): InformerHandlers {
    return {
      add: (obj) => this.observe(resource, undefined, obj),
      update: (old, obj) => this.observe(resource, old, obj),
      delete: (obj) => this.removed(obj),
    };
  }

  private observe(resource: ResourceType, old: KubeObject | undefined, obj: KubeObject): void {
    const uid = obj.metadata.uid!;
    let node = this.nodes.get(uid);
    const owners = obj.metadata.ownerReferences ?? [];
    if (!node) {
      node = { uid, owners: [], dependents: new Set(), observed: false, beingDeleted: false, deletingDependents: false };
      this.nodes.set(uid, node);
    }
    node.observed = true;
    node.resource = resource;
    node.namespace = obj.metadata.namespace;
    node.name = obj.metadata.name;
    const { added, removed, changed } = referenceDiffs(node.owners, owners);
    if (added.length || removed.length || changed.length) {
      // An owner waiting for its blocking dependents may be unblocked by this change.
      for (const ref of [...removed, ...changed.filter((c) => c.old.blockOwnerDeletion && !c.cur.blockOwnerDeletion).map((c) => c.old)]) {
        const owner = this.nodes.get(ref.uid);
        if (owner?.deletingDependents) this.enqueue("delete", owner.uid);
      }
      node.owners = owners;
      for (const ref of added) this.addDependent(node, ref);
      for (const ref of removed) this.dropDependent(ref.uid, uid);
    }
    node.beingDeleted = !!obj.metadata.deletionTimestamp;
    if (startsWaiting(old, obj, ORPHAN)) {
      this.enqueue("orphan", uid);
      return;
    }
    if (startsWaiting(old, obj, FOREGROUND)) {
      node.deletingDependents = true;
      for (const dep of node.dependents) this.enqueue("delete", dep);
      this.enqueue("delete", uid);
    }
  }

  /** Links a dependent to an owner; an owner never seen yet gets a virtual node and the dependent is checked. */
  private addDependent(dependent: GraphNode, ref: OwnerReference): void {
    let owner = this.nodes.get(ref.uid);
    if (!owner) {
      owner = { uid: ref.uid, owners: [], dependents: new Set(), observed: false, beingDeleted: false, deletingDependents: false };
      this.nodes.set(ref.uid, owner);
      this.enqueue("delete", dependent.uid);
    }
    owner.dependents.add(dependent.uid);
  }

  private removed(obj: KubeObject): void {
    const node = this.nodes.get(obj.metadata.uid!);
    if (!node) return;
    this.nodes.delete(node.uid);
    for (const dep of node.dependents) this.enqueue("delete", dep);
    if (node.dependents.size > 0) {
      // Dependents still point here: keep a virtual node so they keep finding their owner's absence.
      this.nodes.set(node.uid, { ...node, observed: false, beingDeleted: false, deletingDependents: false, owners: [] });
    }
    for (const ref of node.owners) {
      // A foreground owner may have been waiting for this one.
      if (this.nodes.get(ref.uid)?.deletingDependents) this.enqueue("delete", ref.uid);
      this.dropDependent(ref.uid, node.uid);
    }
  }

  /** Unlinks a dependent; an owner known only through its dependents is forgotten with the last one. */
  private dropDependent(ownerUid: string, dependentUid: string): void {
    const owner = this.nodes.get(ownerUid);
    if (!owner) return;
    owner.dependents.delete(dependentUid);
    if (!owner.observed && owner.dependents.size === 0) this.nodes.delete(ownerUid);
  }

  // ---------------------------------------------------------------- attemptToDelete

  private attemptToDelete(node: GraphNode): void {
    if (!node.observed || !node.resource) return;
    if (node.beingDeleted && !node.deletingDependents) return;
    const latest = this.ctx.client.find(node.resource, node.namespace, node.name!);
    if (!latest || latest.metadata.uid !== node.uid) return;
    if (node.deletingDependents) return this.processDeletingDependents(node);
    const refs = latest.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;

    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of refs) {
      const owner = this.lookupOwner(ref, latest);
      if (owner === undefined) solid.push(ref); // unknown kind: cannot tell, keep it
      else if (owner === null) dangling.push(ref);
      else if (owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(FOREGROUND)) waiting.push(ref);
      else solid.push(ref);
    }
    if (solid.length) {
      if (dangling.length === 0 && waiting.length === 0) return;
      // Keep the object; forget the owners that are gone or going.
      const drop = new Set([...dangling, ...waiting].map((r) => r.uid));
      this.patchOwnerReferences(node, latest, refs.filter((r) => !drop.has(r.uid)));
      return;
    }
    if (waiting.length && node.dependents.size > 0) {
      // Our owner waits for us, and we have dependents: delete them first (foreground), unless that would deadlock.
      const cycle = [...node.dependents].some((uid) => this.nodes.get(uid)?.deletingDependents);
      if (cycle) this.patchOwnerReferences(node, latest, refs.map((r) => (waiting.some((w) => w.uid === r.uid) ? { ...r, blockOwnerDeletion: false } : r)));
      return this.deleteObject(node, "Foreground");
    }
    const finalizers = latest.metadata.finalizers ?? [];
    const policy = finalizers.includes(ORPHAN) ? "Orphan" : finalizers.includes(FOREGROUND) ? "Foreground" : "Background";
    this.deleteObject(node, policy);
  }

  /** The owner a reference points to: the object, null when it is gone (or replaced), undefined when its kind is unknown. */
  private lookupOwner(ref: OwnerReference, dependent: KubeObject): KubeObject | null | undefined {
    const group = ref.apiVersion.includes("/") ? ref.apiVersion.split("/")[0] : "";
    const resource = this.ctx.client.resources().find((r) => r.group === group && r.kind === ref.kind);
    if (!resource) return undefined;
    // A cluster-scoped object cannot be owned by a namespaced one: such a reference counts as absent.
    if (resource.namespaced && !dependent.metadata.namespace) return null;
    const owner = this.ctx.client.find(resource, resource.namespaced ? dependent.metadata.namespace : undefined, ref.name);
    return owner && owner.metadata.uid === ref.uid ? owner : null;
  }

  /** Foreground owner: done when no dependent blocks it any more; otherwise make sure each is being deleted. */
  private processDeletingDependents(node: GraphNode): void {
    const blocking = [...node.dependents].filter((uid) => {
      const dep = this.nodes.get(uid);
      return dep?.observed && dep.owners.some((r) => r.uid === node.uid && r.blockOwnerDeletion);
    });
    if (blocking.length === 0) return this.removeFinalizer(node, FOREGROUND);
    for (const uid of blocking) {
      if (!this.nodes.get(uid)!.deletingDependents) this.enqueue("delete", uid);
    }
  }

  private deleteObject(node: GraphNode, policy: "Foreground" | "Background" | "Orphan"): void {
    try {
      this.ctx.client.delete(node.resource!, node.namespace, node.name!, { propagationPolicy: policy, preconditions: { uid: node.uid } });
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }

  // ---------------------------------------------------------------- orphaning

  private attemptToOrphan(owner: GraphNode): void {
    for (const uid of [...owner.dependents]) {
      const dep = this.nodes.get(uid);
      if (!dep?.observed || !dep.resource) continue;
      const latest = this.ctx.client.find(dep.resource, dep.namespace, dep.name!);
      if (!latest || latest.metadata.uid !== dep.uid) continue;
      const refs = latest.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.uid === owner.uid)) continue;
      this.patchOwnerReferences(dep, latest, refs.filter((r) => r.uid !== owner.uid));
    }
    this.removeFinalizer(owner, ORPHAN);
  }

  // ---------------------------------------------------------------- writes

  private patchOwnerReferences(node: GraphNode, latest: KubeObject, refs: OwnerReference[]): void {
    try {
      this.ctx.client.patch(node.resource!, node.namespace, node.name!, "merge", {
        metadata: { ownerReferences: refs.length ? refs : null, uid: node.uid, resourceVersion: latest.metadata.resourceVersion },
      });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** Removes one finalizer; the API server deletes the object once none is left. */
  private removeFinalizer(node: GraphNode, finalizer: string): void {
    if (!node.resource) return;
    const latest = this.ctx.client.find(node.resource, node.namespace, node.name!);
    if (!latest || latest.metadata.uid !== node.uid) return;
    const finalizers = latest.metadata.finalizers ?? [];
    if (!finalizers.includes(finalizer)) return;
    const rest = finalizers.filter((f) => f !== finalizer);
    try {
      this.ctx.client.patch(node.resource, node.namespace, node.name!, "merge", {
        metadata: { finalizers: rest.length ? rest : null, uid: node.uid, resourceVersion: latest.metadata.resourceVersion },
      });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

/** The object just got a deletionTimestamp together with `finalizer` (or the finalizer while being deleted). */
function startsWaiting(old: KubeObject | undefined, cur: KubeObject, finalizer: string): boolean {
  if (!cur.metadata.deletionTimestamp || !cur.metadata.finalizers?.includes(finalizer)) return false;
  return !old || !old.metadata.deletionTimestamp || !old.metadata.finalizers?.includes(finalizer);
}

function referenceDiffs(old: OwnerReference[], cur: OwnerReference[]) {
  const oldBy = new Map(old.map((r) => [r.uid, r]));
  const curBy = new Map(cur.map((r) => [r.uid, r]));
  const added = cur.filter((r) => !oldBy.has(r.uid));
  const removed = old.filter((r) => !curBy.has(r.uid));
  const changed: Array<{ old: OwnerReference; cur: OwnerReference }> = [];
  for (const r of cur) {
    const o = oldBy.get(r.uid);
    if (o && (o.blockOwnerDeletion !== r.blockOwnerDeletion || o.controller !== r.controller)) changed.push({ old: o, cur: r });
  }
  return { added, removed, changed };
}
