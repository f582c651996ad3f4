/**
 * Events of a described object: searchEvents (a field-selector list on the
 * involved object's name, namespace, kind and uid, in the object's
 * namespace or across all for cluster-scoped objects) and DescribeEvents
 * (the `Events:` table: Type, Reason, Age, From, Message).
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import { goSorted } from "../printers/gosort.js";
import type { DescribeContext } from "./describer.js";
import { since, type J } from "./format.js";
import { LEVEL_0, LEVEL_1, type PrefixWriter } from "./writer.js";

/** The reference searchEvents matches: name, namespace, kind (omitted when empty) and uid (omitted when empty). */
export interface EventTarget {
  name: string;
  namespace: string;
  kind?: string;
  uid?: string;
}

export function eventTargetOf(obj: KubeObject, kind: string): EventTarget {
  return { name: obj.metadata.name ?? "", namespace: obj.metadata.namespace ?? "", kind, uid: obj.metadata.uid };
}

/** searchEvents; undefined when the list fails (describers then print no Events block). */
export function searchEvents(d: DescribeContext, ref: EventTarget): J[] | undefined {
  const fields = [`involvedObject.name=${ref.name}`, `involvedObject.namespace=${ref.namespace}`];
  if (ref.kind) fields.push(`involvedObject.kind=${ref.kind}`);
  if (ref.uid) fields.push(`involvedObject.uid=${ref.uid}`);
  try {
    return d.client.list("events", ref.namespace || undefined, { fieldSelector: fields.join(",") }).items;
  } catch {
    return undefined;
  }
}

/** The events of an object when --show-events is on (undefined otherwise). */
export function eventsFor(d: DescribeContext, obj: KubeObject, kind: string): J[] | undefined {
  return d.showEvents ? searchEvents(d, eventTargetOf(obj, kind)) : undefined;
}

const time = (ts: string | null | undefined): number => (ts ? Date.parse(ts) : Number.NEGATIVE_INFINITY);

/** DescribeEvents. */
export function describeEvents(events: J[] | undefined, w: PrefixWriter, now: number): void {
  if (!events) return;
  if (events.length === 0) {
    w.write(LEVEL_0, "Events:\t<none>\n");
    return;
  }
  w.flush();
  // event.SortableEvents: by lastTimestamp (zero first), with sort.Sort's ordering of ties.
  const sorted = goSorted(events, (a, b) => time(a.lastTimestamp) < time(b.lastTimestamp));
  w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.write(LEVEL_1, "----\t------\t----\t----\t-------\n");
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    let interval: string;
    if (e.series) interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    else interval = first;
    const source = e.source?.component || e.reportingComponent || "";
    w.write(LEVEL_1, `${e.type ?? ""}\t${e.reason ?? ""}\t${interval}\t${source}\t${String(e.message ?? "").trim()}\n`);
  }
}
