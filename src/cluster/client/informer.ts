/**
 * Shared informers: a cache of one resource kept current by list + watch,
 * with handlers for adds, updates and deletes, as client-go's are.
 * Controllers read from these caches and write through the client.
 */
import type { KubeObject, WatchEvent } from "../api/types.js";
import { objectKey } from "../api/types.js";
import type { Client } from "./client.js";

export interface InformerHandlers {
  add?(obj: KubeObject): void;
  update?(oldObj: KubeObject, newObj: KubeObject): void;
  delete?(obj: KubeObject): void;
}

export class Informer {
  private cache = new Map<string, KubeObject>();
  private handlers: InformerHandlers[] = [];
  private stopWatch?: () => void;
  private started = false;

  constructor(
    private readonly client: Client,
    readonly resource: string,
    readonly namespace?: string,
  ) {}

  addHandlers(h: InformerHandlers): void {
    this.handlers.push(h);
    // Late subscribers see what is already known, like client-go's AddEventHandler.
    if (this.started) for (const o of this.cache.values()) h.add?.(o);
  }

  /** Lists then watches from the list's resourceVersion. Safe to call twice. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.relist();
  }

  stop(): void {
    this.stopWatch?.();
    this.stopWatch = undefined;
    this.started = false;
  }

  /**
   * Re-lists and diffs against the cache (after an etcd restore or an API
   * server restart), then watches again.
   */
  relist(): void {
    this.stopWatch?.();
    let list;
    try {
      list = this.client.list(this.resource, this.namespace);
    } catch {
      // API server down: keep the stale cache; the owner calls relist when it is back.
      this.stopWatch = undefined;
      return;
    }
    const seen = new Set<string>();
    for (const o of list.items) {
      const k = objectKey(o);
      seen.add(k);
      const old = this.cache.get(k);
      this.cache.set(k, o);
      if (!old) this.emit({ type: "ADDED", object: o });
      else if (old.metadata.resourceVersion !== o.metadata.resourceVersion) this.emitUpdate(old, o);
    }
    for (const [k, o] of [...this.cache]) {
      if (!seen.has(k)) {
        this.cache.delete(k);
        for (const h of this.handlers) h.delete?.(o);
      }
    }
    this.stopWatch = this.client.watch(this.resource, this.namespace, { resourceVersion: list.metadata.resourceVersion }, (ev) => this.onEvent(ev));
  }

  get(key: string): KubeObject | undefined {
    return this.cache.get(key);
  }

  /** Cached objects (read-only), optionally in one namespace. */
  list(namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const o of this.cache.values()) if (namespace === undefined || o.metadata.namespace === namespace) out.push(o);
    return out;
  }

  get size(): number {
    return this.cache.size;
  }

  private onEvent(ev: WatchEvent): void {
    const k = objectKey(ev.object);
    if (ev.type === "DELETED") {
      const old = this.cache.get(k);
      this.cache.delete(k);
      for (const h of this.handlers) h.delete?.(old ?? ev.object);
      return;
    }
    const old = this.cache.get(k);
    this.cache.set(k, ev.object);
    if (old) this.emitUpdate(old, ev.object);
    else this.emit({ type: "ADDED", object: ev.object });
  }

  private emit(ev: WatchEvent): void {
    for (const h of this.handlers) h.add?.(ev.object);
  }

  private emitUpdate(old: KubeObject, cur: KubeObject): void {
    for (const h of this.handlers) h.update?.(old, cur);
  }
}

/** One informer per resource (and namespace), shared by all controllers of a process. */
export class InformerFactory {
  private informers = new Map<string, Informer>();

  constructor(readonly client: Client) {}

  for(resource: string, namespace?: string): Informer {
    const key = `${resource}|${namespace ?? ""}`;
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new Informer(this.client, resource, namespace);
      this.informers.set(key, inf);
    }
    return inf;
  }

  startAll(): void {
    for (const i of this.informers.values()) i.start();
  }

  stopAll(): void {
    for (const i of this.informers.values()) i.stop();
  }

  relistAll(): void {
    for (const i of this.informers.values()) i.relist();
  }
}
