/**
 * kubectl scale: through the scale subresource, by TYPE NAME, TYPE/NAME,
 * -f, -l and --all, with the --current-replicas / --resource-version
 * preconditions and kubectl's error messages.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const deploy = (...names: string[]) => names.map((n) => `kubectl create deployment ${n} --image=nginx >/dev/null`).join("\n") + "\n";

describe("kubectl scale", () => {
  it("sets the replicas and prints kind.group/name scaled", async () => {
    const r = await sh(deploy("web") + "kubectl scale deployment web --replicas=3");
    expect(r.stdout).toBe("deployment.apps/web scaled\n");
    expect(r.cluster.client().get("deployments", "default", "web").spec.replicas).toBe(3);
  });

  it("scales several objects by TYPE/NAME, by -l and by --all", async () => {
    const c = newCluster();
    await sh(deploy("a", "b", "c"), { cluster: c });
    const r = await sh("kubectl scale deploy/a deploy/b --replicas=2", { cluster: c });
    expect(r.stdout).toBe("deployment.apps/a scaled\ndeployment.apps/b scaled\n");
    const sel = await sh("kubectl scale deploy -l app=c --replicas=4", { cluster: c });
    expect(sel.stdout).toBe("deployment.apps/c scaled\n");
    const all = await sh("kubectl scale deploy --all --replicas=0 -o name", { cluster: c });
    expect(all.stdout).toBe("deployment.apps/a\ndeployment.apps/b\ndeployment.apps/c\n");
    expect(c.client().list("deployments", "default").items.map((d) => d.spec.replicas)).toEqual([0, 0, 0]);
  });

  it("scales the object a file names", async () => {
    const r = await sh(deploy("web") + "kubectl create deployment web --image=nginx --dry-run=client -o yaml > web.yaml\nkubectl scale -f web.yaml --replicas=2");
    expect(r.stdout).toBe("deployment.apps/web scaled\n");
    expect(r.cluster.client().get("deployments", "default", "web").spec.replicas).toBe(2);
  });

  it("checks --current-replicas and --resource-version before scaling", async () => {
    const r = await sh(deploy("web") + "kubectl scale deploy web --current-replicas=2 --replicas=3\nkubectl scale deploy web --current-replicas=1 --replicas=3");
    expect(r.stderr).toBe("error: Expected replicas to be 2, was 1\n");
    expect(r.stdout).toBe("deployment.apps/web scaled\n");
    expect(r.cluster.client().get("deployments", "default", "web").spec.replicas).toBe(3);
    const rv = await sh("kubectl scale deploy web --resource-version=1 --replicas=1", { cluster: r.cluster });
    const live = r.cluster.client().get("deployments", "default", "web").metadata.resourceVersion;
    expect(rv.stderr).toBe(`error: Expected resource version to be 1, was ${live}\n`);
  });

  it("--dry-run=client prints without changing anything", async () => {
    const r = await sh(deploy("web") + "kubectl scale deploy web --replicas=5 --dry-run=client");
    expect(r.stdout).toBe("deployment.apps/web scaled (dry run)\n");
    expect(r.cluster.client().get("deployments", "default", "web").spec.replicas).toBe(1);
  });

  it("prints kubectl's errors", async () => {
    const c = newCluster();
    await sh(deploy("web") + "kubectl create configmap cfg >/dev/null", { cluster: c });
    const cases: Array<[string, string]> = [
      ["kubectl scale deploy web", 'error: required flag(s) "replicas" not set\n'],
      ["kubectl scale deploy web --replicas=-1", "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n"],
      ["kubectl scale deploy web --replicas=1 --current-replicas=-2", "error: The --current-replicas must specify an integer of -1 or greater\n"],
      ["kubectl scale foo web --replicas=1", 'error: the server doesn\'t have a resource type "foo"\n'],
      ["kubectl scale deploy nope --replicas=1", 'error: no objects passed to scale deployments.apps "nope" not found\n'],
      ["kubectl scale deploy --replicas=1", "error: resource(s) were provided, but no name was specified\n"],
      ["kubectl scale configmap cfg --replicas=1", "Error from server (NotFound): the server could not find the requested resource\n"],
      ["kubectl scale deploy --all --resource-version=1 --replicas=1", ""],
    ];
    await sh(deploy("other"), { cluster: c });
    cases[7][1] = "error: cannot use --resource-version with multiple resources\n";
    for (const [cmd, stderr] of cases) {
      const r = await sh(cmd, { cluster: c });
      expect([cmd, r.stderr, r.exitCode]).toEqual([cmd, stderr, 1]);
    }
  });
});
