/**
 * The chart repositories kubedojo serves offline (fixtures/charts/): each
 * has the URL `helm repo add` is given (and optionally an OCI registry path),
 * and a directory of plain chart directories. Served as a real repository
 * serves itself: an index.yaml (entries by chart name, newest version first,
 * each with its digest and download URL) and one .tgz per chart version.
 * Anything at another address is unreachable, as on a machine without network.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { fixturesDir } from "../../../cluster/fixture.js";
import { goYamlMarshal } from "../kubectl/printers/yaml.js";
import { writeTgz } from "./archive.js";
import { archiveFiles, loadChartFiles, type Chart, type ChartFile } from "./chart.js";

export interface CatalogChart {
  chart: Chart;
  /** `nginx-18.2.4.tgz`. */
  fileName: string;
  tgz: Uint8Array;
  digest: string;
  url: string;
}

export interface CatalogRepo {
  url: string;
  /** `registry-1.docker.io/bitnamicharts`: charts also pullable as oci://<oci>/<chart>. */
  oci?: string;
  created: string;
  charts: CatalogChart[];
}

function readTree(dir: string, prefix = ""): ChartFile[] {
  const out: ChartFile[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(path).isDirectory()) out.push(...readTree(path, rel));
    else out.push({ name: rel, data: readFileSync(path, "utf8") });
  }
  return out;
}

let loaded: CatalogRepo[] | undefined;

/** The repositories of fixtures/charts/catalog.yaml, charts packaged once per process. */
export function catalog(): CatalogRepo[] {
  if (loaded) return loaded;
  const root = join(fixturesDir(), "charts");
  const doc = parseDocument(readFileSync(join(root, "catalog.yaml"), "utf8")).toJS() as {
    repositories: Array<{ url: string; oci?: string; dir: string; created: string }>;
  };
  loaded = doc.repositories.map((r) => {
    const dir = join(root, r.dir);
    const mtime = Date.parse(r.created);
    const charts = readdirSync(dir)
      .filter((n) => statSync(join(dir, n)).isDirectory())
      .sort()
      .map((n) => {
        const chart = loadChartFiles(readTree(join(dir, n)));
        const fileName = `${chart.metadata.name}-${chart.metadata.version}.tgz`;
        const tgz = writeTgz(archiveFiles(chart), mtime);
        return { chart, fileName, tgz, digest: createHash("sha256").update(tgz).digest("hex"), url: `${r.url.replace(/\/$/, "")}/${fileName}` };
      });
    return { url: r.url.replace(/\/$/, ""), oci: r.oci, created: r.created, charts };
  });
  return loaded;
}

export function repoAt(url: string): CatalogRepo | undefined {
  const u = url.replace(/\/+$/, "");
  return catalog().find((r) => r.url === u);
}

/** The chart archive a download URL names. */
export function chartAt(url: string): CatalogChart | undefined {
  for (const r of catalog()) {
    const c = r.charts.find((x) => x.url === url);
    if (c) return c;
  }
  return undefined;
}

/** `oci://registry-1.docker.io/bitnamicharts/nginx` and a version (latest when empty). */
export function ociChart(ref: string, version: string): { repo: CatalogRepo; chart?: CatalogChart } | undefined {
  const path = ref.replace(/^oci:\/\//, "");
  const slash = path.lastIndexOf("/");
  const repo = catalog().find((r) => r.oci === path.slice(0, slash));
  if (!repo) return undefined;
  const name = path.slice(slash + 1).split(":")[0];
  const tag = version || path.split(":")[1] || "";
  const candidates = repo.charts.filter((c) => c.chart.metadata.name === name).sort((a, b) => compareVersions(b.chart.metadata.version, a.chart.metadata.version));
  return { repo, chart: tag ? candidates.find((c) => c.chart.metadata.version === tag) : candidates[0] };
}

/** Semantic version order (prereleases before their release). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre = ""] = v.replace(/^v/, "").split("+")[0].split(/-(.*)/s);
    return { nums: core.split(".").map((x) => Number(x) || 0), pre };
  };
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 3; i++) if ((pa.nums[i] ?? 0) !== (pb.nums[i] ?? 0)) return (pa.nums[i] ?? 0) - (pb.nums[i] ?? 0);
  if (pa.pre === pb.pre) return 0;
  if (!pa.pre) return 1;
  if (!pb.pre) return -1;
  return pa.pre < pb.pre ? -1 : 1;
}

/** The repository's index.yaml (repo.IndexFile as sigs.k8s.io/yaml writes it). */
export function indexYaml(repo: CatalogRepo): string {
  const entries: Record<string, unknown[]> = {};
  const sorted = [...repo.charts].sort((a, b) => compareVersions(b.chart.metadata.version, a.chart.metadata.version));
  for (const c of sorted) {
    const md = c.chart.metadata;
    (entries[md.name] ??= []).push({ ...md, created: repo.created, digest: c.digest, urls: [c.url] });
  }
  return goYamlMarshal({ apiVersion: "v1", entries, generated: repo.created });
}
