/**
 * NamespaceLifecycle: nothing is created or updated in a namespace that does
 * not exist (NotFound, as the live lookup returns it), nothing new is created
 * in a namespace being terminated, and the system namespaces default,
 * kube-system and kube-public may not be deleted
 * (apiserver/pkg/admission/plugin/namespace/lifecycle).
 */
import { notFound } from "../../api/errors.js";
import { admissionForbidden, kindOf, type AdmissionPlugin } from "./plugin.js";

const IMMORTAL_NAMESPACES = new Set(["default", "kube-system", "kube-public"]);
const NAMESPACES = { group: "", plural: "namespaces", kind: "Namespace" };

export function namespaceLifecycle(): AdmissionPlugin {
  return {
    name: "NamespaceLifecycle",
    admit(a, ctx) {
      if (a.operation === "CONNECT") return;
      const isNamespace = kindOf(a) === "/Namespace";
      if (isNamespace) {
        if (a.operation === "DELETE" && IMMORTAL_NAMESPACES.has(a.name)) throw admissionForbidden(a, "this namespace may not be deleted", undefined, "admit");
        return;
      }
      if (!a.namespace || a.operation === "DELETE") return;
      const ns = ctx.reader.get("namespaces", undefined, a.namespace);
      if (!ns) throw notFound(NAMESPACES, a.namespace);
      if (a.operation === "CREATE" && ns.status?.phase === "Terminating") {
        throw admissionForbidden(a, `unable to create new content in namespace ${a.namespace} because it is being terminated`, [
          { reason: "NamespaceTerminating", message: `namespace ${a.namespace} is being terminated`, field: "metadata.namespace" },
        ], "admit");
      }
    },
  };
}
