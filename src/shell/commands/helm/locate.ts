/**
 * ChartPathOptions.LocateChart and the chart downloader (pkg/downloader):
 * a chart argument is a local directory or archive, `repo/chart` from an
 * added repository (resolved in its cached index, the archive then fetched
 * into the repository cache), an oci:// reference, or a chart URL. Only
 * what kubedojo serves offline can be fetched.
 */
import { resolvePath } from "../../tool.js";
import { chartAt, compareVersions, ociChart, repoAt, type CatalogChart } from "./catalog.js";
import { loadChartArchive, loadChartPath, toStoredBytes, type Chart } from "./chart.js";
import { HelmError, type HelmContext } from "./cli.js";
import { hostOf, indexPath, loadIndexFile, loadRepoFile, type IndexEntry } from "./repo.js";
import { semverSatisfies } from "./template-funcs.js";

export interface LocatedChart {
  chart: Chart;
  /** Where it was read from (the cached archive for repository charts). */
  path: string;
}

/** IndexFile.Get: an exact version, else the newest matching the constraint (any release when empty). */
function pickVersion(entries: IndexEntry[], version: string, devel: boolean): IndexEntry | undefined {
  if (version) {
    const exact = entries.find((e) => e.version === version);
    if (exact) return exact;
  }
  const constraint = version || (devel ? ">0.0.0-0" : "*");
  const sorted = [...entries].sort((a, b) => compareVersions(b.version, a.version));
  return sorted.find((e) => {
    try {
      if (constraint === "*") return !/-/.test(e.version);
      return semverSatisfies(constraint, e.version);
    } catch {
      return false;
    }
  });
}

/** Stores a fetched archive where Helm's downloader puts it, and loads it. */
async function fetchInto(h: HelmContext, c: CatalogChart, dir: string): Promise<LocatedChart> {
  const fs = h.tool.fs;
  await fs.mkdir(dir, { recursive: true });
  const path = `${dir}/${c.fileName}`;
  await fs.writeFile(path, toStoredBytes(c.tgz));
  return { chart: loadChartArchive(c.tgz), path };
}

export async function locateChart(h: HelmContext, ref: string, version: string, devel = false, repoUrl = ""): Promise<LocatedChart> {
  const name = ref.trim();
  const fs = h.tool.fs;
  const local = resolvePath(h.tool.cwd, name);
  if (!/^[a-z]+:\/\//i.test(name) && (await fs.exists(local))) return { chart: await loadChartPath(fs, local), path: local };
  if (name.startsWith("/") || name.startsWith(".")) throw new HelmError(`path "${name}" not found`);

  if (repoUrl) {
    // --repo: the chart by name in that repository's index (repo.FindChartInRepoURL).
    const repo = repoAt(repoUrl);
    if (!repo) {
      throw new HelmError(`looks like "${repoUrl}" is not a valid chart repository or cannot be reached: Get "${repoUrl.replace(/\/+$/, "")}/index.yaml": dial tcp: lookup ${hostOf(repoUrl)}: no such host`);
    }
    const candidates = repo.charts.filter((c) => c.chart.metadata.name === name);
    const entry = pickVersion(candidates.map((c) => ({ name, version: c.chart.metadata.version, urls: [c.url] })), version, devel);
    if (!entry) throw new HelmError(version ? `chart "${name}" version "${version}" not found in ${repoUrl} repository` : `chart "${name}" not found in ${repoUrl} repository`);
    return fetchInto(h, chartAt(entry.urls![0])!, h.settings.repositoryCache);
  }

  if (name.startsWith("oci://")) {
    const found = ociChart(name, version);
    const host = hostOf(name);
    if (!found) throw new HelmError(`failed to do request: Head "https://${host}/v2/${name.slice(6 + host.length + 1).split(":")[0]}/manifests/${version || "latest"}": dial tcp: lookup ${host}: no such host`);
    if (!found.chart) throw new HelmError(`${name.slice(6)}:${version || "latest"}: not found`);
    return fetchInto(h, found.chart, h.settings.repositoryCache);
  }

  if (/^https?:\/\//.test(name)) {
    const c = chartAt(name);
    if (!c) throw new HelmError(`failed to fetch ${name} : Get "${name}": dial tcp: lookup ${hostOf(name)}: no such host`);
    return fetchInto(h, c, h.settings.repositoryCache);
  }

  const slash = name.indexOf("/");
  if (slash < 0) throw new HelmError(`non-absolute URLs should be in form of repo_name/path_to_chart, got: ${name}`);
  const repoName = name.slice(0, slash);
  const chartName = name.slice(slash + 1);
  const repos = (await loadRepoFile(fs, h.settings.repositoryConfig)).repositories;
  const repo = repos.find((r) => r.name === repoName);
  if (!repo) throw new HelmError(`repo ${repoName} not found`);
  let index;
  try {
    index = await loadIndexFile(fs, indexPath(h.settings, repoName));
  } catch (e) {
    throw new HelmError(`no cached repo found. (try 'helm repo update'): ${(e as Error).message}`);
  }
  const entries = index.entries[chartName];
  const notFound = (why: string) => new HelmError(`chart "${chartName}" matching ${version} not found in ${repoName} index. (try 'helm repo update'): ${why}`);
  if (!entries) throw notFound("no chart name found");
  if (entries.length === 0) throw notFound("no chart version found");
  const entry = pickVersion(entries, version, devel);
  if (!entry) throw notFound(`no chart version found for ${chartName}-${version}`);
  const url = entry.urls?.[0];
  if (!url) throw new HelmError(`chart "${name}" has no downloadable URLs`);
  const absolute = /^https?:\/\//.test(url) ? url : `${repo.url.replace(/\/+$/, "")}/${url}`;
  const c = chartAt(absolute);
  if (!c) throw new HelmError(`failed to fetch ${absolute} : Get "${absolute}": dial tcp: lookup ${hostOf(absolute)}: no such host`);
  return fetchInto(h, c, h.settings.repositoryCache);
}
