/**
 * Field validation errors, formatted as apimachinery's field.Error does
 * (k8s.io/apimachinery/pkg/util/validation/field/errors.go), and the 422
 * Invalid status built from them (apierrors.NewInvalid):
 *   The Pod "web" is invalid: spec.containers[0].image: Required value
 *
 * Bad values print as Go prints them: strings with %q, numbers and booleans
 * with %v, anything else with %#v (`map[string]string{"app":"web"}`,
 * `[]string{"a", "b"}`, `v1.LabelSelector{...}`), and values whose Go type
 * has a String() method (Quantity, IntOrString) with that method.
 */
import { ApiError } from "./errors.js";

export type FieldErrorType =
  | "Required"
  | "Invalid"
  | "NotSupported"
  | "Duplicate"
  | "Forbidden"
  | "TooLong"
  | "TooMany"
  | "Internal"
  | "NotFound"
  | "TypeInvalid";

const TYPE_TEXT: Record<FieldErrorType, string> = {
  Required: "Required value",
  Invalid: "Invalid value",
  NotSupported: "Unsupported value",
  Duplicate: "Duplicate value",
  Forbidden: "Forbidden",
  TooLong: "Too long",
  TooMany: "Too many",
  Internal: "Internal error",
  NotFound: "Not found",
  TypeInvalid: "Invalid value",
};

/** metav1.CauseType of each error type, as Status details carry it. */
const CAUSE_TYPE: Record<FieldErrorType, string> = {
  Required: "FieldValueRequired",
  Invalid: "FieldValueInvalid",
  NotSupported: "FieldValueNotSupported",
  Duplicate: "FieldValueDuplicate",
  Forbidden: "FieldValueForbidden",
  TooLong: "FieldValueTooLong",
  TooMany: "FieldValueTooMany",
  Internal: "InternalError",
  NotFound: "FieldValueNotFound",
  TypeInvalid: "FieldValueTypeInvalid",
};

/** Marker for errors whose bad value is not printed (field.OmitValueType). */
export const OMIT_VALUE = Symbol("omit");

