/**
 * Work scheduled for a moment, keyed by pod (namespace/name), after
 * pkg/controller/tainteviction/timed_workers.go, on the virtual clock. Work
 * due now runs on the event loop right away and cannot be cancelled; later
 * work waits on a timer and can be.
 */
import type { TimerHandle, VirtualClock } from "../../clock.js";
import type { EventLoop } from "../../loop.js";

export interface TimedWorker {
  createdAt: number;
  fireAt: number;
  timer: TimerHandle;
}

export class TimedWorkerQueue {
  /** Scheduled work by key; null while work that was due at once is running. */
  private workers = new Map<string, TimedWorker | null>();

  constructor(
    private readonly clock: VirtualClock,
    private readonly loop: EventLoop,
    private readonly work: (key: string, fireAt: number) => void,
  ) {}

  /** Schedules `key` for fireAt, unless work for it is already there. */
  addWork(key: string, createdAt: number, fireAt: number): void {
    if (this.workers.has(key)) return;
    const run = () => {
      try {
        this.work(key, fireAt);
      } finally {
        this.workers.delete(key);
      }
    };
    const delay = fireAt - createdAt;
    if (delay <= 0) {
      this.workers.set(key, null);
      this.loop.enqueue(run);
      return;
    }
    const timer = this.clock.setTimer(delay, run);
    this.workers.set(key, { createdAt, fireAt, timer });
  }

  /** Cancels scheduled work; true when a pending timer was stopped. */
  cancelWork(key: string): boolean {
    if (!this.workers.has(key)) return false;
    const w = this.workers.get(key);
    this.workers.delete(key);
    if (!w) return false;
    this.clock.cancel(w.timer);
    return true;
  }

  /** The scheduled (not yet running) work for a key. */
  getWorker(key: string): TimedWorker | undefined {
    return this.workers.get(key) ?? undefined;
  }

  cancelAll(): void {
    for (const w of this.workers.values()) if (w) this.clock.cancel(w.timer);
    this.workers.clear();
  }
}
