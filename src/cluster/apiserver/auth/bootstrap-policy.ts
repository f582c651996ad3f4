/**
 * The RBAC objects kube-apiserver creates at start (its bootstrap policy,
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy: policy.go,
 * controller_policy.go, namespace_policy.go) for a v1.34 cluster with default
 * feature gates: cluster-admin, the aggregated admin/edit/view and their
 * system:aggregate-to-* parts, the system:* component roles, one
 * system:controller:* role per controller bound to its service account in
 * kube-system, and the kube-system / kube-public leader-locking and
 * bootstrap roles. kubeadm's own objects (kubeadm:*) are created by kubeadm.
 *
 * admin, edit and view carry no rules of their own: the
 * clusterrole-aggregation controller fills them from the roles their
 * aggregationRule selects.
 */
import type { KubeObject } from "../../api/types.js";
import type { PolicyRule } from "./rbac.js";

const RBAC_V1 = "rbac.authorization.k8s.io/v1";
const RBAC_GROUP = "rbac.authorization.k8s.io";
const BOOTSTRAP_LABELS = { "kubernetes.io/bootstrapping": "rbac-defaults" };
const AUTOUPDATE = { "rbac.authorization.kubernetes.io/autoupdate": "true" };

const READ = ["get", "list", "watch"];
const WRITE = ["create", "delete", "deletecollection", "patch", "update"];
const READ_WRITE = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

/** A resource rule; verbs, groups, resources and names are sorted, as the rbac helpers' RuleOrDie does. */
function rule(verbs: string[], groups: string[], resources: string[], names?: string[]): PolicyRule {
  const r: PolicyRule = { apiGroups: [...groups].sort(), resources: [...resources].sort(), verbs: [...verbs].sort() };
  if (names) r.resourceNames = [...names].sort();
  return r;
}

function urls(verbs: string[], paths: string[]): PolicyRule {
  return { nonResourceURLs: [...paths].sort(), verbs: [...verbs].sort() };
}

const eventsRule = (): PolicyRule => rule(["create", "update", "patch"], ["", "events.k8s.io"], ["events"]);

function clusterRole(name: string, rules: PolicyRule[] | null, extra: { labels?: Record<string, string>; aggregateFrom?: string } = {}): KubeObject {
  const role: KubeObject = {
    apiVersion: RBAC_V1,
    kind: "ClusterRole",
    metadata: { name, labels: { ...BOOTSTRAP_LABELS, ...extra.labels }, annotations: { ...AUTOUPDATE } },
  };
  if (extra.aggregateFrom) role.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [extra.aggregateFrom]: "true" } }] };
  role.rules = rules;
  return role;
}

type SubjectSpec = { kind: "User" | "Group" | "ServiceAccount"; name: string; namespace?: string };

function subjects(list: SubjectSpec[]): Array<Record<string, string>> {
  return list.map((s): Record<string, string> =>
    s.kind === "ServiceAccount" ? { kind: s.kind, name: s.name, namespace: s.namespace ?? "" } : { apiGroup: RBAC_GROUP, kind: s.kind, name: s.name },
  );
}

function clusterRoleBinding(name: string, role: string, subs: SubjectSpec[]): KubeObject {
  const b: KubeObject = {
    apiVersion: RBAC_V1,
    kind: "ClusterRoleBinding",
    metadata: { name, labels: { ...BOOTSTRAP_LABELS }, annotations: { ...AUTOUPDATE } },
    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: role },
  };
  if (subs.length) b.subjects = subjects(subs);
  return b;
}

const user = (name: string): SubjectSpec => ({ kind: "User", name });
const group = (name: string): SubjectSpec => ({ kind: "Group", name });
const sa = (namespace: string, name: string): SubjectSpec => ({ kind: "ServiceAccount", name, namespace });

/** The rules of system:node, which the Node authorizer applies to kubelets. */
export function nodeRules(): PolicyRule[] {
  return NODE_RULES;
}

