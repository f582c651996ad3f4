/**
 * kubectl wait against the simulated cluster: conditions and JSONPath
 * values become true as the controllers and kubelets work, deletions
 * finish, objects appear; one --timeout covers every object, and a timeout
 * names the object and exits 1 after that much virtual time.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

describe("kubectl wait", () => {
  it("waits for a new pod to become Ready and Running", async () => {
    const c = newCluster();
    const start = c.clock.now();
    const r = await sh(
      "kubectl run p1 --image=nginx >/dev/null\nkubectl wait --for=condition=Ready pod/p1\nkubectl wait --for=jsonpath='{.status.phase}'=Running pod/p1\nkubectl get pod p1 -o jsonpath='{.status.phase}'",
      { cluster: c },
    );
    expect(r.stdout).toBe("pod/p1 condition met\npod/p1 condition met\nRunning");
    expect(r.exitCode).toBe(0);
    expect(c.clock.now() - start).toBeGreaterThan(0);
  });

  it("waits for every pod a selector picks, and for a Deployment to be Available", async () => {
    const r = await sh("kubectl create deployment web --image=nginx --replicas=2 >/dev/null\nkubectl wait --for=condition=Available deploy/web --timeout=60s\nkubectl wait --for=condition=Ready pod -l app=web -o name");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("deployment.apps/web condition met");
    expect(lines.slice(1)).toHaveLength(2);
    for (const l of lines.slice(1)) expect(l).toMatch(/^pod\/web-[a-z0-9]+-[a-z0-9]{5}$/);
  });

  it("times out on a condition that never holds, naming the object, after --timeout of virtual time", async () => {
    const c = newCluster();
    await sh("kubectl run p1 --image=nginx >/dev/null\nkubectl wait --for=condition=Ready pod/p1 >/dev/null", { cluster: c });
    const start = c.clock.now();
    const r = await sh("kubectl wait --for=condition=Ready=false pod/p1 --timeout=5s", { cluster: c });
    expect(r.stderr).toBe("error: timed out waiting for the condition on pods/p1\n");
    expect(r.exitCode).toBe(1);
    expect(c.clock.now() - start).toBe(5000);
  });

  it("shares one timeout between objects (later ones time out at once)", async () => {
    const c = newCluster();
    await sh("kubectl run a --image=nginx >/dev/null\nkubectl run b --image=nginx >/dev/null\nkubectl wait --for=condition=Ready pod/a pod/b >/dev/null", { cluster: c });
    const start = c.clock.now();
    const r = await sh("kubectl wait --for=condition=Ready=false pod/a pod/b --timeout=3s", { cluster: c });
    expect(r.stderr).toBe("timed out waiting for the condition on pods/a\ntimed out waiting for the condition on pods/b\n");
    expect(c.clock.now() - start).toBe(3000);
  });

  it("--timeout=0 checks once", async () => {
    const r = await sh("kubectl run p1 --image=nginx >/dev/null\nkubectl wait --for=condition=Ready pod/p1 --timeout=0\nkubectl wait --for=condition=Ready pod/p1 >/dev/null\nkubectl wait --for=condition=Ready pod/p1 --timeout=0");
    expect(r.stderr).toBe("error: condition not met for pods/p1\n");
    expect(r.stdout).toBe("pod/p1 condition met\n");
  });

  it("waits for a deletion to finish, and ignores objects already gone", async () => {
    const c = newCluster();
    await sh("kubectl run p1 --image=nginx >/dev/null\nkubectl wait --for=condition=Ready pod/p1 >/dev/null", { cluster: c });
    const r = await sh("kubectl delete pod p1 --wait=false\nkubectl wait --for=delete pod/p1 --timeout=60s\nkubectl wait --for=delete pod/p1\necho rc=$?", { cluster: c });
    expect(r.stdout).toBe('pod "p1" deleted from default namespace\npod/p1 condition met\nrc=0\n');
    expect(c.client().find("pods", "default", "p1")).toBeUndefined();
  });

  it("waits for an object to be created", async () => {
    const r = await sh("kubectl wait --for=create secret/s1 --timeout=2s\nkubectl create secret generic s1 >/dev/null\nkubectl wait --for=create secret/s1 --timeout=2s");
    expect(r.stderr).toBe("error: timed out waiting for the condition\n");
    expect(r.stdout).toBe("secret/s1 condition met\n");
  });

  it("reports kubectl's errors", async () => {
    const r = await sh(
      "kubectl run p1 --image=nginx >/dev/null\nkubectl wait --for=condition=Ready pod/p1 >/dev/null\n" +
        [
          "kubectl wait --for=condition=Ready pod/nope",
          "kubectl wait --for=foo pod/p1",
          "kubectl wait pod/p1",
          "kubectl wait --for=condition=Ready pods",
          "kubectl wait --for=condition=Ready pods -n kube-public --all",
          "kubectl wait --for=jsonpath='{.status.conditions[*].type}'=Ready pod/p1 --timeout=0",
        ].join("\n"),
    );
    expect(r.stderr).toBe(
      'Error from server (NotFound): pods "nope" not found\n' +
        'error: unrecognized condition: "foo"\n' +
        'error: unrecognized condition: ""\n' +
        "error: resource(s) were provided, but no name was specified\n" +
        "error: no matching resources found\n" +
        "error: given jsonpath expression matches more than one value\n",
    );
  });
});
