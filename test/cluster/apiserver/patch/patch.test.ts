import { describe, expect, it } from "vitest";
import { applyPatch } from "../../../../src/cluster/apiserver/patch/index.js";
import { ApiError } from "../../../../src/cluster/api/errors.js";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import { ADMIN_USER } from "../../../../src/cluster/api/types.js";
import { newCluster } from "../../../helpers.js";

function pod(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default", ...metadata }, spec };
}

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

describe("JSON merge patch", () => {
  it("merges maps, deletes on null and replaces lists", () => {
    const cur = pod({ containers: [{ name: "a", image: "x" }, { name: "b", image: "y" }] }, { labels: { app: "web", tier: "fe" } });
    const out = applyPatch("merge", cur, { metadata: { labels: { tier: null, env: "prod" } }, spec: { containers: [{ name: "a", image: "z" }] } }, "/Pod");
    expect(out.metadata.labels).toEqual({ app: "web", env: "prod" });
    expect(out.spec.containers).toEqual([{ name: "a", image: "z" }]);
  });
});

describe("JSON patch", () => {
  const cur = pod({ containers: [{ name: "a", image: "x" }] }, { labels: { app: "web" } });

  it("applies add, replace, remove, copy, move and test in order", () => {
    const out = applyPatch(
      "json",
      cur,
      [
        { op: "test", path: "/metadata/labels/app", value: "web" },
        { op: "replace", path: "/spec/containers/0/image", value: "nginx" },
        { op: "add", path: "/spec/containers/-", value: { name: "b", image: "busybox" } },
        { op: "copy", from: "/metadata/labels/app", path: "/metadata/labels/copy" },
        { op: "move", from: "/metadata/labels/copy", path: "/metadata/labels/moved" },
        { op: "add", path: "/metadata/labels/a~1b", value: "slash" },
        { op: "remove", path: "/metadata/labels/app" },
      ],
      "/Pod",
    );
    expect(out.spec.containers).toEqual([
      { name: "a", image: "nginx" },
      { name: "b", image: "busybox" },
    ]);
    expect(out.metadata.labels).toEqual({ moved: "web", "a/b": "slash" });
  });

  it("rejects a path that does not exist with the server's 422", () => {
    for (const op of [
      { op: "add", path: "/metadata/annotations/x", value: "1" },
      { op: "remove", path: "/spec/nodeSelector" },
      { op: "replace", path: "/metadata/annotations/x", value: "1" },
      { op: "replace", path: "/spec/containers/5", value: {} },
      { op: "test", path: "/metadata/labels/app", value: "other" },
      { op: "frobnicate", path: "/spec" },
    ]) {
      const e = errorOf(() => applyPatch("json", cur, [op], "/Pod"));
      expect(e.code).toBe(422);
      expect(e.reason).toBe("Invalid");
      expect(e.message).toBe("the server rejected our request due to an error in our request");
    }
  });

  it("replaces a missing member of an object by setting it, as evanphx/json-patch v4 does", () => {
    const out = applyPatch("json", cur, [{ op: "replace", path: "/metadata/labels/missing", value: "1" }], "/Pod") as any;
    expect(out.metadata.labels.missing).toBe("1");
  });

  it("rejects a body that is not a list of operations with 400", () => {
    const e = errorOf(() => applyPatch("json", cur, { op: "add" }, "/Pod"));
    expect(e.code).toBe(400);
    expect(e.message).toBe("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  });
});

describe("strategic merge patch", () => {
  it("merges containers by name and env by name, keeping the rest", () => {
    const cur = pod({
      containers: [
        { name: "web", image: "nginx:1.25", env: [{ name: "A", value: "1" }, { name: "B", value: "2" }] },
        { name: "sidecar", image: "busybox" },
      ],
      tolerations: [{ key: "k", operator: "Exists" }],
    });
    const out = applyPatch(
      "strategic",
      cur,
      { spec: { containers: [{ name: "web", image: "nginx:1.27", env: [{ name: "B", value: "3" }, { name: "C", value: "4" }] }] } },
      "/Pod",
    );
    expect(out.spec.containers).toEqual([
      { name: "web", image: "nginx:1.27", env: [{ name: "A", value: "1" }, { name: "B", value: "3" }, { name: "C", value: "4" }] },
      { name: "sidecar", image: "busybox" },
    ]);
    expect(out.spec.tolerations).toEqual([{ key: "k", operator: "Exists" }]);
  });

  it("replaces atomic lists such as tolerations and args", () => {
    const cur = pod({ containers: [{ name: "c", args: ["a", "b"] }], tolerations: [{ key: "a", operator: "Exists" }] });
    const out = applyPatch("strategic", cur, { spec: { tolerations: [{ key: "b", operator: "Exists" }], containers: [{ name: "c", args: ["z"] }] } }, "/Pod");
    expect(out.spec.tolerations).toEqual([{ key: "b", operator: "Exists" }]);
    expect(out.spec.containers[0].args).toEqual(["z"]);
  });

  it("merges container ports by containerPort and volume mounts by mountPath", () => {
    const cur = pod({ containers: [{ name: "c", ports: [{ containerPort: 80, name: "http" }], volumeMounts: [{ name: "a", mountPath: "/a" }] }] });
    const out = applyPatch(
      "strategic",
      cur,
      { spec: { containers: [{ name: "c", ports: [{ containerPort: 443, name: "https" }], volumeMounts: [{ name: "b", mountPath: "/a" }] }] } },
      "/Pod",
    );
    // A new item the live list does not know goes before the server-only items, as in the real merge.
    expect(out.spec.containers[0].ports).toEqual([{ containerPort: 443, name: "https" }, { containerPort: 80, name: "http" }]);
    expect(out.spec.containers[0].volumeMounts).toEqual([{ name: "b", mountPath: "/a" }]);
  });

  it("honours $patch: delete and $patch: replace in lists and maps", () => {
    const cur = pod({ containers: [{ name: "a" }, { name: "b" }, { name: "c" }], nodeSelector: { disk: "ssd", zone: "a" } });
    const del = applyPatch("strategic", cur, { spec: { containers: [{ name: "b", $patch: "delete" }] } }, "/Pod");
    expect(del.spec.containers.map((c: { name: string }) => c.name)).toEqual(["a", "c"]);
    const rep = applyPatch("strategic", cur, { spec: { containers: [{ name: "z" }, { $patch: "replace" }] } }, "/Pod");
    expect(rep.spec.containers).toEqual([{ name: "z" }]);
    const mapRep = applyPatch("strategic", cur, { spec: { nodeSelector: { $patch: "replace", zone: "b" } } }, "/Pod");
    expect(mapRep.spec.nodeSelector).toEqual({ zone: "b" });
    const mapDel = applyPatch("strategic", cur, { spec: { nodeSelector: { $patch: "delete" } } }, "/Pod");
    expect(mapDel.spec.nodeSelector).toEqual({});
  });

  it("unions finalizers and removes with $deleteFromPrimitiveList", () => {
    const cur = pod({ containers: [] }, { finalizers: ["a", "b"] });
    const add = applyPatch("strategic", cur, { metadata: { finalizers: ["c", "a"] } }, "/Pod");
    expect(add.metadata.finalizers).toEqual(["c", "a", "b"]);
    const del = applyPatch("strategic", cur, { metadata: { "$deleteFromPrimitiveList/finalizers": ["a"] } }, "/Pod");
    expect(del.metadata.finalizers).toEqual(["b"]);
  });

  it("orders merged lists by $setElementOrder", () => {
    const cur = pod({ containers: [{ name: "a", image: "1" }, { name: "b", image: "2" }] });
    const out = applyPatch(
      "strategic",
      cur,
      { spec: { "$setElementOrder/containers": [{ name: "b" }, { name: "a" }], containers: [{ name: "a", image: "3" }] } },
      "/Pod",
    );
    expect(out.spec.containers).toEqual([{ name: "b", image: "2" }, { name: "a", image: "3" }]);
  });

  it("clears keys outside $retainKeys (deployment strategy)", () => {
    const cur: KubeObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d" },
      spec: { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } } },
    };
    const out = applyPatch("strategic", cur, { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } }, "apps/Deployment");
    expect(out.spec.strategy).toEqual({ type: "Recreate" });
  });

  it("merges service ports by port and replaces a PDB selector", () => {
    const svc: KubeObject = { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { ports: [{ port: 80, targetPort: 8080 }] } };
    const out = applyPatch("strategic", svc, { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } }, "/Service");
    expect(out.spec.ports).toEqual([{ port: 80, targetPort: 9090 }, { port: 443 }]);
    const pdb: KubeObject = { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "p" }, spec: { selector: { matchLabels: { a: "1" } } } };
    const p2 = applyPatch("strategic", pdb, { spec: { selector: { matchLabels: { b: "2" } } } }, "policy/PodDisruptionBudget");
    expect(p2.spec.selector).toEqual({ matchLabels: { b: "2" } });
  });

  it("reports an element without its merge key", () => {
    const e = errorOf(() => applyPatch("strategic", pod({ containers: [{ name: "a" }] }), { spec: { containers: [{ image: "x" }] } }, "/Pod"));
    expect(e.message).toContain("map: map[image:x] does not contain declared merge key: name");
  });

  it("is refused for custom resources with 415", () => {
    const cr: KubeObject = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec: {} };
    const e = errorOf(() => applyPatch("strategic", cr, { spec: { a: 1 } }, "example.com/Widget"));
    expect(e.code).toBe(415);
    expect(e.reason).toBe("UnsupportedMediaType");
    expect(e.message).toBe(
      "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
    );
  });
});

describe("PATCH through the API server", () => {
  it("patches a deployment's image with a strategic patch and bumps the generation", () => {
    const c = newCluster();
    const client = c.client(ADMIN_USER);
    client.create("deployments", "default", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.25" }, { name: "log", image: "busybox" }] } },
      },
    });
    const out = client.patch("deployments", "default", "web", "strategic", { spec: { template: { spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } } } });
    expect(out.spec.template.spec.containers.map((x: { image: string }) => x.image)).toEqual(["nginx:1.27", "busybox"]);
    expect(out.metadata.generation).toBe(2);
  });
});
