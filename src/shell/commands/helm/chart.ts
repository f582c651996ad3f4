/**
 * Charts (helm pkg/chart and pkg/chart/loader): Chart.yaml metadata,
 * values.yaml, templates/ and the other files, loaded from a directory of
 * the machine's filesystem, from a .tgz, or from the chart repositories
 * kubedojo ships (catalog.ts); validated as Metadata.Validate does.
 * Subcharts (charts/) are not supported.
 */
import type { IFileSystem } from "just-bash";
import { parseDocument } from "yaml";
import { goYamlError } from "../../../cluster/api/go-yaml-errors.js";
import { readTgz, type ArchiveFile } from "./archive.js";
import { HelmError, parseValuesYaml, type Values } from "./values.js";

export interface Maintainer {
  name?: string;
  email?: string;
  url?: string;
}

/** chart.Metadata, in its JSON field order. */
export interface ChartMetadata {
  name: string;
  home?: string;
  sources?: string[];
  version: string;
  description?: string;
  keywords?: string[];
  maintainers?: Maintainer[];
  icon?: string;
  apiVersion: string;
  condition?: string;
  tags?: string;
  appVersion?: string;
  deprecated?: boolean;
  annotations?: Record<string, string>;
  kubeVersion?: string;
  dependencies?: unknown[];
  type?: string;
}

export interface ChartFile {
  name: string;
  data: string;
}

export interface Chart {
  metadata: ChartMetadata;
  templates: ChartFile[];
  values: Values;
  /** Every file as loaded (Chart.Raw), for `helm show values` and packaging. */
  raw: ChartFile[];
  /** Files other than Chart.yaml, values.yaml and templates (Chart.Files): README, .Files.Get. */
  files: ChartFile[];
}

const SEMVER = /^v?(0|[1-9]\d*)(\.(0|[1-9]\d*))?(\.(0|[1-9]\d*))?(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** loader.LoadFiles: files named relative to the chart's root. */
export function loadChartFiles(files: ChartFile[]): Chart {
  const chartYaml = files.find((f) => f.name === "Chart.yaml");
  let metadata: ChartMetadata | undefined;
  if (chartYaml) {
    const doc = parseDocument(chartYaml.data, { prettyErrors: false });
    if (doc.errors.length) throw new HelmError(`cannot load Chart.yaml: error converting YAML to JSON: ${goYamlError(doc.errors[0])}`);
    const m = (doc.toJS() ?? {}) as Record<string, unknown>;
    metadata = { ...(m as unknown as ChartMetadata) };
    for (const k of ["name", "version", "appVersion", "description", "apiVersion", "kubeVersion", "type"] as const) {
      const v = m[k];
      if (v !== undefined && v !== null) (metadata as unknown as Record<string, unknown>)[k] = String(v);
    }
    metadata.apiVersion ||= "v1";
  }
  let values: Values = {};
  const templates: ChartFile[] = [];
  const other: ChartFile[] = [];
  for (const f of files) {
    if (f.name === "Chart.yaml") continue;
    if (f.name === "values.yaml") {
      try {
        values = parseValuesYaml(f.data, "values.yaml");
      } catch (e) {
        throw new HelmError(`cannot load values.yaml: ${(e as Error).message.replace(/^failed to parse values\.yaml: /, "")}`);
      }
    } else if (f.name.startsWith("templates/")) templates.push(f);
    else if (f.name.startsWith("charts/")) throw new HelmError(`chart ${metadata?.name ?? ""}: subcharts (charts/) are not supported by this simulator`);
    else if (f.name !== "Chart.lock" && f.name !== "values.schema.json") other.push(f);
  }
  if (!metadata) throw new HelmError("Chart.yaml file is missing");
  validateMetadata(metadata);
  return { metadata, templates, values, raw: files, files: other };
}

/** Metadata.Validate. */
function validateMetadata(md: ChartMetadata): void {
  if (!md.apiVersion) throw new HelmError("validation: chart.metadata.apiVersion is required");
  if (!md.name) throw new HelmError("validation: chart.metadata.name is required");
  if (md.name.includes("/")) throw new HelmError(`validation: chart.metadata.name "${md.name}" is invalid`);
  if (!md.version) throw new HelmError("validation: chart.metadata.version is required");
  if (!SEMVER.test(md.version)) throw new HelmError(`validation: chart.metadata.version "${md.version}" is invalid`);
  if (md.type && md.type !== "application" && md.type !== "library") throw new HelmError("validation: chart.metadata.type must be application or library");
}

/** Files of a directory tree, relative to it (.helmignore'd VCS and editor files skipped). */
export async function readDirFiles(fs: IFileSystem, dir: string, prefix = ""): Promise<ChartFile[]> {
  const out: ChartFile[] = [];
  for (const name of (await fs.readdir(dir)).sort()) {
    if (name === ".git" || name.endsWith("~") || name === ".helmignore") continue;
    const path = `${dir}/${name}`;
    const rel = prefix ? `${prefix}/${name}` : name;
    if ((await fs.stat(path)).isDirectory) out.push(...(await readDirFiles(fs, path, rel)));
    else out.push({ name: rel, data: (await fs.readFile(path)).replace(/^\uFEFF/, "") });
  }
  return out;
}

/** loader.LoadArchive: the archive's files with the chart directory stripped. */
export function loadChartArchive(bytes: Uint8Array): Chart {
  let entries: ArchiveFile[];
  try {
    entries = readTgz(bytes);
  } catch {
    throw new HelmError("gzip: invalid header");
  }
  const files = entries
    .filter((e) => e.name.includes("/"))
    .map((e) => ({ name: e.name.slice(e.name.indexOf("/") + 1), data: e.data }))
    .filter((f) => f.name !== "");
  if (files.length === 0) throw new HelmError("no files in chart archive");
  return loadChartFiles(files);
}

/** loader.Load: a chart directory or archive on the machine's filesystem. */
export async function loadChartPath(fs: IFileSystem, abs: string): Promise<Chart> {
  if ((await fs.stat(abs)).isDirectory) return loadChartFiles(await readDirFiles(fs, abs));
  return loadChartArchive(fromStoredBytes(await fs.readFile(abs)));
}

/**
 * Archives on the machine's filesystem, which keeps text: each byte is
 * stored as one character (latin1), which round-trips exactly.
 */
export function toStoredBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("latin1");
}

export function fromStoredBytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "latin1"));
}

/** The files of a chart as an archive would hold them (`nginx/Chart.yaml`...). */
export function archiveFiles(chart: Chart): ArchiveFile[] {
  return chart.raw.map((f) => ({ name: `${chart.metadata.name}/${f.name}`, data: f.data }));
}
