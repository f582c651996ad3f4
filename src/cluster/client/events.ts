/**
 * Event recording, as client-go's recorder does: one Event per (object,
 * type, reason, message, source); a repeat bumps count and lastTimestamp
 * instead of creating another. Names are `<object>.<hex unix nanos>`.
 */
import type { KubeObject } from "../api/types.js";
import type { VirtualClock } from "../clock.js";
import type { Client } from "./client.js";

export type EventType = "Normal" | "Warning";

const LAST_NANOS = new WeakMap<VirtualClock, bigint>();

export interface EventSource {
  component: string;
  host?: string;
}

export interface RecordOptions {
  /** e.g. `spec.containers{nginx}` for kubelet container events. */
  fieldPath?: string;
  /** events.k8s.io style action (the scheduler's `Binding`). */
  action?: string;
}

export class EventRecorder {
  /** aggregation key -> event (namespace/name) already written, and its count (the EventCorrelator's cache). */
  private seen = new Map<string, { namespace: string; name: string; count: number }>();

  constructor(
    private readonly client: Client,
    private readonly clock: VirtualClock,
    readonly source: EventSource,
    /** The scheduler and newer components write through events.k8s.io: eventTime set, no firstTimestamp. */
    private readonly eventsApi = false,
  ) {}

  event(obj: KubeObject, type: EventType, reason: string, message: string, opts: RecordOptions = {}): void {
    const ns = obj.metadata.namespace || "default";
    const involved = {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
      ...(opts.fieldPath ? { fieldPath: opts.fieldPath } : {}),
    };
    const key = [obj.metadata.uid, opts.fieldPath ?? "", type, reason, message].join("\u0000");
    const now = this.clock.rfc3339();
    const prev = this.seen.get(key);
    try {
      if (prev && !this.eventsApi) {
        // Patch from the local count, as client-go does: kubelets may create and patch events but not read them.
        try {
          this.client.patch("events", prev.namespace, prev.name, "merge", { count: prev.count + 1, lastTimestamp: now });
          prev.count++;
          return;
        } catch (e) {
          if ((e as { reason?: string }).reason !== "NotFound") throw e;
        }
      }
      const name = `${obj.metadata.name}.${this.nextNanos().toString(16)}`;
      const base = {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name, namespace: ns },
        involvedObject: involved,
        reason,
        message,
        type,
      };
      const body = this.eventsApi
        ? {
            ...base,
            source: {},
            firstTimestamp: null,
            lastTimestamp: null,
            eventTime: this.clock.rfc3339Micro(),
            action: opts.action ?? reason,
            reportingComponent: this.source.component,
            reportingInstance: `${this.source.component}-${this.source.host ?? ""}`,
          }
        : {
            ...base,
            source: this.source.host ? { component: this.source.component, host: this.source.host } : { component: this.source.component },
            firstTimestamp: now,
            lastTimestamp: now,
            count: 1,
            eventTime: null,
            reportingComponent: this.source.component,
            reportingInstance: this.source.host ?? "",
          };
      this.client.create("events", ns, body as KubeObject);
      this.seen.set(key, { namespace: ns, name, count: 1 });
    } catch {
      // Events are best effort, as in client-go: a failed write is dropped.
    }
  }

  /**
   * Event names must not collide across recorders (an HPA and a StatefulSet
   * both named `web` record in the same virtual millisecond), so the
   * nanosecond counter is shared by every recorder on the same clock.
   */
  private nextNanos(): bigint {
    let n = BigInt(this.clock.now()) * 1_000_000n;
    const last = LAST_NANOS.get(this.clock) ?? 0n;
    if (n <= last) n = last + 1n;
    LAST_NANOS.set(this.clock, n);
    return n;
  }
}
