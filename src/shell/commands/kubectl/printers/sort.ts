/**
 * --sort-by=<jsonpath>, as kubectl's SortingPrinter / TableSorter: the
 * first value the path finds in each object is the key; objects without it
 * come first; strings that both parse as quantities compare as quantities
 * (`100Mi` < `1Gi`), other strings byte-wise, numbers numerically. The
 * order of equal keys is Go's sort.Sort's (not stable), as in kubectl.
 */
import { KubectlError } from "../errors.js";
import { JSONPath, JSONPathError, relaxedJSONPathExpression } from "./jsonpath.js";
import { goTypeName } from "./gofmt.js";
import { goSorted } from "./gosort.js";

/** The field as kubectl parses it: relaxed form when possible, else as typed. */
export function sortField(sortBy: string): string {
  try {
    return relaxedJSONPathExpression(sortBy);
  } catch {
    return sortBy;
  }
}

const SUFFIX: Record<string, number> = {
  "": 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** resource.ParseQuantity's syntax, as a number (for ordering only); undefined when not a quantity. */
export function parseQuantity(s: string): number | undefined {
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2]) return n * 10 ** Number(m[2].slice(1));
  return n * SUFFIX[m[3] ?? ""];
}

class UnsortableError extends Error {}

function less(a: unknown, b: unknown): boolean {
  if (a === null && b === null) return false;
  if (a === null) return true;
  if (b === null) return false;
  if (typeof a === "string" && typeof b === "string") {
    const qa = parseQuantity(a);
    const qb = parseQuantity(b);
    if (qa !== undefined && qb !== undefined) return qa < qb;
    return Buffer.compare(Buffer.from(a), Buffer.from(b)) < 0;
  }
  if (typeof a === "number" && typeof b === "number" && Number.isInteger(a) === Number.isInteger(b)) return a < b;
  if (typeof a === typeof b && (typeof a === "boolean" || typeof a === "object")) {
    throw new UnsortableError(`unsortable type: ${goTypeName(a)}`);
  }
  throw new UnsortableError("unsortable interface: interface");
}

/**
 * Sorts items by the field. `objectOf` gives the object a row
 * stands for. Throws kubectl's errors for a bad path or a field no object has.
 */
export function sortByField<T>(items: T[], objectOf: (item: T) => unknown, sortBy: string, forTable: boolean): T[] {
  const field = sortField(sortBy);
  const parser = new JSONPath("sorting");
  parser.allowMissingKeys = true;
  try {
    parser.parse(field);
  } catch (e) {
    const msg = (e as Error).message;
    throw new KubectlError(forTable ? `sorting error: ${msg}` : msg);
  }
  const keys = items.map((item) => {
    try {
      const r = parser.findResults(objectOf(item));
      return r.length > 0 && r[0].length > 0 ? { found: true, value: r[0][0] } : { found: false, value: undefined };
    } catch (e) {
      if (e instanceof JSONPathError) throw new KubectlError(e.message);
      throw e;
    }
  });
  if (items.length > 0 && !keys.some((k) => k.found)) {
    throw new KubectlError(`couldn't find any field with path "${field}" in the list of objects`);
  }
  // RuntimeSort.Less / TableSorter.Less: a missing key sorts first (even against another missing one).
  const lessKey = (i: number, j: number): boolean => {
    if (!keys[i].found) return true;
    if (!keys[j].found) return false;
    return less(keys[i].value, keys[j].value);
  };
  try {
    return goSorted(
      items.map((_, i) => i),
      lessKey,
    ).map((i) => items[i]);
  } catch (e) {
    if (e instanceof UnsortableError) throw new SortFieldError(field, e.message);
    throw e;
  }
}

/** klog.Exitf from the sorter: the field's values cannot be ordered. */
export class SortFieldError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`Field ${field} in [][][]reflect.Value is an unsortable type: interface, err: ${reason}`);
  }
}
