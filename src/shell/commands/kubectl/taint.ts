/**
 * kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... (pkg/cmd/taint/taint.go,
 * utils.go): KEY=VAL:EFFECT and KEY:EFFECT add, KEY:EFFECT- and KEY- remove.
 * The new list is the added taints first, then the old ones they do not
 * replace; it is sent as a strategic merge patch (spec.taints has no merge
 * key, so the list is replaced whole). The printed operation is `tainted`,
 * `untainted`, or `modified` (with --overwrite, or when adding and removing).
 */
import type { KubeObject } from "../../../cluster/api/types.js";
import { isQualifiedName, isValidLabelValue } from "../../../cluster/apiserver/validation/helpers.js";
import { parseSelector } from "../../../cluster/api/labels.js";
import { KubectlError, UsageError } from "./errors.js";
import type { Subcommand } from "./types.js";
import { ErrorList, collecting } from "./common/errors.js";
import { DRY_RUN_FLAG, PRINT_FLAGS, SELECTOR_FLAG, VALIDATE_FLAG, boolFlag, dryRunStrategy, fieldManagerFlag, sortedFlags, stringFlag, validationDirective } from "./common/flags.js";
import { aggregate } from "./common/metadata-update.js";
import { ObjectPrinter } from "./common/print.js";

interface Taint {
  key: string;
  value?: string;
  effect?: string;
  timeAdded?: string;
}

const EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** v1.Taint.ToString. */
function taintString(t: Taint): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** Taint.MatchTaint: same key and effect. */
const sameTaint = (a: Taint, b: Taint) => a.key === b.key && (a.effect ?? "") === (b.effect ?? "");

/** parseTaint: `<key>=<value>:<effect>`, `<key>:<effect>` or `<key>`. */
function parseTaint(spec: string): Taint {
  const parts = spec.split(":");
  let key: string;
  let value = "";
  let effect = "";
  if (parts.length === 1) {
    key = parts[0];
  } else if (parts.length === 2) {
    effect = parts[1];
    if (!EFFECTS.includes(effect)) throw new Error(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0].split("=");
    if (kv.length > 2) throw new Error(`invalid taint spec: ${spec}`);
    key = kv[0];
    if (kv.length === 2) {
      value = kv[1];
      const errs = isValidLabelValue(value);
      if (errs.length) throw new Error(`invalid taint spec: ${spec}, ${errs.join("; ")}`);
    }
  } else {
    throw new Error(`invalid taint spec: ${spec}`);
  }
  const errs = isQualifiedName(key);
  if (errs.length) throw new Error(`invalid taint spec: ${spec}, ${errs.join("; ")}`);
  const t: Taint = { key };
  if (value) t.value = value;
  if (effect) t.effect = effect;
  return t;
}

/** parseTaints: the taints to add (each needing an effect, unique per key and effect) and to remove. */
function parseTaints(specs: string[]): { add: Taint[]; remove: Taint[] } {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  for (const spec of specs) {
    if (spec.endsWith("-")) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push({ key: t.key, ...(t.effect ? { effect: t.effect } : {}) });
      continue;
    }
    const t = parseTaint(spec);
    if (!t.effect) throw new Error(`invalid taint spec: ${spec}`);
    if (add.some((a) => sameTaint(a, t))) throw new Error(`duplicated taints with the same key and effect: {${t.key} ${t.value ?? ""} ${t.effect} <nil>}`);
    add.push(t);
  }
  return { add, remove };
}

/** reorganizeTaints: the new list and the operation to report, or the `not found` errors of removals. */
function reorganize(old: Taint[], overwrite: boolean, add: Taint[], remove: Taint[]): { operation: string; taints: Taint[] } {
  let taints = [...add];
  for (const o of old) if (!taints.some((t) => sameTaint(t, o))) taints.push(o);
  const added = old.length !== taints.length;
  const notFound: string[] = [];
  let removed = false;
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => (r.effect ? !sameTaint(r, t) : t.key !== r.key));
    removed = taints.length !== before;
    if (!removed) notFound.push(`taint ${JSON.stringify(taintString(r))} not found`);
  }
  const err = aggregate(notFound);
  if (err) throw err;
  if ((added && removed) || overwrite) return { operation: "modified", taints };
  return { operation: added ? "tainted" : "untainted", taints };
}

