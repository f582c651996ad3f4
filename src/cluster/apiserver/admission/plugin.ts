/**
 * What every admission plugin sees and how it answers: the request's
 * attributes (admission.Attributes), read access to the cluster, and the
 * Forbidden error plugins reject with (admission.NewForbidden).
 */
import type { KubeObject, UserInfo } from "../../api/types.js";
import { ApiError, forbidden, type StatusCause } from "../../api/errors.js";
import type { VirtualClock } from "../../clock.js";
import type { SeededRandom } from "../../random.js";
import { NAME_ALPHABET } from "../../random.js";
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

/** `group/Kind` of the request's resource, e.g. `/Pod`. */
export function kindOf(a: AdmissionAttributes): string {
  return `${a.resource.group}/${a.resource.kind}`;
}

/**
 * admission.NewForbidden: `<resource> "<name>" is forbidden: <why>`. The name
 * is the object's; on create, mutating plugins run before the server
 * generates a name from generateName, so their errors name the prefix
 * (`pods "web-7c5b9f-" is forbidden: ...`), while validating plugins see the
 * generated name.
 */
export function admissionForbidden(a: AdmissionAttributes, why: string, causes?: StatusCause[], phase: "admit" | "validate" = "validate"): ApiError {
  const meta = a.object?.metadata;
  let name = a.name || meta?.name || meta?.generateName || "Unknown";
  if (phase === "admit" && a.operation === "CREATE" && meta?.generateName && isGeneratedFrom(name, meta.generateName)) name = meta.generateName;
  const e = forbidden(a.resource, name, why);
  if (causes?.length) e.status.details = { ...e.status.details, causes };
  return e;
}

/** names.SimpleNameGenerator: the prefix plus five characters of the name alphabet. */
function isGeneratedFrom(name: string, prefix: string): boolean {
  return name.length === prefix.length + 5 && name.startsWith(prefix) && [...name.slice(prefix.length)].every((ch) => NAME_ALPHABET.includes(ch));
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several in brackets. */
export function aggregateMessage(messages: string[]): string {
  return messages.length === 1 ? messages[0] : `[${messages.join(", ")}]`;
}
