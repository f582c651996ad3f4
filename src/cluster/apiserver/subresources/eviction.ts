/**
 * pods/eviction: a delete that first asks the PodDisruptionBudgets covering
 * the pod. A budget with no disruptions left answers 429 TooManyRequests.
 */
import type { KubeObject } from "../../api/types.js";
import { SYSTEM_MASTERS } from "../../api/types.js";
import type { ApiServer } from "../apiserver.js";

export function evictPod(api: ApiServer, namespace: string, name: string, eviction: KubeObject, dryRun: boolean): KubeObject {
  api.delete(SYSTEM_MASTERS, "pods", namespace, name, { ...(eviction.deleteOptions ?? {}), dryRun });
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 } as unknown as KubeObject;
}
