/**
 * The checks every validator shares, with apimachinery's messages
 * (k8s.io/apimachinery/pkg/util/validation, .../api/validation,
 * .../apis/meta/v1/validation): DNS names, label keys and values, label
 * selectors, ports, environment variable names, config keys, IPs and CIDRs,
 * non-negative and immutable fields.
 */
import { fe, FIELD_IMMUTABLE, goLabelSelector, type FieldError } from "../../api/field-errors.js";

// ---------------------------------------------------------------- field paths

/** field.Path rendering: `a.b`, `a[0]`, `a[key]`. */
export const path = {
  child: (p: string, ...names: string[]): string => [p, ...names].filter(Boolean).join("."),
  index: (p: string, i: number): string => `${p}[${i}]`,
  key: (p: string, k: string): string => `${p}[${k}]`,
};

// ---------------------------------------------------------------- message builders

export function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

/** validation.RegexError: `msg (e.g. 'a',  or 'b', regex used for validation is 're')`. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let s = `${msg} (e.g. `;
  examples.forEach((ex, i) => {
    if (i > 0) s += " or ";
    s += `'${ex}', `;
  });
  return s + `regex used for validation is '${fmt}')`;
}

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

export const IS_NEGATIVE = "must be greater than or equal to 0";

// ---------------------------------------------------------------- DNS names

const DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL_FMT}$`);

export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL_RE.test(v)) {
    if (DNS1123_SUBDOMAIN_RE.test(v)) errs.push("must not contain dots");
    else
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          DNS1123_LABEL_FMT,
          "my-name",
          "123-abc",
        ),
      );
  }
  return errs;
}

export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN_RE.test(v))
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        "example.com",
      ),
    );
  return errs;
}

export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL_RE.test(v))
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FMT,
        "my-name",
        "abc-123",
      ),
    );
  return errs;
}

const WILDCARD_FMT = `\\*\\.${DNS1123_SUBDOMAIN_FMT}`;
export function isWildcardDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!new RegExp(`^${WILDCARD_FMT}$`).test(v))
    errs.push(
      regexError(
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
        WILDCARD_FMT,
        "*.example.com",
      ),
    );
  return errs;
}

/** A generateName prefix may end with '-': apimachinery masks it before checking. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith("-") ? name.slice(0, -2) + "a" : name;
}

export type NameFn = (name: string, prefix: boolean) => string[];

export const nameIsDNSSubdomain: NameFn = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDNSLabel: NameFn = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);
export const nameIsDNS1035Label: NameFn = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** path.ValidatePathSegmentName (RBAC and a few other kinds). */
export const pathSegmentName: NameFn = (name, prefix) => {
  if (!prefix && (name === "." || name === "..")) return [`may not be '${name}'`];
  const errs: string[] = [];
  if (name.includes("/")) errs.push("may not contain '/'");
  if (name.includes("%")) errs.push("may not contain '%'");
  return errs;
};

// ---------------------------------------------------------------- labels and annotations

const QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** validation.IsQualifiedName (label keys, annotation keys, finalizers, ...). */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split("/");
  let name: string;
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME_RE.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")}`);
  return errs;
}

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);

export function isValidLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE_RE.test(v))
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        "MyValue",
        "my_value",
        "12345",
      ),
    );
  return errs;
}

export function validateQualifiedName(v: string, fld: string): FieldError[] {
  return isQualifiedName(v).map((m) => fe.invalid(fld, v, m));
}

export function validateLabelName(v: string, fld: string): FieldError[] {
  return validateQualifiedName(v, fld);
}

/** v1validation.ValidateLabels: keys are qualified names, values label values; errors on the map's path. */
export function validateLabels(labels: Record<string, string> | undefined, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, fld));
    for (const m of isValidLabelValue(String(v))) errs.push(fe.invalid(fld, v, m));
  }
  return errs;
}

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

export function validateAnnotations(annotations: Record<string, string> | undefined, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(fe.invalid(fld, k, m));
    size += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  }
  if (size > TOTAL_ANNOTATION_SIZE) errs.push(fe.tooLongBytes(fld, TOTAL_ANNOTATION_SIZE));
  return errs;
}

