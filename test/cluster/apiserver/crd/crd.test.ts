/**
 * CustomResourceDefinitions: creating one serves its resource (names,
 * short names, scope), sets the CRD's status, validates custom resources
 * against the version's openAPIV3Schema (defaults, pruning, strict
 * decoding), prints them with the additionalPrinterColumns, and deleting
 * the CRD stops serving the resource.
 */
import { beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { SYSTEM_MASTERS, type KubeObject } from "../../../../src/cluster/api/types.js";
import { customResourceTable, customResourceTableFor } from "../../../../src/cluster/apiserver/crd.js";
import { newApi, type TestApi } from "../api-fixture.js";
import { createError, y } from "../validation/helpers.js";

const CRONTAB_CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames: [ct]
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [cronSpec]
            properties:
              cronSpec:
                type: string
                pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'
              image:
                type: string
              replicas:
                type: integer
                minimum: 1
                maximum: 10
                default: 1
              color:
                type: string
                enum: [red, green]
    additionalPrinterColumns:
    - name: Spec
      type: string
      jsonPath: .spec.cronSpec
    - name: Replicas
      type: integer
      jsonPath: .spec.replicas
    - name: Age
      type: date
      jsonPath: .metadata.creationTimestamp
`;

let t: TestApi;
beforeAll(() => {
  t = newApi();
  t.create("customresourcedefinitions", y(CRONTAB_CRD));
});

const cronTab = (name: string, spec: Record<string, unknown>) =>
  ({ apiVersion: "stable.example.com/v1", kind: "CronTab", metadata: { name, namespace: "default" }, spec }) as KubeObject;

describe("CustomResourceDefinition", () => {
  it("gets defaults and a status with accepted names, conditions and stored versions", () => {
    const crd = t.get("customresourcedefinitions", undefined, "crontabs.stable.example.com");
    expect(crd.spec.names.listKind).toBe("CronTabList");
    expect(crd.spec.conversion).toEqual({ strategy: "None" });
    expect(crd.status.acceptedNames).toEqual({ plural: "crontabs", singular: "crontab", shortNames: ["ct"], kind: "CronTab", listKind: "CronTabList" });
    expect(crd.status.storedVersions).toEqual(["v1"]);
    expect(crd.status.conditions.map((c: Record<string, string>) => [c.type, c.status, c.reason, c.message])).toEqual([
      ["NamesAccepted", "True", "NoConflicts", "no conflicts found"],
      ["Established", "True", "InitialNamesAccepted", "the initial names have been accepted"],
    ]);
  });

  it("serves the resource under its plural, singular, short name and kind", () => {
    for (const name of ["crontabs", "crontab", "ct", "CronTab"]) {
      const r = t.api.registry.resolve(name);
      expect(r?.group).toBe("stable.example.com");
      expect(r?.version).toBe("v1");
      expect(r?.namespaced).toBe(true);
    }
  });

  it("rejects an invalid CRD", () => {
    expect(
      createError(
        t,
        "customresourcedefinitions",
        `{apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition, metadata: {name: widgets.example.com}, spec: {group: example.org, scope: Namespaced, names: {plural: widgets, kind: Widget}, versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]}}`,
      ),
    ).toBe(`CustomResourceDefinition.apiextensions.k8s.io "widgets.example.com" is invalid: metadata.name: Invalid value: "widgets.example.com": must be spec.names.plural+"."+spec.group`);
  });
});

describe("custom resources", () => {
  it("are created with schema defaults, and listed by short name", () => {
    const ct = t.create("crontabs", cronTab("my-new-cron-object", { cronSpec: "* * * * */5", image: "my-awesome-cron-image" }));
    expect(ct.spec).toEqual({ cronSpec: "* * * * */5", image: "my-awesome-cron-image", replicas: 1 });
    expect(ct.metadata.generation).toBe(1);
    expect(ct.metadata.uid).toBeTruthy();
    expect(t.api.list(SYSTEM_MASTERS, "ct", "default").items.map((o) => o.metadata.name)).toEqual(["my-new-cron-object"]);
  });

  it("are validated against the openAPIV3Schema", () => {
    expect(createError(t, "crontabs", cronTab("bad", { cronSpec: "* * * *", replicas: 15, color: "pink" }))).toBe(
      `CronTab.stable.example.com "bad" is invalid: [spec.cronSpec: Invalid value: "* * * *": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$', spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10, spec.color: Unsupported value: "pink": supported values: "red", "green"]`,
    );
    expect(createError(t, "crontabs", cronTab("bad", { cronSpec: "* * * * *", replicas: "5" }))).toBe(
      'CronTab.stable.example.com "bad" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    );
    expect(createError(t, "crontabs", cronTab("bad", { image: "x" }))).toBe('CronTab.stable.example.com "bad" is invalid: spec.cronSpec: Required value');
  });

  it("reject unknown fields with fieldValidation=Strict and prune them otherwise", () => {
    expect(createError(t, "crontabs", cronTab("bad", { cronSpec: "* * * * *", foo: 1 }))).toBe(
      'CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec.foo"',
    );
    const pruned = t.create("crontabs", cronTab("pruned", { cronSpec: "* * * * *", foo: 1 }), { fieldValidation: "Ignore" });
    expect(pruned.spec).toEqual({ cronSpec: "* * * * *", replicas: 1 });
  });

  it("print with the version's additionalPrinterColumns", () => {
    const table = customResourceTableFor(t.api, { group: "stable.example.com", kind: "CronTab" });
    expect(table?.columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ["Name", "string", 0],
      ["Spec", "string", 0],
      ["Replicas", "integer", 0],
      ["Age", "date", 0],
    ]);
    const obj = t.get("crontabs", "default", "my-new-cron-object");
    expect(table?.cells(obj, { now: Date.parse("2025-06-01T10:05:00Z") })).toEqual(["my-new-cron-object", "* * * * */5", 1, "2025-06-01T10:00:00Z"]);
  });

  it("print NAME and AGE when the CRD declares no columns", () => {
    const crd = y(CRONTAB_CRD);
    delete (crd.spec as Record<string, any>).versions[0].additionalPrinterColumns;
    const table = customResourceTable(crd);
    expect(table.columns.map((c) => c.name)).toEqual(["Name", "Age"]);
  });

  it("stop being served when the CRD is deleted", () => {
    t.create("customresourcedefinitions", y(CRONTAB_CRD.replaceAll("crontab", "backup").replaceAll("CronTab", "Backup").replace("[ct]", "[bk]")));
    t.create("backups", { ...cronTab("b1", { cronSpec: "* * * * *" }), kind: "Backup" });
    expect(t.api.registry.resolve("bk")?.kind).toBe("Backup");
    t.api.delete(SYSTEM_MASTERS, "customresourcedefinitions", undefined, "backups.stable.example.com");
    t.loop.drain();
    expect(t.api.registry.resolve("backups")).toBeUndefined();
    expect(t.api.registry.resolve("crontabs")?.kind).toBe("CronTab");
  });
});

describe("cluster-scoped custom resources", () => {
  it("are served without a namespace", () => {
    t.create(
      "customresourcedefinitions",
      YAML.parse(`
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: regions.geo.example.com}
spec:
  group: geo.example.com
  scope: Cluster
  names: {plural: regions, singular: region, kind: Region}
  versions:
  - name: v1alpha1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`),
    );
    const r = t.create("regions", { apiVersion: "geo.example.com/v1alpha1", kind: "Region", metadata: { name: "eu" }, spec: { anything: { goes: true } } } as KubeObject);
    expect(r.metadata.namespace).toBeUndefined();
    expect(r.spec).toEqual({ anything: { goes: true } });
    expect(t.api.registry.resolve("regions")?.namespaced).toBe(false);
  });
});
