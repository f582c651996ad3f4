/**
 * clusterrole-aggregation-controller: fills the rules of every ClusterRole
 * with an aggregationRule (admin, edit, view, or a user's own) with the rules
 * of the ClusterRoles its label selectors pick, in name order, without
 * duplicates (pkg/controller/clusterroleaggregation). Any ClusterRole change
 * re-syncs all aggregated roles, since labels decide membership.
 */
import type { KubeObject } from "../../api/types.js";
import { selectorMatches } from "../../api/labels.js";
import { Controller } from "../controller.js";

export class ClusterRoleAggregationController extends Controller {
  readonly name = "clusterrole-aggregation-controller";

  start(): void {
    const roles = this.ctx.informers.for("clusterroles");
    const enqueueAggregated = () => {
      for (const r of roles.list()) if (r.aggregationRule) this.queue.add(r.metadata.name!);
    };
    roles.addHandlers({ add: enqueueAggregated, update: enqueueAggregated, delete: enqueueAggregated });
  }

  protected sync(name: string): void {
    const roles = this.ctx.informers.for("clusterroles");
    const role = roles.get(name);
    if (!role?.aggregationRule) return;
    const rules: unknown[] = [];
    const seen = new Set<string>();
    for (const selector of role.aggregationRule.clusterRoleSelectors ?? []) {
      const picked = roles
        .list()
        .filter((r) => r.metadata.name !== name && selectorMatches(selector, r.metadata.labels))
        .sort(byName);
      for (const r of picked) {
        for (const rule of r.rules ?? []) {
          const key = JSON.stringify(rule);
          if (seen.has(key)) continue;
          seen.add(key);
          rules.push(structuredClone(rule));
        }
      }
    }
    if (JSON.stringify(rules) === JSON.stringify(role.rules ?? [])) return;
    const next = structuredClone(role) as KubeObject;
    next.rules = rules;
    this.ctx.client.update("clusterroles", undefined, next);
  }
}

function byName(a: KubeObject, b: KubeObject): number {
  return (a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : (a.metadata.name ?? "") > (b.metadata.name ?? "") ? 1 : 0;
}
