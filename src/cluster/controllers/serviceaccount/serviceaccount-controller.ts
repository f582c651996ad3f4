/**
 * serviceaccount-controller (pkg/controller/serviceaccount): every active
 * namespace has a ServiceAccount named `default`; it is created with the
 * namespace and again whenever it is deleted.
 */
import type { KubeObject } from "../../api/types.js";
import { isAlreadyExists, isNotFound } from "../../api/errors.js";
import { Controller } from "../controller.js";
import { isNamespaceTerminating } from "../controller-utils.js";

/** --service-account-name defaults: the accounts ensured in each namespace. */
const SERVICE_ACCOUNTS_TO_ENSURE = ["default"];

export class ServiceAccountController extends Controller {
  readonly name = "serviceaccount-controller";
  private readonly namespaces = this.ctx.informers.for("namespaces");
  private readonly serviceAccounts = this.ctx.informers.for("serviceaccounts");

  start(): void {
    const byNamespace = (ns: KubeObject) => this.queue.add(ns.metadata.name!);
    this.namespaces.addHandlers({ add: byNamespace, update: (_o, ns) => byNamespace(ns) });
    this.serviceAccounts.addHandlers({
      delete: (sa) => {
        if (SERVICE_ACCOUNTS_TO_ENSURE.includes(sa.metadata.name!)) this.queue.add(sa.metadata.namespace!);
      },
    });
  }

  protected sync(namespace: string): void {
    const ns = this.namespaces.get(namespace);
    // A namespace that is not Active (terminating) gets nothing new.
    if (!ns || ns.status?.phase !== "Active") return;
    for (const name of SERVICE_ACCOUNTS_TO_ENSURE) {
      if (this.serviceAccounts.get(`${namespace}/${name}`)) continue;
      try {
        this.ctx.client.create("serviceaccounts", namespace, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace } });
      } catch (e) {
        if (isAlreadyExists(e) || isNotFound(e) || isNamespaceTerminating(e)) continue;
        throw e;
      }
    }
  }
}
