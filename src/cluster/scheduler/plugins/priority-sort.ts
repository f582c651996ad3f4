/**
 * PrioritySort (QueueSort): higher spec.priority first; equal priorities in
 * the order they entered the queue.
 */
import type { QueueSortPlugin, QueuedPodInfoView } from "../framework.js";

export class PrioritySort implements QueueSortPlugin {
  readonly name = "PrioritySort";

  less(a: QueuedPodInfoView, b: QueuedPodInfoView): boolean {
    const pa = a.pod.priority;
    const pb = b.pod.priority;
    return pa > pb || (pa === pb && a.timestamp < b.timestamp);
  }
}
