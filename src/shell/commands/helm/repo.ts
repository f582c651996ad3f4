/**
 * helm repo add | update | list | remove (cmd/helm/repo_*.go): the
 * repositories file ($HOME/.config/helm/repositories.yaml) and the index
 * cache ($HOME/.cache/helm/repository/<name>-index.yaml and
 * <name>-charts.txt) live on the machine's filesystem as Helm keeps them;
 * downloading an index works for the repositories kubedojo serves
 * (catalog.ts) and fails like an unreachable host for any other URL.
 */
import { parseDocument } from "yaml";
import { goYamlMarshal } from "../kubectl/printers/yaml.js";
import { indexYaml, repoAt } from "./catalog.js";
import { HelmError, uitable, type HelmCommand, type HelmContext, type Settings } from "./cli.js";
import { OUTPUT_FLAG, outputFormat } from "./status.js";
import type { IFileSystem } from "just-bash";

export interface RepoEntry {
  name: string;
  url: string;
  username: string;
  password: string;
  certFile: string;
  keyFile: string;
  caFile: string;
  insecure_skip_tls_verify: boolean;
  pass_credentials_all: boolean;
}

export interface RepoFile {
  apiVersion: string;
  generated: string;
  repositories: RepoEntry[];
}

export interface IndexEntry {
  name: string;
  version: string;
  appVersion?: string;
  description?: string;
  keywords?: string[];
  urls?: string[];
  [key: string]: unknown;
}

export interface IndexFile {
  entries: Record<string, IndexEntry[]>;
}

function dirOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/")) || "/";
}

/** repo.LoadFile; an empty file (new(File)) when it does not exist. */
export async function loadRepoFile(fs: IFileSystem, path: string): Promise<RepoFile> {
  if (!(await fs.exists(path))) return { apiVersion: "", generated: "0001-01-01T00:00:00Z", repositories: [] };
  const doc = parseDocument(await fs.readFile(path), { prettyErrors: false });
  if (doc.errors.length) throw new HelmError(`failed loading file: ${path}: error converting YAML to JSON: ${doc.errors[0].message.split("\n")[0]}`);
  const raw = (doc.toJS() ?? {}) as Partial<RepoFile>;
  return { apiVersion: raw.apiVersion ?? "", generated: raw.generated ?? "0001-01-01T00:00:00Z", repositories: (raw.repositories ?? []).filter(Boolean) };
}

export async function writeRepoFile(fs: IFileSystem, path: string, f: RepoFile): Promise<void> {
  await fs.mkdir(dirOf(path), { recursive: true });
  await fs.writeFile(path, goYamlMarshal(f));
}

export function indexPath(s: Settings, repo: string): string {
  return `${s.repositoryCache}/${repo}-index.yaml`;
}

/** repo.LoadIndexFile. */
export async function loadIndexFile(fs: IFileSystem, path: string): Promise<IndexFile> {
  if (!(await fs.exists(path))) throw new HelmError(`open ${path}: no such file or directory`);
  const doc = parseDocument(await fs.readFile(path), { prettyErrors: false });
  const raw = doc.errors.length ? undefined : (doc.toJS() as Partial<IndexFile> | null);
  if (!raw || typeof raw !== "object") throw new HelmError("empty index.yaml file");
  return { entries: raw.entries ?? {} };
}