/** A bad value already rendered as Go would print it (a %#v struct, a Stringer's String()). */
export class GoValue {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export interface FieldError {
  type: FieldErrorType;
  field: string;
  badValue?: unknown;
  detail?: string;
}

/** The message body after "<field>: ", as field.Error.ErrorBody renders it. */
export function fieldErrorBody(e: FieldError): string {
  const t = TYPE_TEXT[e.type];
  let s: string;
  if (e.type === "Required" || e.type === "Forbidden" || e.type === "TooLong" || e.type === "Internal" || e.badValue === OMIT_VALUE) {
    s = t;
  } else {
    s = `${t}: ${formatGoValue(e.badValue)}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** Go's %q of a string (strconv.Quote). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + '"';
}

/** How ErrorBody prints a bad value: %q strings, %v numbers/bools, %#v otherwise. */
export function formatGoValue(v: unknown): string {
  if (v instanceof GoValue) return v.text;
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  // A nil bad value becomes the string "null", which then prints with %q.
  if (v === null || v === undefined) return '"null"';
  return goSharpV(v);
}

/** Go's %#v of a JSON-like value, guessing the Go type from the JSON shape. */
export function goSharpV(v: unknown): string {
  if (v instanceof GoValue) return v.text;
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === "string")) return goStringSlice(v as string[]);
    if (v.every((x) => typeof x === "number" && Number.isInteger(x))) return `[]int32{${v.join(", ")}}`;
    return `[]interface {}{${v.map(goSharpV).join(", ")}}`;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.every(([, x]) => typeof x === "string")) return goStringMap(v as Record<string, string>);
  return `map[string]interface {}{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => `${goQuote(k)}:${goSharpV(x)}`).join(", ")}}`;
}

/** %#v of a []string; nil prints as `[]string(nil)`. */
export function goStringSlice(v: readonly string[] | undefined | null): string {
  if (!v) return "[]string(nil)";
  return `[]string{${v.map(goQuote).join(", ")}}`;
}

/** %#v of a map[string]string (keys sorted, as fmt prints maps); nil prints as `map[string]string(nil)`. */
export function goStringMap(v: Record<string, string> | undefined | null): string {
  if (!v) return "map[string]string(nil)";
  const keys = Object.keys(v).sort();
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(v[k])}`).join(", ")}}`;
}

/** %#v of a struct: `pkg.Type{Field:value, ...}` with pre-rendered field values. */
export function goStruct(type: string, fields: Array<[string, string]>): GoValue {
  return new GoValue(`${type}{${fields.map(([k, x]) => `${k}:${x}`).join(", ")}}`);
}

/** %#v of a metav1.LabelSelector (as `field is immutable` errors print selectors). */
export function goLabelSelector(sel: { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> } | undefined | null): GoValue {
  if (!sel) return new GoValue("null");
  const exprs = sel.matchExpressions?.length
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions
        .map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(e.key)}, Operator:${goQuote(e.operator)}, Values:${goStringSlice(e.values)}}`)
        .join(", ")}}`
    : sel.matchExpressions
      ? "[]v1.LabelSelectorRequirement{}"
      : "[]v1.LabelSelectorRequirement(nil)";
  return goStruct("v1.LabelSelector", [
    ["MatchLabels", goStringMap(sel.matchLabels)],
    ["MatchExpressions", exprs],
  ]);
}

/** `Kind` or `Kind.group`, as schema.GroupKind.String() prints. */
export function qualifiedKind(kind: string, group: string): string {
  return group ? `${kind}.${group}` : kind;
}

/** apierrors.NewInvalid: 422 with one cause per error, the message listing them (duplicates once). */
export function invalidError(kind: string, group: string, name: string, errors: FieldError[]): ApiError {
  const messages: string[] = [];
  for (const e of errors) {
    const m = formatFieldError(e);
    if (!messages.includes(m)) messages.push(m);
  }
  const qk = qualifiedKind(kind, group);
  let message = `${qk} "${name}" is invalid`;
  if (messages.length === 1) message += `: ${messages[0]}`;
  else if (messages.length > 1) message += `: [${messages.join(", ")}]`;
  return new ApiError({
    code: 422,
    reason: "Invalid",
    message,
    details: {
      name,
      group: group || undefined,
      kind,
      causes: errors.map((e) => ({ reason: CAUSE_TYPE[e.type], message: fieldErrorBody(e), field: e.field })),
    },
  });
}

/** The field.* constructors validators use. */
export const fe = {
  required: (field: string, detail?: string): FieldError => ({ type: "Required", field, detail }),
  invalid: (field: string, badValue: unknown, detail?: string): FieldError => ({ type: "Invalid", field, badValue, detail }),
  notSupported: (field: string, badValue: unknown, supported: readonly string[]): FieldError => ({
    type: "NotSupported",
    field,
    badValue,
    detail: supported.length ? `supported values: ${supported.map(goQuote).join(", ")}` : undefined,
  }),
  duplicate: (field: string, badValue: unknown): FieldError => ({ type: "Duplicate", field, badValue }),
  forbidden: (field: string, detail: string): FieldError => ({ type: "Forbidden", field, detail }),
  /** field.TooLong with a free-form detail. */
  tooLong: (field: string, detail: string): FieldError => ({ type: "TooLong", field, detail }),
  /** field.TooLong(path, value, max): "may not be more than N bytes". */
  tooLongBytes: (field: string, max: number): FieldError => ({ type: "TooLong", field, detail: `may not be more than ${max} bytes` }),
  tooMany: (field: string, actual: number, max: number): FieldError => ({
    type: "TooMany",
    field,
    badValue: actual >= 0 ? actual : OMIT_VALUE,
    detail: max >= 0 ? `must have at most ${max} items` : "has too many items",
  }),
  notFound: (field: string, badValue: unknown, detail?: string): FieldError => ({ type: "NotFound", field, badValue, detail }),
  internal: (field: string, detail: string): FieldError => ({ type: "Internal", field, detail }),
  typeInvalid: (field: string, badValue: unknown, detail: string): FieldError => ({ type: "TypeInvalid", field, badValue, detail }),
};

/** The message of ValidateImmutableField. */
export const FIELD_IMMUTABLE = "field is immutable";
