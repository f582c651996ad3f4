/**
 * Field validation errors, formatted as apimachinery's field.Error does, and
 * the 422 Invalid status built from them:
 *   The Pod "web" is invalid: spec.containers[0].image: Required value
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

/** Marker for errors whose bad value is not printed (field.OmitValueType). */
export const OMIT_VALUE = Symbol("omit");

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
  if (
    e.type === "Required" ||
    e.type === "Forbidden" ||
    e.type === "TooLong" ||
    e.type === "Internal" ||
    e.badValue === OMIT_VALUE
  ) {
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

/** Approximates Go's %v / %q / %#v choice for bad values. */
export function formatGoValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === "string")) return `[]string{${v.map((x) => JSON.stringify(x)).join(", ")}}`;
    return `[]interface {}{${v.map(formatGoValue).join(", ")}}`;
  }
  return JSON.stringify(v);
}

/** `Kind` or `Kind.group`, as schema.GroupKind.String() prints. */
export function qualifiedKind(kind: string, group: string): string {
  return group ? `${kind}.${group}` : kind;
}

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
      causes: errors.map((e) => ({ reason: `Field${e.type === "TypeInvalid" ? "ValueTypeInvalid" : "Value" + e.type}`, message: fieldErrorBody(e), field: e.field })),
    },
  });
}

/** Small helpers validators use to build paths and errors. */
export const fe = {
  required: (field: string, detail?: string): FieldError => ({ type: "Required", field, detail }),
  invalid: (field: string, badValue: unknown, detail?: string): FieldError => ({ type: "Invalid", field, badValue, detail }),
  notSupported: (field: string, badValue: unknown, supported: string[]): FieldError => ({
    type: "NotSupported",
    field,
    badValue,
    detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(", ")}`,
  }),
  duplicate: (field: string, badValue: unknown): FieldError => ({ type: "Duplicate", field, badValue }),
  forbidden: (field: string, detail: string): FieldError => ({ type: "Forbidden", field, detail }),
  tooLong: (field: string, detail: string): FieldError => ({ type: "TooLong", field, detail }),
};