const NODE_RULES: PolicyRule[] = [
  rule(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
  rule(["create"], ["authorization.k8s.io"], ["subjectaccessreviews", "localsubjectaccessreviews"]),
  rule(READ, [""], ["services"]),
  rule(["create", "get", "list", "watch"], [""], ["nodes"]),
  rule(["update", "patch"], [""], ["nodes/status"]),
  rule(["update", "patch"], [""], ["nodes"]),
  rule(["create", "update", "patch"], [""], ["events"]),
  rule(READ, [""], ["pods"]),
  rule(["create", "delete"], [""], ["pods"]),
  rule(["update", "patch"], [""], ["pods/status"]),
  rule(["create"], [""], ["pods/eviction"]),
  rule(READ, [""], ["configmaps", "secrets"]),
  rule(["get"], [""], ["persistentvolumeclaims", "persistentvolumes"]),
  rule(["get"], [""], ["endpoints"]),
  rule(["create", "get", "list", "watch"], ["certificates.k8s.io"], ["certificatesigningrequests"]),
  rule(["get", "create", "update", "patch", "delete"], ["coordination.k8s.io"], ["leases"]),
  rule(["get"], ["storage.k8s.io"], ["volumeattachments"]),
  rule(["create"], [""], ["serviceaccounts/token"]),
  rule(["get", "update", "patch"], [""], ["persistentvolumeclaims/status"]),
  rule(READ, ["storage.k8s.io"], ["csidrivers"]),
  rule(["get", "create", "update", "patch", "delete"], ["storage.k8s.io"], ["csinodes"]),
  rule(READ, ["node.k8s.io"], ["runtimeclasses"]),
];

function clusterRoles(): KubeObject[] {
  const agg = (to: string) => ({ [`rbac.authorization.k8s.io/aggregate-to-${to}`]: "true" });
  return [
    clusterRole("cluster-admin", [rule(["*"], ["*"], ["*"]), urls(["*"], ["*"])]),
    clusterRole("admin", null, { aggregateFrom: "rbac.authorization.k8s.io/aggregate-to-admin" }),
    clusterRole("edit", null, { aggregateFrom: "rbac.authorization.k8s.io/aggregate-to-edit", labels: agg("admin") }),
    clusterRole("view", null, { aggregateFrom: "rbac.authorization.k8s.io/aggregate-to-view", labels: agg("edit") }),
    clusterRole(
      "system:aggregate-to-admin",
      [rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]), rule(READ_WRITE, [RBAC_GROUP], ["roles", "rolebindings"])],
      { labels: agg("admin") },
    ),
    clusterRole(
      "system:aggregate-to-edit",
      [
        rule(READ, [""], ["pods/attach", "pods/proxy", "pods/exec", "pods/portforward", "secrets", "services/proxy"]),
        rule(["impersonate"], [""], ["serviceaccounts"]),
        rule(WRITE, [""], ["pods", "pods/attach", "pods/proxy", "pods/exec", "pods/portforward"]),
        rule(["create"], [""], ["pods/eviction"]),
        rule(WRITE, [""], ["replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/proxy", "persistentvolumeclaims", "configmaps", "secrets", "events"]),
        rule(["create"], [""], ["serviceaccounts/token"]),
        rule(WRITE, ["apps"], ["statefulsets", "statefulsets/scale", "daemonsets", "deployments", "deployments/scale", "deployments/rollback", "replicasets", "replicasets/scale"]),
        rule(WRITE, ["autoscaling"], ["horizontalpodautoscalers"]),
        rule(WRITE, ["batch"], ["jobs", "cronjobs"]),
        rule(WRITE, ["extensions"], ["daemonsets", "deployments", "deployments/scale", "deployments/rollback", "ingresses", "replicasets", "replicasets/scale", "replicationcontrollers/scale", "networkpolicies"]),
        rule(WRITE, ["policy"], ["poddisruptionbudgets"]),
        rule(WRITE, ["networking.k8s.io"], ["networkpolicies", "ingresses"]),
        rule(READ_WRITE, ["coordination.k8s.io"], ["leases"]),
      ],
      { labels: agg("edit") },
    ),
    clusterRole(
      "system:aggregate-to-view",
      [
        rule(READ, [""], ["pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "configmaps"]),
        rule(READ, [""], ["limitranges", "resourcequotas", "bindings", "events", "pods/status", "resourcequotas/status", "namespaces/status", "replicationcontrollers/status", "pods/log"]),
        rule(READ, [""], ["namespaces"]),
        rule(READ, ["discovery.k8s.io"], ["endpointslices"]),
        rule(READ, ["apps"], ["controllerrevisions", "statefulsets", "statefulsets/status", "statefulsets/scale", "daemonsets", "daemonsets/status", "deployments", "deployments/status", "deployments/scale", "replicasets", "replicasets/status", "replicasets/scale"]),
        rule(READ, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
        rule(READ, ["batch"], ["jobs", "cronjobs", "cronjobs/status", "jobs/status"]),
        rule(READ, ["extensions"], ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale", "networkpolicies"]),
        rule(READ, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
        rule(READ, ["networking.k8s.io"], ["networkpolicies", "ingresses", "ingresses/status"]),
      ],
      { labels: agg("view") },
    ),
    clusterRole("system:auth-delegator", [rule(["create"], ["authentication.k8s.io"], ["tokenreviews"]), rule(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"])]),
    clusterRole("system:basic-user", [
      rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
      rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]),
    ]),
    clusterRole("system:certificates.k8s.io:certificatesigningrequests:nodeclient", [rule(["create"], ["certificates.k8s.io"], ["certificatesigningrequests/nodeclient"])]),
    clusterRole("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", [rule(["create"], ["certificates.k8s.io"], ["certificatesigningrequests/selfnodeclient"])]),
    ...["kube-apiserver-client", "kube-apiserver-client-kubelet", "kubelet-serving", "legacy-unknown"].map((signer) =>
      clusterRole(`system:certificates.k8s.io:${signer}-approver`, [rule(["approve"], ["certificates.k8s.io"], ["signers"], [`kubernetes.io/${signer}`])]),
    ),
    clusterRole("system:discovery", [urls(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])]),
    clusterRole("system:heapster", [rule(READ, [""], ["events", "pods", "nodes", "namespaces"]), rule(READ, ["extensions"], ["deployments"])]),
    clusterRole("system:kube-aggregator", [rule(READ, [""], ["endpoints", "services"])]),
    clusterRole("system:kube-controller-manager", [
      eventsRule(),
      rule(["create"], ["coordination.k8s.io"], ["leases"]),
      rule(["get", "update"], ["coordination.k8s.io"], ["leases"], ["kube-controller-manager"]),
      rule(["create"], [""], ["secrets", "serviceaccounts"]),
      rule(["delete"], [""], ["secrets"]),
      rule(["get"], [""], ["configmaps", "namespaces", "secrets", "serviceaccounts"]),
      rule(["update"], [""], ["secrets", "serviceaccounts"]),
      rule(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
      rule(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"]),
      rule(["list", "watch"], ["*"], ["*"]),
      rule(["create"], [""], ["serviceaccounts/token"]),
    ]),
    clusterRole("system:kube-dns", [rule(["list", "watch"], [""], ["endpoints", "services"])]),
    clusterRole("system:kube-scheduler", [
      eventsRule(),
      rule(["create"], ["coordination.k8s.io"], ["leases"]),
      rule(["get", "update"], ["coordination.k8s.io"], ["leases"], ["kube-scheduler"]),
      rule(READ, [""], ["nodes"]),
      rule(["get", "list", "watch", "delete"], [""], ["pods"]),
      rule(["create"], [""], ["pods/binding", "bindings"]),
      rule(["patch", "update"], [""], ["pods/status"]),
      rule(READ, [""], ["replicationcontrollers", "services"]),
      rule(READ, ["apps", "extensions"], ["replicasets"]),
      rule(READ, ["apps"], ["statefulsets"]),
      rule(READ, ["policy"], ["poddisruptionbudgets"]),
      rule(READ, [""], ["persistentvolumeclaims", "persistentvolumes"]),
      rule(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
      rule(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"]),
      rule(READ, ["storage.k8s.io"], ["csinodes"]),
      rule(READ, [""], ["namespaces"]),
      rule(READ, ["storage.k8s.io"], ["csidrivers"]),
      rule(READ, ["storage.k8s.io"], ["csistoragecapacities"]),
    ]),
    clusterRole("system:kubelet-api-admin", [rule(READ, [""], ["nodes"]), rule(["proxy"], [""], ["nodes"]), rule(["*"], [""], ["nodes/proxy", "nodes/metrics", "nodes/stats", "nodes/log"])]),
    clusterRole("system:monitoring", [urls(["get"], ["/healthz", "/healthz/*", "/livez", "/livez/*", "/metrics", "/metrics/slis", "/readyz", "/readyz/*"])]),
    clusterRole("system:node", NODE_RULES),
    clusterRole("system:node-bootstrapper", [rule(["create", "get", "list", "watch"], ["certificates.k8s.io"], ["certificatesigningrequests"])]),
    clusterRole("system:node-problem-detector", [rule(["get"], [""], ["nodes"]), rule(["patch"], [""], ["nodes/status"]), eventsRule()]),
    clusterRole("system:node-proxier", [
      rule(["list", "watch"], [""], ["services", "endpoints"]),
      rule(READ, [""], ["nodes"]),
      eventsRule(),
      rule(["list", "watch"], ["discovery.k8s.io"], ["endpointslices"]),
    ]),
    clusterRole("system:persistent-volume-provisioner", [
      rule(["get", "list", "watch", "create", "delete"], [""], ["persistentvolumes"]),
      rule(["get", "list", "watch", "update"], [""], ["persistentvolumeclaims"]),
      rule(READ, ["storage.k8s.io"], ["storageclasses"]),
      rule(["watch"], [""], ["events"]),
      eventsRule(),
    ]),
    clusterRole("system:public-info-viewer", [urls(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"])]),
    clusterRole("system:service-account-issuer-discovery", [urls(["get"], ["/.well-known/openid-configuration", "/openid/v1/jwks"])]),
    clusterRole("system:volume-scheduler", [
      rule(["get", "list", "watch", "update", "patch"], [""], ["persistentvolumes"]),
      rule(READ, ["storage.k8s.io"], ["storageclasses"]),
      rule(["get", "list", "watch", "update", "patch"], [""], ["persistentvolumeclaims"]),
    ]),
  ];
}

function clusterRoleBindings(): KubeObject[] {
  return [
    clusterRoleBinding("cluster-admin", "cluster-admin", [group("system:masters")]),
    clusterRoleBinding("system:monitoring", "system:monitoring", [group("system:monitoring")]),
    clusterRoleBinding("system:discovery", "system:discovery", [group("system:authenticated")]),
    clusterRoleBinding("system:basic-user", "system:basic-user", [group("system:authenticated")]),
    clusterRoleBinding("system:public-info-viewer", "system:public-info-viewer", [group("system:authenticated"), group("system:unauthenticated")]),
    clusterRoleBinding("system:node-proxier", "system:node-proxier", [user("system:kube-proxy")]),
    clusterRoleBinding("system:kube-controller-manager", "system:kube-controller-manager", [user("system:kube-controller-manager")]),
    clusterRoleBinding("system:kube-dns", "system:kube-dns", [sa("kube-system", "kube-dns")]),
    clusterRoleBinding("system:kube-scheduler", "system:kube-scheduler", [user("system:kube-scheduler")]),
    clusterRoleBinding("system:volume-scheduler", "system:volume-scheduler", [user("system:kube-scheduler")]),
    clusterRoleBinding("system:node", "system:node", []),
    clusterRoleBinding("system:service-account-issuer-discovery", "system:service-account-issuer-discovery", [group("system:serviceaccounts")]),
  ];
}

/** Controller roles: name (after system:controller:) and rules. Each is bound to the kube-system service account of that name. */
function controllerRoles(): Array<[string, PolicyRule[]]> {
  const ev = eventsRule();
  return [
    ["attachdetach-controller", [
      rule(["list", "watch"], [""], ["persistentvolumes", "persistentvolumeclaims"]),
      rule(READ, [""], ["nodes"]),
      rule(["patch", "update"], [""], ["nodes/status"]),
      rule(["list", "watch"], [""], ["pods"]),
      ev,
      rule(["get", "create", "delete", "list", "watch"], ["storage.k8s.io"], ["volumeattachments"]),
      rule(READ, ["storage.k8s.io"], ["csidrivers"]),
      rule(READ, ["storage.k8s.io"], ["csinodes"]),
    ]],
    ["certificate-controller", [
      rule(["get", "list", "watch", "delete"], ["certificates.k8s.io"], ["certificatesigningrequests"]),
      rule(["update"], ["certificates.k8s.io"], ["certificatesigningrequests/status", "certificatesigningrequests/approval"]),
      rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"]),
      rule(["sign"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/legacy-unknown", "kubernetes.io/kube-apiserver-client", "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/kubelet-serving"]),
      rule(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"]),
      ev,
    ]],
    ["clusterrole-aggregation-controller", [rule(["escalate", "get", "list", "watch", "update", "patch"], [RBAC_GROUP], ["clusterroles"])]],
    ["cronjob-controller", [
      rule(["get", "list", "watch", "update"], ["batch"], ["cronjobs"]),
      rule(["get", "list", "watch", "create", "update", "delete", "patch"], ["batch"], ["jobs"]),
      rule(["update"], ["batch"], ["cronjobs/status"]),
      rule(["update"], ["batch"], ["cronjobs/finalizers"]),
      rule(["list", "delete"], [""], ["pods"]),
      ev,
    ]],
    ["daemon-set-controller", [
      rule(READ, ["extensions", "apps"], ["daemonsets"]),
      rule(["update"], ["extensions", "apps"], ["daemonsets/status"]),
      rule(["update"], ["extensions", "apps"], ["daemonsets/finalizers"]),
      rule(["list", "watch"], [""], ["nodes"]),
      rule(["list", "watch", "create", "delete", "patch"], [""], ["pods"]),
      rule(["create"], [""], ["pods/binding"]),
      rule(["get", "list", "watch", "create", "delete", "update", "patch"], ["apps"], ["controllerrevisions"]),
      ev,
    ]],
    ["deployment-controller", [
      rule(["get", "list", "watch", "update"], ["extensions", "apps"], ["deployments"]),
      rule(["update"], ["extensions", "apps"], ["deployments/status"]),
      rule(["update"], ["extensions", "apps"], ["deployments/finalizers"]),
      rule(["get", "list", "watch", "create", "update", "patch", "delete"], ["apps", "extensions"], ["replicasets"]),
      rule(["get", "list", "watch", "update"], [""], ["pods"]),
      ev,
    ]],
    ["disruption-controller", [
      rule(READ, ["extensions", "apps"], ["deployments"]),
      rule(READ, ["apps", "extensions"], ["replicasets"]),
      rule(READ, [""], ["replicationcontrollers"]),
      rule(READ, ["policy"], ["poddisruptionbudgets"]),
      rule(READ, ["apps"], ["statefulsets"]),
      rule(["update"], ["policy"], ["poddisruptionbudgets/status"]),
      rule(["patch", "update"], [""], ["pods/status"]),
      rule(["get"], ["*"], ["*/scale"]),
      ev,
    ]],
    ["endpoint-controller", [
      rule(READ, [""], ["services", "pods"]),
      rule(["get", "list", "create", "update", "delete"], [""], ["endpoints"]),
      rule(["create"], [""], ["endpoints/restricted"]),
      ev,
    ]],
    ["endpointslice-controller", [
      rule(READ, [""], ["services", "pods", "nodes"]),
      rule(["update"], [""], ["services/finalizers"]),
      rule(["get", "list", "create", "update", "delete"], ["discovery.k8s.io"], ["endpointslices"]),
      ev,
    ]],
    ["endpointslicemirroring-controller", [
      rule(READ, [""], ["services", "endpoints"]),
      rule(["update"], [""], ["services/finalizers"]),
      rule(["update"], [""], ["endpoints/finalizers"]),
      rule(["get", "list", "create", "update", "delete"], ["discovery.k8s.io"], ["endpointslices"]),
      ev,
    ]],
    ["ephemeral-volume-controller", [
      rule(READ, [""], ["pods"]),
      rule(["update"], [""], ["pods/finalizers"]),
      rule(["get", "list", "watch", "create"], [""], ["persistentvolumeclaims"]),
      ev,
    ]],
    ["expand-controller", [
      rule(["get", "list", "watch", "update", "patch"], [""], ["persistentvolumes"]),
      rule(["update", "patch"], [""], ["persistentvolumeclaims/status"]),
      rule(READ, [""], ["persistentvolumeclaims"]),
      rule(READ, ["storage.k8s.io"], ["storageclasses"]),
      rule(["get"], [""], ["services", "endpoints"]),
      rule(["get"], [""], ["secrets"]),
      ev,
    ]],
    ["generic-garbage-collector", [rule(["get", "list", "watch", "patch", "update", "delete"], ["*"], ["*"]), ev]],
    ["horizontal-pod-autoscaler", [
      rule(READ, ["autoscaling"], ["horizontalpodautoscalers"]),
      rule(["update"], ["autoscaling"], ["horizontalpodautoscalers/status"]),
      rule(["get", "update"], ["*"], ["*/scale"]),
      rule(["list"], [""], ["pods"]),
      rule(["list"], ["metrics.k8s.io"], ["pods"]),
      rule(["get", "list"], ["custom.metrics.k8s.io"], ["*"]),
      rule(["get", "list"], ["external.metrics.k8s.io"], ["*"]),
      ev,
    ]],
    ["job-controller", [
      rule(["get", "list", "watch", "update", "patch"], ["batch"], ["jobs"]),
      rule(["update"], ["batch"], ["jobs/status"]),
      rule(["update"], ["batch"], ["jobs/finalizers"]),
      rule(["list", "watch", "create", "delete", "patch"], [""], ["pods"]),
      ev,
    ]],
    ["legacy-service-account-token-cleaner", [
      rule(["get"], [""], ["configmaps"], ["kube-apiserver-legacy-service-account-token-tracking"]),
      rule(["patch", "delete"], [""], ["secrets"]),
    ]],
    ["namespace-controller", [
      rule(["get", "list", "watch", "delete"], [""], ["namespaces"]),
      rule(["update"], [""], ["namespaces/finalize", "namespaces/status"]),
      rule(["get", "list", "delete", "deletecollection"], ["*"], ["*"]),
    ]],
    ["node-controller", [
      rule(["get", "list", "update", "delete", "patch"], [""], ["nodes"]),
      rule(["patch", "update"], [""], ["nodes/status"]),
      rule(["patch", "update"], [""], ["pods/status"]),
      rule(["list", "get", "delete"], [""], ["pods"]),
      ev,
    ]],
    ["persistent-volume-binder", [
      rule(["get", "list", "watch", "update", "create", "delete"], [""], ["persistentvolumes"]),
      rule(["update"], [""], ["persistentvolumes/status"]),
      rule(["get", "list", "watch", "update"], [""], ["persistentvolumeclaims"]),
      rule(["update"], [""], ["persistentvolumeclaims/status"]),
      rule(["list", "watch", "get", "create", "delete"], [""], ["pods"]),
      rule(READ, ["storage.k8s.io"], ["storageclasses"]),
      rule(["get", "create", "update", "delete"], [""], ["endpoints"]),
      rule(["get", "create", "delete"], [""], ["services"]),
      rule(["get"], [""], ["secrets"]),
      rule(["get", "list"], [""], ["nodes"]),
      rule(["watch"], [""], ["events"]),
      ev,
    ]],
    ["pod-garbage-collector", [rule(["list", "watch", "delete"], [""], ["pods"]), rule(["get", "list"], [""], ["nodes"]), rule(["patch"], [""], ["pods/status"])]],
    ["pv-protection-controller", [rule(["get", "list", "watch", "update"], [""], ["persistentvolumes"]), ev]],
    ["pvc-protection-controller", [rule(["get", "list", "watch", "update"], [""], ["persistentvolumeclaims"]), rule(READ, [""], ["pods"]), ev]],
    ["replicaset-controller", [
      rule(["get", "list", "watch", "update"], ["apps", "extensions"], ["replicasets"]),
      rule(["update"], ["apps", "extensions"], ["replicasets/status"]),
      rule(["update"], ["apps", "extensions"], ["replicasets/finalizers"]),
      rule(["list", "watch", "patch", "create", "delete"], [""], ["pods"]),
      ev,
    ]],
    ["replication-controller", [
      rule(["get", "list", "watch", "update"], [""], ["replicationcontrollers"]),
      rule(["update"], [""], ["replicationcontrollers/status"]),
      rule(["update"], [""], ["replicationcontrollers/finalizers"]),
      rule(["list", "watch", "patch", "create", "delete"], [""], ["pods"]),
      ev,
    ]],
    ["resource-claim-controller", [
      rule(READ, [""], ["pods"]),
      rule(["update"], [""], ["pods/finalizers"]),
      rule(["get", "list", "watch", "create", "delete"], ["resource.k8s.io"], ["resourceclaims"]),
      rule(["update", "patch"], ["resource.k8s.io"], ["resourceclaims", "resourceclaims/status"]),
      rule(["update", "patch"], [""], ["pods/status"]),
      ev,
    ]],
    ["resourcequota-controller", [rule(["list", "watch"], ["*"], ["*"]), rule(["update"], [""], ["resourcequotas/status"]), ev]],
    ["root-ca-cert-publisher", [rule(["create", "update"], [""], ["configmaps"]), ev]],
    ["route-controller", [rule(["list", "watch"], [""], ["nodes"]), rule(["patch"], [""], ["nodes/status"]), ev]],
    ["selinux-warning-controller", [
      rule(READ, [""], ["persistentvolumeclaims", "persistentvolumes", "pods"]),
      rule(READ, ["storage.k8s.io"], ["csidrivers"]),
      ev,
    ]],
    ["service-account-controller", [rule(["create"], [""], ["serviceaccounts"]), ev]],
    ["service-cidrs-controller", [
      rule(["get", "list", "watch", "patch", "update"], ["networking.k8s.io"], ["servicecidrs"]),
      rule(["patch", "update"], ["networking.k8s.io"], ["servicecidrs/finalizers"]),
      rule(["patch", "update"], ["networking.k8s.io"], ["servicecidrs/status"]),
      rule(READ, ["networking.k8s.io"], ["ipaddresses"]),
      ev,
    ]],
    ["service-controller", [rule(READ, [""], ["services"]), rule(["patch", "update"], [""], ["services/status"]), rule(["list", "watch"], [""], ["nodes"]), ev]],
    ["statefulset-controller", [
      rule(["list", "watch"], [""], ["pods"]),
      rule(READ, ["apps"], ["statefulsets"]),
      rule(["update"], ["apps"], ["statefulsets/status"]),
      rule(["update"], ["apps"], ["statefulsets/finalizers"]),
      rule(["get", "create", "delete", "update", "patch"], [""], ["pods"]),
      rule(["get", "create", "delete", "update", "patch", "list", "watch"], ["apps"], ["controllerrevisions"]),
      rule(["get", "create"], [""], ["persistentvolumeclaims"]),
      ev,
      rule(["update", "delete"], [""], ["persistentvolumeclaims"]),
    ]],
    ["ttl-after-finished-controller", [rule(["get", "list", "watch", "delete"], ["batch"], ["jobs"]), ev]],
    ["ttl-controller", [rule(["update", "patch", "list", "watch"], [""], ["nodes"]), ev]],
    ["validatingadmissionpolicy-status-controller", [
      rule(READ, ["admissionregistration.k8s.io"], ["validatingadmissionpolicies"]),
      rule(["get", "patch", "update"], ["admissionregistration.k8s.io"], ["validatingadmissionpolicies/status"]),
      ev,
    ]],
    ["volumeattributesclass-protection-controller", [
      rule(["list", "watch", "get"], [""], ["persistentvolumeclaims"]),
      rule(["list", "watch", "get"], [""], ["persistentvolumes"]),
      rule(["get", "list", "watch", "update"], ["storage.k8s.io"], ["volumeattributesclasses"]),
      ev,
    ]],
  ];
}

function role(namespace: string, name: string, rules: PolicyRule[]): KubeObject {
  return {
    apiVersion: RBAC_V1,
    kind: "Role",
    metadata: { name, namespace, labels: { ...BOOTSTRAP_LABELS }, annotations: { ...AUTOUPDATE } },
    rules,
  };
}

function roleBinding(namespace: string, name: string, roleName: string, subs: SubjectSpec[]): KubeObject {
  return {
    apiVersion: RBAC_V1,
    kind: "RoleBinding",
    metadata: { name, namespace, labels: { ...BOOTSTRAP_LABELS }, annotations: { ...AUTOUPDATE } },
    roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: roleName },
    subjects: subjects(subs),
  };
}

function namespaceRoles(): KubeObject[] {
  const leaderLocking = (component: string) =>
    role("kube-system", `system::leader-locking-${component}`, [rule(["watch"], [""], ["configmaps"]), rule(["get", "update"], [""], ["configmaps"], [component])]);
  return [
    role("kube-system", "extension-apiserver-authentication-reader", [rule(READ, [""], ["configmaps"], ["extension-apiserver-authentication"])]),
    leaderLocking("kube-controller-manager"),
    leaderLocking("kube-scheduler"),
    role("kube-system", "system:controller:bootstrap-signer", [rule(READ, [""], ["secrets"])]),
    role("kube-system", "system:controller:cloud-provider", [rule(["create", "get", "list", "watch"], [""], ["configmaps"])]),
    role("kube-system", "system:controller:token-cleaner", [rule(["delete", "get", "list", "watch"], [""], ["secrets"]), eventsRule()]),
    role("kube-public", "system:controller:bootstrap-signer", [rule(READ, [""], ["configmaps"]), rule(["update"], [""], ["configmaps"], ["cluster-info"]), eventsRule()]),
  ];
}

function namespaceRoleBindings(): KubeObject[] {
  return [
    roleBinding("kube-system", "system::extension-apiserver-authentication-reader", "extension-apiserver-authentication-reader", [user("system:kube-controller-manager"), user("system:kube-scheduler")]),
    roleBinding("kube-system", "system::leader-locking-kube-controller-manager", "system::leader-locking-kube-controller-manager", [user("system:kube-controller-manager"), sa("kube-system", "kube-controller-manager")]),
    roleBinding("kube-system", "system::leader-locking-kube-scheduler", "system::leader-locking-kube-scheduler", [user("system:kube-scheduler"), sa("kube-system", "kube-scheduler")]),
    roleBinding("kube-system", "system:controller:bootstrap-signer", "system:controller:bootstrap-signer", [sa("kube-system", "bootstrap-signer")]),
    roleBinding("kube-system", "system:controller:cloud-provider", "system:controller:cloud-provider", [sa("kube-system", "cloud-provider")]),
    roleBinding("kube-system", "system:controller:token-cleaner", "system:controller:token-cleaner", [sa("kube-system", "token-cleaner")]),
    roleBinding("kube-public", "system:controller:bootstrap-signer", "system:controller:bootstrap-signer", [sa("kube-system", "bootstrap-signer")]),
  ];
}

/** Every bootstrap object: ClusterRoles, ClusterRoleBindings, then namespaced Roles and RoleBindings. */
export function bootstrapPolicy(): KubeObject[] {
  const controllers = controllerRoles();
  return [
    ...clusterRoles(),
    ...controllers.map(([name, rules]) => clusterRole(`system:controller:${name}`, rules)),
    ...clusterRoleBindings(),
    ...controllers.map(([name]) => clusterRoleBinding(`system:controller:${name}`, `system:controller:${name}`, [sa("kube-system", name)])),
    ...namespaceRoles(),
    ...namespaceRoleBindings(),
  ];
}
