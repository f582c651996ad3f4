/**
 * Validation of the other API groups: rbac, networking, policy,
 * scheduling, autoscaling, storage, coordination.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { newApi, type TestApi } from "../api-fixture.js";
import { createError, fetch, updateError, y } from "./helpers.js";

let t: TestApi;
beforeAll(() => {
  t = newApi();
});

describe("rbac.authorization.k8s.io", () => {
  const rbac = "apiVersion: rbac.authorization.k8s.io/v1";
  it("checks rules", () => {
    expect(createError(t, "roles", `{${rbac}, kind: Role, metadata: {name: r}, rules: [{resources: [pods], verbs: [get]}]}`)).toBe(
      'Role.rbac.authorization.k8s.io "r" is invalid: rules[0].apiGroups: Required value: resource rules must supply at least one api group',
    );
    expect(createError(t, "roles", `{${rbac}, kind: Role, metadata: {name: r}, rules: [{apiGroups: [""], resources: [pods]}]}`)).toBe(
      'Role.rbac.authorization.k8s.io "r" is invalid: rules[0].verbs: Required value: verbs must contain at least one value',
    );
  });

  it("checks bindings", () => {
    expect(createError(t, "rolebindings", `{${rbac}, kind: RoleBinding, metadata: {name: rb}, roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Foo, name: x}}`)).toBe(
      'RoleBinding.rbac.authorization.k8s.io "rb" is invalid: roleRef.kind: Unsupported value: "Foo": supported values: "Role", "ClusterRole"',
    );
    expect(
      createError(t, "rolebindings", `{${rbac}, kind: RoleBinding, metadata: {name: rb}, roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: x}, subjects: [{kind: Person, name: bob}]}`),
    ).toBe('RoleBinding.rbac.authorization.k8s.io "rb" is invalid: subjects[0].kind: Unsupported value: "Person": supported values: "ServiceAccount", "User", "Group"');
  });

  it("refuses to change roleRef", () => {
    t.create("rolebindings", y(`{${rbac}, kind: RoleBinding, metadata: {name: rb2}, roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: x}, subjects: [{kind: ServiceAccount, name: default, namespace: default}]}`));
    const rb = fetch(t, "rolebindings", "rb2");
    rb.roleRef.name = "y";
    expect(updateError(t, "rolebindings", rb)).toBe(
      'RoleBinding.rbac.authorization.k8s.io "rb2" is invalid: roleRef: Invalid value: {"APIGroup":"rbac.authorization.k8s.io","Kind":"Role","Name":"y"}: cannot change roleRef',
    );
  });
});

describe("networking.k8s.io", () => {
  const backend = "{service: {name: web, port: {number: 80}}}";
  const ing = (rule: string) => `{apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: i}, spec: {rules: [${rule}]}}`;
  it("checks Ingress rules", () => {
    expect(createError(t, "ingresses", ing(`{http: {paths: [{path: /, backend: ${backend}}]}}`))).toBe(
      'Ingress.networking.k8s.io "i" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    );
    expect(createError(t, "ingresses", ing(`{http: {paths: [{path: api, pathType: Prefix, backend: ${backend}}]}}`))).toBe(
      'Ingress.networking.k8s.io "i" is invalid: spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
    );
    expect(createError(t, "ingresses", ing(`{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web}}}]}}`))).toBe(
      'Ingress.networking.k8s.io "i" is invalid: spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
    );
    expect(createError(t, "ingresses", `{apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: i}, spec: {}}`)).toBe(
      'Ingress.networking.k8s.io "i" is invalid: spec: Invalid value: null: either `defaultBackend` or `rules` must be specified',
    );
  });

  it("checks NetworkPolicy peers and types", () => {
    const np = (spec: string) => `{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: n}, spec: ${spec}}`;
    expect(createError(t, "networkpolicies", np("{podSelector: {}, ingress: [{from: [{}]}]}"))).toBe(
      'NetworkPolicy.networking.k8s.io "n" is invalid: spec.ingress[0].from[0]: Required value: must specify a peer',
    );
    expect(createError(t, "networkpolicies", np("{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]}"))).toBe(
      'NetworkPolicy.networking.k8s.io "n" is invalid: spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": not a valid CIDR',
    );
    expect(createError(t, "networkpolicies", np("{podSelector: {}, policyTypes: [Both]}"))).toBe(
      'NetworkPolicy.networking.k8s.io "n" is invalid: spec.policyTypes[0]: Unsupported value: "Both": supported values: "Ingress", "Egress"',
    );
  });
});

describe("policy, scheduling, autoscaling, storage, coordination", () => {
  it("PodDisruptionBudget", () => {
    expect(createError(t, "poddisruptionbudgets", `{apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {name: p}, spec: {minAvailable: 1, maxUnavailable: 1}}`)).toBe(
      'PodDisruptionBudget.policy "p" is invalid: spec: Invalid value: {"MinAvailable":1,"Selector":null,"MaxUnavailable":1,"UnhealthyPodEvictionPolicy":null}: minAvailable and maxUnavailable cannot be both set',
    );
  });

  it("PriorityClass", () => {
    expect(createError(t, "priorityclasses", `{apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: p}, value: 2000000000}`)).toBe(
      'PriorityClass.scheduling.k8s.io "p" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    );
    expect(createError(t, "priorityclasses", `{apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: system-foo}, value: 10}`)).toBe(
      "PriorityClass.scheduling.k8s.io \"system-foo\" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-foo is not a known system priority class",
    );
  });

  it("HorizontalPodAutoscaler", () => {
    expect(
      createError(t, "horizontalpodautoscalers", `{apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, metadata: {name: h}, spec: {scaleTargetRef: {kind: Deployment, name: x}, minReplicas: 5, maxReplicas: 2}}`),
    ).toBe('HorizontalPodAutoscaler.autoscaling "h" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`');
  });

  it("StorageClass and Lease", () => {
    expect(createError(t, "storageclasses", `{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: s}}`)).toBe('StorageClass.storage.k8s.io "s" is invalid: provisioner: Required value');
    expect(createError(t, "leases", `{apiVersion: coordination.k8s.io/v1, kind: Lease, metadata: {name: l}, spec: {leaseDurationSeconds: 0}}`)).toBe(
      'Lease.coordination.k8s.io "l" is invalid: spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    );
  });
});
