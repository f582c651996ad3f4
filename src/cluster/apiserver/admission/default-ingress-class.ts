/**
 * DefaultIngressClass: an Ingress created without spec.ingressClassName (and
 * without the old kubernetes.io/ingress.class annotation) gets the default
 * IngressClass (annotation ingressclass.kubernetes.io/is-default-class:
 * "true"), the newest when several are marked
 * (plugin/pkg/admission/network/defaultingressclass).
 */
import { kindOf, type AdmissionPlugin } from "./plugin.js";
import { newestMarkedDefault } from "./default-class.js";

const IS_DEFAULT = "ingressclass.kubernetes.io/is-default-class";
const CLASS_ANNOTATION = "kubernetes.io/ingress.class";

export function defaultIngressClass(): AdmissionPlugin {
  return {
    name: "DefaultIngressClass",
    admit(a, ctx) {
      if (kindOf(a) !== "networking.k8s.io/Ingress" || a.subresource || a.operation !== "CREATE" || !a.object) return;
      const ing = a.object;
      if ((ing.spec?.ingressClassName ?? null) !== null || ing.metadata.annotations?.[CLASS_ANNOTATION] !== undefined) return;
      const def = newestMarkedDefault(ctx.reader.list("ingressclasses"), [IS_DEFAULT]);
      if (def) (ing.spec ??= {}).ingressClassName = def.metadata.name;
    },
  };
}
