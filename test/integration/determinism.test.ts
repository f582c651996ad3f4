/**
 * Same fixture, seed and script: the same bytes. Another seed: other names.
 */
import { describe, expect, it } from "vitest";
import { sh } from "../helpers.js";

const SCRIPT = `kubectl create deployment web --image=nginx --replicas=3
kubectl expose deployment web --port=80 2>/dev/null || true
sleep 20
kubectl get pods -o wide
kubectl get events --sort-by=.metadata.creationTimestamp
kubectl get deploy,rs -o yaml`;

describe("determinism", () => {
  it("gives byte-identical output for the same seed", async () => {
    const a = await sh(SCRIPT, { seed: 7 });
    const b = await sh(SCRIPT, { seed: 7 });
    expect(a.stdout.length).toBeGreaterThan(500);
    expect(b.stdout).toBe(a.stdout);
    expect(b.stderr).toBe(a.stderr);
  });

  it("changes the generated names with another seed", async () => {
    const names = async (seed: number) => (await sh("kubectl create deployment web --image=nginx --replicas=2; sleep 5; kubectl get pods -o name", { seed })).stdout;
    const [a, b] = [await names(1), await names(2)];
    expect(a).toMatch(/^pod\/web-/m);
    expect(a).not.toBe(b);
  });
});
