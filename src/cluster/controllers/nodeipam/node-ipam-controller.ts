/**
 * node-ipam-controller: assigns each node a /24 pod CIDR from --cluster-cidr
 * (kubeadm's --pod-network-cidr), lowest free range first, in the order
 * nodes register: controlplane 10.244.0.0/24, node01 10.244.1.0/24, ...
 */
import type { KubeObject } from "../../api/types.js";
import { intToIp, ipToInt } from "../../apiserver/allocators.js";
import { Controller } from "../controller.js";

export class NodeIpamController extends Controller {
  readonly name = "node-ipam-controller";

  start(): void {
    // --allocate-node-cidrs=false (kubeadm sets true only with a pod subnet): nodes get no podCIDR.
    if (this.ctx.config.allocateNodeCidrs === false) return;
    const nodes = this.ctx.informers.for("nodes");
    nodes.addHandlers({
      add: (n) => this.queue.add(n.metadata.name!),
      update: (_o, n) => !n.spec?.podCIDR && this.queue.add(n.metadata.name!),
    });
  }

  protected sync(name: string): void {
    const node = this.ctx.informers.for("nodes").get(name);
    if (!node || node.spec?.podCIDR) return;
    const cidr = this.nextFree(this.ctx.informers.for("nodes").list());
    this.ctx.client.patch("nodes", undefined, name, "merge", { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
    this.ctx.recorder("cidrAllocator").event(node, "Normal", "CIDRAssignmentSucceeded", `Node ${name} status is now: CIDRAssignmentSucceeded`);
  }

  private nextFree(nodes: KubeObject[]): string {
    const [base, bits] = this.ctx.config.clusterCidr.split("/");
    const start = ipToInt(base);
    const count = 2 ** (24 - Number(bits));
    const used = new Set(nodes.map((n) => n.spec?.podCIDR).filter(Boolean));
    for (let i = 0; i < count; i++) {
      const cidr = `${intToIp(start + i * 256)}/24`;
      if (!used.has(cidr)) return cidr;
    }
    throw new Error("pod CIDR range exhausted");
  }
}
