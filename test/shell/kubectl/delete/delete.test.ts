/**
 * kubectl delete: by TYPE NAME, TYPE/NAME, -f, -l, --all, -A; v1.34's
 * `kind "name" deleted from <ns> namespace` lines; NotFound handling; force,
 * grace and cascade flags; and waiting (on the virtual clock) until the
 * objects are gone.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const cms = (...names: string[]) => names.map((n) => `kubectl create configmap ${n} >/dev/null`).join("\n") + "\n";

describe("kubectl delete", () => {
  it("deletes by TYPE NAME... and TYPE/NAME, naming the namespace", async () => {
    const r = await sh(cms("a", "b", "c") + "kubectl create deployment web --image=nginx >/dev/null\nkubectl delete configmap a b\nkubectl delete cm/c deploy/web");
    expect(r.stdout).toBe(
      'configmap "a" deleted from default namespace\nconfigmap "b" deleted from default namespace\nconfigmap "c" deleted from default namespace\ndeployment.apps "web" deleted from default namespace\n',
    );
    expect(r.exitCode).toBe(0);
    expect(r.cluster.client().list("configmaps", "default").items.map((c) => c.metadata.name)).not.toContain("a");
  });

  it("deletes several types with the same names (pod,svc a b)", async () => {
    const r = await sh(cms("a") + "kubectl create secret generic a >/dev/null\nkubectl delete cm,secret a");
    expect(r.stdout).toBe('configmap "a" deleted from default namespace\nsecret "a" deleted from default namespace\n');
  });

  it("reports NotFound, keeps going with the others, and exits 1", async () => {
    const r = await sh(cms("a", "b") + "kubectl delete cm a nope b");
    expect(r.stdout).toBe('configmap "a" deleted from default namespace\nconfigmap "b" deleted from default namespace\n');
    expect(r.stderr).toBe('Error from server (NotFound): configmaps "nope" not found\n');
    expect(r.exitCode).toBe(1);
    const quiet = await sh("kubectl delete cm nope --ignore-not-found");
    expect([quiet.stdout, quiet.stderr, quiet.exitCode]).toEqual(["", "", 0]);
  });

  it("deletes by label selector and says so when nothing matches", async () => {
    const r = await sh(cms("a", "b") + "kubectl label cm a app=x >/dev/null 2>&1 || true\nkubectl delete cm -l app=none");
    expect(r.stdout).toBe("No resources found\n");
    expect(r.exitCode).toBe(0);
    const c = newCluster();
    c.client().create("configmaps", "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "keep", labels: { app: "db" } } });
    c.client().create("configmaps", "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "drop", labels: { app: "web" } } });
    const sel = await sh("kubectl delete configmaps -l app=web", { cluster: c });
    expect(sel.stdout).toBe('configmap "drop" deleted from default namespace\n');
    expect(c.client().find("configmaps", "default", "keep")).toBeDefined();
  });

  it("--all deletes every object of the type in the namespace, -A in all namespaces", async () => {
    const r = await sh("kubectl create ns dev >/dev/null\n" + cms("a") + "kubectl create cm b -n dev >/dev/null\nkubectl delete cm --all -n dev");
    expect(r.stdout).toContain('configmap "b" deleted from dev namespace\n');
    expect(r.stdout).not.toContain('"a"');
    const all = await sh("kubectl create ns dev >/dev/null\nkubectl create cm x -n dev >/dev/null\nkubectl create cm y >/dev/null\nkubectl delete cm --all -A -o name");
    expect(all.stdout).toContain("configmap/x\n");
    expect(all.stdout).toContain("configmap/y\n");
  });

  it("expands the all category with --all", async () => {
    const r = await sh("kubectl create deployment web --image=nginx >/dev/null\nkubectl create service clusterip web --tcp=80 >/dev/null\n" + cms("keep") + "kubectl delete all --all");
    expect(r.stdout).toContain('service "web" deleted from default namespace\n');
    expect(r.stdout).toContain('deployment.apps "web" deleted from default namespace\n');
    expect(r.stdout.indexOf("service")).toBeLessThan(r.stdout.indexOf("deployment"));
    expect(r.cluster.client().find("configmaps", "default", "keep")).toBeDefined();
  });

  it("deletes the objects of a file", async () => {
    const r = await sh(cms("one") + "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: one\\n' > cm.yaml\nkubectl delete -f cm.yaml\nkubectl delete -f cm.yaml");
    expect(r.stdout).toBe('configmap "one" deleted from default namespace\n');
    expect(r.stderr).toBe('Error from server (NotFound): error when deleting "cm.yaml": configmaps "one" not found\n');
  });

  it("prints the builder's and the command's errors", async () => {
    const cases: Array<[string, string]> = [
      ["kubectl delete pod", "error: resource(s) were provided, but no name was specified\n"],
      [
        "kubectl delete",
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
      ],
      ["kubectl delete foo bar", 'error: the server doesn\'t have a resource type "foo"\n'],
      ["kubectl delete pods --all -l app=x", "error: setting 'all' parameter but found a non empty selector. \n"],
      ["kubectl delete pod a -l app=x", "error: name cannot be provided when a selector is specified\n"],
      ["kubectl delete -l app=x", "error: at least one resource must be specified to use a selector\n"],
      ["kubectl delete pod a -o wide", "error: unexpected -o output mode: wide. We only support '-o name'\n"],
      ["kubectl delete pod a --now --grace-period=5", "error: --now and --grace-period cannot be specified together\n"],
      ["kubectl delete pod a --force --grace-period=5", "error: --force and --grace-period greater than 0 cannot be specified together\n"],
      ["kubectl delete pod a --cascade=maybe", 'error: invalid cascade value (maybe). Must be "background", "foreground", or "orphan"\n'],
      ["kubectl delete pod a -A", "error: a resource cannot be retrieved by name across all namespaces\n"],
    ];
    const cluster = newCluster();
    for (const [cmd, stderr] of cases) {
      const r = await sh(cmd, { cluster });
      expect([cmd, r.stderr, r.exitCode]).toEqual([cmd, stderr, 1]);
    }
  });

  it("--force warns and says force deleted; --dry-run keeps the object", async () => {
    const r = await sh(cms("a") + "kubectl delete cm a --dry-run=client\nkubectl delete cm a --dry-run=server\nkubectl delete cm a --force");
    expect(r.stdout).toBe(
      'configmap "a" deleted from default namespace (dry run)\nconfigmap "a" deleted from default namespace (server dry run)\nconfigmap "a" force deleted from default namespace\n',
    );
    expect(r.stderr).toBe(
      "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n",
    );
  });

  it("warns when deleting cluster-scoped objects with an explicit namespace", async () => {
    const r = await sh("kubectl create ns dev >/dev/null\nkubectl delete ns dev -n default --wait=false");
    expect(r.stderr).toBe("Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n");
    expect(r.stdout).toBe('namespace "dev" deleted\n');
  });

  it("accepts the legacy boolean --cascade with a warning", async () => {
    const r = await sh(cms("a") + "kubectl delete cm a --cascade=false --wait=false");
    expect(r.stderr).toBe("warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n");
  });

  it("asks before deleting with -i", async () => {
    const no = await sh(cms("a") + "echo n | kubectl delete cm a -i");
    expect(no.stdout).toBe("You are about to delete the following 1 resource(s):\nconfigmap/a\nDo you want to continue? (y/N): deletion is cancelled\n");
    expect(no.cluster.client().find("configmaps", "default", "a")).toBeDefined();
    const yes = await sh(cms("a") + "echo y | kubectl delete cm a -i");
    expect(yes.stdout).toContain('configmap "a" deleted from default namespace\n');
  });
});

describe("kubectl delete waits for the object to be gone", () => {
  const withFinalizer = (c: ReturnType<typeof newCluster>) =>
    c.client().create("configmaps", "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "held", finalizers: ["example.com/hold"] } });

  it("lets cluster time pass until a finalizer is removed", async () => {
    const c = newCluster();
    withFinalizer(c);
    const start = c.clock.now();
    // Something else removes the finalizer seven seconds later.
    c.clock.setTimer(7000, () => c.client().patch("configmaps", "default", "held", "merge", { metadata: { finalizers: null } }));
    const r = await sh("kubectl delete cm held", { cluster: c });
    expect(r.stdout).toBe('configmap "held" deleted from default namespace\n');
    expect(r.exitCode).toBe(0);
    expect(c.client().find("configmaps", "default", "held")).toBeUndefined();
    expect(c.clock.now() - start).toBeGreaterThanOrEqual(7000);
  });

  it("gives up after --timeout, and does not wait with --wait=false", async () => {
    const c = newCluster();
    withFinalizer(c);
    const r = await sh("kubectl delete cm held --timeout=3s", { cluster: c });
    expect(r.stdout).toBe('configmap "held" deleted from default namespace\n');
    expect(r.stderr).toBe("error: timed out waiting for the condition on configmaps/held\n");
    expect(r.exitCode).toBe(1);
    const c2 = newCluster();
    withFinalizer(c2);
    const start = c2.clock.now();
    const nowait = await sh("kubectl delete cm held --wait=false", { cluster: c2 });
    expect(nowait.exitCode).toBe(0);
    expect(c2.clock.now()).toBe(start);
    expect(c2.client().get("configmaps", "default", "held").metadata.deletionTimestamp).toBeDefined();
  });
});
