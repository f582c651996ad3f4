/**
 * kube-apiserver: REST semantics over the store. Every request is
 * authorized, decoded strictly, defaulted, admitted, validated and then
 * written, in that order, as in the real server. Everything here is
 * synchronous; watch events reach clients through the event loop.
 */
import type { KubeObject, ObjectList, UserInfo, WatchEvent } from "../api/types.js";
import { SYSTEM_MASTERS } from "../api/types.js";
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  methodNotAllowed,
  notFound,
  OPTIMISTIC_LOCK_MESSAGE,
} from "../api/errors.js";
import { invalidError, fe, type FieldError } from "../api/field-errors.js";
import { matches, parseSelector } from "../api/labels.js";
import type { VirtualClock } from "../clock.js";
import type { EventLoop } from "../loop.js";
import type { SeededRandom } from "../random.js";
import { NAME_ALPHABET } from "../random.js";
import type { Store, StoreEntry } from "../store/store.js";
import { ResourceRegistry, apiVersionOf, storageKey, storagePrefix, type ResourceType } from "./resources.js";
import { kindKey, type StoreReader } from "./strategy.js";
import { defaulters } from "./defaulting/index.js";
import { validators } from "./validation/index.js";
import { validateObjectMeta } from "./validation/metadata.js";
import { tableConvertorFor } from "./printers/index.js";
import type { Table } from "./table.js";
import { applyPatch, type PatchType } from "./patch/index.js";
import { unknownFields } from "./schema/index.js";
import { defaultAdmissionPlugins, type AdmissionAttributes, type AdmissionPlugin, type Operation } from "./admission/index.js";
import { authorize, forbiddenReason } from "./auth/authorizer.js";
import { answerReview, REVIEW_KINDS } from "./auth/reviews.js";
import { compileFieldSelector } from "./fields.js";
import { podGracePeriod, prepareForCreate, prepareForStatusUpdate, prepareForUpdate, type LifecycleContext } from "./lifecycle.js";
import { evictPod } from "./subresources/eviction.js";
import { customResourceTableFor, installCustomResourceDefinitions } from "./crd.js";
import { serverVersionInfo, type VersionInfo } from "./version.js";
import { CSR_KIND, prepareCsrApproval, prepareCsrForCreate, prepareCsrStatus } from "./csr-strategy.js";

