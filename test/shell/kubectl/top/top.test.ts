/**
 * kubectl top node / top pod: the metrics-server's figures in the exact
 * layout of metricsutil.TopCmdPrinter (v1.34): milli-cores, whole MiB,
 * truncated percentages of allocatable, sorting, --containers, --sum,
 * and the errors when there are no metrics.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

describe("kubectl top", () => {
  const cluster = newCluster();
  const setup = sh("kubectl create deploy web --image=nginx --replicas=2 >/dev/null\nsleep 60", { cluster }).then(() => {
    cluster.metrics.setSelectorUsage("default", "app=web", { cpu: "250m", memory: "64Mi" });
  });

  it("top node: usage and its share of allocatable, one row per node, cells padded", async () => {
    await setup;
    const r = await sh("kubectl top node", { cluster });
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("NAME           CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   ");
    expect(lines.slice(1, 4).map((l) => l.split(/\s+/)[0])).toEqual(["controlplane", "node01", "node02"]);
    for (const l of lines.slice(1, 4)) expect(l).toMatch(/^\S+\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%\s+$/);
    expect(lines.length).toBe(5);
  });

  it("CPU(%) is usage over allocatable, truncated", async () => {
    await setup;
    const r = await sh("kubectl top node node01 --no-headers\nkubectl get node node01 -o jsonpath='{.status.allocatable.cpu}'", { cluster });
    const [row, alloc] = r.stdout.split("\n").filter(Boolean);
    const [, cpu, pct] = row.split(/\s+/);
    expect(pct).toBe(`${Math.trunc((parseInt(cpu) / (Number(alloc) * 1000)) * 100)}%`);
  });

  it("top pod: the pods of the namespace, by name; --sort-by=cpu puts the busiest first", async () => {
    await setup;
    const r = await sh("kubectl top pod\nkubectl top pod -n kube-system --sort-by=cpu --no-headers | head -1", { cluster });
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("NAME                   CPU(cores)   MEMORY(bytes)   ");
    expect(lines[1]).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}   250m         64Mi            $/);
    expect(lines[2]).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}   250m         64Mi            $/);
    expect(lines[3]).toMatch(/^kube-apiserver-controlplane\s+\d+m\s+\d+Mi\s+$/);
  });

  it("-A adds the NAMESPACE column; --containers one row per container; --sum a ruled total", async () => {
    await setup;
    const all = await sh("kubectl top pod -A | head -1", { cluster });
    expect(all.stdout).toBe("NAMESPACE      NAME                                   CPU(cores)   MEMORY(bytes)   \n");
    const c = await sh("kubectl top pod --containers --sum", { cluster });
    const lines = c.stdout.split("\n");
    expect(lines[0]).toBe("POD                    NAME    CPU(cores)   MEMORY(bytes)   ");
    expect(lines[1]).toMatch(/^web-\S+   nginx   250m         64Mi            $/);
    expect(lines[3]).toBe("                               ________     ________        ");
    expect(lines[4]).toBe("                               500m         128Mi           ");
  });

  it("errors: unknown node or pod metrics, bad --sort-by, name with a selector", async () => {
    await setup;
    expect((await sh("kubectl top node nope", { cluster })).stderr).toBe('Error from server (NotFound): nodemetrics.metrics.k8s.io "nope" not found\n');
    expect((await sh("kubectl top pod nope", { cluster })).stderr).toBe('Error from server (NotFound): podmetrics.metrics.k8s.io "default/nope" not found\n');
    expect((await sh("kubectl top pod --sort-by=name", { cluster })).stderr).toBe("error: --sort-by accepts only cpu or memory\n");
    expect((await sh("kubectl top pod web -l app=web", { cluster })).stderr).toBe("error: only one of NAME or selector can be provided\n");
    expect((await sh("kubectl top pod -n empty-ns", { cluster })).stderr).toBe("No resources found in empty-ns namespace.\n");
  });

  it("a pod just started has no metrics yet", async () => {
    await setup;
    const r = await sh("kubectl create ns fresh >/dev/null\nkubectl run new -n fresh --image=nginx >/dev/null\nsleep 5\nkubectl top pod -n fresh", { cluster });
    expect(r.stderr).toBe("error: metrics not available yet\n");
    expect(r.exitCode).toBe(1);
  });

  it("without group or subcommand: the help on stderr, exit 1", async () => {
    const r = await sh("kubectl top", { cluster });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^Display resource \(CPU\/memory\) usage\.\n/);
    expect(r.stderr).toContain("Available Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods\n");
    const unknown = await sh("kubectl top foo", { cluster });
    expect(unknown.stderr).toBe("error: unknown command \"foo\"\nSee 'kubectl top -h' for help and examples\n");
    expect(unknown.exitCode).toBe(1);
  });
});

describe("kubectl top without the metrics API", () => {
  it("says the Metrics API is not available", async () => {
    const cluster = newCluster();
    Object.defineProperty(cluster, "metrics", { value: undefined });
    const r = await sh("kubectl top node\nkubectl top pod", { cluster });
    expect(r.stderr).toBe("error: Metrics API not available\nerror: Metrics API not available\n");
  });
});
