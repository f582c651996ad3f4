/**
 * Field validation errors, formatted as apimachinery's field.Error does
 * (k8s.io/apimachinery/pkg/util/validation/field/errors.go), and the 422
 * Invalid status built from them (apierrors.NewInvalid):
 *   The Pod "web" is invalid: spec.containers[0].image: Required value
 *
 * Bad values print as v1.34's ErrorBody prints them: strings with %q,
 * numbers and booleans with %v, anything else as JSON (`{"app":"web"}`,
 * `["a","b"]`, `{"matchLabels":{"app":"web"}}`; internal API structs with
 * their Go field names, `{"APIGroup":"rbac.authorization.k8s.io",...}`).
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

/** Go's %q of a string (strconv.Quote): short escapes where Go has them, \xNN for other control bytes. */
export function goQuote(s: string): string {
  const short: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v" };
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (short[ch]) out += short[ch];
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + '"';
}

/**
 * How ErrorBody (v1.34) prints a bad value: %q for strings, %v for numbers
 * and booleans, and json.Marshal for anything else (maps, slices, structs,
 * nil), e.g. `{"app":"web"}` or `{"matchLabels":{"app":"web"}}`.
 * (Before v1.34 composite values printed with %#v.)
 */
export function formatGoValue(v: unknown): string {
  if (v instanceof GoValue) return v.text;
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return goJson(v);
}

/**
 * Go's json.Marshal of a JSON-like value: map keys sorted, `<`, `>` and `&`
 * escaped as encoding/json does; GoValue parts are inserted as they are
 * (pre-rendered JSON of structs, whose fields keep declaration order).
 */
export function goJson(v: unknown): string {
  if (v instanceof GoValue) return v.text;
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return goJsonString(v);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
  if (typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(",")}]`;
  const keys = Object.keys(v as object).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${goJsonString(k)}:${goJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
}

function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * json.Marshal of a struct, fields in declaration order. Internal API types
 * (core.ServicePort, rbac.RoleRef, ...) have no json tags, so their keys
 * are the Go field names and nothing is omitted: pass every field.
 */
export function goJsonStruct(fields: Array<[string, unknown]>): GoValue {
  return new GoValue(`{${fields.map(([k, x]) => `${goJsonString(k)}:${goJson(x)}`).join(",")}}`);
}

/** %#v of a []string (for messages that format with %#v); nil prints as `[]string(nil)`. */
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

type LabelSelectorJson = { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> };

/** json.Marshal of a metav1.LabelSelector (omitempty fields, declaration order): `{"matchLabels":{"app":"web"}}`. */
export function goLabelSelector(sel: LabelSelectorJson | undefined | null): GoValue {
  if (!sel) return new GoValue("null");
  const fields: Array<[string, unknown]> = [];
  if (sel.matchLabels && Object.keys(sel.matchLabels).length) fields.push(["matchLabels", sel.matchLabels]);
  if (sel.matchExpressions?.length) {
    fields.push([
      "matchExpressions",
      sel.matchExpressions.map((e) => goJsonStruct([["key", e.key ?? ""], ["operator", e.operator ?? ""], ...(e.values?.length ? ([["values", e.values]] as Array<[string, unknown]>) : [])])),
    ]);
  }
  return goJsonStruct(fields);
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
  tooLongBytes: (field: string, max: number): FieldError => ({ type: "TooLong", field, detail: max >= 0 ? `may not be more than ${max} ${max === 1 ? "byte" : "bytes"}` : "value is too long" }),
  tooMany: (field: string, actual: number, max: number): FieldError => ({
    type: "TooMany",
    field,
    badValue: actual >= 0 ? actual : OMIT_VALUE,
    detail: max >= 0 ? `must have at most ${max} ${max === 1 ? "item" : "items"}` : "has too many items",
  }),
  notFound: (field: string, badValue: unknown, detail?: string): FieldError => ({ type: "NotFound", field, badValue, detail }),
  internal: (field: string, detail: string): FieldError => ({ type: "Internal", field, detail }),
  typeInvalid: (field: string, badValue: unknown, detail: string): FieldError => ({ type: "TypeInvalid", field, badValue, detail }),
};

/** The message of ValidateImmutableField. */
export const FIELD_IMMUTABLE = "field is immutable";
