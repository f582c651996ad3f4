/**
 * ResourceQuota: refuses a write that would take a namespace over one of its
 * quotas (apiserver/pkg/admission/plugin/resourcequota, CheckRequest). For
 * every quota that tracks the object's resource and whose scopes take it,
 * the object must state what the quota constrains (`failed quota: ...: must
 * specify ...`) and its usage added to what is used must stay within hard
 * (`exceeded quota: <name>, requested: ..., used: ..., limited: ...`).
 *
 * The real plugin adds each admitted object to status.used at once; here the
 * namespace's usage is counted afresh from the store instead, which gives the
 * same numbers without writing from inside admission.
 */
import type { StoreReader } from "../strategy.js";
import { admissionForbidden, type AdmissionPlugin } from "./plugin.js";
import { evaluatorFor, calculateUsage, quotaMatches, type ObjectLister } from "./quota/evaluators.js";
import { add, exceeding, isZero, mask, negativeResources, prettyPrint, subtractNonNegative, toResourceList } from "./resource-list.js";

export function resourceQuota(): AdmissionPlugin {
  return {
    name: "ResourceQuota",
    validate(a, ctx) {
      if (!a.namespace || !a.object || (a.operation !== "CREATE" && a.operation !== "UPDATE")) return;
      // Only the main resource is charged (pod resize is not simulated).
      if (a.subresource) return;
      const quotas = ctx.reader.list("resourcequotas", a.namespace);
      if (quotas.length === 0) return;
      const e = evaluatorFor(a.resource.group, a.resource.plural);
      if (!e.handles({ operation: a.operation, object: a.object, oldObject: a.oldObject })) return;
      const obj = a.object;
      const now = ctx.clock.now();

      const interesting = [];
      for (const q of quotas) {
        if (!quotaMatches(e, q, obj)) continue;
        const restricted = e.matchingResources(Object.keys(q.status?.hard ?? {}));
        const why = e.constraints(restricted, obj);
        if (why) throw admissionForbidden(a, `failed quota: ${q.metadata.name}: ${why}`);
        const used = q.status?.used ?? {};
        if (Object.keys(q.status?.hard ?? {}).some((r) => !(r in used))) throw admissionForbidden(a, `status unknown for quota: ${q.metadata.name}`);
        interesting.push(q);
      }
      if (interesting.length === 0) return;

      let delta = e.usage(obj, now);
      const negative = negativeResources(delta);
      if (negative.length) throw admissionForbidden(a, `quota usage is negative for resource(s): ${negative.sort().join(",")}`);
      if (a.operation === "UPDATE" && a.oldObject?.metadata?.resourceVersion) delta = subtractNonNegative(delta, e.usage(a.oldObject, now));
      if (isZero(delta)) return;

      const lister = storeLister(ctx.reader);
      for (const q of interesting) {
        const hard = toResourceList(q.spec?.hard);
        const requested = mask(delta, hard.keys());
        const used = calculateUsage(a.namespace, q, [...requested.keys()], lister, now);
        const after = mask(add(used, requested), requested.keys());
        const over = exceeding(after, hard);
        if (over.length) {
          throw admissionForbidden(
            a,
            `exceeded quota: ${q.metadata.name}, requested: ${prettyPrint(mask(requested, over))}, used: ${prettyPrint(mask(used, over))}, limited: ${prettyPrint(mask(toResourceList(q.status?.hard), over))}`,
          );
        }
      }
    },
  };
}

function storeLister(reader: StoreReader): ObjectLister {
  return (group, resource, namespace) => reader.list(group ? `${resource}.${group}` : resource, namespace);
}
