import { describe, expect, it } from "vitest";
import { GoValue, fe, formatFieldError, goJson, goJsonStruct, goLabelSelector, goQuote, goStringMap, goStringSlice, invalidError } from "../../../src/cluster/api/field-errors.js";

describe("field errors (apimachinery field.Error)", () => {
  it("renders each error type's body", () => {
    expect(formatFieldError(fe.required("spec.containers[0].image"))).toBe("spec.containers[0].image: Required value");
    expect(formatFieldError(fe.required("spec.selector", "must specify a selector"))).toBe("spec.selector: Required value: must specify a selector");
    expect(formatFieldError(fe.invalid("spec.replicas", -1, "must be greater than or equal to 0"))).toBe(
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
    );
    expect(formatFieldError(fe.invalid("metadata.name", "A_b", "bad"))).toBe('metadata.name: Invalid value: "A_b": bad');
    expect(formatFieldError(fe.invalid("x", null, "bad"))).toBe("x: Invalid value: null: bad");
    expect(formatFieldError(fe.notSupported("spec.restartPolicy", "Sometimes", ["Always", "OnFailure", "Never"]))).toBe(
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
    expect(formatFieldError(fe.duplicate("spec.containers[1].name", "web"))).toBe('spec.containers[1].name: Duplicate value: "web"');
    expect(formatFieldError(fe.forbidden("spec", "nope"))).toBe("spec: Forbidden: nope");
    expect(formatFieldError(fe.tooLongBytes("metadata.name", 63))).toBe("metadata.name: Too long: may not be more than 63 bytes");
    expect(formatFieldError(fe.tooMany("spec.x", 5, 4))).toBe("spec.x: Too many: 5: must have at most 4 items");
    expect(formatFieldError(fe.notFound("spec.containers[0].volumeMounts[0].name", "data"))).toBe('spec.containers[0].volumeMounts[0].name: Not found: "data"');
  });

  it("prints bad values as v1.34 does: %q, %v, and JSON for composite values", () => {
    expect(goQuote('a"b\n')).toBe('"a\\"b\\n"');
    expect(formatFieldError(fe.invalid("spec.template.metadata.labels", { b: "2", app: "x" }, "`selector` does not match template `labels`"))).toBe(
      'spec.template.metadata.labels: Invalid value: {"app":"x","b":"2"}: `selector` does not match template `labels`',
    );
    expect(formatFieldError(fe.invalid("spec.clusterIPs[0]", ["10.96.0.20"], "may not change once set"))).toBe('spec.clusterIPs[0]: Invalid value: ["10.96.0.20"]: may not change once set');
    expect(goLabelSelector({ matchLabels: { app: "a" } }).text).toBe('{"matchLabels":{"app":"a"}}');
    expect(goLabelSelector({ matchExpressions: [{ key: "k", operator: "In", values: ["v"] }] }).text).toBe('{"matchExpressions":[{"key":"k","operator":"In","values":["v"]}]}');
    expect(goJsonStruct([["APIGroup", "rbac.authorization.k8s.io"], ["Kind", "Role"], ["Name", "x"]]).text).toBe('{"APIGroup":"rbac.authorization.k8s.io","Kind":"Role","Name":"x"}');
    expect(goJson({ a: "<&>" })).toBe('{"a":"\\u003c\\u0026\\u003e"}');
    expect(formatFieldError(fe.invalid("spec.x", new GoValue("100m"), "bad"))).toBe("spec.x: Invalid value: 100m: bad");
    // %#v helpers remain for messages that format with it.
    expect(goStringMap({ b: "2", a: "1" })).toBe('map[string]string{"a":"1", "b":"2"}');
    expect(goStringSlice(["a", "b"])).toBe('[]string{"a", "b"}');
    expect(goStringSlice(undefined)).toBe("[]string(nil)");
  });

  it("builds the 422 Invalid status the server returns", () => {
    const one = invalidError("Pod", "", "web", [fe.required("spec.containers[0].image")]);
    expect(one.message).toBe('Pod "web" is invalid: spec.containers[0].image: Required value');
    expect(one.status.code).toBe(422);
    expect(one.status.reason).toBe("Invalid");
    expect(one.status.details?.causes?.[0]).toEqual({ reason: "FieldValueRequired", message: "Required value", field: "spec.containers[0].image" });
    const two = invalidError("Deployment", "apps", "d", [fe.required("a"), fe.required("b")]);
    expect(two.message).toBe('Deployment.apps "d" is invalid: [a: Required value, b: Required value]');
  });
});

describe("goQuote (strconv.Quote)", () => {
  it("uses Go's short escapes and \\x for other control bytes, and keeps printable Unicode", () => {
    expect(goQuote('say "hi"\\now')).toBe('"say \\"hi\\"\\\\now"');
    expect(goQuote("a\bb\f\v\x07\x01\t\n\r\x7f")).toBe('"a\\bb\\f\\v\\a\\x01\\t\\n\\r\\x7f"');
    expect(goQuote("héllo µs")).toBe('"héllo µs"');
  });
});
