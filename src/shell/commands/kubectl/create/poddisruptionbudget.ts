/** kubectl create poddisruptionbudget NAME --selector=S --min-available=N|--max-unavailable=N (create_pdb.go). */
import { ApiError } from "../../../../cluster/api/errors.js";
import { parseSelector } from "../../../../cluster/api/labels.js";
import { KubectlError } from "../errors.js";
import { stringFlag } from "../common/flags.js";
import { defineGenerator } from "./generator.js";
import { objectMeta, sortedMap } from "./objects.js";

/** intstr.Parse: an integer when it parses as one, else the string. */
export function intOrString(s: string): number | string {
  return /^[+-]?\d+$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : s;
}

/** metav1.ParseToLabelSelector: equality into matchLabels, set-based into matchExpressions; `!=` refused. */
export function parseToLabelSelector(text: string): Record<string, unknown> {
  let reqs;
  try {
    reqs = parseSelector(text);
  } catch (e) {
    const msg = e instanceof ApiError ? e.message : String(e);
    throw new KubectlError(`couldn't parse the selector string "${text}": ${msg}`);
  }
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Array<Record<string, unknown>> = [];
  const ops: Record<string, string> = { in: "In", notin: "NotIn", exists: "Exists", "!": "DoesNotExist" };
  for (const r of [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    if (r.op === "=" || r.op === "==") {
      matchLabels[r.key] = r.values[0];
      continue;
    }
    if (r.op === "gt" || r.op === "lt") throw new KubectlError(`"${r.op}" isn't supported in label selectors`);
    const op = ops[r.op];
    if (!op) throw new KubectlError(`"${r.op}" is not a valid label selector operator`);
    matchExpressions.push({ key: r.key, operator: op, values: r.values.length ? [...new Set(r.values)].sort() : undefined });
  }
  return { matchLabels: sortedMap(matchLabels), matchExpressions: matchExpressions.length ? matchExpressions : undefined };
}

export const createPodDisruptionBudgetCommand = defineGenerator({
  name: "poddisruptionbudget",
  aliases: ["pdb"],
  short: "Create a pod disruption budget with the specified name",
  long: "Create a pod disruption budget with the specified name, selector, and desired minimum available pods.",
  examples:
    "  # Create a pod disruption budget named my-pdb that will select all pods with the app=rails label\n  # and require at least one of them being available at any point in time\n  kubectl create poddisruptionbudget my-pdb --selector=app=rails --min-available=1\n  \n  # Create a pod disruption budget named my-pdb that will select all pods with the app=nginx label\n  # and require at least half of the pods selected to be available at any point in time\n  kubectl create pdb my-pdb --selector=app=nginx --min-available=50%",
  usage: "kubectl create poddisruptionbudget NAME --selector=SELECTOR --min-available=N [--dry-run=server|client|none] [options]",
  flags: [
    { name: "max-unavailable", type: "string", usage: "The maximum number or percentage of unavailable pods this budget requires." },
    { name: "min-available", type: "string", usage: "The minimum number or percentage of available pods this budget requires." },
    { name: "selector", type: "string", usage: "A label selector to use for this budget. Only equality-based selector requirements are supported." },
  ],
  resource: "poddisruptionbudgets",
  createErrorPrefix: "failed to create poddisruptionbudgets: ",
  validate({ k }) {
    const min = stringFlag(k, "min-available");
    const max = stringFlag(k, "max-unavailable");
    if (!stringFlag(k, "selector")) throw new KubectlError("a selector must be specified");
    if (!min && !max) throw new KubectlError("one of min-available or max-unavailable must be specified");
    if (min && max) throw new KubectlError("min-available and max-unavailable cannot be both specified");
    if (min && !/^[0-9]+%?$/.test(min)) throw new KubectlError("invalid format specified for min-available");
    if (max && !/^[0-9]+%?$/.test(max)) throw new KubectlError("invalid format specified for max-unavailable");
  },
  build: ({ k, name, namespace, namespaceExplicit }) => {
    const min = stringFlag(k, "min-available");
    const max = stringFlag(k, "max-unavailable");
    return {
      kind: "PodDisruptionBudget",
      apiVersion: "policy/v1",
      metadata: objectMeta({ name, namespace: namespaceExplicit ? namespace : undefined }),
      spec: {
        minAvailable: min ? intOrString(min) : undefined,
        selector: parseToLabelSelector(stringFlag(k, "selector")),
        maxUnavailable: !min && max ? intOrString(max) : undefined,
      },
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    };
  },
});
