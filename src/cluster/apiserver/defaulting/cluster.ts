/**
 * Defaults of the remaining groups: networking (NetworkPolicy ports and
 * policy types, IngressClass parameter scope), RBAC (role reference and
 * subject API groups), StorageClass, PriorityClass, HorizontalPodAutoscaler
 * (autoscaling/v2 defaults.go), EndpointSlice ports and
 * CustomResourceDefinition names.
 */
import type { KubeObject } from "../../api/types.js";

type J = Record<string, any>;
const RBAC = "rbac.authorization.k8s.io";

function defaultNetworkPolicy(np: KubeObject): void {
  const spec: J = (np.spec ??= {});
  for (const rules of [spec.ingress, spec.egress]) for (const r of rules ?? []) for (const p of r?.ports ?? []) p.protocol ??= "TCP";
  if (!(spec.policyTypes ?? []).length) spec.policyTypes = (spec.egress ?? []).length ? ["Ingress", "Egress"] : ["Ingress"];
}

function defaultIngressClass(ic: KubeObject): void {
  const params = ic.spec?.parameters;
  if (params && params.scope === undefined) params.scope = "Cluster";
}

function defaultSubjects(obj: KubeObject): void {
  if (obj.roleRef && !obj.roleRef.apiGroup) obj.roleRef.apiGroup = RBAC;
  for (const s of obj.subjects ?? []) {
    if (s.apiGroup) continue;
    if (s.kind === "ServiceAccount") s.apiGroup = "";
    else if (s.kind === "User" || s.kind === "Group") s.apiGroup = RBAC;
  }
}

function defaultStorageClass(sc: KubeObject): void {
  sc.reclaimPolicy ??= "Delete";
  sc.volumeBindingMode ??= "Immediate";
}

function defaultPriorityClass(pc: KubeObject): void {
  pc.preemptionPolicy ??= "PreemptLowerPriority";
}

/** GenerateHPAScaleUpRules / GenerateHPAScaleDownRules: a behavior given in part is filled in. */
function scalingRules(given: J | undefined, defaults: J): J {
  if (!given) return defaults;
  const out: J = { ...defaults };
  if (given.selectPolicy !== undefined) out.selectPolicy = given.selectPolicy;
  if (given.stabilizationWindowSeconds !== undefined) out.stabilizationWindowSeconds = given.stabilizationWindowSeconds;
  if (given.policies !== undefined) out.policies = given.policies;
  if (given.tolerance !== undefined) out.tolerance = given.tolerance;
  return out;
}

function defaultHPA(hpa: KubeObject): void {
  const spec: J = (hpa.spec ??= {});
  spec.minReplicas ??= 1;
  if (!(spec.metrics ?? []).length) {
    spec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }];
  }
  if (spec.behavior) {
    spec.behavior.scaleUp = scalingRules(spec.behavior.scaleUp, {
      stabilizationWindowSeconds: 0,
      selectPolicy: "Max",
      policies: [
        { type: "Pods", value: 4, periodSeconds: 15 },
        { type: "Percent", value: 100, periodSeconds: 15 },
      ],
    });
    spec.behavior.scaleDown = scalingRules(spec.behavior.scaleDown, {
      selectPolicy: "Max",
      policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
    });
  }
}

function defaultEndpointSlice(es: KubeObject): void {
  for (const p of es.ports ?? []) {
    p.name ??= "";
    p.protocol ??= "TCP";
  }
}

function defaultCRD(crd: KubeObject): void {
  const spec: J = (crd.spec ??= {});
  const names: J = (spec.names ??= {});
  if (!names.singular && names.kind) names.singular = String(names.kind).toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  spec.conversion ??= { strategy: "None" };
  const svc = spec.conversion?.webhook?.clientConfig?.service;
  if (svc) svc.port ??= 443;
  const st: J | undefined = crd.status;
  if (st?.acceptedNames) {
    if (!st.acceptedNames.singular && st.acceptedNames.kind) st.acceptedNames.singular = String(st.acceptedNames.kind).toLowerCase();
    if (!st.acceptedNames.listKind && st.acceptedNames.kind) st.acceptedNames.listKind = `${st.acceptedNames.kind}List`;
  }
}

export const clusterDefaulters: Record<string, (obj: KubeObject) => void> = {
  "networking.k8s.io/NetworkPolicy": defaultNetworkPolicy,
  "networking.k8s.io/IngressClass": defaultIngressClass,
  [`${RBAC}/RoleBinding`]: defaultSubjects,
  [`${RBAC}/ClusterRoleBinding`]: defaultSubjects,
  "storage.k8s.io/StorageClass": defaultStorageClass,
  "scheduling.k8s.io/PriorityClass": defaultPriorityClass,
  "autoscaling/HorizontalPodAutoscaler": defaultHPA,
  "discovery.k8s.io/EndpointSlice": defaultEndpointSlice,
  "apiextensions.k8s.io/CustomResourceDefinition": defaultCRD,
};
