/**
 * The pods informer's `spec.nodeName` index, as the node-lifecycle and
 * taint-eviction controllers add it (getPodsAssignedToNode): the pods bound
 * to one node without scanning every pod in the cluster. It holds keys and
 * reads the objects from the informer's cache, so the many status updates
 * of a bound pod cost nothing here.
 */
import type { KubeObject } from "../../api/types.js";
import { objectKey } from "../../api/types.js";
import type { Informer } from "../../client/informer.js";

export class PodNodeIndex {
  private byNode = new Map<string, Set<string>>();

  /** Registers on the informer; call before the informer starts so no pod is missed. */
  constructor(private readonly pods: Informer) {
    pods.addHandlers({
      add: (p) => this.put(p),
      update: (old, cur) => {
        if (old.spec?.nodeName === cur.spec?.nodeName) return;
        this.remove(old);
        this.put(cur);
      },
      delete: (p) => this.remove(p),
    });
  }

  /** The pods whose spec.nodeName is `nodeName` (read-only cached objects). */
  podsOn(nodeName: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const key of this.byNode.get(nodeName) ?? []) {
      const p = this.pods.get(key);
      if (p) out.push(p);
    }
    return out;
  }

  private put(pod: KubeObject): void {
    const node = pod.spec?.nodeName;
    if (!node) return;
    let keys = this.byNode.get(node);
    if (!keys) this.byNode.set(node, (keys = new Set()));
    keys.add(objectKey(pod));
  }

  private remove(pod: KubeObject): void {
    const node = pod.spec?.nodeName;
    if (!node) return;
    const keys = this.byNode.get(node);
    keys?.delete(objectKey(pod));
    if (keys?.size === 0) this.byNode.delete(node);
  }
}
