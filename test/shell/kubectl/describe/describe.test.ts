/**
 * kubectl describe as a command: how objects are selected (TYPE, TYPE NAME,
 * TYPE/NAME, -l, -A, -f, name prefixes), how several descriptions are
 * joined, the Events table (legacy and events.k8s.io events, repeats,
 * ordering, the node's two searches), --show-events, and the errors and
 * messages kubectl prints.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../../helpers.js";

const SETUP = String.raw`
cat > /tmp/crd.yaml <<'YAML'
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
YAML
cat > /tmp/widget.yaml <<'YAML'
apiVersion: example.com/v1
kind: Widget
metadata: {name: w1, labels: {a: b}}
spec:
  replicas: 3
  ratio: 0.5
  imageURL: nginx
  ports: [80, 443]
  containers:
  - {name: c1, image: x}
  - {name: c2, targetCPUUtilizationPercentage: 50}
  nested: {deepKey: {with.dot: v}}
YAML
kubectl create deployment web --image=nginx --replicas=2
kubectl create configmap tracked --from-literal=k=v
kubectl create ns empty
kubectl create -f /tmp/crd.yaml
sleep 20
kubectl create -f /tmp/widget.yaml
`;

const CM_FILE = String.raw`cat > /tmp/cm.yaml <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata: {name: from-file, labels: {app: files}}
data: {k: v}
YAML`;

let cluster: Cluster;
beforeAll(async () => {
  cluster = newCluster();
  const r = await sh(SETUP, { cluster });
  expect(r.stderr).toBe("");
  // Events of the tracked ConfigMap, as a kubelet-style recorder and the events.k8s.io API write them.
  const c = cluster.client();
  const cm = c.get("configmaps", "default", "tracked");
  const at = (s: number) => cluster.clock.rfc3339(cluster.clock.now() - s * 1000);
  const involved = { kind: "ConfigMap", namespace: "default", name: "tracked", uid: cm.metadata.uid, apiVersion: "v1" };
  const events: Array<Record<string, unknown>> = [
    { metadata: { name: "tracked.1" }, involvedObject: involved, reason: "Synced", message: "  synced  ", type: "Normal", source: { component: "kubelet", host: "node01" }, firstTimestamp: at(600), lastTimestamp: at(30), count: 7 },
    { metadata: { name: "tracked.2" }, involvedObject: involved, reason: "Broken", message: "it broke", type: "Warning", source: { component: "config-checker" }, firstTimestamp: at(90), lastTimestamp: at(90), count: 1 },
    { metadata: { name: "tracked.3" }, involvedObject: involved, reason: "Noticed", message: "seen by the new API", type: "Normal", source: {}, eventTime: cluster.clock.rfc3339Micro(cluster.clock.now() - 700_000), reportingComponent: "watcher" },
    {
      metadata: { name: "tracked.4" },
      involvedObject: involved,
      reason: "Repeated",
      message: "again and again",
      type: "Normal",
      source: {},
      eventTime: cluster.clock.rfc3339Micro(cluster.clock.now() - 300_000),
      series: { count: 4, lastObservedTime: cluster.clock.rfc3339Micro(cluster.clock.now() - 60_000) },
      reportingComponent: "watcher",
    },
    // Same name, another object: not part of the ConfigMap's events.
    { metadata: { name: "tracked.5" }, involvedObject: { ...involved, uid: "00000000-0000-0000-0000-000000000000" }, reason: "Other", message: "older object", type: "Normal", source: { component: "x" }, firstTimestamp: at(5), lastTimestamp: at(5), count: 1 },
  ];
  for (const e of events) c.create("events", "default", { apiVersion: "v1", kind: "Event", ...e, metadata: { ...(e.metadata as object), namespace: "default" } } as KubeObject);
  // A node's events are searched by its UID and by its name.
  const node = c.get("nodes", undefined, "node02");
  for (const [name, uid, reason] of [["n.1", node.metadata.uid, "ByUID"], ["n.2", "node02", "ByName"]]) {
    c.create("events", "default", {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace: "default" },
      involvedObject: { kind: "Node", name: "node02", uid },
      reason,
      message: `found ${reason}`,
      type: "Normal",
      source: { component: "tester" },
      firstTimestamp: at(1),
      lastTimestamp: at(1),
      count: 1,
    } as KubeObject);
  }
}, 120_000);
const run = (script: string) => sh(script, { cluster });

describe("kubectl describe: the Events table", () => {
  it("lists an object's events by last time seen, with repeats, events.k8s.io sources and trimmed messages", async () => {
    const r = await run("kubectl describe cm tracked");
    expect(r).toMatchObject({
      stdout: `Name:         tracked
Namespace:    default
Labels:       <none>
Annotations:  <none>

Data
====
k:
----
v


BinaryData
====

Events:
  Type     Reason    Age                From            Message
  ----     ------    ----               ----            -------
  Normal   Noticed   11m                watcher         seen by the new API
  Normal   Repeated  60s (x4 over 5m)   watcher         again and again
  Warning  Broken    90s                config-checker  it broke
  Normal   Synced    30s (x7 over 10m)  kubelet         synced
`,
      stderr: "",
      exitCode: 0,
    });
  });

  it("finds a node's events recorded under its UID and under its name", async () => {
    const r = await run("kubectl describe node node02");
    expect(r.stdout).toMatch(/\n  Normal   ByUID  +1s +tester +found ByUID\n/);
    expect(r.stdout).toMatch(/\n  Normal   ByName  +1s +tester +found ByName\n/);
  });

  it("prints `Events:  <none>` in the last block, and nothing with --show-events=false", async () => {
    expect((await run("kubectl describe ns empty")).stdout).not.toContain("Events");
    const deploy = await run("kubectl describe deploy web --show-events=false");
    expect(deploy.stdout).not.toContain("Events");
    expect(deploy.stdout).toMatch(/NewReplicaSet: +web-\w+ \(2\/2 replicas created\)\n$/);
    const sa = await run("kubectl describe sa default");
    expect(sa.stdout).toMatch(/\nTokens:              <none>\nEvents:              <none>\n$/);
  });
});

describe("kubectl describe: selecting objects", () => {
  it("describes every object of a type, separated by two blank lines", async () => {
    const r = await run("kubectl describe pods --show-events=false");
    expect(r.stderr).toBe("");
    const parts = r.stdout.split("\n\n\nName:");
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatch(/^Name: +web-\w+-\w+\n/);
    expect(r.stdout.endsWith("op=Exists for 300s\n")).toBe(true);
  });

  it("describes the objects a label selector matches, across namespaces with -A", async () => {
    const r = await run("kubectl describe pods -A -l k8s-app=kube-dns --show-events=false");
    expect(r.stdout.match(/^Namespace: +kube-system$/gm)).toHaveLength(2);
    expect(r.stdout.match(/^Name: +coredns-/gm)).toHaveLength(2);
  });

  it("describes every object whose name starts with a missing name, each followed by a blank line", async () => {
    const r = await run("kubectl describe pod web --show-events=false");
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    const names = r.stdout.match(/^Name: +(\S+)$/gm) ?? [];
    expect(names).toHaveLength(2);
    expect(r.stdout.split("\n\nName:")).toHaveLength(2);
    expect(r.stdout).not.toContain("\n\n\nName:");
    expect(r.stdout.endsWith("op=Exists for 300s\n\n")).toBe(true);
  });

  it("does not match prefixes for TYPE/NAME or when nothing starts with the name", async () => {
    expect(await run("kubectl describe pod/web")).toMatchObject({ stdout: "", stderr: 'Error from server (NotFound): pods "web" not found\n', exitCode: 1 });
    expect(await run("kubectl describe deploy nope")).toMatchObject({ stdout: "", stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n', exitCode: 1 });
  });

  it("describes what exists and reports each missing name", async () => {
    const r = await run("kubectl describe cm tracked nope1 nope2 --show-events=false");
    expect(r.stdout).toMatch(/^Name: +tracked\n/);
    expect(r.stderr).toBe('Error from server (NotFound): configmaps "nope1" not found\nError from server (NotFound): configmaps "nope2" not found\n');
    expect(r.exitCode).toBe(1);
  });

  it("describes the objects of -f files and TYPE/NAME arguments", async () => {
    const f = await run(`${CM_FILE}\nkubectl create -f /tmp/cm.yaml >/dev/null\nkubectl describe -f /tmp/cm.yaml`);
    expect(f).toMatchObject({ stderr: "", exitCode: 0 });
    expect(f.stdout).toMatch(/^Name:         from-file\nNamespace:    default\nLabels:       app=files\n/);
    const slash = await run("kubectl describe deployment.apps/web configmap/tracked --show-events=false");
    expect(slash.stdout).toMatch(/^Name: +web\n[\s\S]*\n\n\nName: +tracked\n/);
  });

  it("describes custom resources with the generic describer", async () => {
    const r = await run("kubectl describe wd w1");
    const uid = cluster.client().get("widgets.example.com", "default", "w1").metadata.uid;
    expect(r.stdout).toBe(`Name:         w1
Namespace:    default
Labels:       a=b
Annotations:  <none>
API Version:  example.com/v1
Kind:         Widget
Metadata:
  Creation Timestamp:  2026-01-12T08:47:20Z
  Generation:          1
  Resource Version:    ${cluster.client().get("widgets.example.com", "default", "w1").metadata.resourceVersion}
  UID:                 ${uid}
Spec:
  Containers:
    Image:                              x
    Name:                               c1
    Name:                               c2
    Target CPU Utilization Percentage:  50
  Image URL:                            nginx
  Nested:
    Deep Key:
      with.dot:  v
  Ports:
    80
    443
  Ratio:     0.5
  Replicas:  3
Events:      <none>
`);
  });
});

describe("kubectl describe: errors and messages", () => {
  it("asks for a resource type", async () => {
    expect(await run("kubectl describe")).toMatchObject({
      stdout: "",
      stderr: 'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
      exitCode: 1,
    });
  });

  it("rejects unknown types and impossible combinations", async () => {
    expect(await run("kubectl describe widgetz")).toMatchObject({ stderr: 'error: the server doesn\'t have a resource type "widgetz"\n', exitCode: 1 });
    expect(await run("kubectl describe pod x -A")).toMatchObject({ stderr: "error: a resource cannot be retrieved by name across all namespaces\n", exitCode: 1 });
    expect(await run("kubectl describe pod x -l app=web")).toMatchObject({ stderr: "error: name cannot be provided when a selector is specified\n", exitCode: 1 });
  });

  it("says when nothing was found, naming the namespace unless -A", async () => {
    expect(await run("kubectl describe pods -n empty")).toMatchObject({ stdout: "", stderr: "No resources found in empty namespace.\n", exitCode: 0 });
    expect(await run("kubectl describe pods -A -l no=such")).toMatchObject({ stdout: "", stderr: "No resources found\n", exitCode: 0 });
    expect(await run("kubectl describe pv")).toMatchObject({ stdout: "", stderr: "No resources found in default namespace.\n", exitCode: 0 });
  });

  it("accepts --chunk-size and lists its flags in --help", async () => {
    expect((await run("kubectl describe cm tracked --chunk-size=10 --show-events=false")).exitCode).toBe(0);
    const help = await run("kubectl describe --help");
    expect(help.stdout).toContain("kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]");
    expect(help.stdout).toContain("--show-events=true:");
  });
});