/** The host of a URL, for the lookup failure. */
export function hostOf(url: string): string {
  return url.replace(/^[a-z]+:\/\//i, "").split(/[/:?#]/)[0];
}

/** ChartRepository.DownloadIndexFile: index and chart list into the cache. */
async function downloadIndex(h: HelmContext, entry: RepoEntry): Promise<void> {
  const repo = repoAt(entry.url);
  const indexUrl = `${entry.url.replace(/\/+$/, "")}/index.yaml`;
  if (!repo) throw new HelmError(`Get "${indexUrl}": dial tcp: lookup ${hostOf(entry.url)}: no such host`);
  const fs = h.tool.fs;
  await fs.mkdir(h.settings.repositoryCache, { recursive: true });
  const names = [...new Set(repo.charts.map((c) => c.chart.metadata.name))];
  await fs.writeFile(`${h.settings.repositoryCache}/${entry.name}-charts.txt`, names.map((n) => `${n}\n`).join(""));
  await fs.writeFile(indexPath(h.settings, entry.name), indexYaml(repo));
}

const DEPRECATED_REPOS: Record<string, string> = {
  "//kubernetes-charts.storage.googleapis.com": "https://charts.helm.sh/stable",
  "//kubernetes-charts-incubator.storage.googleapis.com": "https://charts.helm.sh/incubator",
};

const repoAdd: HelmCommand = {
  use: "add [NAME] [URL]",
  short: "add a chart repository",
  args: { exact: 2 },
  flags: [
    { name: "allow-deprecated-repos", type: "bool", usage: "by default, this command will not allow adding official repos that have been permanently deleted. This disables that behavior" },
    { name: "ca-file", type: "string", usage: "verify certificates of HTTPS-enabled servers using this CA bundle" },
    { name: "cert-file", type: "string", usage: "identify HTTPS client using this SSL certificate file" },
    { name: "force-update", type: "bool", usage: "replace (overwrite) the repo if it already exists" },
    { name: "insecure-skip-tls-verify", type: "bool", usage: "skip tls certificate checks for the repository" },
    { name: "key-file", type: "string", usage: "identify HTTPS client using this SSL key file" },
    { name: "no-update", type: "bool", usage: "Ignored. Formerly, it would disabled forced updates. It is deprecated by force-update." },
    { name: "pass-credentials", type: "bool", usage: "pass credentials to all domains" },
    { name: "password", type: "string", usage: "chart repository password" },
    { name: "password-stdin", type: "bool", usage: "read chart repository password from stdin" },
    { name: "username", type: "string", usage: "chart repository username" },
  ],
  async run(h) {
    const [name, url] = h.args;
    const v = h.flags.values;
    if (v["allow-deprecated-repos"] !== true) {
      for (const [old, next] of Object.entries(DEPRECATED_REPOS)) {
        if (url.includes(old)) throw new HelmError(`repo "${url}" is no longer available; try "${next}" instead`);
      }
    }
    const fs = h.tool.fs;
    const f = await loadRepoFile(fs, h.settings.repositoryConfig);
    const entry: RepoEntry = {
      name,
      url,
      username: String(v.username ?? ""),
      password: v["password-stdin"] === true ? h.tool.stdin.replace(/\r?\n$/, "") : String(v.password ?? ""),
      certFile: String(v["cert-file"] ?? ""),
      keyFile: String(v["key-file"] ?? ""),
      caFile: String(v["ca-file"] ?? ""),
      insecure_skip_tls_verify: v["insecure-skip-tls-verify"] === true,
      pass_credentials_all: v["pass-credentials"] === true,
    };
    if (name.includes("/")) throw new HelmError(`repository name (${name}) contains '/', please specify a different name without '/'`);
    const existing = f.repositories.find((r) => r.name === name);
    if (v["force-update"] !== true && existing) {
      if (JSON.stringify({ ...existing }) !== JSON.stringify({ ...existing, ...entry })) {
        throw new HelmError(`repository name (${name}) already exists, please specify a different name`);
      }
      h.out.out(`"${name}" already exists with the same configuration, skipping\n`);
      return 0;
    }
    try {
      await downloadIndex(h, entry);
    } catch (e) {
      throw new HelmError(`looks like "${url}" is not a valid chart repository or cannot be reached: ${(e as Error).message}`);
    }
    if (existing) f.repositories[f.repositories.indexOf(existing)] = entry;
    else f.repositories.push(entry);
    await writeRepoFile(fs, h.settings.repositoryConfig, f);
    h.out.out(`"${name}" has been added to your repositories\n`);
    return 0;
  },
};

const repoUpdate: HelmCommand = {
  aliases: ["up"],
  use: "update [REPO1 [REPO2 ...]]",
  short: "update information of available charts locally from chart repositories",
  flags: [{ name: "fail-on-repo-update-fail", type: "bool", usage: "update fails if any of the repository updates fail" }],
  async run(h) {
    const f = await loadRepoFile(h.tool.fs, h.settings.repositoryConfig);
    if (f.repositories.length === 0) throw new HelmError("no repositories found. You must add one before updating");
    for (const name of h.args) {
      if (!f.repositories.some((r) => r.name === name)) throw new HelmError(`no repositories found matching '${name}'.  Nothing will be updated`);
    }
    const repos = f.repositories.filter((r) => h.args.length === 0 || h.args.includes(r.name));
    h.out.out("Hang tight while we grab the latest from your chart repositories...\n");
    const failed: string[] = [];
    for (const r of repos) {
      try {
        await downloadIndex(h, r);
        h.out.out(`...Successfully got an update from the "${r.name}" chart repository\n`);
      } catch (e) {
        h.out.out(`...Unable to get an update from the "${r.name}" chart repository (${r.url}):\n\t${(e as Error).message}\n`);
        failed.push(r.url);
      }
    }
    if (failed.length && h.flags.values["fail-on-repo-update-fail"] === true) throw new HelmError(`Failed to update the following repositories: [${failed.join(" ")}]`);
    h.out.out("Update Complete. ⎈Happy Helming!⎈\n");
    return 0;
  },
};

const repoList: HelmCommand = {
  aliases: ["ls"],
  use: "list",
  short: "list chart repositories",
  args: { none: true },
  flags: [OUTPUT_FLAG],
  async run(h) {
    const f = await loadRepoFile(h.tool.fs, h.settings.repositoryConfig);
    const repos = f.repositories;
    const format = outputFormat(h);
    if (repos.length === 0 && format === "table") throw new HelmError("no repositories to show");
    if (format === "json") h.out.out(JSON.stringify(repos.map((r) => ({ name: r.name, url: r.url }))) + "\n");
    else if (format === "yaml") h.out.out(goYamlMarshal(repos.map((r) => ({ name: r.name, url: r.url }))));
    else h.out.out(uitable([["NAME", "URL"], ...repos.map((r) => [r.name, r.url])]));
    return 0;
  },
};

const repoRemove: HelmCommand = {
  aliases: ["rm"],
  use: "remove [REPO1 [REPO2 ...]]",
  short: "remove one or more chart repositories",
  args: { min: 1 },
  async run(h) {
    const fs = h.tool.fs;
    const f = await loadRepoFile(fs, h.settings.repositoryConfig);
    for (const name of h.args) {
      const i = f.repositories.findIndex((r) => r.name === name);
      if (i < 0) throw new HelmError(`no repo named "${name}" found`);
      f.repositories.splice(i, 1);
      await writeRepoFile(fs, h.settings.repositoryConfig, f);
      for (const file of [indexPath(h.settings, name), `${h.settings.repositoryCache}/${name}-charts.txt`]) {
        if (await fs.exists(file)) await fs.rm(file);
      }
      h.out.out(`"${name}" has been removed from your repositories\n`);
    }
    return 0;
  },
};

export const repoCommand: HelmCommand = {
  use: "repo add|remove|list|index|update [ARGS]",
  short: "add, list, remove, update, and index chart repositories",
  long: "\nThis command consists of multiple subcommands to interact with chart repositories.\n\nIt can be used to add, remove, list, and index chart repositories.\n",
  children: [repoAdd, repoList, repoRemove, repoUpdate],
};
