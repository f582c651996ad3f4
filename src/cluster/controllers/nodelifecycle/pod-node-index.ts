/**
 * The pods informer's `spec.nodeName` index, as the node-lifecycle and
 * taint-eviction controllers add it (getPodsAssignedToNode): the pods bound
 * to one node without scanning every pod in the cluster.
 */
import type { KubeObject } from "../../api/types.js";
import { objectKey } from "../../api/types.js";
import type { Informer } from "../../client/informer.js";

export class PodNodeIndex {
  private byNode = new Map<string, Map<string, KubeObject>>();

  /** Registers on the informer; call before the informer starts so no pod is missed. */
  constructor(pods: Informer) {
    pods.addHandlers({
      add: (p) => this.put(p),
      update: (old, cur) => {
        if (old.spec?.nodeName !== cur.spec?.nodeName) this.remove(old);
        this.put(cur);
      },
      delete: (p) => this.remove(p),
    });
  }

  /** The pods whose spec.nodeName is `nodeName` (read-only cached objects). */
  podsOn(nodeName: string): KubeObject[] {
    const m = this.byNode.get(nodeName);
    return m ? [...m.values()] : [];
  }

  private put(pod: KubeObject): void {
    const node = pod.spec?.nodeName;
    if (!node) return;
    let m = this.byNode.get(node);
    if (!m) this.byNode.set(node, (m = new Map()));
    m.set(objectKey(pod), pod);
  }

  private remove(pod: KubeObject): void {
    const node = pod.spec?.nodeName;
    if (!node) return;
    const m = this.byNode.get(node);
    m?.delete(objectKey(pod));
    if (m?.size === 0) this.byNode.delete(node);
  }
}
