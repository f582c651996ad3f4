/**
 * Printers of the other API groups: networking, discovery, RBAC, storage,
 * policy, autoscaling, scheduling, coordination, certificates, admission.
 */
import { describe, expect, it } from "vitest";
import { ago, headers, meta, row } from "./helpers.js";

describe("networking", () => {
  it("ingresses: class, hosts (three, then more), address and ports", () => {
    expect(headers("networking.k8s.io/Ingress")).toEqual({ normal: ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], wide: [] });
    const rules = ["a.com", "b.com", "c.com", "d.com", "e.com"].map((host) => ({ host }));
    expect(row("networking.k8s.io/Ingress", { metadata: meta("web"), spec: { ingressClassName: "nginx", rules, tls: [{ hosts: ["a.com"] }] }, status: { loadBalancer: { ingress: [{ ip: "10.0.0.9" }] } } })).toEqual({
      Name: "web",
      Class: "nginx",
      Hosts: "a.com,b.com,c.com + 2 more...",
      Address: "10.0.0.9",
      Ports: "80, 443",
      Age: "5m",
    });
    expect(row("networking.k8s.io/Ingress", { metadata: meta("any"), spec: { rules: [{ http: {} }] } })).toMatchObject({ Class: "<none>", Hosts: "*", Address: "", Ports: "80" });
  });

  it("ingress classes and network policies", () => {
    expect(row("networking.k8s.io/IngressClass", { metadata: meta("nginx"), spec: { controller: "k8s.io/ingress-nginx", parameters: { apiGroup: "k8s.example.com", kind: "IngressParameters", name: "external" } } })).toEqual({
      Name: "nginx",
      Controller: "k8s.io/ingress-nginx",
      Parameters: "IngressParameters.k8s.example.com/external",
      Age: "5m",
    });
    expect(row("networking.k8s.io/NetworkPolicy", { metadata: meta("deny"), spec: { podSelector: {} } })).toEqual({ Name: "deny", "Pod-Selector": "<none>", Age: "5m" });
    expect(row("networking.k8s.io/NetworkPolicy", { metadata: meta("db"), spec: { podSelector: { matchLabels: { role: "db" } } } })["Pod-Selector"]).toBe("role=db");
  });

  it("endpoint slices list ports and addresses, <unset> when empty", () => {
    expect(headers("discovery.k8s.io/EndpointSlice")).toEqual({ normal: ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], wide: [] });
    const slice = { metadata: meta("web-abc"), addressType: "IPv4", ports: [{ port: 80 }, { name: "metrics" }, {}, { port: 9 }], endpoints: [{ addresses: ["10.244.1.5"] }, { addresses: ["10.244.2.7"] }] };
    expect(row("discovery.k8s.io/EndpointSlice", slice)).toEqual({ Name: "web-abc", AddressType: "IPv4", Ports: "80,metrics,* + 1 more...", Endpoints: "10.244.1.5,10.244.2.7", Age: "5m" });
    expect(row("discovery.k8s.io/EndpointSlice", { metadata: meta("empty"), addressType: "IPv4" })).toMatchObject({ Ports: "<unset>", Endpoints: "<unset>" });
  });
});

describe("rbac", () => {
  it("bindings print Kind/name of the role and, wide, their subjects", () => {
    expect(headers("rbac.authorization.k8s.io/RoleBinding")).toEqual({ normal: ["NAME", "ROLE", "AGE"], wide: ["USERS", "GROUPS", "SERVICEACCOUNTS"] });
    const b = {
      metadata: meta("admins"),
      roleRef: { kind: "ClusterRole", name: "admin" },
      subjects: [
        { kind: "User", name: "jane" },
        { kind: "User", name: "bob" },
        { kind: "Group", name: "ops" },
        { kind: "ServiceAccount", name: "ci", namespace: "tools" },
      ],
    };
    expect(row("rbac.authorization.k8s.io/ClusterRoleBinding", b)).toEqual({ Name: "admins", Role: "ClusterRole/admin", Age: "5m", Users: "jane, bob", Groups: "ops", ServiceAccounts: "tools/ci" });
  });
});

