/**
 * Admission control: mutating then validating plugins run on every write,
 * after authorization and defaulting, before storage, as in kube-apiserver.
 */
import type { KubeObject, UserInfo } from "../../api/types.js";
import type { VirtualClock } from "../../clock.js";
import type { SeededRandom } from "../../random.js";
import type { ResourceType } from "../resources.js";
import type { StoreReader } from "../strategy.js";

export type Operation = "CREATE" | "UPDATE" | "DELETE" | "CONNECT";

export interface AdmissionAttributes {
  operation: Operation;
  resource: ResourceType;
  subresource?: string;
  namespace?: string;
  name: string;
  /** The incoming object; mutating plugins change it in place. */
  object?: KubeObject;
  oldObject?: KubeObject;
  user: UserInfo;
  dryRun: boolean;
}

export interface AdmissionContext {
  reader: StoreReader;
  clock: VirtualClock;
  random: SeededRandom;
}

/** A plugin rejects a request by throwing an ApiError. */
export interface AdmissionPlugin {
  name: string;
  admit?(a: AdmissionAttributes, ctx: AdmissionContext): void;
  validate?(a: AdmissionAttributes, ctx: AdmissionContext): void;
}

/** kube-apiserver's default-enabled plugins that matter to the simulation, in its order. */
export function defaultAdmissionPlugins(): AdmissionPlugin[] {
  return [];
}
