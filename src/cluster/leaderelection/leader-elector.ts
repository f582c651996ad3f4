/**
 * Leader election over a coordination.k8s.io Lease, as client-go's
 * leaderelection package does it for kube-controller-manager and
 * kube-scheduler: try to acquire every retryPeriod (2s); a lease whose
 * holder has not renewed within leaseDuration (15s) may be taken over; the
 * leader renews every retryPeriod and gives up when it could not renew for
 * renewDeadline (10s). Several control-plane nodes: one leads, the rest
 * stand by, and take over about 15s after the leader dies.
 */
import type { KubeObject } from "../api/types.js";
import type { Client } from "../client/client.js";
import type { TimerHandle, VirtualClock } from "../clock.js";

export interface LeaderElectionConfig {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/** component-base's RecommendedDefaultLeaderElectionConfiguration. */
export const DEFAULT_LEADER_ELECTION: LeaderElectionConfig = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

export interface LeaderElectorOptions {
  client: Client;
  clock: VirtualClock;
  namespace: string;
  name: string;
  /** `<hostname>_<uuid>`, as the components build it. */
  identity: string;
  config?: LeaderElectionConfig;
  onStartedLeading(): void;
  /** The leader lost its lease: the real components exit ("leaderelection lost"). */
  onStoppedLeading(): void;
  /** Log lines (klog text after the header), e.g. "attempting to acquire leader lease kube-system/kube-scheduler...". */
  log?(file: string, msg: string): void;
  /** Error lines: a failed renewal or lookup ("error retrieving resource lock ..."). */
  error?(file: string, msg: string): void;
}

export class LeaderElector {
  private timer?: TimerHandle;
  private leading = false;
  private lastRenew = 0;
  private stopped = false;
  private readonly cfg: LeaderElectionConfig;

  constructor(private readonly o: LeaderElectorOptions) {
    this.cfg = o.config ?? DEFAULT_LEADER_ELECTION;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    this.o.log?.("leaderelection.go:257", `attempting to acquire leader lease ${this.o.namespace}/${this.o.name}...`);
    this.tryAcquireOrRenew();
  }

  /** The process exits: no release (the next holder waits for the lease to expire). */
  stop(): void {
    this.stopped = true;
    this.o.clock.cancel(this.timer);
    this.timer = undefined;
    this.leading = false;
  }

  private tryAcquireOrRenew(): void {
    if (this.stopped) return;
    this.timer = this.o.clock.setTimer(this.cfg.retryPeriodMs, () => this.tryAcquireOrRenew());
    const now = this.o.clock.now();
    const ok = this.attempt(now);
    if (ok) {
      this.lastRenew = now;
      if (!this.leading) {
        this.leading = true;
        this.o.log?.("leaderelection.go:271", `successfully acquired lease ${this.o.namespace}/${this.o.name}`);
        this.o.onStartedLeading();
      }
    } else if (this.leading && now - this.lastRenew >= this.cfg.renewDeadlineMs) {
      this.leading = false;
      this.o.log?.("leaderelection.go:297", `failed to renew lease ${this.o.namespace}/${this.o.name}: timed out waiting for the condition`);
      this.stop();
      this.o.onStoppedLeading();
    }
  }

  /** One acquire-or-renew round against the API; false when someone else holds a live lease or the API failed. */
  private attempt(now: number): boolean {
    const { client, namespace, name, identity } = this.o;
    const renewTime = this.o.clock.rfc3339Micro();
    const spec = { holderIdentity: identity, leaseDurationSeconds: this.cfg.leaseDurationMs / 1000, renewTime };
    try {
      const lease = client.find("leases", namespace, name);
      if (!lease) {
        client.create("leases", namespace, { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name, namespace }, spec: { ...spec, acquireTime: renewTime, leaseTransitions: 0 } });
        return true;
      }
      const held = lease.spec?.holderIdentity as string | undefined;
      if (held && held !== identity && !this.expired(lease, now)) return false;
      const next: KubeObject = structuredClone(lease);
      const transition = held !== identity;
      next.spec = {
        ...next.spec,
        ...spec,
        ...(transition ? { acquireTime: renewTime, leaseTransitions: Number(lease.spec?.leaseTransitions ?? 0) + (held ? 1 : 0) } : {}),
      };
      client.update("leases", namespace, next);
      return true;
    } catch (e) {
      // client-go logs the failed Get of the lock (leaderelection.go:429 in v1.34).
      this.o.error?.("leaderelection.go:436", `error retrieving resource lock ${namespace}/${name}: Get "https://${client.address}/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases/${name}?timeout=5s": ${e instanceof Error && /refused/.test(e.message) ? `dial tcp ${client.address}: connect: connection refused` : String(e instanceof Error ? e.message : e)}`);
      return false;
    }
  }

  private expired(lease: KubeObject, now: number): boolean {
    const renewed = Date.parse(String(lease.spec?.renewTime ?? lease.spec?.acquireTime ?? 0));
    const duration = Number(lease.spec?.leaseDurationSeconds ?? 15) * 1000;
    return !(renewed + duration > now);
  }
}