export interface LabelSelectorJson {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

export function validateLabelSelectorRequirement(
  sr: { key: string; operator: string; values?: string[] },
  fld: string,
  allowInvalidValues = false,
): FieldError[] {
  const errs: FieldError[] = [];
  const values = sr.values ?? [];
  switch (sr.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) errs.push(fe.required(path.child(fld, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) errs.push(fe.forbidden(path.child(fld, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      errs.push(fe.invalid(path.child(fld, "operator"), sr.operator ?? "", "not a valid selector operator"));
  }
  errs.push(...validateLabelName(sr.key ?? "", path.child(fld, "key")));
  if (!allowInvalidValues) {
    values.forEach((v, i) => {
      for (const m of isValidLabelValue(v)) errs.push(fe.invalid(path.index(path.child(fld, "values"), i), v, m));
    });
  }
  return errs;
}

/** v1validation.ValidateLabelSelector. */
export function validateLabelSelector(sel: LabelSelectorJson | undefined | null, fld: string, allowInvalidValues = false): FieldError[] {
  if (!sel) return [];
  const errs: FieldError[] = [];
  errs.push(...validateLabels(sel.matchLabels, path.child(fld, "matchLabels")));
  (sel.matchExpressions ?? []).forEach((e, i) =>
    errs.push(...validateLabelSelectorRequirement(e, path.index(path.child(fld, "matchExpressions"), i), allowInvalidValues)),
  );
  return errs;
}

/** Whether a selector (as LabelSelectorAsSelector builds it) matches a label set. */
export function selectorMatches(sel: LabelSelectorJson, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case "In":
        if (!has || !values.includes(l[e.key])) return false;
        break;
      case "NotIn":
        if (has && values.includes(l[e.key])) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Whether LabelSelectorAsSelector would fail (a bad operator or value count). */
export function selectorIsInvalid(sel: LabelSelectorJson | undefined | null): boolean {
  for (const e of sel?.matchExpressions ?? []) {
    const n = e.values?.length ?? 0;
    if ((e.operator === "In" || e.operator === "NotIn") && n === 0) return true;
    if ((e.operator === "Exists" || e.operator === "DoesNotExist") && n > 0) return true;
    if (!["In", "NotIn", "Exists", "DoesNotExist"].includes(e.operator)) return true;
  }
  return false;
}

export function selectorIsEmpty(sel: LabelSelectorJson | undefined | null): boolean {
  return !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
}

// ---------------------------------------------------------------- ports, names, keys

export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(port)) errs.push("must contain at least one letter (a-z)");
  if (port.includes("--")) errs.push("must not contain consecutive hyphens");
  if (port.length > 0 && (port.startsWith("-") || port.endsWith("-"))) errs.push("must not begin or end with a hyphen");
  return errs;
}

/** ValidatePortNumOrName for an IntOrString port (probes, service targetPort). */
export function validatePortNumOrName(port: unknown, fld: string): FieldError[] {
  if (typeof port === "number") return isValidPortNum(port).map((m) => fe.invalid(fld, port, m));
  if (typeof port === "string") return isValidPortName(port).map((m) => fe.invalid(fld, port, m));
  return isValidPortNum(0).map((m) => fe.invalid(fld, 0, m));
}

/** Environment variable names (RelaxedEnvironmentVariableValidation is on in v1.34). */
export function isRelaxedEnvVarName(v: string): string[] {
  const errs: string[] = [];
  if (v.length === 0) errs.push("environment variable name must be non-empty");
  for (const ch of v) {
    const c = ch.codePointAt(0)!;
    if (c > 0x7e || c < 0x20 || ch === "=") {
      errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
      break;
    }
  }
  return errs;
}

function hasChDirPrefix(v: string): string[] {
  if (v === ".") return ["must not be '.'"];
  if (v === "..") return ["must not be '..'"];
  if (v.startsWith("..")) return ["must not start with '..'"];
  return [];
}

/** validation.IsConfigMapKey (ConfigMap and Secret keys). */
export function isConfigMapKey(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!/^[-._a-zA-Z0-9]+$/.test(v))
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME", "key-name"));
  errs.push(...hasChDirPrefix(v));
  return errs;
}

export function isValidPercent(v: string): string[] {
  return /^[0-9]+%$/.test(v) ? [] : [regexError("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%")];
}

export function isHTTPHeaderName(v: string): string[] {
  return /^[-A-Za-z0-9]+$/.test(v) ? [] : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", "[-A-Za-z0-9]+", "X-Header-Name")];
}

// ---------------------------------------------------------------- IPs

export function isIPv4(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  return !!m && m.slice(1).every((x) => Number(x) <= 255 && !(x.length > 1 && x.startsWith("0")));
}

export function isIPv6(s: string): boolean {
  if (!s.includes(":") || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  const dbl = s.split("::");
  if (dbl.length > 2) return false;
  const groups = s.split(":").filter((g) => g !== "");
  const last = groups[groups.length - 1];
  const v4 = last && last.includes(".") ? (isIPv4(last) ? 2 : -100) : 0;
  const hexGroups = v4 ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const total = hexGroups.length + v4;
  return dbl.length === 2 ? total < 8 : total === 8;
}

export function isIP(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

/** validation.IsValidIP. */
export function validateIP(fld: string, value: string): FieldError[] {
  return isIP(value) ? [] : [fe.invalid(fld, value, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")];
}

export function parseCIDR(s: string): { ip: string; bits: number; v6: boolean } | undefined {
  const slash = s.indexOf("/");
  if (slash < 0) return undefined;
  const ip = s.slice(0, slash);
  const bitsText = s.slice(slash + 1);
  if (!/^\d+$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (isIPv4(ip) && bits <= 32) return { ip, bits, v6: false };
  if (isIPv6(ip) && bits <= 128) return { ip, bits, v6: true };
  return undefined;
}

/** validation.IsValidCIDR. */
export function validateCIDR(fld: string, value: string): FieldError[] {
  return parseCIDR(value) ? [] : [fe.invalid(fld, value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")];
}

// ---------------------------------------------------------------- generic field checks

export function validateNonnegative(value: number | undefined, fld: string): FieldError[] {
  return typeof value === "number" && value < 0 ? [fe.invalid(fld, value, IS_NEGATIVE)] : [];
}

/** Deep equality as apiequality.Semantic.DeepEqual treats JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    return (a === undefined || a === null) && (b === undefined || b === null);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}

/** ValidateImmutableField: `Invalid value: <new>: field is immutable`. */
export function validateImmutable(newVal: unknown, oldVal: unknown, fld: string, render: (v: unknown) => unknown = (v) => v): FieldError[] {
  return deepEqual(newVal, oldVal) ? [] : [fe.invalid(fld, render(newVal), FIELD_IMMUTABLE)];
}

/** ValidateImmutableField for a *metav1.LabelSelector. */
export function validateImmutableSelector(newSel: LabelSelectorJson | undefined, oldSel: LabelSelectorJson | undefined, fld: string): FieldError[] {
  return validateImmutable(newSel, oldSel, fld, (v) => goLabelSelector(v as LabelSelectorJson | undefined));
}

/** The supported values list of NotSupported errors, sorted as sets.List returns them. */
export function sorted(values: readonly string[]): string[] {
  return [...values].sort();
}
