/**
 * kube-scheduler: watches unscheduled pods, runs the filter and score
 * plugins over the nodes, and binds each pod to the best node.
 */
import type { Client } from "../client/client.js";
import type { EventRecorder } from "../client/events.js";
import type { InformerFactory } from "../client/informer.js";
import type { VirtualClock } from "../clock.js";
import type { EventLoop } from "../loop.js";
import type { SeededRandom } from "../random.js";

export interface SchedulerContext {
  client: Client;
  informers: InformerFactory;
  clock: VirtualClock;
  random: SeededRandom;
  loop: EventLoop;
  /** Writes events as default-scheduler (events.k8s.io style). */
  recorder: EventRecorder;
}

export class Scheduler {
  constructor(private readonly ctx: SchedulerContext) {}

  start(): void {}

  stop(): void {}
}
