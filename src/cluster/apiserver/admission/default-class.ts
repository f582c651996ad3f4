/**
 * How the defaulting plugins pick "the default" class among objects marked
 * with an is-default annotation: the newest wins, then the first by name
 * (pkg/volume/util/storageclass.go, defaultingressclass GetDefaultClass).
 */
import type { KubeObject } from "../../api/types.js";

export function newestMarkedDefault(objects: KubeObject[], annotations: string[]): KubeObject | undefined {
  const marked = objects.filter((o) => annotations.some((a) => o.metadata.annotations?.[a] === "true"));
  marked.sort((x, y) => {
    const tx = Date.parse(x.metadata.creationTimestamp ?? "") || 0;
    const ty = Date.parse(y.metadata.creationTimestamp ?? "") || 0;
    if (tx !== ty) return ty - tx;
    return (x.metadata.name ?? "") < (y.metadata.name ?? "") ? -1 : 1;
  });
  return marked[0];
}
