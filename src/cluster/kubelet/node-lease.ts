/**
 * The node heartbeat: Lease kube-node-lease/<node>, held by the node, with
 * leaseDurationSeconds 40 and renewTime bumped every 10s (a quarter of the
 * duration). The node-lifecycle controller watches renewTime to decide when
 * a node stopped reporting.
 */
import type { KubeObject } from "../api/types.js";
import type { Client } from "../client/client.js";
import type { TimerHandle, VirtualClock } from "../clock.js";

export const NODE_LEASE_NAMESPACE = "kube-node-lease";
export const NODE_LEASE_DURATION_SECONDS = 40;
export const NODE_LEASE_RENEW_INTERVAL_MS = (NODE_LEASE_DURATION_SECONDS * 1000) / 4;

export class NodeLease {
  private timer?: TimerHandle;
  private lease?: KubeObject;

  constructor(
    private readonly client: Client,
    private readonly clock: VirtualClock,
    private readonly nodeName: string,
    /** The Node's uid once registered (the Lease is owned by the Node). */
    private readonly nodeUid: () => string | undefined,
  ) {}

  start(): void {
    this.renew();
  }

  stop(): void {
    this.clock.cancel(this.timer);
    this.timer = undefined;
  }

  private renew(): void {
    this.timer = this.clock.setTimer(NODE_LEASE_RENEW_INTERVAL_MS, () => this.renew());
    const uid = this.nodeUid();
    if (!uid) return;
    const renewTime = this.clock.rfc3339Micro();
    try {
      if (!this.lease) this.lease = this.client.find("leases", NODE_LEASE_NAMESPACE, this.nodeName);
      if (!this.lease) {
        this.lease = this.client.create("leases", NODE_LEASE_NAMESPACE, {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: {
            name: this.nodeName,
            namespace: NODE_LEASE_NAMESPACE,
            ownerReferences: [{ apiVersion: "v1", kind: "Node", name: this.nodeName, uid }],
          },
          spec: { holderIdentity: this.nodeName, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime },
        });
        return;
      }
      const next = structuredClone(this.lease);
      next.spec = { ...next.spec, holderIdentity: this.nodeName, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime };
      this.lease = this.client.update("leases", NODE_LEASE_NAMESPACE, next);
    } catch {
      // Conflict, deleted lease or API server down: start from a fresh read next time.
      this.lease = undefined;
    }
  }
}
