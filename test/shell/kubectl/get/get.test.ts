/**
 * kubectl get beyond the recorded goldens: cluster-scoped messages, -f,
 * --raw, v1.34's watch --ignore-not-found, several errors at once, a down
 * API server, and listing many pods.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../../helpers.js";

function configMap(name: string, namespace = "default", data: Record<string, string> = { k: "v" }): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data };
}

// One cluster for the read-only cases (booting one per case would be slow).
let shared: Cluster;
beforeAll(() => {
  shared = newCluster();
  shared.client().create("configmaps", "kube-public", configMap("from-file", "kube-public", { a: "1", b: "2" }));
}, 60_000);
const run = (script: string) => sh(script, { cluster: shared });

describe("kubectl get: nothing found", () => {
  it("says `No resources found` for cluster-scoped resources and -A, naming the namespace otherwise", async () => {
    const pv = await run("kubectl get pv");
    expect(pv).toMatchObject({ stdout: "", stderr: "No resources found\n", exitCode: 0 });
    const all = await run("kubectl get pods -A -l nothing=here");
    expect(all).toMatchObject({ stdout: "", stderr: "No resources found\n", exitCode: 0 });
    const ns = await run("kubectl get cm -n kube-system -l nothing=here");
    expect(ns).toMatchObject({ stdout: "", stderr: "No resources found in kube-system namespace.\n", exitCode: 0 });
  });

  it("prints an empty List, not a message, for other output formats", async () => {
    const r = await run("kubectl get pods -l nothing=here -o yaml");
    expect(r).toMatchObject({ stdout: 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n', stderr: "", exitCode: 0 });
    expect(await run("kubectl get pods -l nothing=here -o name")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
  });

  it("reports each missing name on its own line and exits 1", async () => {
    const r = await run("kubectl get pods x y");
    expect(r).toMatchObject({ stdout: "", stderr: 'Error from server (NotFound): pods "x" not found\nError from server (NotFound): pods "y" not found\n', exitCode: 1 });
  });

  it("ignores a missing name with --ignore-not-found, also when watching (v1.34)", async () => {
    expect(await run("kubectl get pod x --ignore-not-found")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    expect(await run("kubectl get pod x -w --ignore-not-found")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
  });
});

describe("kubectl get -f", () => {
  it("gets the objects a manifest names, in the manifest's namespace", async () => {
    const manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\n  namespace: kube-public\n";
    const r = await run(`cat > cm.yaml <<'EOF'\n${manifest}EOF\nkubectl get -f cm.yaml -o custom-columns=NAME:.metadata.name,DATA:.data.b && kubectl get -f cm.yaml -o name`);
    expect(r).toMatchObject({ stdout: "NAME        DATA\nfrom-file   2\nconfigmap/from-file\n", stderr: "", exitCode: 0 });
  });

  it("reports a missing object, and refuses a namespace other than an explicit -n", async () => {
    const manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gone\n  namespace: kube-public\n";
    const write = `cat > cm.yaml <<'EOF'\n${manifest}EOF\n`;
    expect(await run(`${write}kubectl get -f cm.yaml`)).toMatchObject({ stderr: 'Error from server (NotFound): configmaps "gone" not found\n', exitCode: 1 });
    expect(await run(`${write}kubectl get -f cm.yaml -n default`)).toMatchObject({
      stderr: `error: the namespace from the provided object "kube-public" does not match the namespace "default". You must pass '--namespace=kube-public' to perform this operation.\n`,
      exitCode: 1,
    });
    expect(await run(`${write}kubectl get cm -f cm.yaml`)).toMatchObject({
      stderr: "error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well\n",
      exitCode: 1,
    });
  });
});

describe("kubectl get --raw", () => {
  it("answers the health endpoints with ok", async () => {
    expect(await run("kubectl get --raw /healthz")).toMatchObject({ stdout: "ok", exitCode: 0 });
    expect(await run("kubectl get --raw='/readyz?verbose'")).toMatchObject({ stdout: "ok", exitCode: 0 });
    expect(await run("kubectl get --raw /nothing")).toMatchObject({ stderr: "Error from server (NotFound): the server could not find the requested resource\n", exitCode: 1 });
    expect(await run("kubectl get pods --raw /healthz")).toMatchObject({ stderr: "error: arguments may not be passed when --raw is specified\n", exitCode: 1 });
  });
});

describe("kubectl get against a down API server", () => {
  it("fails with the connection-refused line", async () => {
    const cluster = newCluster();
    cluster.setApiServerUp(false);
    const r = await sh("kubectl get pods", { cluster });
    expect(r).toMatchObject({ stdout: "", stderr: "The connection to the server controlplane:6443 was refused - did you specify the right host or port?\n", exitCode: 1 });
  });
});

describe("kubectl get at scale", () => {
  it("prints a thousand pods as one aligned table", async () => {
    const cluster = newCluster();
    const client = cluster.client();
    client.create("namespaces", undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "many" } });
    for (let i = 0; i < 1000; i++) {
      client.create("pods", "many", { apiVersion: "v1", kind: "Pod", metadata: { name: `pod-${String(i).padStart(4, "0")}`, namespace: "many" }, spec: { schedulerName: "none", containers: [{ name: "c", image: "nginx" }] } });
    }
    const started = performance.now();
    const r = await sh("kubectl get pods -n many", { cluster });
    expect(performance.now() - started).toBeLessThan(5000);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(1001);
    expect(lines[0]).toBe("NAME       READY   STATUS    RESTARTS   AGE");
    expect(lines[1000]).toBe("pod-0999   0/1     Pending   0          0s");
  });
});