describe("storage", () => {
  it("storage classes mark the default and print the defaults of unset fields", () => {
    expect(headers("storage.k8s.io/StorageClass")).toEqual({ normal: ["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"], wide: [] });
    const sc = { metadata: meta("standard", { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } }), provisioner: "rancher.io/local-path" };
    expect(row("storage.k8s.io/StorageClass", sc)).toEqual({
      Name: "standard (default)",
      Provisioner: "rancher.io/local-path",
      ReclaimPolicy: "Delete",
      VolumeBindingMode: "Immediate",
      AllowVolumeExpansion: false,
      Age: "5m",
    });
    const fast = { metadata: meta("fast"), provisioner: "x", reclaimPolicy: "Retain", volumeBindingMode: "WaitForFirstConsumer", allowVolumeExpansion: true };
    expect(row("storage.k8s.io/StorageClass", fast)).toMatchObject({ Name: "fast", ReclaimPolicy: "Retain", VolumeBindingMode: "WaitForFirstConsumer", AllowVolumeExpansion: true });
  });

  it("CSI drivers, nodes and volume attachments", () => {
    expect(row("storage.k8s.io/CSIDriver", { metadata: meta("ebs"), spec: {} })).toEqual({
      Name: "ebs",
      AttachRequired: true,
      PodInfoOnMount: false,
      StorageCapacity: false,
      TokenRequests: "<unset>",
      RequiresRepublish: false,
      Modes: "<none>",
      Age: "5m",
    });
    expect(row("storage.k8s.io/CSINode", { metadata: meta("node01"), spec: { drivers: [{ name: "a" }] } })).toEqual({ Name: "node01", Drivers: 1, Age: "5m" });
    expect(row("storage.k8s.io/VolumeAttachment", { metadata: meta("csi-1"), spec: { attacher: "ebs", nodeName: "node01", source: { persistentVolumeName: "pv1" } }, status: { attached: true } })).toEqual({
      Name: "csi-1",
      Attacher: "ebs",
      PV: "pv1",
      Node: "node01",
      Attached: true,
      Age: "5m",
    });
  });
});

