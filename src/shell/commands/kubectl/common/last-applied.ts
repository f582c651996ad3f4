/**
 * The kubectl.kubernetes.io/last-applied-configuration annotation
 * (k8s.io/kubectl/pkg/util/apply.go): the JSON of the object as the user
 * wrote it, without the annotation itself, followed by a newline.
 *
 * Objects read from files are maps: encoding/json sorts their keys, and the
 * metadata keeps an `"annotations":{}` left behind by removing the
 * annotation. Objects a create generator built are structs: fields in
 * declaration order, empty maps omitted.
 */
import { OBJECT_META_FIELDS } from "../../../../cluster/api/object-meta.js";
import type { KubeObject } from "../../../../cluster/api/types.js";
import { goJsonMarshal } from "../printers/gofmt.js";

export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";


function withoutAnnotation(obj: KubeObject): { annotations: Record<string, string> } {
  const annotations = { ...(obj.metadata?.annotations ?? {}) };
  delete annotations[LAST_APPLIED_ANNOTATION];
  return { annotations };
}

/**
 * util.GetModifiedConfiguration for a map object: its JSON without the
 * annotation; with `annotate`, the JSON of the object carrying the new
 * annotation (what apply diffs against the live object).
 */
export function modifiedConfiguration(obj: KubeObject, annotate: boolean): string {
  const { annotations } = withoutAnnotation(obj);
  const bare = { ...obj, metadata: { ...obj.metadata, annotations } };
  const encoded = goJsonMarshal(bare) + "\n";
  if (!annotate) return encoded;
  const annotated = { ...obj, metadata: { ...obj.metadata, annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: encoded } } };
  return goJsonMarshal(annotated) + "\n";
}

/** util.CreateApplyAnnotation on a map object (create --save-config -f, apply). */
export function setLastAppliedFromFile(obj: KubeObject): void {
  const encoded = modifiedConfiguration(obj, false);
  obj.metadata.annotations = { ...withoutAnnotation(obj).annotations, [LAST_APPLIED_ANNOTATION]: encoded };
}

/** Sets metadata.annotations on a generated object, keeping ObjectMeta's field order. */
function setTypedAnnotations(obj: KubeObject, annotations: Record<string, string> | undefined): void {
  const meta: Record<string, unknown> = { ...obj.metadata, annotations };
  const ordered: Record<string, unknown> = {};
  for (const key of OBJECT_META_FIELDS) if (meta[key] !== undefined) ordered[key] = meta[key];
  for (const key of Object.keys(meta)) if (!(key in ordered) && meta[key] !== undefined) ordered[key] = meta[key];
  obj.metadata = ordered as KubeObject["metadata"];
}

/** util.CreateApplyAnnotation on an object a create generator built (--save-config). */
export function setLastAppliedTyped(obj: KubeObject): void {
  const { annotations } = withoutAnnotation(obj);
  setTypedAnnotations(obj, Object.keys(annotations).length ? annotations : undefined);
  const encoded = goJsonMarshal(obj, "", 0, false) + "\n";
  setTypedAnnotations(obj, { ...annotations, [LAST_APPLIED_ANNOTATION]: encoded });
}

/** The annotation's content, or undefined when the object has none. */
export function lastApplied(obj: KubeObject): string | undefined {
  return obj.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
}
