/**
 * The loop `rollout pause`, `resume` and `restart` share
 * (pkg/cmd/rollout/rollout_pause.go and siblings): each object is changed
 * through set.CalculatePatches, the patch is sent, and the object printed
 * with the command's operation; a kind the helper does not handle, or an
 * object already in the wanted state, is an error naming it.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import type { KubectlContext } from "../types.js";
import { ObjectPrinter } from "../common/print.js";
import { calculatePatches, isEmptyPatch, type ObjectPatch } from "../set/patch-objects.js";
import { checkErrors, goError, resourceString } from "../visit.js";
import { requireResource, rolloutTargets } from "./common.js";

export interface MarkOptions {
  /** `paused`, `resumed`, `restarted`. */
  operation: string;
  /** Changes the object, or throws with the helper's message (`is already paused`, `pausing is not supported`). */
  mutate(obj: KubeObject): void;
  /** What an unchanged object means: a printed operation (`already paused`) or an error message. */
  onUnchanged(p: ObjectPatch): { print: string } | { error: string };
}

export async function runMark(k: KubectlContext, o: MarkOptions): Promise<number> {
  requireResource(k);
  const printer = await ObjectPrinter.create(k, { operation: o.operation, dryRun: "none" });
  const { targets, errors } = await rolloutTargets(k);
  const errs: unknown[] = [...errors];
  const patches = calculatePatches(targets, (obj) => o.mutate(obj));
  if (patches.length === 0 && errs.length === 0) {
    k.out.err(`No resources found in ${k.namespace} namespace.\n`);
    return 0;
  }
  for (const p of patches) {
    const t = p.target;
    if (p.err !== undefined) {
      errs.push(goError(`error: ${resourceString(t.resource)} ${JSON.stringify(t.name)} ${(p.err as Error).message}`));
      continue;
    }
    if (isEmptyPatch(p.patch)) {
      const unchanged = o.onUnchanged(p);
      if ("error" in unchanged) errs.push(goError(unchanged.error));
      else (await ObjectPrinter.create(k, { operation: unchanged.print, dryRun: "none" })).print(t.object as KubeObject);
      continue;
    }
    try {
      const obj = k.client.patch(t.resource, t.namespace, t.name, "strategic", p.patch);
      printer.print(obj);
    } catch (e) {
      errs.push(goError(`failed to patch: ${(e as Error).message}`));
    }
  }
  checkErrors(errs);
  return 0;
}
