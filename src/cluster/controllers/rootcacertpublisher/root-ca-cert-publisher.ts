/**
 * root-ca-certificate-publisher-controller
 * (pkg/controller/certificates/rootcacertpublisher): every namespace has a
 * ConfigMap `kube-root-ca.crt` holding the cluster CA (`ca.crt`), which
 * projected service account volumes mount. It is recreated when deleted and
 * repaired when its data or description annotation is changed.
 */
import type { KubeObject } from "../../api/types.js";
import { isNotFound } from "../../api/errors.js";
import { Controller } from "../controller.js";
import { isNamespaceTerminating, stableStringify } from "../controller-utils.js";

export const ROOT_CA_CONFIGMAP = "kube-root-ca.crt";
const DESCRIPTION_ANNOTATION = "kubernetes.io/description";
const DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. " +
  "No other usage is guaranteed across distributions of Kubernetes clusters.";

export class RootCaCertPublisher extends Controller {
  readonly name = "root-ca-certificate-publisher-controller";
  private readonly namespaces = this.ctx.informers.for("namespaces");
  private readonly configMaps = this.ctx.informers.for("configmaps");

  start(): void {
    this.namespaces.addHandlers({
      add: (ns) => this.queue.add(ns.metadata.name!),
      update: (_o, ns) => ns.status?.phase === "Active" && this.queue.add(ns.metadata.name!),
    });
    const byConfigMap = (cm: KubeObject) => cm.metadata.name === ROOT_CA_CONFIGMAP && this.queue.add(cm.metadata.namespace!);
    this.configMaps.addHandlers({ update: (_o, cm) => byConfigMap(cm), delete: byConfigMap });
  }

  protected sync(namespace: string): void {
    // The real publisher leaves it to the API server to refuse creates in a
    // terminating namespace; checking the phase here keeps it from racing the
    // namespace controller either way.
    const ns = this.namespaces.get(namespace);
    if (!ns || ns.metadata.deletionTimestamp) return;
    const data = { "ca.crt": this.ctx.config.rootCaPem };
    const cm = this.configMaps.get(`${namespace}/${ROOT_CA_CONFIGMAP}`);
    if (!cm) {
      try {
        this.ctx.client.create("configmaps", namespace, {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } },
          data,
        });
      } catch (e) {
        if (isNotFound(e) || isNamespaceTerminating(e)) return;
        throw e;
      }
      return;
    }
    if (stableStringify(cm.data ?? {}) === stableStringify(data) && cm.metadata.annotations?.[DESCRIPTION_ANNOTATION]) return;
    const fixed = structuredClone(cm);
    fixed.data = data;
    fixed.metadata.annotations = { ...(fixed.metadata.annotations ?? {}), [DESCRIPTION_ANNOTATION]: DESCRIPTION };
    this.ctx.client.update("configmaps", namespace, fixed);
  }
}
