/**
 * The shape of the generated API schema (see src/build/gen-schema.ts): every
 * type of the Kubernetes API with its fields, their types and descriptions.
 * Strict decoding, defaulting and `kubectl explain` read it.
 *
 * A field type is a small expression:
 *   string | boolean | int32 | int64 | float64 | any
 *   Quantity | IntOrString | Time | MicroTime   (types with their own JSON form)
 *   []T            a list of T
 *   map[string]T   an object with arbitrary keys and T values
 *   #group/version.Name   a reference to another type, e.g. #core/v1.PodSpec
 */

export interface FieldSchema {
  /** Type expression. */
  t: string;
  /** Description. */
  d?: string;
  /** 1 when the API marks the field required. */
  r?: 1;
}

export interface TypeSchema {
  /** Go type name as error messages print it, e.g. `v1.PodSpec`. */
  g: string;
  d?: string;
  f: Record<string, FieldSchema>;
}

export interface SchemaDb {
  /** Bumped when the generator's output format changes. */
  format: number;
  /** Version of the kubernetes-types package read, plus the overlay's version. */
  source: string;
  types: Record<string, TypeSchema>;
}

export const SCHEMA_FORMAT = 1;
