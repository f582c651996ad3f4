/**
 * The patch kubectl apply computes (CreateThreeWayMergePatch): changes from
 * the live object to the file, deletions from last-applied to the file, with
 * the strategic-merge directives kubectl sends.
 */
import { describe, expect, it } from "vitest";
import { threeWayJsonMergePatch, threeWayStrategicMergePatch, type JsonMap } from "../../../../src/shell/commands/kubectl/common/three-way-patch.js";

function deployment(container: JsonMap, extra: JsonMap = {}): JsonMap {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web" },
    spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [container] } }, ...extra },
  };
}

describe("three-way strategic merge patch", () => {
  it("changes a container by merge key, with the element order directive", () => {
    const original = deployment({ name: "nginx", image: "nginx:1.25" });
    const modified = deployment({ name: "nginx", image: "nginx:1.26" });
    const current = deployment({ name: "nginx", image: "nginx:1.25", imagePullPolicy: "IfNotPresent" });
    expect(threeWayStrategicMergePatch(original, modified, current, "apps/Deployment")).toEqual({
      spec: { template: { spec: { "$setElementOrder/containers": [{ name: "nginx" }], containers: [{ image: "nginx:1.26", name: "nginx" }] } } },
    });
  });

  it("deletes a list element the file no longer has, and keeps fields only the server set", () => {
    const env = (names: string[]) => names.map((n) => ({ name: n, value: n.toLowerCase() }));
    const original = deployment({ name: "nginx", image: "nginx", env: env(["A", "B"]) });
    const modified = deployment({ name: "nginx", image: "nginx", env: env(["A"]) });
    const current = deployment({ name: "nginx", image: "nginx", env: env(["A", "B"]), terminationMessagePath: "/dev/termination-log" }, { replicas: 5 });
    expect(threeWayStrategicMergePatch(original, modified, current, "apps/Deployment")).toEqual({
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "nginx" }],
            containers: [{ "$setElementOrder/env": [{ name: "A" }], env: [{ $patch: "delete", name: "B" }], name: "nginx" }],
          },
        },
      },
    });
  });

  it("removes a field that was applied before and is gone from the file", () => {
    const original = { ...deployment({ name: "nginx", image: "nginx" }), metadata: { name: "web", labels: { app: "web", tier: "front" } } };
    const modified = { ...deployment({ name: "nginx", image: "nginx" }), metadata: { name: "web", labels: { app: "web" } } };
    const current = { ...deployment({ name: "nginx", image: "nginx" }), metadata: { name: "web", labels: { app: "web", tier: "front", extra: "x" } } };
    expect(threeWayStrategicMergePatch(original, modified, current, "apps/Deployment")).toEqual({ metadata: { labels: { tier: null } } });
  });

  it("adds $retainKeys when a retainKeys struct changes (deployment strategy)", () => {
    const modified = deployment({ name: "nginx", image: "nginx" }, { strategy: { type: "Recreate" } });
    const current = deployment({ name: "nginx", image: "nginx" }, { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } } });
    expect(threeWayStrategicMergePatch({}, modified, current, "apps/Deployment")).toEqual({
      spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } },
    });
  });

  it("replaces lists without a merge strategy and is empty when nothing changed", () => {
    const original = deployment({ name: "nginx", image: "nginx", args: ["a", "b"] });
    const modified = deployment({ name: "nginx", image: "nginx", args: ["b"] });
    expect(threeWayStrategicMergePatch(original, modified, original, "apps/Deployment")).toEqual({
      spec: { template: { spec: { "$setElementOrder/containers": [{ name: "nginx" }], containers: [{ args: ["b"], name: "nginx" }] } } },
    });
    expect(threeWayStrategicMergePatch(modified, modified, modified, "apps/Deployment")).toEqual({});
  });

  it("adds a new container by name", () => {
    const original = deployment({ name: "nginx", image: "nginx" });
    const modified = { ...original, spec: { ...(original.spec as JsonMap), template: { spec: { containers: [{ name: "nginx", image: "nginx" }, { name: "log", image: "busybox" }] } } } };
    const patch = threeWayStrategicMergePatch(original, modified, original, "apps/Deployment");
    expect(patch).toMatchObject({
      spec: { template: { spec: { "$setElementOrder/containers": [{ name: "nginx" }, { name: "log" }], containers: [{ name: "log", image: "busybox" }] } } },
    });
  });
});

describe("three-way JSON merge patch (custom resources)", () => {
  it("sets changes from live to file and nulls what the file dropped", () => {
    const original = { spec: { size: 1, color: "red" } };
    const modified = { spec: { size: 2 } };
    const current = { spec: { size: 1, color: "red", status: "x" } };
    expect(threeWayJsonMergePatch(original, modified, current)).toEqual({ spec: { size: 2, color: null } });
  });
});
