/**
 * Recording golden outputs from the real kubectl: a minimal HTTP face of the
 * simulated API server (legacy discovery, get/list with server-side Tables,
 * Status errors, watches that end at once) that the kubectl binary on the
 * development machine can talk to. Only the recorder uses it; tests compare
 * against the recorded files and never need kubectl or a network.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiError } from "../../../../src/cluster/api/errors.js";
import { ADMIN_USER, type KubeObject } from "../../../../src/cluster/api/types.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import type { ResourceType } from "../../../../src/cluster/apiserver/resources.js";

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

function groupVersion(r: ResourceType): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

function discovery(cluster: Cluster, path: string): unknown | undefined {
  const all = cluster.api.registry.all();
  if (path === "/api") return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1:6443" }] };
  if (path === "/apis") {
    const groups = [...new Set(all.filter((r) => r.group).map((r) => r.group))];
    return {
      kind: "APIGroupList",
      apiVersion: "v1",
      groups: groups.map((g) => {
        const v = all.find((r) => r.group === g)!.version;
        const gv = { groupVersion: `${g}/${v}`, version: v };
        return { name: g, versions: [gv], preferredVersion: gv };
      }),
    };
  }
  const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!m) return undefined;
  const [group, version] = m[1] ? ["", m[1]] : [m[2], m[3]];
  const rs = all.filter((r) => r.group === group && r.version === version);
  if (rs.length === 0) return undefined;
  const resources: unknown[] = [];
  for (const r of rs) {
    resources.push({ name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs, shortNames: r.shortNames.length ? r.shortNames : undefined, categories: r.categories.length ? r.categories : undefined });
    for (const sub of r.subresources) resources.push({ name: `${r.plural}/${sub}`, singularName: "", namespaced: r.namespaced, kind: r.kind, verbs: ["get", "patch", "update"] });
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: group ? `${group}/${version}` : version, resources };
}

function partial(o: KubeObject): KubeObject {
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata };
}

function handle(cluster: Cluster, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://localhost");
  const path = url.pathname.replace(/\/$/, "");
  const disc = discovery(cluster, path);
  if (disc) return send(res, 200, disc);
  const m = /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (!m) return send(res, 404, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the server could not find the requested resource", reason: "NotFound", code: 404 });
  const [, group = "", , namespace, plural, name] = m;
  const r = cluster.api.registry.byGroupResource(group, plural);
  if (!r) return send(res, 404, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the server could not find the requested resource", reason: "NotFound", code: 404 });
  if (url.searchParams.get("watch") === "true") {
    // A watch from "now" (no resourceVersion, or 0) starts with the current objects as ADDED events.
    // The stream then ends, and kubectl with it.
    res.writeHead(200, { "Content-Type": "application/json" });
    const rv = url.searchParams.get("resourceVersion") ?? "";
    if (rv === "" || rv === "0") {
      const items = name
        ? [cluster.api.get(ADMIN_USER, r, namespace, name)]
        : cluster.api.list(ADMIN_USER, r, namespace, { labelSelector: url.searchParams.get("labelSelector") ?? undefined, fieldSelector: url.searchParams.get("fieldSelector") ?? undefined }).items;
      for (const object of items) res.write(JSON.stringify({ type: "ADDED", object }) + "\n");
    }
    res.end();
    return;
  }
  const asTable = (req.headers.accept ?? "").includes("as=Table");
  const include = url.searchParams.get("includeObject") ?? "Metadata";
  try {
    const objects = name
      ? [cluster.api.get(ADMIN_USER, r, namespace, name)]
      : cluster.api.list(ADMIN_USER, r, namespace, {
          labelSelector: url.searchParams.get("labelSelector") ?? undefined,
          fieldSelector: url.searchParams.get("fieldSelector") ?? undefined,
        }).items;
    if (asTable) {
      const table = cluster.api.table(r, objects);
      return send(res, 200, {
        ...table,
        rows: table.rows.map((row) => ({ cells: row.cells, ...(include === "None" ? {} : { object: include === "Object" ? row.object : partial(row.object) }) })),
      });
    }
    if (name) return send(res, 200, objects[0]);
    return send(res, 200, { apiVersion: groupVersion(r), kind: r.listKind, metadata: { resourceVersion: String(cluster.store.revision) }, items: objects });
  } catch (e) {
    if (e instanceof ApiError) return send(res, e.code, e.status);
    return send(res, 500, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: String(e), reason: "InternalError", code: 500 });
  }
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RealKubectl {
  run(args: string[], opts?: { cwd?: string; stdin?: string }): Promise<KubectlResult>;
  close(): Promise<void>;
}

/** Serves the cluster on 127.0.0.1 and returns a runner for the real kubectl pointed at it. */
export async function realKubectl(cluster: Cluster, namespace = "default"): Promise<RealKubectl> {
  const server = createServer((req, res) => handle(cluster, req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), "kubedojo-kubectl-"));
  const kubeconfig = join(dir, "config");
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: sim\n  cluster:\n    server: http://127.0.0.1:${port}\ncontexts:\n- name: sim\n  context:\n    cluster: sim\n    user: admin\n    namespace: ${namespace}\ncurrent-context: sim\nusers:\n- name: admin\n  user: {}\n`,
  );
  return {
    run: (args, opts = {}) =>
      new Promise((resolve) => {
        const p = spawn("kubectl", args, { cwd: opts.cwd ?? dir, env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, "cache"), HOME: dir } });
        let stdout = "";
        let stderr = "";
        p.stdout.on("data", (d) => (stdout += d));
        p.stderr.on("data", (d) => (stderr += d));
        p.on("close", (code) => resolve({ stdout, stderr, exitCode: code ?? 1 }));
        p.stdin.end(opts.stdin ?? "");
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
