/**
 * ImageLocality (Score weight 1): prefers nodes that already have the pod's
 * images, by image size scaled by how many nodes have it (so one node with
 * a popular image is not favoured too much).
 */
import { MAX_NODE_SCORE, type CycleState, type ScorePlugin } from "../framework.js";
import type { NodeInfo } from "../nodeinfo.js";
import type { PodInfo } from "../podinfo.js";
import type { Handle } from "../runtime.js";

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

export class ImageLocality implements ScorePlugin {
  readonly name = "ImageLocality";

  constructor(private readonly handle: Handle) {}

  score(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const images = pod.images;
    const total = this.handle.snapshot.numNodes;
    let sum = 0;
    for (const image of images) {
      const state = nodeInfo.imageStates.get(image);
      if (!state) continue;
      const spread = this.handle.snapshot.imageNumNodes(image) / total;
      sum += Math.trunc(state.size * spread);
    }
    const maxThreshold = MAX_CONTAINER_THRESHOLD * images.length;
    if (sum < MIN_THRESHOLD) sum = MIN_THRESHOLD;
    else if (sum > maxThreshold) sum = maxThreshold;
    return Math.trunc((MAX_NODE_SCORE * (sum - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
  }
}
