/**
 * The kubelet of one node: registers the Node, posts its status and renews
 * its Lease, and runs the pods bound to the node through the container runtime.
 */
import type { Client } from "../client/client.js";
import type { EventRecorder } from "../client/events.js";
import type { VirtualClock } from "../clock.js";
import type { EventLoop } from "../loop.js";
import type { SeededRandom } from "../random.js";
import type { KubeObject } from "../api/types.js";
import type { NodeFixture } from "../fixture.js";

export interface KubeletContext {
  /** Authenticated as system:node:<name>. */
  client: Client;
  clock: VirtualClock;
  random: SeededRandom;
  loop: EventLoop;
  /** Writes events as `kubelet` from this node. */
  recorder: EventRecorder;
  node: NodeFixture;
  kubernetesVersion: string;
  /** Static pod manifests this kubelet runs (mirror pods `<name>-<node>`). */
  staticPods: KubeObject[];
}

export class Kubelet {
  constructor(readonly ctx: KubeletContext) {}

  get nodeName(): string {
    return this.ctx.node.name;
  }

  start(): void {}

  stop(): void {}
}
