/**
 * The API schema generated from kubernetes-types (src/build/gen-schema.ts)
 * and strict decoding: unknown fields named as the server names them, Go
 * decode errors for wrongly typed values, and fieldValidation modes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { extractSchema } from "../../../../src/build/schema-extract.js";
import { fieldTypeAt, schemaDb, typeSchema, unknownFields } from "../../../../src/cluster/apiserver/schema/index.js";
import { SYSTEM_MASTERS, type KubeObject } from "../../../../src/cluster/api/types.js";
import { newApi, type TestApi } from "../api-fixture.js";
import { createError } from "../validation/helpers.js";

let t: TestApi;
beforeAll(() => {
  t = newApi();
});

const deployment = (extra: string) =>
  YAML.parse(
    `{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}, spec: {selector: {matchLabels: {app: x}}, template: {metadata: {labels: {app: x}}, spec: {containers: [{name: c, image: nginx${extra}}]}}}}`,
  ) as KubeObject;

describe("generated schema", () => {
  it("covers every kind with Go type names, descriptions and v1.34 additions", () => {
    const db = schemaDb();
    expect(db.source).toMatch(/^kubernetes-types@.*\+v1\.34/);
    expect(Object.keys(db.types).length).toBeGreaterThan(500);
    expect(typeSchema("core/v1.PodSpec")?.g).toBe("v1.PodSpec");
    expect(typeSchema("core/v1.PodSpec")?.d).toBe("PodSpec is a description of a pod.");
    expect(typeSchema("apps/v1.Deployment")?.f.spec.t).toBe("#apps/v1.DeploymentSpec");
    const containers = fieldTypeAt("apps/Deployment", ["spec", "template", "spec", "containers"]);
    expect(containers?.t).toBe("[]#core/v1.Container");
    expect(containers?.r).toBe(1);
    expect(containers?.d).toMatch(/^List of containers belonging to the pod/);
    // Fields newer than kubernetes-types' v1.30.
    expect(typeSchema("core/v1.PodSpec")?.f.resources?.t).toBe("#core/v1.ResourceRequirements");
    expect(typeSchema("core/v1.Container")?.f.restartPolicyRules?.t).toBe("[]#core/v1.ContainerRestartRule");
    expect(typeSchema("core/v1.PodResourceClaim")?.f.resourceClaimName?.t).toBe("string");
    expect(typeSchema("core/v1.PodResourceClaim")?.f.source).toBeUndefined();
    expect(typeSchema("networking/v1.NetworkPolicy")?.f.status).toBeUndefined();
    // Integer widths the decode errors name.
    expect(typeSchema("core/v1.PodSpec")?.f.terminationGracePeriodSeconds?.t).toBe("int64");
    expect(typeSchema("apps/v1.DeploymentSpec")?.f.replicas?.t).toBe("int32");
  });

  it("is what the generator produces from the installed kubernetes-types", () => {
    expect(extractSchema().types["core/v1.Service"]).toEqual(schemaDb().types["core/v1.Service"]);
  });
});

describe("strict decoding", () => {
  it("names unknown fields by their path, with list indices, in document order", () => {
    const obj = deployment(", imagePullPolice: Always, ports: [{containerPort: 80, proto: TCP}]");
    obj.metadata.labelz = { a: "b" };
    (obj.spec as Record<string, unknown>).replica = 2;
    expect(unknownFields("apps/Deployment", obj)).toEqual([
      "metadata.labelz",
      "spec.template.spec.containers[0].imagePullPolice",
      "spec.template.spec.containers[0].ports[0].proto",
      "spec.replica",
    ]);
  });

  it("rejects unknown fields with fieldValidation=Strict, as kubectl sends", () => {
    expect(createError(t, "deployments", deployment(", imagePullPolice: Always"))).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolice"',
    );
  });

  it("drops unknown fields with Ignore, Warn, or no directive", () => {
    const ignored = t.create("deployments", deployment(", imagePullPolice: Always"), { fieldValidation: "Ignore" });
    expect(ignored.spec.template.spec.containers[0].imagePullPolice).toBeUndefined();
    const obj = deployment(", bogus: 1");
    obj.metadata.name = "d2";
    const created = t.api.create(SYSTEM_MASTERS, "deployments", "default", obj, {});
    expect(created.spec.template.spec.containers[0].bogus).toBeUndefined();
  });

  it("fails decoding wrongly typed values as encoding/json does", () => {
    expect(createError(t, "deployments", { ...deployment(""), spec: { ...deployment("").spec, replicas: "3" } } as KubeObject)).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    expect(createError(t, "deployments", { ...deployment(""), spec: { ...deployment("").spec, replicas: 1.5 } } as KubeObject)).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    expect(createError(t, "deployments", deployment(", ports: [{containerPort: '80'}]"))).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32',
    );
    const pod = (spec: string) => YAML.parse(`{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: ${spec}}`) as KubeObject;
    expect(createError(t, "pods", pod('{hostNetwork: "yes", containers: [{name: c, image: x}]}'))).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool',
    );
    expect(createError(t, "pods", pod("{containers: {name: c, image: x}}"))).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container',
    );
    expect(createError(t, "pods", YAML.parse(`{apiVersion: v1, kind: Pod, metadata: {name: p, labels: {a: true}}, spec: {containers: [{name: c, image: x}]}}`))).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string',
    );
  });
});
