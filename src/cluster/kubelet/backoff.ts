/**
 * client-go's flowcontrol.Backoff as the kubelet uses it for image pulls and
 * container restarts: the first delay is 10s, each further failure doubles
 * it up to 5 minutes, and an entry left alone for twice the maximum (10
 * minutes, e.g. a container that ran that long) starts over.
 */
export class Backoff {
  private entries = new Map<string, { backoff: number; lastUpdate: number }>();

  constructor(
    private readonly now: () => number,
    readonly initialMs = 10_000,
    readonly maxMs = 300_000,
  ) {}

  private expired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > this.maxMs * 2;
  }

  /** Records a failure at eventTime: starts at the initial delay or doubles the current one. */
  next(id: string, eventTime: number): void {
    const e = this.entries.get(id);
    if (!e || this.expired(eventTime, e.lastUpdate)) {
      this.entries.set(id, { backoff: this.initialMs, lastUpdate: this.now() });
      return;
    }
    e.backoff = Math.min(e.backoff * 2, this.maxMs);
    e.lastUpdate = this.now();
  }

  /** The current delay for id (0 when none). */
  get(id: string): number {
    return this.entries.get(id)?.backoff ?? 0;
  }

  /** Still waiting since eventTime (e.g. the container's finish time)? */
  isInBackOffSince(id: string, eventTime: number): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    if (this.expired(this.now(), e.lastUpdate)) return false;
    return this.now() - eventTime < e.backoff;
  }

  /** Still waiting since the last recorded failure? (image pulls) */
  isInBackOffSinceUpdate(id: string, eventTime: number): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    if (this.expired(eventTime, e.lastUpdate)) return false;
    return eventTime - e.lastUpdate < e.backoff;
  }

  /** When the back-off since the last recorded failure ends. */
  expiry(id: string): number | undefined {
    const e = this.entries.get(id);
    return e ? e.lastUpdate + e.backoff : undefined;
  }

  reset(id: string): void {
    this.entries.delete(id);
  }
}
