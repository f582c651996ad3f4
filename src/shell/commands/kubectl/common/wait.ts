/**
 * Waiting for deleted objects to be gone (kubectl wait --for=delete, as
 * `kubectl delete` does by default). The simulated cluster runs on a virtual
 * clock, so waiting means letting cluster time pass, one second at a time,
 * until the object (with that UID) no longer exists or the timeout expires.
 */
import { isNotFound } from "../../../../cluster/api/errors.js";
import type { ResourceType } from "../../../../cluster/apiserver/resources.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext } from "../types.js";

export interface DeletedObject {
  resource: ResourceType;
  namespace: string | undefined;
  name: string;
  uid?: string;
}

const STEP_MS = 1000;
/**
 * kubectl waits up to a week when no --timeout is given. A stuck object
 * (finalizers nobody removes) would spin the virtual clock for that long, so
 * the simulated wait gives up after ten minutes of cluster time instead.
 */
const DEFAULT_WAIT_MS = 10 * 60 * 1000;

/** The object is gone: not found, or replaced by another of that name (when its UID is known). */
export function isGone(k: KubectlContext, o: DeletedObject): boolean {
  try {
    const live = k.client.get(o.resource, o.namespace, o.name);
    return o.uid !== undefined && live.metadata.uid !== o.uid;
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
}

/** Waits for each object in turn; `timeoutMs` 0 means kubectl's default (no explicit timeout). */
export function waitForDeletion(k: KubectlContext, objects: DeletedObject[], timeoutMs: number): void {
  const cluster = k.tool.cluster;
  const deadline = k.now() + (timeoutMs > 0 ? timeoutMs : DEFAULT_WAIT_MS);
  for (const o of objects) {
    cluster.settle();
    while (!isGone(k, o)) {
      const remaining = deadline - k.now();
      if (remaining <= 0) throw new KubectlError(`timed out waiting for the condition on ${o.resource.plural}/${o.name}`);
      cluster.advance(Math.min(STEP_MS, remaining));
    }
  }
}
