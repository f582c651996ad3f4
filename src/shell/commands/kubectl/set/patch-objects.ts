/**
 * set.CalculatePatches and the send loop the `kubectl set` commands and
 * `rollout pause|resume|restart` share (pkg/cmd/set/helper.go): each object
 * is changed in memory, the change becomes a two-way strategic merge patch
 * (before -> after), and the patch is sent, or with --local / --dry-run=client
 * the changed object is printed instead.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import type { ResourceType } from "../../../../cluster/apiserver/resources.js";
import type { KubectlContext } from "../types.js";
import type { DryRunStrategy } from "../common/flags.js";
import type { ObjectPrinter } from "../common/print.js";
import type { Target } from "../common/targets.js";
import { threeWayStrategicMergePatch, type JsonMap } from "../common/three-way-patch.js";
import { goError, kindKeyOf, objectName } from "../visit.js";

/** The change a mutate function made: undefined means "nothing to patch" (its object is skipped). */
export type Mutation = (obj: KubeObject, target: Target) => boolean | void;

export interface ObjectPatch {
  target: Target;
  /** The object after the change. */
  object: KubeObject;
  /** The two-way strategic merge patch; `{}` when nothing changed. */
  patch: JsonMap;
  /** Why the change could not be made. */
  err?: unknown;
}

/** CreateTwoWayMergePatch for a built-in kind: what turns `before` into `after`. */
function twoWayPatch(r: ResourceType, before: KubeObject, after: KubeObject): JsonMap {
  const b = JSON.parse(JSON.stringify(before)) as JsonMap;
  const a = JSON.parse(JSON.stringify(after)) as JsonMap;
  return threeWayStrategicMergePatch(b, a, b, kindKeyOf(r));
}

export function isEmptyPatch(p: JsonMap): boolean {
  return Object.keys(p).length === 0;
}

/**
 * CalculatePatches: runs `mutate` on a copy of each object. A mutation that
 * returns false produced nothing to send (Go's nil bytes) and the object is
 * left out; one that throws is kept with its error.
 */
export function calculatePatches(targets: Target[], mutate: Mutation): ObjectPatch[] {
  const out: ObjectPatch[] = [];
  for (const t of targets) {
    const before = t.object as KubeObject;
    const object = structuredClone(before);
    try {
      if (mutate(object, t) === false) continue;
      out.push({ target: t, object, patch: twoWayPatch(t.resource, before, object) });
    } catch (e) {
      out.push({ target: t, object, patch: {}, err: e });
    }
  }
  return out;
}

export interface SendOptions {
  printer: ObjectPrinter;
  dryRun: DryRunStrategy;
  local: boolean;
  /** e.g. `failed to patch image update to pod template: `; undefined passes the server's error on as is. */
  failure?: string;
  /** Objects whose patch is `{}` are not sent nor printed (most set commands); false sends them anyway. */
  skipUnchanged: boolean;
  /** How a failed mutation is reported; by default `error: deployments/web <why>\n`. */
  mutationError?(p: ObjectPatch, why: string): string;
}

/**
 * The send loop: with --local or --dry-run=client the changed object is
 * printed; otherwise the patch goes to the server (dry run there with
 * --dry-run=server) and the server's answer is printed. Errors are
 * returned for the caller to aggregate.
 */
export function sendPatches(k: KubectlContext, patches: ObjectPatch[], o: SendOptions): unknown[] {
  const errs: unknown[] = [];
  for (const p of patches) {
    if (p.err !== undefined) {
      const why = p.err instanceof Error ? p.err.message : String(p.err);
      errs.push(goError(o.mutationError ? o.mutationError(p, why) : `error: ${objectName(p.target.resource, p.target.name, o.local)} ${why}\n`));
      continue;
    }
    if (o.skipUnchanged && Object.keys(p.patch).length === 0) continue;
    if (o.local || o.dryRun === "client") {
      o.printer.print(p.object);
      continue;
    }
    try {
      const t = p.target;
      const actual = k.client.patch(t.resource, t.namespace, t.name, "strategic", p.patch, { dryRun: o.dryRun === "server" });
      o.printer.print(actual);
    } catch (e) {
      errs.push(o.failure === undefined ? e : goError(`${o.failure}${e instanceof Error ? e.message : String(e)}`));
    }
  }
  return errs;
}
