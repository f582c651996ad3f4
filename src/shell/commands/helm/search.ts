/**
 * helm search repo (cmd/helm/search_repo.go, cmd/helm/search): the charts
 * of every added repository's cached index, newest version of each (all
 * versions with --versions), matched against a keyword in name,
 * description and keywords, in the NAME / CHART VERSION / APP VERSION /
 * DESCRIPTION table.
 */
import { goYamlMarshal } from "../kubectl/printers/yaml.js";
import { boolFlag, HelmError, stringFlag, uitable, type HelmCommand } from "./cli.js";
import { compareVersions } from "./catalog.js";
import { indexPath, loadIndexFile, loadRepoFile, type IndexEntry } from "./repo.js";
import { OUTPUT_FLAG, outputFormat } from "./status.js";
import { semverSatisfies } from "./template-funcs.js";

interface Result {
  name: string;
  score: number;
  chart: IndexEntry;
}

const SEP = "\v";

const searchRepo: HelmCommand = {
  use: "repo [keyword]",
  short: "search repositories for a keyword in charts",
  long: `
Search reads through all of the repositories configured on the system, and
looks for matches. Search of these repositories uses the metadata stored on
the system.

It will display the latest stable versions of the charts found. If you
specify the --devel flag, the output will include pre-release versions.
If you want to search using a version constraint, use --version.

Examples:

    # Search for stable release versions matching the keyword "nginx"
    $ helm search repo nginx

    # Search for release versions matching the keyword "nginx", including pre-release versions
    $ helm search repo nginx --devel

    # Search for the latest stable release for nginx-ingress with a major version of 1
    $ helm search repo nginx-ingress --version ^1.0.0

Repositories are managed with 'helm repo' commands.
`,
  flags: [
    { name: "devel", type: "bool", usage: "use development versions (alpha, beta, and release candidate releases), too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored" },
    { name: "fail-on-no-result", type: "bool", usage: "search fails if no results are found" },
    { name: "max-col-width", type: "int", varname: "uint", default: 50, usage: "maximum column width for output table" },
    OUTPUT_FLAG,
    { name: "regexp", short: "r", type: "bool", usage: "use regular expressions for searching repositories you have added" },
    { name: "version", type: "string", usage: "search using semantic versioning constraints on repositories you have added" },
    { name: "versions", short: "l", type: "bool", usage: "show the long listing, with each version of each chart on its own line, for repositories you have added" },
  ],
  async run(h) {
    const format = outputFormat(h);
    const fs = h.tool.fs;
    const repos = (await loadRepoFile(fs, h.settings.repositoryConfig)).repositories;
    if (repos.length === 0) throw new HelmError("no repositories configured");
    let version = stringFlag(h, "version");
    if (!version) version = boolFlag(h, "devel") ? ">0.0.0-0" : ">0.0.0";
    const allVersions = boolFlag(h, "versions") || stringFlag(h, "version") !== "";
    // search.Index: one line per chart (or chart version) to match against.
    const lines = new Map<string, { line: string; chart: IndexEntry; name: string }>();
    for (const r of repos) {
      let index;
      try {
        index = await loadIndexFile(fs, indexPath(h.settings, r.name));
      } catch (e) {
        h.out.err(`WARNING: Repo "${r.name}" is corrupt or missing. Try 'helm repo update'.\nWARNING: ${(e as Error).message}\n`);
        continue;
      }
      for (const [chartName, entries] of Object.entries(index.entries)) {
        const sorted = [...(entries ?? [])].sort((a, b) => compareVersions(b.version, a.version));
        if (sorted.length === 0) continue;
        const fname = `${r.name}/${chartName}`;
        const line = (e: IndexEntry) => [e.name, fname, e.description ?? "", (e.keywords ?? []).join(" ")].join(SEP);
        if (!allVersions) lines.set(fname, { line: line(sorted[0]), chart: sorted[0], name: fname });
        else for (const e of sorted) lines.set(`${fname}$$${e.version}`, { line: line(e), chart: e, name: fname });
      }
    }
    const score = (index: number, line: string) => {
      let s = 0;
      for (let i = 0; i < line.length; i++) if (line[i] === SEP && index > i) s++;
      return s;
    };
    let results: Result[] = [];
    if (h.args.length === 0) results = [...lines.values()].map((l) => ({ name: l.name, score: 0, chart: l.chart }));
    else {
      const term = h.args.join(" ");
      let re: RegExp | undefined;
      if (boolFlag(h, "regexp")) {
        try {
          re = new RegExp(term);
        } catch {
          throw new HelmError(`error parsing regexp: invalid syntax: \`${term}\``);
        }
      }
      for (const l of lines.values()) {
        const at = re ? (re.exec(l.line)?.index ?? -1) : l.line.toLowerCase().indexOf(term.toLowerCase());
        if (at < 0) continue;
        const s = score(at, re ? l.line : l.line.toLowerCase());
        if (s < 25) results.push({ name: l.name, score: s, chart: l.chart });
      }
    }
    results.sort((a, b) => a.score - b.score || (a.name === b.name ? compareVersions(b.chart.version, a.chart.version) : a.name < b.name ? -1 : 1));
    // applyConstraint: the newest version satisfying the constraint (every one with --versions).
    const seen = new Set<string>();
    results = results.filter((r) => {
      if (!boolFlag(h, "versions") && seen.has(r.name)) return false;
      let ok = false;
      try {
        ok = semverSatisfies(version, r.chart.version);
      } catch {
        ok = false;
      }
      if (ok) seen.add(r.name);
      return ok;
    });
    if (results.length === 0 && boolFlag(h, "fail-on-no-result")) throw new HelmError("no results found");
    const rows = results.map((r) => ({ name: r.name, version: r.chart.version, app_version: r.chart.appVersion ?? "", description: r.chart.description ?? "" }));
    if (format === "json") h.out.out(JSON.stringify(rows) + "\n");
    else if (format === "yaml") h.out.out(rows.length ? goYamlMarshal(rows) : "[]\n");
    else if (rows.length === 0) h.out.out("No results found\n");
    else {
      const table = [["NAME", "CHART VERSION", "APP VERSION", "DESCRIPTION"], ...rows.map((r) => [r.name, r.version, r.app_version, r.description])];
      h.out.out(uitable(table, Number(h.flags.values["max-col-width"] ?? 50)));
    }
    return 0;
  },
};

export const searchCommand: HelmCommand = {
  use: "search [keyword]",
  short: "search for a keyword in charts",
  long: "\nSearch provides the ability to search for Helm charts in the various places\nthey can be stored including the Artifact Hub and repositories you have added.\nUse search subcommands to search different locations for charts.\n",
  children: [
    {
      use: "hub [KEYWORD]",
      short: "search for charts in the Artifact Hub or your own hub instance",
      flags: [
        { name: "endpoint", type: "string", default: "https://hub.helm.sh", usage: "Hub instance to query for charts" },
        { name: "fail-on-no-result", type: "bool", usage: "search fails if no results are found" },
        { name: "list-repo-url", type: "bool", usage: "print charts repository URL" },
        { name: "max-col-width", type: "int", varname: "uint", default: 50, usage: "maximum column width for output table" },
        OUTPUT_FLAG,
      ],
      async run() {
        throw new HelmError('Get "https://hub.helm.sh/api/chartsvc/v1/search": dial tcp: lookup hub.helm.sh: no such host');
      },
    },
    searchRepo,
  ],
};
