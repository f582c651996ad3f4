/**
 * The cluster's etcd: a versioned key-value store of API objects.
 *
 * Keys follow the API server's etcd layout (`/registry/pods/default/web`,
 * `/registry/deployments/default/web`, `/registry/namespaces/default`), so
 * `etcdctl get /registry --prefix --keys-only` can list them. Every write bumps
 * one global revision; an object's resourceVersion is the revision of its last
 * write (its mod revision). Watchers receive events from a revision onwards,
 * delivered through the event loop, never re-entrantly.
 */
import type { EventLoop } from "../loop.js";
import type { KubeObject, WatchEventType } from "../api/types.js";

export interface StoreEntry {
  key: string;
  value: KubeObject;
  createRevision: number;
  modRevision: number;
  version: number;
}

export interface StoreEvent {
  type: WatchEventType;
  key: string;
  object: KubeObject;
  revision: number;
}

export interface StoreSnapshot {
  revision: number;
  entries: Array<{ key: string; value: KubeObject; createRevision: number; modRevision: number; version: number }>;
}

export type StoreWatchHandler = (event: StoreEvent) => void;

interface Watcher {
  prefix: string;
  handler: StoreWatchHandler;
  active: boolean;
}

/** How many past events a watch can start from; older resourceVersions are "too old" (410 Gone). */
const HISTORY_LIMIT = 20_000;

export class Store {
  private entries = new Map<string, StoreEntry>();
  /** key prefix up to the resource (`/registry/pods/`) -> keys under it, for fast lists. */
  private byResource = new Map<string, Set<string>>();
  private history: StoreEvent[] = [];
  private watchers: Watcher[] = [];
  private rev = 1;

  constructor(private readonly loop: EventLoop) {}

  get revision(): number {
    return this.rev;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): StoreEntry | undefined {
    return this.entries.get(key);
  }

  /** Entries whose key starts with prefix, sorted by key (etcd's range order). */
  list(prefix: string): StoreEntry[] {
    const rp = resourcePrefix(prefix);
    const keys: string[] = [];
    if (rp.length <= prefix.length) {
      // Within one resource: only its bucket can hold matches (none if it was never written).
      const bucket = this.byResource.get(rp);
      if (bucket) for (const k of bucket) if (k.startsWith(prefix)) keys.push(k);
    } else {
      for (const k of this.entries.keys()) if (k.startsWith(prefix)) keys.push(k);
    }
    keys.sort();
    return keys.map((k) => this.entries.get(k)!);
  }

  /** Creates key; returns undefined when it already exists. */
  create(key: string, value: KubeObject): StoreEntry | undefined {
    if (this.entries.has(key)) return undefined;
    return this.write(key, value, "ADDED");
  }

  /**
   * Replaces key if its mod revision still equals expectedModRevision
   * (etcd's compare-and-swap); returns undefined on a mismatch or a missing key.
   */
  update(key: string, value: KubeObject, expectedModRevision?: number): StoreEntry | undefined {
    const cur = this.entries.get(key);
    if (!cur) return undefined;
    if (expectedModRevision !== undefined && cur.modRevision !== expectedModRevision) return undefined;
    return this.write(key, value, "MODIFIED");
  }

  delete(key: string, expectedModRevision?: number): StoreEntry | undefined {
    const cur = this.entries.get(key);
    if (!cur) return undefined;
    if (expectedModRevision !== undefined && cur.modRevision !== expectedModRevision) return undefined;
    this.rev++;
    this.entries.delete(key);
    this.byResource.get(resourcePrefix(key))?.delete(key);
    // The DELETED event carries the last state, stamped with the deletion revision.
    const object = freezeDeep({ ...cur.value, metadata: { ...cur.value.metadata, resourceVersion: String(this.rev) } });
    this.emit({ type: "DELETED", key, object, revision: this.rev });
    return cur;
  }

  /**
   * Watches keys under prefix. With fromRevision, first replays the events
   * after that revision (like etcd's watch with a start revision).
   * Returns false from replay when the revision is older than the history kept.
   */
  watch(prefix: string, handler: StoreWatchHandler, fromRevision?: number): { stop(): void; tooOld: boolean } {
    const w: Watcher = { prefix, handler, active: true };
    let tooOld = false;
    if (fromRevision !== undefined && fromRevision < this.rev) {
      const oldest = this.history.length ? this.history[0].revision : this.rev + 1;
      if (fromRevision + 1 < oldest && this.history.length >= HISTORY_LIMIT) tooOld = true;
      for (const ev of this.history) {
        if (ev.revision > fromRevision && ev.key.startsWith(prefix)) {
          this.loop.enqueue(() => w.active && handler(ev));
        }
      }
    }
    this.watchers.push(w);
    return {
      tooOld,
      stop: () => {
        w.active = false;
        this.watchers = this.watchers.filter((x) => x !== w);
      },
    };
  }

  snapshot(): StoreSnapshot {
    const entries = [...this.entries.values()]
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((e) => ({ ...e }));
    return { revision: this.rev, entries };
  }

  /**
   * Replaces the whole content with a snapshot (etcd restore). Watchers are
   * not told object by object: like a restored etcd, the old history is gone
   * and clients must re-list, which the informers do on `resync`.
   */
  restore(snapshot: StoreSnapshot): void {
    this.entries.clear();
    this.byResource.clear();
    for (const e of snapshot.entries) {
      const entry = { ...e, value: freezeDeep(structuredClone(e.value)) };
      this.entries.set(e.key, entry);
      this.bucket(e.key).add(e.key);
    }
    this.rev = Math.max(this.rev, snapshot.revision) + 1;
    this.history = [];
  }

  private write(key: string, value: KubeObject, type: WatchEventType): StoreEntry {
    this.rev++;
    const cur = this.entries.get(key);
    const stamped = freezeDeep({ ...value, metadata: { ...value.metadata, resourceVersion: String(this.rev) } });
    const entry: StoreEntry = {
      key,
      value: stamped,
      createRevision: cur ? cur.createRevision : this.rev,
      modRevision: this.rev,
      version: cur ? cur.version + 1 : 1,
    };
    this.entries.set(key, entry);
    this.bucket(key).add(key);
    this.emit({ type, key, object: stamped, revision: this.rev });
    return entry;
  }

  private bucket(key: string): Set<string> {
    const p = resourcePrefix(key);
    let b = this.byResource.get(p);
    if (!b) {
      b = new Set();
      this.byResource.set(p, b);
    }
    return b;
  }

  private emit(ev: StoreEvent): void {
    this.history.push(ev);
    if (this.history.length > HISTORY_LIMIT * 1.5) this.history = this.history.slice(-HISTORY_LIMIT);
    for (const w of this.watchers) {
      if (ev.key.startsWith(w.prefix)) this.loop.enqueue(() => w.active && w.handler(ev));
    }
  }
}

/** `/registry/pods/default/web` -> `/registry/pods/`; group-qualified resources keep their group segment. */
function resourcePrefix(key: string): string {
  const parts = key.split("/");
  // ["", "registry", resource, ...]
  return parts.length >= 3 ? `/${parts[1]}/${parts[2]}/` : key;
}

/** Stored objects are immutable: readers share them, writers clone first. */
export function freezeDeep<T>(o: T): T {
  if (o && typeof o === "object" && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) freezeDeep(v);
  }
  return o;
}
