/**
 * Per-kind behaviour the API server applies around storage, as the real
 * registry strategies do: defaulting, validation, what create and update
 * reset, and which fields field selectors may name. The generic pipeline is
 * in apiserver.ts; the kind-specific parts live in defaulting/, validation/,
 * lifecycle.ts and fields.ts, each keyed by `group/Kind` (`/Pod`, `apps/Deployment`).
 */
import type { KubeObject } from "../api/types.js";
import type { FieldError } from "../api/field-errors.js";
import type { ResourceType } from "./resources.js";

export function kindKey(r: Pick<ResourceType, "group" | "kind">): string {
  return `${r.group}/${r.kind}`;
}

/** Read access the strategies and admission plugins get (no authorization, no side effects). */
export interface StoreReader {
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(resource: string, namespace?: string): KubeObject[];
}

export interface ValidationContext {
  reader: StoreReader;
  resource: ResourceType;
  /** The subresource written (`status`, `scale`, `binding`), which selects the strategy's update rules. */
  subresource?: string;
}

export interface Validator {
  create?(obj: KubeObject, ctx: ValidationContext): FieldError[];
  /** Update validation: immutable fields and the rest; by default create's rules apply too. */
  update?(obj: KubeObject, old: KubeObject, ctx: ValidationContext): FieldError[];
}

export type Defaulter = (obj: KubeObject) => void;
