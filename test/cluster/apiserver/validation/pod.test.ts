/**
 * Pod validation (pkg/apis/core/validation/validation.go ValidatePod*,
 * ValidatePodSpec, validateContainers, ...): the messages kubectl shows.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { newApi, type TestApi } from "../api-fixture.js";
import { createError, fetch, pod, updateError } from "./helpers.js";

let t: TestApi;
beforeAll(() => {
  t = newApi();
});

const c = (extra: Record<string, unknown>) => ({ containers: [{ name: "c", image: "nginx", ...extra }] });

describe("pod create", () => {
  it("requires containers and images", () => {
    expect(createError(t, "pods", pod("p", { containers: [{ name: "c" }] }))).toBe('Pod "p" is invalid: spec.containers[0].image: Required value');
    expect(createError(t, "pods", pod("p", { containers: [] }))).toBe('Pod "p" is invalid: spec.containers: Required value');
    expect(createError(t, "pods", pod("p", { containers: [{ image: "nginx" }] }))).toBe('Pod "p" is invalid: spec.containers[0].name: Required value');
  });

  it("checks names", () => {
    expect(createError(t, "pods", pod("My_Pod"))).toBe(
      `Pod "My_Pod" is invalid: metadata.name: Invalid value: "My_Pod": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
    expect(createError(t, "pods", pod("p", { containers: [{ name: "Web_1", image: "nginx" }] }))).toBe(
      `Pod "p" is invalid: spec.containers[0].name: Invalid value: "Web_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    );
    expect(createError(t, "pods", { apiVersion: "v1", kind: "Pod", metadata: {}, spec: c({}) } as never)).toBe(
      'Pod "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  });

  it("rejects duplicates", () => {
    expect(
      createError(
        t,
        "pods",
        pod("p", {
          containers: [
            { name: "c", image: "nginx" },
            { name: "c", image: "busybox" },
          ],
        }),
      ),
    ).toBe('Pod "p" is invalid: spec.containers[1].name: Duplicate value: "c"');
    expect(
      createError(
        t,
        "pods",
        pod("p", c({ ports: [{ name: "http", containerPort: 80 }, { name: "http", containerPort: 81 }] })),
      ),
    ).toBe('Pod "p" is invalid: spec.containers[0].ports[1].name: Duplicate value: "http"');
    expect(createError(t, "pods", pod("p", { volumes: [{ name: "v", emptyDir: {} }, { name: "v", emptyDir: {} }], ...c({}) }))).toBe(
      'Pod "p" is invalid: spec.volumes[1].name: Duplicate value: "v"',
    );
  });

  it("checks ports", () => {
    expect(createError(t, "pods", pod("p", c({ ports: [{ containerPort: 70000 }] })))).toBe(
      'Pod "p" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
    expect(createError(t, "pods", pod("p", c({ ports: [{ containerPort: 80, protocol: "HTTP" }] })))).toBe(
      'Pod "p" is invalid: spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    );
  });

  it("checks resources", () => {
    expect(createError(t, "pods", pod("p", c({ resources: { limits: { cpu: "100m" }, requests: { cpu: "200m" } } })))).toBe(
      'Pod "p" is invalid: spec.containers[0].resources.requests: Invalid value: "200m": must be less than or equal to cpu limit of 100m',
    );
    expect(createError(t, "pods", pod("p", c({ resources: { limits: { memory: "1Gi" }, requests: { memory: "2Gi" } } })))).toBe(
      'Pod "p" is invalid: spec.containers[0].resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi',
    );
    expect(createError(t, "pods", pod("p", c({ resources: { requests: { memory: "-1Gi" } } })))).toBe(
      'Pod "p" is invalid: spec.containers[0].resources.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
    );
    expect(createError(t, "pods", pod("p", c({ resources: { requests: { gpu: "1" } } })))).toBe(
      'Pod "p" is invalid: [spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified, spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers]',
    );
    // A malformed quantity fails decoding, before validation.
    expect(createError(t, "pods", pod("p", c({ resources: { limits: { memory: "1GB" } } })))).toBe(
      `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  });

  it("checks enumerations", () => {
    expect(createError(t, "pods", pod("p", { restartPolicy: "Sometimes", ...c({}) }))).toBe(
      'Pod "p" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
    expect(createError(t, "pods", pod("p", c({ imagePullPolicy: "Sometimes" })))).toBe(
      'Pod "p" is invalid: spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    );
    expect(createError(t, "pods", pod("p", { dnsPolicy: "Google", ...c({}) }))).toBe(
      'Pod "p" is invalid: spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    );
  });

  it("checks volumes and mounts", () => {
    expect(createError(t, "pods", pod("p", c({ volumeMounts: [{ name: "data", mountPath: "/data" }] })))).toBe(
      'Pod "p" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "data"',
    );
    expect(createError(t, "pods", pod("p", { volumes: [{ name: "v", emptyDir: {}, hostPath: { path: "/x" } }], ...c({}) }))).toBe(
      'Pod "p" is invalid: spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
    );
  });

  it("checks probes, env, labels, node selectors and tolerations", () => {
    expect(createError(t, "pods", pod("p", c({ livenessProbe: { periodSeconds: 5 } })))).toBe(
      'Pod "p" is invalid: spec.containers[0].livenessProbe: Required value: must specify a handler type',
    );
    expect(createError(t, "pods", pod("p", c({ env: [{ name: "" }] })))).toBe('Pod "p" is invalid: spec.containers[0].env[0].name: Required value');
    expect(createError(t, "pods", pod("p", c({}), { labels: { app: "bad value!" } }))).toBe(
      `Pod "p" is invalid: metadata.labels: Invalid value: "bad value!": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
    expect(createError(t, "pods", pod("p", { tolerations: [{ key: "k", operator: "Exists", value: "v" }], ...c({}) }))).toBe(
      "Pod \"p\" is invalid: spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
    );
  });
});

describe("pod update", () => {
  it("allows image, activeDeadlineSeconds and added tolerations", () => {
    t.create("pods", pod("u1"));
    const p = fetch(t, "pods", "u1");
    p.spec.containers[0].image = "nginx:1.27";
    p.spec.activeDeadlineSeconds = 600;
    p.spec.tolerations.push({ key: "dedicated", operator: "Equal", value: "x", effect: "NoSchedule" });
    expect(updateError(t, "pods", p)).toBe("");
    expect(t.get("pods", "default", "u1").spec.containers[0].image).toBe("nginx:1.27");
  });

  it("forbids other changes with the server's message and cmp diff", () => {
    t.create("pods", pod("u2"));
    const p = fetch(t, "pods", "u2");
    const token = p.spec.volumes[0].name;
    p.spec.containers[0].env = [{ name: "MODE", value: "debug" }];
    expect(updateError(t, "pods", p)).toBe(
      'Pod "u2" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n' +
        "  core.PodSpec{\n" +
        `  \tVolumes:        {{Name: "${token}", VolumeSource: {Projected: &{Sources: {{ServiceAccountToken: &{ExpirationSeconds: 3607, Path: "token"}}, {ConfigMap: &{LocalObjectReference: {Name: "kube-root-ca.crt"}, Items: {{Key: "ca.crt", Path: "ca.crt"}}}}, {DownwardAPI: &{Items: {{Path: "namespace", FieldRef: &{APIVersion: "v1", FieldPath: "metadata.namespace"}}}}}}, DefaultMode: &420}}}},\n` +
        "  \tInitContainers: nil,\n" +
        "  \tContainers: []core.Container{\n" +
        "  \t\t{\n" +
        "  \t\t\t... // 5 identical fields\n" +
        "  \t\t\tPorts:        nil,\n" +
        "  \t\t\tEnvFrom:      nil,\n" +
        "- \t\t\tEnv:          nil,\n" +
        '+ \t\t\tEnv:          []core.EnvVar{{Name: "MODE", Value: "debug"}},\n' +
        "  \t\t\tResources:    {},\n" +
        "  \t\t\tResizePolicy: nil,\n" +
        "  \t\t\t... // 15 identical fields\n" +
        "  \t\t},\n" +
        "  \t},\n" +
        "  \tEphemeralContainers: nil,\n" +
        '  \tRestartPolicy:       "Always",\n' +
        "  \t... // 30 identical fields\n" +
        "  }\n",
    );
  });

  it("shows resource changes as go-cmp prints quantities (long inserted values expanded)", () => {
    t.create("pods", pod("u3"));
    const p = fetch(t, "pods", "u3");
    p.spec.containers[0].resources = { limits: { cpu: "500m" } };
    const msg = updateError(t, "pods", p);
    expect(msg).toContain(
      [
        "  \t\t\tEnv:     nil,",
        "  \t\t\tResources: core.ResourceRequirements{",
        "- \t\t\t\tLimits: nil,",
        "+ \t\t\t\tLimits: core.ResourceList{",
        '+ \t\t\t\t\ts"cpu": {i: resource.int64Amount{value: 500, scale: -3}, s: "500m", Format: "DecimalSI"},',
        "+ \t\t\t\t},",
        "- \t\t\t\tRequests: nil,",
        "+ \t\t\t\tRequests: core.ResourceList{",
        '+ \t\t\t\t\ts"cpu": {i: resource.int64Amount{value: 500, scale: -3}, s: "500m", Format: "DecimalSI"},',
        "+ \t\t\t\t},",
        "  \t\t\t\tClaims: nil,",
        "  \t\t\t},",
        "  \t\t\tResizePolicy:  nil,",
        "  \t\t\tRestartPolicy: nil,",
        "  \t\t\t... // 14 identical fields",
      ].join("\n"),
    );
  });

  it("forbids changing metadata.name and keeps labels mutable", () => {
    t.create("pods", pod("u4"));
    const p = fetch(t, "pods", "u4");
    p.metadata.labels = { tier: "web" };
    expect(updateError(t, "pods", p)).toBe("");
  });
});
