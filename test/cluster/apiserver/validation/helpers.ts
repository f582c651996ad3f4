/** Shared helpers for the validation tests: create/update through a bare API server and read the error message. */
import YAML from "yaml";
import { ApiError } from "../../../../src/cluster/api/errors.js";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import type { TestApi } from "../api-fixture.js";

/** Parses YAML/flow text into an object. */
export const y = (s: string): KubeObject => YAML.parse(s) as KubeObject;

/** The message of the error a create of `text` fails with ("" when it succeeds). */
export function createError(t: TestApi, resource: string, text: string | KubeObject): string {
  return errorOf(() => t.create(resource, typeof text === "string" ? y(text) : text));
}

/** The message of the error an update fails with ("" when it succeeds). */
export function updateError(t: TestApi, resource: string, obj: KubeObject): string {
  return errorOf(() => t.update(resource, obj));
}

export function errorOf(fn: () => unknown): string {
  try {
    fn();
    return "";
  } catch (e) {
    if (e instanceof ApiError) return e.message;
    throw e;
  }
}

/** A fresh copy of a stored object, to edit and update. */
export function fetch(t: TestApi, resource: string, name: string, namespace = "default"): Record<string, any> {
  return structuredClone(t.get(resource, namespace, name)) as Record<string, any>;
}

/** A minimal valid pod spec with the given containers. */
export function pod(name: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, ...meta }, spec: { containers: [{ name: "c", image: "nginx" }], ...spec } } as KubeObject;
}