describe("policy, autoscaling, scheduling, coordination, certificates, admission", () => {
  it("pod disruption budgets", () => {
    expect(headers("policy/PodDisruptionBudget")).toEqual({ normal: ["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"], wide: [] });
    expect(row("policy/PodDisruptionBudget", { metadata: meta("web"), spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } })).toEqual({ Name: "web", "Min Available": "2", "Max Unavailable": "N/A", "Allowed Disruptions": 1, Age: "5m" });
    expect(row("policy/PodDisruptionBudget", { metadata: meta("db"), spec: { maxUnavailable: "25%" } })).toMatchObject({ "Min Available": "N/A", "Max Unavailable": "25%", "Allowed Disruptions": 0 });
  });

  it("horizontal pod autoscalers format their metric targets", () => {
    expect(headers("autoscaling/HorizontalPodAutoscaler")).toEqual({ normal: ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"], wide: [] });
    const hpa = {
      metadata: meta("web"),
      spec: {
        scaleTargetRef: { kind: "Deployment", name: "web" },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [
          { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } },
          { type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "100Mi" } } },
          { type: "Pods", pods: { target: { averageValue: "1k" } } },
        ],
      },
      status: { currentReplicas: 3, currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 37 } } }] },
    };
    expect(row("autoscaling/HorizontalPodAutoscaler", hpa)).toEqual({
      Name: "web",
      Reference: "Deployment/web",
      Targets: "cpu: 37%/50%, memory: <unknown>/100Mi + 1 more...",
      MinPods: "1",
      MaxPods: 10,
      Replicas: 3,
      Age: "5m",
    });
    expect(row("autoscaling/HorizontalPodAutoscaler", { metadata: meta("x"), spec: { scaleTargetRef: { kind: "Deployment", name: "x" }, maxReplicas: 3, metrics: [{ type: "Resource", resource: { name: "cpu", target: {} } }] } })).toMatchObject({
      Targets: "cpu: <unknown>/<auto>",
      MinPods: "<unset>",
      Replicas: 0,
    });
    expect(row("autoscaling/HorizontalPodAutoscaler", { metadata: meta("y"), spec: { scaleTargetRef: { kind: "StatefulSet", name: "y" }, maxReplicas: 3 } }).Targets).toBe("<none>");
  });

  it("priority classes show PREEMPTIONPOLICY without -o wide (priority 0 on the server)", () => {
    expect(headers("scheduling.k8s.io/PriorityClass")).toEqual({ normal: ["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"], wide: [] });
    expect(row("scheduling.k8s.io/PriorityClass", { metadata: meta("high"), value: 1000000, globalDefault: true, preemptionPolicy: "Never" })).toEqual({ Name: "high", Value: 1000000, "Global-Default": true, Age: "5m", PreemptionPolicy: "Never" });
  });

  it("leases show their holder", () => {
    expect(row("coordination.k8s.io/Lease", { metadata: meta("kube-scheduler"), spec: { holderIdentity: "controlplane_abc" } })).toEqual({ Name: "kube-scheduler", Holder: "controlplane_abc", Age: "5m" });
    expect(row("coordination.k8s.io/Lease", { metadata: meta("x"), spec: {} }).Holder).toBe("");
  });

  it("certificate signing requests: age second, requested duration, condition", () => {
    expect(headers("certificates.k8s.io/CertificateSigningRequest")).toEqual({ normal: ["NAME", "AGE", "SIGNERNAME", "REQUESTOR", "REQUESTEDDURATION", "CONDITION"], wide: [] });
    const csr = { metadata: meta("jane"), spec: { signerName: "kubernetes.io/kube-apiserver-client", username: "kubernetes-admin", expirationSeconds: 86400 }, status: { conditions: [{ type: "Approved" }], certificate: "LS0t" } };
    expect(row("certificates.k8s.io/CertificateSigningRequest", csr)).toEqual({
      Name: "jane",
      Age: "5m",
      SignerName: "kubernetes.io/kube-apiserver-client",
      Requestor: "kubernetes-admin",
      RequestedDuration: "24h",
      Condition: "Approved,Issued",
    });
    expect(row("certificates.k8s.io/CertificateSigningRequest", { metadata: meta("x"), spec: { username: "u" }, status: { conditions: [{ type: "Approved" }, { type: "Denied" }, { type: "Failed" }] } })).toMatchObject({
      SignerName: "<none>",
      RequestedDuration: "<none>",
      Condition: "Denied,Failed",
    });
    expect(row("certificates.k8s.io/CertificateSigningRequest", { metadata: meta("y"), spec: {} }).Condition).toBe("Pending");
  });

  it("admission configurations count their webhooks and rules", () => {
    expect(row("admissionregistration.k8s.io/ValidatingWebhookConfiguration", { metadata: meta("v"), webhooks: [{}, {}] })).toEqual({ Name: "v", Webhooks: 2, Age: "5m" });
    expect(row("admissionregistration.k8s.io/ValidatingAdmissionPolicy", { metadata: meta("p"), spec: { validations: [{}], paramKind: { apiVersion: "v1", kind: "ConfigMap" } } })).toEqual({ Name: "p", Validations: 1, ParamKind: "v1/ConfigMap", Age: "5m" });
    expect(row("admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding", { metadata: meta("b"), spec: { policyName: "p", paramRef: { name: "cfg" } } })).toEqual({ Name: "b", PolicyName: "p", ParamRef: "*/cfg", Age: "5m" });
  });

  it("ages come from creationTimestamp against the server clock", () => {
    expect(row("coordination.k8s.io/Lease", { metadata: { name: "l", creationTimestamp: ago(26 * 3600) }, spec: {} }).Age).toBe("26h");
    expect(row("coordination.k8s.io/Lease", { metadata: { name: "l" }, spec: {} }).Age).toBe("<unknown>");
  });
});
