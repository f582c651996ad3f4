/**
 * The scheduler cache (pkg/scheduler/backend/cache): NodeInfos kept from the
 * node and pod informers, plus "assumed" pods — pods the scheduler has
 * placed but whose binding the informer has not confirmed yet — so the next
 * pod already sees their resources.
 *
 * Everything is synchronous, so the cache doubles as the snapshot a
 * scheduling cycle reads; what-if runs work on NodeInfo clones.
 */
import type { KubeObject } from "../api/types.js";
import { NodeInfo } from "./nodeinfo.js";
import { PodInfo } from "./podinfo.js";

interface PodState {
  pod: PodInfo;
  nodeName: string;
  assumed: boolean;
}

export class SchedulerCache {
  private nodes = new Map<string, NodeInfo>();
  /** Nodes with a Node object, in the order they appeared (the node tree of a single zone). */
  private list: NodeInfo[] = [];
  private listDirty = false;
  private podStates = new Map<string, PodState>();
  /** Image name -> nodes that have it, for ImageLocality's spread factor. */
  private imageNodes = new Map<string, Set<string>>();

  // ------------------------------------------------------------ nodes

  addOrUpdateNode(node: KubeObject): NodeInfo {
    const name = node.metadata.name!;
    this.nodeInfos(); // drop removed nodes from the list before a name can come back
    let ni = this.nodes.get(name);
    if (!ni) {
      ni = new NodeInfo(name);
      this.nodes.set(name, ni);
    }
    const hadNode = ni.node !== undefined;
    if (hadNode) this.removeImages(ni);
    ni.setNode(node);
    this.addImages(ni);
    if (!hadNode) {
      this.list.push(ni);
    }
    return ni;
  }

  removeNode(name: string): void {
    const ni = this.nodes.get(name);
    if (!ni || !ni.node) return;
    this.removeImages(ni);
    ni.node = undefined;
    this.listDirty = true;
    // Pods still bound to the node keep their NodeInfo until they are gone.
    if (ni.pods.length === 0) this.nodes.delete(name);
  }

  private addImages(ni: NodeInfo): void {
    for (const image of ni.imageStates.keys()) {
      const s = this.imageNodes.get(image) ?? new Set<string>();
      s.add(ni.name);
      this.imageNodes.set(image, s);
    }
  }

  private removeImages(ni: NodeInfo): void {
    for (const image of ni.imageStates.keys()) {
      const s = this.imageNodes.get(image);
      if (!s) continue;
      s.delete(ni.name);
      if (s.size === 0) this.imageNodes.delete(image);
    }
  }

  /** How many nodes have the image (ImageStateSummary.NumNodes). */
  imageNumNodes(image: string): number {
    return this.imageNodes.get(image)?.size ?? 0;
  }

  /** Nodes with a Node object, in tree order. */
  nodeInfos(): readonly NodeInfo[] {
    if (this.listDirty) {
      this.list = this.list.filter((n) => n.node !== undefined && this.nodes.get(n.name) === n);
      this.listDirty = false;
    }
    return this.list;
  }

  nodeInfo(name: string): NodeInfo | undefined {
    const ni = this.nodes.get(name);
    return ni?.node ? ni : undefined;
  }

  get numNodes(): number {
    return this.nodeInfos().length;
  }

  // ------------------------------------------------------------ pods

  /** A pod the informer reports as bound (or still running) on a node. */
  addOrUpdatePod(pod: KubeObject): void {
    const prev = this.podStates.get(pod.metadata.uid ?? "");
    const pi = PodInfo.of(pod, prev?.pod);
    const nodeName = pi.nodeName;
    if (prev && prev.nodeName === nodeName && pi.requests === prev.pod.requests) {
      // Same digest on the same node (a binding confirmed, a status update): only the object changes.
      this.nodes.get(nodeName)?.replacePod(pi);
      this.podStates.set(pi.uid, { pod: pi, nodeName, assumed: false });
      return;
    }
    if (prev) this.detach(prev);
    this.attach({ pod: pi, nodeName, assumed: false });
  }

  removePod(uid: string): void {
    const st = this.podStates.get(uid);
    if (!st) return;
    this.detach(st);
    this.podStates.delete(uid);
  }

  /** AssumePod: account the pod on the node before the binding is confirmed. */
  assumePod(pod: PodInfo, nodeName: string): void {
    const prev = this.podStates.get(pod.uid);
    if (prev) this.detach(prev);
    this.attach({ pod, nodeName, assumed: true });
  }

  /** ForgetPod: the binding failed; give the resources back. */
  forgetPod(uid: string): void {
    const st = this.podStates.get(uid);
    if (!st || !st.assumed) return;
    this.detach(st);
    this.podStates.delete(uid);
  }

  isAssumed(uid: string): boolean {
    return this.podStates.get(uid)?.assumed ?? false;
  }

  isKnown(uid: string): boolean {
    return this.podStates.has(uid);
  }

  private attach(st: PodState): void {
    let ni = this.nodes.get(st.nodeName);
    if (!ni) {
      ni = new NodeInfo(st.nodeName);
      this.nodes.set(st.nodeName, ni);
    }
    ni.addPod(st.pod);
    this.podStates.set(st.pod.uid, st);
  }

  private detach(st: PodState): void {
    const ni = this.nodes.get(st.nodeName);
    if (!ni) return;
    ni.removePod(st.pod.uid);
    if (!ni.node && ni.pods.length === 0) this.nodes.delete(st.nodeName);
  }
}
