/**
 * resourcequota-controller: keeps each ResourceQuota's status current
 * (pkg/controller/resourcequota): status.hard mirrors spec.hard and
 * status.used is what the namespace's objects use of each hard resource,
 * counted with the quota evaluators the admission plugin charges with.
 * `kubectl describe quota` shows the two side by side.
 *
 * A quota is recomputed when it changes and when an object of a resource it
 * tracks is added, changed or deleted in its namespace (the real controller's
 * replenishment, which here also stands in for admission's own updates).
 */
import type { KubeObject } from "../../api/types.js";
import { objectKey, splitKey } from "../../api/types.js";
import type { Informer } from "../../client/informer.js";
import { calculateUsage, resourceOfQuotaName, type ObjectLister } from "../../apiserver/admission/quota/evaluators.js";
import { toJson, toResourceList } from "../../apiserver/admission/resource-list.js";
import { Controller } from "../controller.js";

export class ResourceQuotaController extends Controller {
  readonly name = "resourcequota-controller";
  /** Informers of tracked resources, by informer name (`pods`, `deployments.apps`). */
  private tracked = new Map<string, Informer>();

  start(): void {
    const quotas = this.ctx.informers.for("resourcequotas");
    quotas.addHandlers({
      add: (q) => this.onQuota(q),
      update: (_o, q) => this.onQuota(q),
    });
  }

  private onQuota(q: KubeObject): void {
    for (const name of Object.keys(q.spec?.hard ?? {})) {
      const gr = resourceOfQuotaName(name);
      if (gr) this.track(informerName(gr.group, gr.resource));
    }
    this.queue.add(objectKey(q));
  }

  /** Starts following a resource so that changes to it re-count the quotas of its namespace. */
  private track(resource: string): void {
    if (this.tracked.has(resource)) return;
    const inf = this.ctx.informers.for(resource);
    this.tracked.set(resource, inf);
    const touch = (o: KubeObject) => this.enqueueNamespace(o.metadata.namespace);
    inf.addHandlers({ add: touch, update: (_o, n) => touch(n), delete: touch });
    inf.start();
  }

  private enqueueNamespace(namespace: string | undefined): void {
    if (!namespace) return;
    for (const q of this.ctx.informers.for("resourcequotas").list(namespace)) this.queue.add(objectKey(q));
  }

  protected sync(key: string): void {
    const quota = this.ctx.informers.for("resourcequotas").get(key);
    if (!quota) return;
    const { namespace } = splitKey(key);
    const hard = toResourceList(quota.spec?.hard);
    const lister: ObjectLister = (group, resource, ns) => {
      const inf = this.tracked.get(informerName(group, resource));
      return inf ? inf.list(ns) : [];
    };
    const used = calculateUsage(namespace!, quota, [...hard.keys()], lister, this.ctx.clock.now());
    const status = { hard: toJson(hard), used: toJson(used) };
    if (JSON.stringify(status) === JSON.stringify({ hard: quota.status?.hard, used: quota.status?.used })) return;
    const next = structuredClone(quota) as KubeObject;
    next.status = status;
    this.ctx.client.updateStatus("resourcequotas", namespace, next);
  }
}

function informerName(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}
