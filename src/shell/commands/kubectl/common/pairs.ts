/**
 * KEY=VALUE arguments as kubectl's helpers read them:
 * cmdutil.GetResourcesAndPairs (label, annotate, set image),
 * cmdutil.ParsePairs (annotate, set image, run --annotations) and
 * generate.ParseLabels (run --labels, expose --labels).
 */
import { KubectlError } from "../errors.js";

/** cmdutil.GetResourcesAndPairs: resources first, then KEY=VALUE (or KEY-) pairs. */
export function resourcesAndPairs(args: string[], pairType: string): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const s of args) {
    const isPair = (s.includes("=") && s[0] !== "=") || (s.endsWith("-") && s !== "-");
    if (isPair) pairs.push(s);
    else if (pairs.length > 0) throw new KubectlError(`all resources must be specified before ${pairType} changes: ${s}`);
    else resources.push(s);
  }
  return { resources, pairs };
}

/**
 * cmdutil.ParsePairs: `KEY=VALUE` (split at the first `=`; a later one
 * wins) and, when `supportRemove`, `KEY-` removals; anything else is
 * `invalid <pairType> format: a, b`.
 */
export function parsePairs(args: string[], pairType: string, supportRemove: boolean): { set: Map<string, string>; remove: string[] } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const arg of args) {
    if (arg.includes("=") && arg[0] !== "=") {
      const i = arg.indexOf("=");
      set.set(arg.slice(0, i), arg.slice(i + 1));
    } else if (supportRemove && arg.endsWith("-") && arg !== "-") {
      remove.push(arg.slice(0, -1));
    } else {
      invalid.push(arg);
    }
  }
  if (invalid.length) throw new KubectlError(`invalid ${pairType} format: ${invalid.join(", ")}`);
  return { set, remove };
}

/** generate.ParseLabels: `k=v,k2=v2` into a map. */
export function parseLabelSpec(spec: string): Record<string, string> {
  if (spec.length === 0) throw new KubectlError("no label spec passed");
  const labels: Record<string, string> = {};
  for (const item of spec.split(",")) {
    const kv = item.split("=");
    if (kv.length !== 2) throw new KubectlError(`unexpected label spec: ${item}`);
    if (kv[0].length === 0) throw new KubectlError("unexpected empty label key");
    labels[kv[0]] = kv[1];
  }
  return labels;
}
