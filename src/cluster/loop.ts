/**
 * The cluster's work queue of "things to do now". Watch deliveries, controller
 * syncs and kubelet work are enqueued here and run in FIFO order when the
 * cluster settles, so components never call into each other re-entrantly and
 * the order of everything is deterministic.
 */
export class EventLoop {
  private queue: Array<() => void> = [];
  private head = 0;
  /** Steps run so far; a guard against controllers that fight each other forever. */
  private steps = 0;

  enqueue(fn: () => void): void {
    this.queue.push(fn);
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  /** Runs queued work until none is left. */
  drain(maxSteps = 2_000_000): void {
    let budget = maxSteps;
    while (this.head < this.queue.length) {
      if (budget-- <= 0) {
        throw new Error(`event loop did not settle after ${maxSteps} steps`);
      }
      const fn = this.queue[this.head];
      this.queue[this.head++] = noop;
      this.steps++;
      fn();
      if (this.head > 4096 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
    }
    this.queue.length = 0;
    this.head = 0;
  }

  get totalSteps(): number {
    return this.steps;
  }
}

function noop(): void {}
