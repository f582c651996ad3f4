/**
 * core/v1 kinds other than Pod: Service, ConfigMap, Secret, Namespace,
 * PersistentVolume(Claim), and the object metadata rules every kind shares.
 * Composite bad values print as v1.34 does: JSON (internal structs with Go
 * field names).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { newApi, type TestApi } from "../api-fixture.js";
import { createError, fetch, updateError, y } from "./helpers.js";

let t: TestApi;
beforeAll(() => {
  t = newApi();
});

const svc = (name: string, spec: string) => `{apiVersion: v1, kind: Service, metadata: {name: ${name}}, spec: ${spec}}`;

describe("Service", () => {
  it("checks ports and type", () => {
    expect(createError(t, "services", svc("s1", "{selector: {a: b}}"))).toBe('Service "s1" is invalid: spec.ports: Required value');
    expect(createError(t, "services", svc("s1", "{type: Foo, ports: [{port: 80}]}"))).toBe(
      'Service "s1" is invalid: spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
    expect(createError(t, "services", svc("s1", "{ports: [{port: 80}, {port: 81}]}"))).toBe(
      'Service "s1" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]',
    );
    expect(createError(t, "services", svc("s1", "{ports: [{name: a, port: 80}, {name: b, port: 80}]}"))).toBe(
      'Service "s1" is invalid: spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}',
    );
    expect(createError(t, "services", svc("s1", "{ports: [{port: 0}]}"))).toBe(
      'Service "s1" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]',
    );
    expect(createError(t, "services", svc("s1", '{ports: [{port: 80, targetPort: "http_x"}]}'))).toBe(
      'Service "s1" is invalid: spec.ports[0].targetPort: Invalid value: "http_x": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    );
    expect(createError(t, "services", svc("s1", "{type: NodePort, ports: [{port: 80, nodePort: 80}]}"))).toBe(
      'Service "s1" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    expect(createError(t, "services", svc("s1", "{type: ExternalName}"))).toBe('Service "s1" is invalid: spec.externalName: Required value');
  });

  it("names services as DNS-1035 labels", () => {
    expect(createError(t, "services", svc("1web", "{ports: [{port: 80}]}"))).toBe(
      `Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
  });

  it("keeps the cluster IP once set", () => {
    t.create("services", y(svc("s2", "{ports: [{port: 80}]}")));
    const s = fetch(t, "services", "s2");
    s.spec.clusterIP = "10.96.0.99";
    s.spec.clusterIPs = ["10.96.0.99"];
    expect(updateError(t, "services", s)).toBe('Service "s2" is invalid: spec.clusterIPs[0]: Invalid value: ["10.96.0.99"]: may not change once set');
  });
});

describe("ConfigMap and Secret", () => {
  it("checks keys", () => {
    expect(createError(t, "configmaps", `{apiVersion: v1, kind: ConfigMap, metadata: {name: cm}, data: {"bad key": x}}`)).toBe(
      `ConfigMap "cm" is invalid: data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    );
    expect(createError(t, "configmaps", `{apiVersion: v1, kind: ConfigMap, metadata: {name: cm}, data: {a: x}, binaryData: {a: eA==}}`)).toBe(
      'ConfigMap "cm" is invalid: data[a]: Invalid value: "a": duplicate of key present in binaryData',
    );
    expect(createError(t, "secrets", `{apiVersion: v1, kind: Secret, metadata: {name: sec}, type: kubernetes.io/tls, data: {tls.crt: eA==}}`)).toBe(
      'Secret "sec" is invalid: data[tls.key]: Required value',
    );
    expect(createError(t, "secrets", `{apiVersion: v1, kind: Secret, metadata: {name: sec}, data: {a: "not base64!"}}`)).toBe(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
    );
  });

  it("enforces immutability", () => {
    t.create("configmaps", y(`{apiVersion: v1, kind: ConfigMap, metadata: {name: imm}, immutable: true, data: {a: x}}`));
    const cm = fetch(t, "configmaps", "imm");
    cm.data.a = "y";
    expect(updateError(t, "configmaps", cm)).toBe('ConfigMap "imm" is invalid: data: Forbidden: field is immutable when `immutable` is set');
    t.create("secrets", y(`{apiVersion: v1, kind: Secret, metadata: {name: s2}, data: {a: eA==}}`));
    const s = fetch(t, "secrets", "s2");
    s.type = "kubernetes.io/dockerconfigjson";
    expect(updateError(t, "secrets", s)).toBe(
      'Secret "s2" is invalid: [type: Invalid value: "kubernetes.io/dockerconfigjson": field is immutable, data[.dockerconfigjson]: Required value]',
    );
  });
});

describe("Namespace and metadata", () => {
  it("names namespaces as DNS labels", () => {
    expect(createError(t, "namespaces", `{apiVersion: v1, kind: Namespace, metadata: {name: my.ns}}`)).toBe(
      'Namespace "my.ns" is invalid: metadata.name: Invalid value: "my.ns": must not contain dots',
    );
    expect(createError(t, "namespaces", `{apiVersion: v1, kind: Namespace, metadata: {name: My-NS}}`)).toBe(
      `Namespace "My-NS" is invalid: metadata.name: Invalid value: "My-NS": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    );
  });

  it("checks label keys, annotations and generateName", () => {
    expect(createError(t, "configmaps", `{apiVersion: v1, kind: ConfigMap, metadata: {name: c, labels: {"-bad": x}}}`)).toBe(
      `ConfigMap "c" is invalid: metadata.labels: Invalid value: "-bad": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
    const created = t.create("configmaps", y(`{apiVersion: v1, kind: ConfigMap, metadata: {generateName: cfg-}}`));
    expect(created.metadata.name).toMatch(/^cfg-[a-z0-9]{5}$/);
  });

  it("keeps metadata.name immutable (the URL names the object)", () => {
    t.create("configmaps", y(`{apiVersion: v1, kind: ConfigMap, metadata: {name: keep}}`));
    const cm = fetch(t, "configmaps", "keep");
    cm.metadata.labels = { a: "b" };
    expect(updateError(t, "configmaps", cm)).toBe("");
  });
});

describe("PersistentVolume and PersistentVolumeClaim", () => {
  it("checks access modes and capacity", () => {
    expect(createError(t, "persistentvolumeclaims", `{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: c}, spec: {resources: {requests: {storage: 1Gi}}}}`)).toBe(
      'PersistentVolumeClaim "c" is invalid: spec.accessModes: Required value: at least 1 access mode is required',
    );
    expect(createError(t, "persistentvolumeclaims", `{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: c}, spec: {accessModes: [ReadWriteOnce]}}`)).toBe(
      'PersistentVolumeClaim "c" is invalid: spec.resources[storage]: Required value',
    );
    expect(
      createError(t, "persistentvolumeclaims", `{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: c}, spec: {accessModes: [ReadWriteSometimes], resources: {requests: {storage: 1Gi}}}}`),
    ).toBe('PersistentVolumeClaim "c" is invalid: spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"');
    expect(createError(t, "persistentvolumes", `{apiVersion: v1, kind: PersistentVolume, metadata: {name: pv}, spec: {accessModes: [ReadWriteOnce], hostPath: {path: /x}}}`)).toBe(
      'PersistentVolume "pv" is invalid: [spec.capacity: Required value, spec.capacity: Unsupported value: null: supported values: "storage"]',
    );
    expect(createError(t, "persistentvolumes", `{apiVersion: v1, kind: PersistentVolume, metadata: {name: pv}, spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce]}}`)).toBe(
      'PersistentVolume "pv" is invalid: spec: Required value: must specify a volume type',
    );
  });

  it("forbids changing a claim's spec, with the cmp diff", () => {
    t.create("persistentvolumeclaims", y(`{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: c2}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}`));
    const pvc = fetch(t, "persistentvolumeclaims", "c2");
    pvc.spec.accessModes = ["ReadWriteMany"];
    expect(updateError(t, "persistentvolumeclaims", pvc)).toBe(
      'PersistentVolumeClaim "c2" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n' +
        "  core.PersistentVolumeClaimSpec{\n" +
        '- \tAccessModes: []core.PersistentVolumeAccessMode{"ReadWriteOnce"},\n' +
        '+ \tAccessModes: []core.PersistentVolumeAccessMode{"ReadWriteMany"},\n' +
        "  \tSelector:    nil,\n" +
        '  \tResources:   {Requests: {s"storage": {i: {...}, s: "1Gi", Format: "BinarySI"}}},\n' +
        "  \t... // 6 identical fields\n" +
        "  }\n",
    );
  });

  it("forbids changing a volume's source", () => {
    t.create("persistentvolumes", y(`{apiVersion: v1, kind: PersistentVolume, metadata: {name: pv2}, spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /a}}}`));
    const pv = fetch(t, "persistentvolumes", "pv2", undefined as unknown as string);
    pv.spec.hostPath.path = "/b";
    expect(updateError(t, "persistentvolumes", pv)).toBe(
      'PersistentVolume "pv2" is invalid: spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation\n' +
        "  core.PersistentVolumeSource{\n" +
        "  \tGCEPersistentDisk:    nil,\n" +
        "  \tAWSElasticBlockStore: nil,\n" +
        "  \tHostPath: &core.HostPathVolumeSource{\n" +
        '- \t\tPath: "/a",\n' +
        '+ \t\tPath: "/b",\n' +
        '  \t\tType: &"",\n' +
        "  \t},\n" +
        "  \tGlusterfs: nil,\n" +
        "  \tNFS:       nil,\n" +
        "  \t... // 17 identical fields\n" +
        "  }\n",
    );
  });
});