export interface WriteOptions {
  dryRun?: boolean;
  /** Strict (kubectl's default), Warn or Ignore, as the fieldValidation query parameter. */
  fieldValidation?: "Strict" | "Warn" | "Ignore";
  subresource?: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface WatchOptions extends ListOptions {
  /** Start after this resourceVersion; without it, only changes from now on. */
  resourceVersion?: string;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Foreground" | "Background" | "Orphan";
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

const COMPONENT_STATUS_KIND = "/ComponentStatus";

export interface ApiServerDeps {
  store: Store;
  clock: VirtualClock;
  random: SeededRandom;
  loop: EventLoop;
  admission?: AdmissionPlugin[];
}

export class ApiServer {
  readonly registry = new ResourceRegistry();
  readonly store: Store;
  readonly clock: VirtualClock;
  readonly random: SeededRandom;
  readonly loop: EventLoop;
  private admission: AdmissionPlugin[];
  /** The version GET /version reports (the kube-apiserver binary's). */
  gitVersion?: string;
  /** Unauthenticated read access for strategies and admission (a loopback client, in the real server). */
  readonly reader: StoreReader;

  /**
   * ComponentStatus objects, probed when read: the control plane sets this
   * to probe from a node whose API server is serving (none before).
   */
  componentStatuses: () => KubeObject[] = () => [];

  constructor(deps: ApiServerDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.random = deps.random;
    this.loop = deps.loop;
    this.admission = deps.admission ?? defaultAdmissionPlugins();
    this.reader = {
      get: (resource, namespace, name) => {
        const r = this.mustResolve(resource);
        return this.store.get(storageKey(r, namespace, name))?.value;
      },
      list: (resource, namespace) => {
        const r = this.mustResolve(resource);
        return this.store.list(storagePrefix(r, namespace)).map((e) => e.value);
      },
    };
    // Serve the resources CustomResourceDefinitions define, now and as they change.
    installCustomResourceDefinitions(this);
  }

  /** Resolves a plural, short name or kind to the served resource; throws NotFound as the server would for an unknown path. */
  mustResolve(resource: string | ResourceType): ResourceType {
    if (typeof resource !== "string") return resource;
    const r = this.registry.resolve(resource);
    if (!r) throw new ApiError({ code: 404, reason: "NotFound", message: `the server could not find the requested resource` });
    return r;
  }

  // ---------------------------------------------------------------- reads

  /** GET /version: open to everyone (system:public-info-viewer), so no authorization. */
  version(): VersionInfo {
    return serverVersionInfo(this.gitVersion);
  }

  get(user: UserInfo, resource: string | ResourceType, namespace: string | undefined, name: string): KubeObject {
    const r = this.mustResolve(resource);
    this.authz(user, "get", r, namespace, name);
    if (kindKey(r) === COMPONENT_STATUS_KIND) {
      const found = this.componentStatuses().find((c) => c.metadata.name === name);
      // The registry names the resource in the singular here (api.Resource("componentstatus")).
      if (!found) throw notFound({ ...r, plural: "componentstatus" }, name);
      return found;
    }
    const e = this.store.get(storageKey(r, ns(r, namespace), name));
    if (!e) throw notFound(r, name);
    return structuredClone(e.value);
  }

  list(user: UserInfo, resource: string | ResourceType, namespace: string | undefined, opts: ListOptions = {}): ObjectList {
    const r = this.mustResolve(resource);
    this.authz(user, "list", r, namespace);
    const filter = this.compileFilter(r, opts);
    const stored = kindKey(r) === COMPONENT_STATUS_KIND ? this.componentStatuses() : this.store.list(storagePrefix(r, r.namespaced ? namespace : undefined)).map((e) => e.value);
    const items = stored.filter(filter).map((o) => structuredClone(o));
    return {
      apiVersion: apiVersionOf(r),
      kind: r.listKind,
      metadata: { resourceVersion: String(this.store.revision) },
      items,
    };
  }

  /**
   * Watches a resource. Events arrive through the event loop as read-only
   * objects. Returns a stop function.
   */
  watch(
    user: UserInfo,
    resource: string | ResourceType,
    namespace: string | undefined,
    opts: WatchOptions,
    handler: (ev: WatchEvent) => void,
  ): () => void {
    const r = this.mustResolve(resource);
    this.authz(user, "watch", r, namespace);
    const filter = this.compileFilter(r, opts);
    const from = opts.resourceVersion !== undefined && opts.resourceVersion !== "" ? Number(opts.resourceVersion) : undefined;
    const w = this.store.watch(
      storagePrefix(r, r.namespaced ? namespace : undefined),
      (ev) => {
        if (filter(ev.object)) handler({ type: ev.type, object: ev.object });
      },
      from,
    );
    return w.stop;
  }

  /** Server-side printing of objects of one resource. */
  table(resource: string | ResourceType, objects: KubeObject[]): Table {
    const r = this.mustResolve(resource);
    // Custom resources print the columns their CRD declares.
    const conv = (r.custom ? customResourceTableFor(this, r) : undefined) ?? tableConvertorFor(r);
    const ctx = { now: this.clock.now() };
    return {
      kind: "Table",
      apiVersion: "meta.k8s.io/v1",
      metadata: { resourceVersion: String(this.store.revision) },
      columnDefinitions: conv.columns,
      rows: objects.map((o) => ({ cells: conv.cells(o, ctx), object: o })),
    };
  }

  // ---------------------------------------------------------------- writes

  create(user: UserInfo, resource: string | ResourceType, namespace: string | undefined, body: KubeObject, opts: WriteOptions = {}): KubeObject {
    const r = this.mustResolve(resource);
    if (opts.subresource) return this.createSubresource(user, r, namespace, body, opts);
    const obj = structuredClone(body) as KubeObject;
    obj.metadata ??= {};
    const namespaceOfObject = this.checkNamespace(r, namespace, obj);
    // A create is a POST to the collection: the request carries no name to authorize against.
    this.authz(user, "create", r, namespaceOfObject);
    this.checkTypeMeta(r, obj);
    this.strictDecode(r, obj, opts);
    // The self reviews are answered, never stored.
    if (REVIEW_KINDS.has(kindKey(r))) return answerReview(kindKey(r), user, { ...obj, apiVersion: apiVersionOf(r), kind: r.kind }, this.reader, this.clock.rfc3339());
    if (obj.metadata.resourceVersion) {
      throw badRequest("resourceVersion should not be set on objects to be created");
    }
    if (!obj.metadata.name) {
      if (obj.metadata.generateName) {
        obj.metadata.name = obj.metadata.generateName + this.random.string(5, NAME_ALPHABET);
      } else {
        throw invalidError(r.kind, r.group, "", [fe.required("metadata.name", "name or generateName is required")]);
      }
    }
    const m = obj.metadata;
    m.uid = this.random.uuid();
    m.creationTimestamp = this.clock.rfc3339();
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
    delete m.managedFields;
    delete m.selfLink;
    obj.apiVersion = apiVersionOf(r);
    obj.kind = r.kind;
    prepareForCreate(r, obj, this.lifecycleContext());
    if (kindKey(r) === CSR_KIND) prepareCsrForCreate(obj, user);
    defaulters[kindKey(r)]?.(obj);
    this.runAdmission("CREATE", user, r, obj, undefined, opts);
    this.validate(r, obj, undefined);
    this.runValidatingAdmission("CREATE", user, r, obj, undefined, opts);
    if (opts.dryRun) {
      if (this.store.get(storageKey(r, namespaceOfObject, m.name!))) throw alreadyExists(r, m.name!);
      return obj;
    }
    const e = this.store.create(storageKey(r, namespaceOfObject, m.name!), obj);
    if (!e) throw alreadyExists(r, m.name!);
    return structuredClone(e.value);
  }

  update(user: UserInfo, resource: string | ResourceType, namespace: string | undefined, body: KubeObject, opts: WriteOptions = {}): KubeObject {
    const r = this.mustResolve(resource);
    const name = body.metadata?.name;
    if (!name) throw badRequest("name is required");
    return this.updateWith(user, r, namespace, name, "update", opts, () => structuredClone(body) as KubeObject);
  }

  patch(
    user: UserInfo,
    resource: string | ResourceType,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts: WriteOptions = {},
  ): KubeObject {
    const r = this.mustResolve(resource);
    if (opts.subresource === "scale") {
      const scale = this.getScale(user, r, namespace, name);
      const next = applyPatch(type, scale, patch, "autoscaling/Scale");
      return this.updateScale(user, r, namespace, next, opts);
    }
    return this.updateWith(user, r, namespace, name, "patch", opts, (current) => {
      const next = applyPatch(type, current, patch, kindKey(r));
      // A patch never carries a stale resourceVersion unless the client put one in.
      const patchedRv = (patch as any)?.metadata?.resourceVersion;
      next.metadata = { ...next.metadata, resourceVersion: patchedRv ?? current.metadata.resourceVersion };
      return next;
    });
  }

  delete(user: UserInfo, resource: string | ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KubeObject {
    const r = this.mustResolve(resource);
    const nsName = ns(r, namespace);
    this.authz(user, "delete", r, nsName, name);
    const key = storageKey(r, nsName, name);
    const cur = this.store.get(key);
    if (!cur) throw notFound(r, name);
    const obj = cur.value;
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== obj.metadata.uid) {
      throw conflict(r, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
      throw conflict(r, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`);
    }
    this.runAdmission("DELETE", user, r, undefined, obj, { dryRun: opts.dryRun });
    this.runValidatingAdmission("DELETE", user, r, undefined, obj, { dryRun: opts.dryRun });

    const next = structuredClone(obj) as KubeObject;
    const m = next.metadata;
    let finalizers = [...(m.finalizers ?? [])];
    const policy = opts.propagationPolicy;
    if (policy === "Foreground" && !finalizers.includes("foregroundDeletion")) finalizers = [...finalizers.filter((f) => f !== "orphan"), "foregroundDeletion"];
    if (policy === "Orphan" && !finalizers.includes("orphan")) finalizers = [...finalizers.filter((f) => f !== "foregroundDeletion"), "orphan"];

    let grace = 0;
    if (kindKey(r) === "/Pod") grace = podGracePeriod(obj, opts.gracePeriodSeconds);
    const namespaceFinalizing = kindKey(r) === "/Namespace" && (obj.spec?.finalizers?.length ?? 0) > 0;

    if (grace > 0 || finalizers.length > 0 || namespaceFinalizing) {
      // Graceful: mark for deletion and let the kubelet, the GC or the namespace controller finish.
      const now = this.clock.now();
      const due = now + grace * 1000;
      if (m.deletionTimestamp) {
        const existingDue = Date.parse(m.deletionTimestamp);
        if (grace === 0 && finalizers.length === 0 && !namespaceFinalizing) return this.remove(r, key, cur, opts);
        if (due < existingDue) {
          m.deletionTimestamp = this.clock.rfc3339(due);
          m.deletionGracePeriodSeconds = grace;
        }
      } else {
        m.deletionTimestamp = this.clock.rfc3339(due);
        m.deletionGracePeriodSeconds = grace;
        if (tracksGenerationOnDelete(next)) m.generation = (m.generation ?? 0) + 1;
      }
      if (finalizers.length) m.finalizers = finalizers;
      if (namespaceFinalizing) next.status = { ...(next.status ?? {}), phase: "Terminating" };
      if (opts.dryRun) return next;
      const e = this.store.update(key, next, cur.modRevision);
      if (!e) throw conflict(r, name, OPTIMISTIC_LOCK_MESSAGE);
      return structuredClone(e.value);
    }
    return this.remove(r, key, cur, opts);
  }

  /** DELETE on a collection: deletes each matching object with the same options. */
  deleteCollection(user: UserInfo, resource: string | ResourceType, namespace: string | undefined, list: ListOptions, opts: DeleteOptions = {}): KubeObject[] {
    const r = this.mustResolve(resource);
    this.authz(user, "deletecollection", r, namespace);
    const filter = this.compileFilter(r, list);
    const victims = this.store.list(storagePrefix(r, r.namespaced ? namespace : undefined)).map((e) => e.value).filter(filter);
    return victims.map((v) => this.delete(user, r, v.metadata.namespace, v.metadata.name!, opts));
  }

  // ---------------------------------------------------------------- subresources

  /**
   * The streaming subresources the API server proxies to the pod's kubelet
   * (GET pods/log, CREATE pods/exec|attach|portforward): authorized like any
   * request; returns the pod so the caller can reach its node's kubelet.
   */
  connect(user: UserInfo, subresource: "log" | "exec" | "attach" | "portforward", namespace: string, name: string): KubeObject {
    const r = this.mustResolve("pods");
    this.authz(user, subresource === "log" ? "get" : "create", r, namespace, name, subresource);
    const e = this.store.get(storageKey(r, namespace, name));
    if (!e) throw notFound(r, name);
    return structuredClone(e.value);
  }

  getScale(user: UserInfo, resource: string | ResourceType, namespace: string | undefined, name: string): KubeObject {
    const r = this.mustResolve(resource);
    if (!r.subresources.includes("scale")) throw notFound(r, name);
    this.authz(user, "get", r, namespace, name, "scale");
    const obj = this.get(SYSTEM_MASTERS, r, namespace, name);
    return toScale(obj);
  }

  updateScale(user: UserInfo, resource: string | ResourceType, namespace: string | undefined, scale: KubeObject, opts: WriteOptions = {}): KubeObject {
    const r = this.mustResolve(resource);
    if (!r.subresources.includes("scale")) throw notFound(r, scale.metadata.name!);
    const replicas = scale.spec?.replicas;
    if (typeof replicas !== "number" || replicas < 0 || !Number.isInteger(replicas)) {
      throw invalidError("Scale", "autoscaling", scale.metadata.name!, [fe.invalid("spec.replicas", replicas, "must be greater than or equal to 0")]);
    }
    const updated = this.updateWith(user, r, namespace, scale.metadata.name!, "update", { ...opts, subresource: "scale" }, (current) => {
      if (scale.metadata.resourceVersion && scale.metadata.resourceVersion !== current.metadata.resourceVersion) {
        throw conflict(r, current.metadata.name!, OPTIMISTIC_LOCK_MESSAGE);
      }
      const next = structuredClone(current) as KubeObject;
      next.spec = { ...next.spec, replicas };
      return next;
    });
    return toScale(updated);
  }

  /** POST to a subresource: pods/eviction, pods/binding. */
  private createSubresource(user: UserInfo, r: ResourceType, namespace: string | undefined, body: KubeObject, opts: WriteOptions): KubeObject {
    const name = body.metadata?.name ?? "";
    this.authz(user, "create", r, namespace, name, opts.subresource);
    if (kindKey(r) === "/Pod" && opts.subresource === "eviction") {
      return evictPod(this, namespace!, name, body, opts.dryRun ?? false);
    }
    if (kindKey(r) === "/Pod" && opts.subresource === "binding") {
      return this.bindPod(namespace!, name, body);
    }
    throw methodNotAllowed();
  }

  /** pods/binding: assigns a node, as the scheduler's DefaultBinder does. */
  private bindPod(namespace: string, name: string, binding: KubeObject): KubeObject {
    const r = this.mustResolve("pods");
    const node = binding.target?.name;
    return this.updateWith(SYSTEM_MASTERS, r, namespace, name, "update", { subresource: "binding" }, (current) => {
      if (current.metadata.deletionTimestamp) throw badRequest(`pod ${name} is being deleted, cannot be assigned to a host`);
      if (current.spec?.nodeName) throw conflict(r, name, `pod ${name} is already assigned to node "${current.spec.nodeName}"`);
      const next = structuredClone(current) as KubeObject;
      next.spec.nodeName = node;
      const conds = (next.status.conditions ?? []).filter((c: any) => c.type !== "PodScheduled");
      conds.push({ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: this.clock.rfc3339() });
      next.status.conditions = conds;
      return next;
    });
  }

  // ---------------------------------------------------------------- internals

  /**
   * The shared path of update, patch and subresource writes: read, transform,
   * check the resourceVersion, keep what the client may not change, default,
   * admit, validate, compare-and-swap.
   */
  private updateWith(
    user: UserInfo,
    r: ResourceType,
    namespace: string | undefined,
    name: string,
    verb: "update" | "patch",
    opts: WriteOptions,
    transform: (current: KubeObject) => KubeObject,
  ): KubeObject {
    const nsName = ns(r, namespace);
    const sub = opts.subresource;
    this.authz(user, verb, r, nsName, name, sub === "binding" ? undefined : sub);
    const key = storageKey(r, nsName, name);
    const cur = this.store.get(key);
    if (!cur) throw notFound(r, name);
    const current = structuredClone(cur.value) as KubeObject;
    let obj = transform(current);
    obj.metadata ??= {};
    if (sub !== "scale" && sub !== "binding") this.strictDecode(r, obj, opts);
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (r.namespaced && obj.metadata.namespace && obj.metadata.namespace !== nsName) {
      throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== cur.value.metadata.resourceVersion) throw conflict(r, name, OPTIMISTIC_LOCK_MESSAGE);
    if (obj.metadata.uid && obj.metadata.uid !== cur.value.metadata.uid) {
      throw conflict(r, name, `Precondition failed: UID in precondition: ${obj.metadata.uid}, UID in object meta: ${cur.value.metadata.uid}`);
    }
    if (sub === "status") obj = prepareForStatusUpdate(r, obj, current);
    if (kindKey(r) === CSR_KIND && sub === "status") prepareCsrStatus(obj, current, this.clock.rfc3339());
    if (kindKey(r) === CSR_KIND && sub === "approval") obj = prepareCsrApproval(obj, current, this.clock.rfc3339());
    // Fields the server owns.
    const m = obj.metadata;
    m.name = name;
    if (r.namespaced) m.namespace = nsName;
    else delete m.namespace;
    m.uid = cur.value.metadata.uid;
    m.creationTimestamp = cur.value.metadata.creationTimestamp;
    if (cur.value.metadata.deletionTimestamp) {
      m.deletionTimestamp = cur.value.metadata.deletionTimestamp;
      m.deletionGracePeriodSeconds = cur.value.metadata.deletionGracePeriodSeconds;
    } else {
      delete m.deletionTimestamp;
      delete m.deletionGracePeriodSeconds;
    }
    delete m.managedFields;
    obj.apiVersion = apiVersionOf(r);
    obj.kind = r.kind;
    if (sub !== "status" && sub !== "binding" && sub !== "approval") prepareForUpdate(r, obj, current, this.lifecycleContext());
    defaulters[kindKey(r)]?.(obj);
    this.runAdmission("UPDATE", user, r, obj, current, opts);
    this.validate(r, obj, current, sub);
    this.runValidatingAdmission("UPDATE", user, r, obj, current, opts);
    if (opts.dryRun) return obj;
    // An object marked for deletion whose last finalizer went away is deleted now.
    if (m.deletionTimestamp && (m.finalizers ?? []).length === 0 && !(kindKey(r) === "/Pod" && (m.deletionGracePeriodSeconds ?? 0) > 0) && !(kindKey(r) === "/Namespace" && (obj.spec?.finalizers ?? []).length > 0)) {
      if (m.finalizers) delete m.finalizers;
      const e = this.store.update(key, obj, cur.modRevision);
      if (!e) throw conflict(r, name, OPTIMISTIC_LOCK_MESSAGE);
      this.store.delete(key);
      return structuredClone(e.value);
    }
    if (sameIgnoringResourceVersion(obj, cur.value)) {
      // No-op updates do not bump the resourceVersion (the real server short-circuits too).
      return structuredClone(cur.value);
    }
    const e = this.store.update(key, obj, cur.modRevision);
    if (!e) throw conflict(r, name, OPTIMISTIC_LOCK_MESSAGE);
    return structuredClone(e.value);
  }

  private remove(r: ResourceType, key: string, cur: StoreEntry, opts: DeleteOptions): KubeObject {
    if (opts.dryRun) return structuredClone(cur.value);
    const gone = this.store.delete(key, cur.modRevision);
    if (!gone) throw conflict(r, cur.value.metadata.name!, OPTIMISTIC_LOCK_MESSAGE);
    return structuredClone(gone.value);
  }

  private validate(r: ResourceType, obj: KubeObject, old: KubeObject | undefined, subresource?: string): void {
    const errs: FieldError[] = validateObjectMeta(r, obj, old);
    const v = validators[kindKey(r)];
    const ctx = { reader: this.reader, resource: r, subresource };
    if (v) {
      if (old) errs.push(...(v.update ? v.update(obj, old, ctx) : v.create ? v.create(obj, ctx) : []));
      else if (v.create) errs.push(...v.create(obj, ctx));
    }
    if (errs.length) throw invalidError(r.kind, r.group, obj.metadata.name ?? "", errs);
  }

  private strictDecode(r: ResourceType, obj: KubeObject, opts: WriteOptions): void {
    // Only Strict rejects unknown fields; Warn (the server's default when the parameter is absent) and Ignore drop them.
    if (opts.fieldValidation !== "Strict") return;
    const unknown = unknownFields(kindKey(r), obj);
    if (unknown.length === 0) return;
    const list = unknown.map((f) => `unknown field "${f}"`).join(", ");
    throw badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: strict decoding error: ${list}`);
  }

  private checkTypeMeta(r: ResourceType, obj: KubeObject): void {
    if (obj.kind && obj.kind !== r.kind) {
      throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(r)})`);
    }
  }

  private checkNamespace(r: ResourceType, namespace: string | undefined, obj: KubeObject): string | undefined {
    if (!r.namespaced) {
      delete obj.metadata.namespace;
      return undefined;
    }
    const requested = namespace ?? obj.metadata.namespace;
    if (!requested) throw badRequest("an empty namespace may not be set during creation");
    if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
      throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    obj.metadata.namespace = requested;
    return requested;
  }

  private compileFilter(r: ResourceType, opts: ListOptions): (o: KubeObject) => boolean {
    const labels = opts.labelSelector ? parseSelector(opts.labelSelector) : undefined;
    const fields = compileFieldSelector(r, opts.fieldSelector);
    return (o) => (!labels || matches(labels, o.metadata.labels)) && (!fields || fields(o));
  }

  private authz(user: UserInfo, verb: string, r: ResourceType, namespace: string | undefined, name?: string, subresource?: string): void {
    const a = { user, verb, resource: r, namespace: r.namespaced ? namespace : undefined, name, subresource };
    const d = authorize(a, this.reader);
    if (!d.allowed) throw forbidden(r, name ?? "", forbiddenReason(a, d.reason));
  }

  private admissionAttributes(op: Operation, user: UserInfo, r: ResourceType, obj: KubeObject | undefined, old: KubeObject | undefined, opts: WriteOptions): AdmissionAttributes {
    const meta = (obj ?? old)!.metadata;
    return { operation: op, resource: r, subresource: opts.subresource, namespace: meta.namespace, name: meta.name ?? "", object: obj, oldObject: old, user, dryRun: !!opts.dryRun };
  }

  private runAdmission(op: Operation, user: UserInfo, r: ResourceType, obj: KubeObject | undefined, old: KubeObject | undefined, opts: WriteOptions): void {
    const a = this.admissionAttributes(op, user, r, obj, old, opts);
    const ctx = { reader: this.reader, clock: this.clock, random: this.random };
    for (const p of this.admission) p.admit?.(a, ctx);
  }

  private runValidatingAdmission(op: Operation, user: UserInfo, r: ResourceType, obj: KubeObject | undefined, old: KubeObject | undefined, opts: WriteOptions): void {
    const a = this.admissionAttributes(op, user, r, obj, old, opts);
    const ctx = { reader: this.reader, clock: this.clock, random: this.random };
    for (const p of this.admission) p.validate?.(a, ctx);
  }

  private lifecycleContext(): LifecycleContext {
    return { reader: this.reader, clock: this.clock, random: this.random };
  }
}

function ns(r: ResourceType, namespace: string | undefined): string | undefined {
  if (!r.namespaced) return undefined;
  if (!namespace) throw badRequest("the server could not find the requested resource (namespace is required)");
  return namespace;
}

/** Deep equality of two objects, ignoring metadata.resourceVersion and undefined fields (a no-op write). */
function sameIgnoringResourceVersion(a: KubeObject, b: KubeObject): boolean {
  const { resourceVersion: _ra, ...ma } = a.metadata ?? {};
  const { resourceVersion: _rb, ...mb } = b.metadata ?? {};
  return deepEqual({ ...a, metadata: ma }, { ...b, metadata: mb });
}

function deepEqual(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x)) {
    const ya = y as unknown[];
    if (x.length !== ya.length) return false;
    for (let i = 0; i < x.length; i++) if (!deepEqual(x[i], ya[i])) return false;
    return true;
  }
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  const xk = Object.keys(xo).filter((k) => xo[k] !== undefined);
  const yk = Object.keys(yo).filter((k) => yo[k] !== undefined);
  if (xk.length !== yk.length) return false;
  for (const k of xk) if (!deepEqual(xo[k], yo[k])) return false;
  return true;
}

function tracksGenerationOnDelete(o: KubeObject): boolean {
  return o.metadata.generation !== undefined;
}

/** autoscaling/v1 Scale view of a scalable object. */
function toScale(obj: KubeObject): KubeObject {
  const sel = obj.spec?.selector;
  let selector = "";
  if (sel?.matchLabels || sel?.matchExpressions) {
    selector = Object.entries(sel.matchLabels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
  }
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector },
  };
}