export const taintCommand: Subcommand = {
  name: "taint",
  short: "Update the taints on one or more nodes",
  long: `Update the taints on one or more nodes.

  *  A taint consists of a key, value, and effect. As an argument here, it is expressed as key=value:effect.
  *  The key must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 253 characters.
  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.
  *  The value is optional. If given, it must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters.
  *  The effect must be NoSchedule, PreferNoSchedule or NoExecute.
  *  Currently taint can only apply to node.`,
  examples: `  # Update node 'foo' with a taint with key 'dedicated' and value 'special-user' and effect 'NoSchedule'
  # If a taint with that key and effect already exists, its value is replaced as specified
  kubectl taint nodes foo dedicated=special-user:NoSchedule
  
  # Remove from node 'foo' the taint with key 'dedicated' and effect 'NoSchedule' if one exists
  kubectl taint nodes foo dedicated:NoSchedule-
  
  # Remove from node 'foo' all the taints with key 'dedicated'
  kubectl taint nodes foo dedicated-
  
  # Add a taint with key 'dedicated' on nodes having label myLabel=X
  kubectl taint node -l myLabel=X  dedicated=foo:PreferNoSchedule
  
  # Add to node 'foo' a taint with key 'bar' and no value
  kubectl taint nodes foo bar:NoSchedule`,
  usage: "kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]",
  flags: sortedFlags([
    { name: "all", type: "bool", usage: "Select all nodes in the cluster" },
    DRY_RUN_FLAG,
    fieldManagerFlag("kubectl-taint"),
    ...PRINT_FLAGS,
    { name: "overwrite", type: "bool", usage: "If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints." },
    SELECTOR_FLAG,
    VALIDATE_FLAG,
  ]),
  async run(k) {
    const dryRun = dryRunStrategy(k);
    const fieldValidation = validationDirective(k);
    const resources: string[] = [];
    const taintArgs: string[] = [];
    for (const s of k.args) {
      const isTaint = s.includes("=") || s.includes(":") || s.endsWith("-");
      if (isTaint) taintArgs.push(s);
      else if (taintArgs.length > 0) throw new KubectlError(`all resources must be specified before taint changes: ${s}`);
      else resources.push(s);
    }
    if (resources.length < 1) throw new KubectlError("one or more resources must be specified as <resource> <name>");
    if (taintArgs.length < 1) throw new KubectlError("at least one taint update is required");
    let parsed: { add: Taint[]; remove: Taint[] };
    try {
      parsed = parseTaints(taintArgs);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }

    // Validate: the type must be nodes; a taint may not be both added and removed.
    const typeArg = resources[0].toLowerCase();
    const r = k.client.resolve(typeArg);
    if (!r) throw new KubectlError(`the server doesn't have a resource type "${typeArg}"`);
    if (r.kind !== "Node" || r.group !== "") throw new KubectlError(`invalid resource type ${typeArg}, only node types are supported`);
    const conflicts = parsed.remove.filter((rm) => parsed.add.some((a) => a.key === rm.key && (!rm.effect || a.effect === rm.effect)));
    if (conflicts.length) {
      throw new KubectlError(`can not both modify and remove the following taint(s) in the same command: ${conflicts.map((c) => `${c.key}=${c.effect ?? ""}`).join(", ")}`);
    }
    const all = boolFlag(k, "all");
    const selector = stringFlag(k, "selector");
    if (all && selector) throw new KubectlError("setting 'all' parameter with a non empty selector is prohibited");
    if (!all && !selector && resources.length < 2) throw new KubectlError("at least one resource name must be specified since 'all' parameter is not set");

    const errors = new ErrorList();
    const nodes: KubeObject[] = [];
    if (selector || all) {
      if (selector) parseSelector(selector);
      const list = await collecting(errors, () => k.client.list(r, undefined, { labelSelector: selector || undefined }));
      nodes.push(...(list?.items ?? []));
    } else {
      for (const name of resources.slice(1)) {
        const node = await collecting(errors, () => k.client.get(r, undefined, name));
        if (node) nodes.push(node);
      }
    }

    const overwrite = boolFlag(k, "overwrite");
    let printer: ObjectPrinter | undefined;
    for (const live of nodes) {
      await collecting(errors, async () => {
        const node = structuredClone(live) as KubeObject;
        const old: Taint[] = node.spec?.taints ?? [];
        if (!overwrite) {
          const existing = parsed.add.filter((t) => old.some((o) => o.key === t.key && o.effect === t.effect)).map((t) => t.key);
          if (existing.length) throw new KubectlError(`node ${node.metadata.name} already has ${existing.join(",")} taint(s) with same effect(s) and --overwrite is false`);
        }
        const { operation, taints } = reorganize(old, overwrite, parsed.add, parsed.remove);
        node.spec = { ...node.spec };
        if (taints.length) node.spec.taints = taints;
        else delete node.spec.taints;
        printer ??= await ObjectPrinter.create(k, { operation, dryRun });
        if (dryRun === "client") {
          printer.print(node, { operation });
          return;
        }
        const patch = { spec: { taints: taints.length ? taints : null } };
        const out = k.client.patch(r, undefined, node.metadata.name!, "strategic", patch, { dryRun: dryRun === "server", fieldValidation });
        printer.print(out, { operation });
      });
    }
    errors.throwIfAny();
    return 0;
  },
};
