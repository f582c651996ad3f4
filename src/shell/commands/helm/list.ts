/**
 * helm list and helm history (cmd/helm/list.go, history.go,
 * pkg/action/list.go): the latest revision of each release, filtered by
 * state (deployed and failed unless told otherwise), name regexp and
 * labels, sorted by name or date; a release's revisions with their status
 * and description.
 */
import { matches, parseSelector } from "../../../cluster/api/labels.js";
import { goYamlMarshal } from "../kubectl/printers/yaml.js";
import { ansic, boolFlag, goTimeString, HelmError, rfc3339Nano, stringFlag, uitable, type HelmCommand } from "./cli.js";
import { formatGoTime } from "./template-funcs.js";
import { ReleaseStorage, type Release, type ReleaseStatus } from "./release.js";
import { OUTPUT_FLAG, outputFormat } from "./status.js";

const chartName = (r: Release) => (r.chart?.metadata ? `${r.chart.metadata.name}-${r.chart.metadata.version}` : "MISSING");
const appVersion = (r: Release) => (r.chart?.metadata ? r.chart.metadata.appVersion ?? "" : "MISSING");

/** The state flags and the statuses they select (ListStates). */
const STATE_FLAGS: Array<[string, ReleaseStatus[]]> = [
  ["deployed", ["deployed"]],
  ["uninstalled", ["uninstalled"]],
  ["uninstalling", ["uninstalling"]],
  ["pending", ["pending-install", "pending-upgrade", "pending-rollback"]],
  ["failed", ["failed"]],
  ["superseded", ["superseded"]],
];

export const listCommand: HelmCommand = {
  aliases: ["ls"],
  use: "list",
  short: "list releases",
  long: `
This command lists all of the releases for a specified namespace (uses current namespace context if namespace not specified).

By default, it lists only releases that are deployed or failed. Flags like
'--uninstalled' and '--all' will alter this behavior. Such flags can be combined:
'--uninstalled --failed'.

By default, items are sorted alphabetically. Use the '-d' flag to sort by
release date.

If the --filter flag is provided, it will be treated as a filter. Filters are
regular expressions (Perl compatible) that are applied to the list of releases.
Only items that match the filter will be returned.

    $ helm list --filter 'ara[a-z]+'
    NAME                UPDATED                                  CHART
    maudlin-arachnid    2020-06-18 14:17:46.125134977 +0000 UTC  alpine-0.1.0

If no results are found, 'helm list' will exit 0, but with no output (or in
the case of no '-q' flag, only headers).

By default, up to 256 items may be returned. To limit this, use the '--max' flag.
Setting '--max' to 0 will not return all results. Rather, it will return the
server's default, which may be much higher than 256. Pairing the '--max'
flag with the '--offset' flag allows you to page through results.
`,
  args: { none: true },
  flags: [
    { name: "all", short: "a", type: "bool", usage: "show all releases without any filter applied" },
    { name: "all-namespaces", short: "A", type: "bool", usage: "list releases across all namespaces" },
    { name: "date", short: "d", type: "bool", usage: "sort by release date" },
    { name: "deployed", type: "bool", usage: "show deployed releases. If no other is specified, this will be automatically enabled" },
    { name: "failed", type: "bool", usage: "show failed releases" },
    { name: "filter", short: "f", type: "string", usage: "a regular expression (Perl compatible). Any releases that match the expression will be included in the results" },
    { name: "max", short: "m", type: "int", default: 256, usage: "maximum number of releases to fetch" },
    { name: "no-headers", type: "bool", usage: "don't print headers when using the default output format" },
    { name: "offset", type: "int", usage: "next release index in the list, used to offset from start value" },
    OUTPUT_FLAG,
    { name: "pending", type: "bool", usage: "show pending releases" },
    { name: "reverse", short: "r", type: "bool", usage: "reverse the sort order" },
    { name: "selector", short: "l", type: "string", usage: "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Works only for secret(default) and configmap storage backends." },
    { name: "short", short: "q", type: "bool", usage: "output short (quiet) listing format" },
    { name: "superseded", type: "bool", usage: "show superseded releases" },
    { name: "time-format", type: "string", usage: 'format time using golang time formatter. Example: --time-format "2006-01-02 15:04:05Z0700"' },
    { name: "uninstalled", type: "bool", usage: "show uninstalled releases (if 'helm uninstall --keep-history' was used)" },
    { name: "uninstalling", type: "bool", usage: "show releases that are currently being uninstalled" },
  ],
  async run(h) {
    const format = outputFormat(h);
    const { client } = await h.kube();
    const storage = new ReleaseStorage(client, h.now);
    let filter: RegExp | undefined;
    const filterText = stringFlag(h, "filter");
    if (filterText) {
      try {
        filter = new RegExp(filterText);
      } catch {
        throw new HelmError(`error parsing regexp: invalid syntax: \`${filterText}\``);
      }
    }
    let results = storage.all(boolFlag(h, "all-namespaces") ? undefined : h.settings.namespace).filter((r) => !filter || filter.test(r.name));
    // The state mask (deployed and failed when no state flag is given).
    const states = new Set<ReleaseStatus>();
    for (const [flag, s] of STATE_FLAGS) if (boolFlag(h, flag)) s.forEach((x) => states.add(x));
    const all = boolFlag(h, "all");
    if (states.size === 0) ["deployed", "failed"].forEach((x) => states.add(x as ReleaseStatus));
    const onlySuperseded = !all && states.size === 1 && states.has("superseded");
    if (!onlySuperseded) {
      const latest = new Map<string, Release>();
      for (const r of results) {
        const key = `${r.namespace}/${r.name}`;
        const cur = latest.get(key);
        if (!cur || cur.version < r.version) latest.set(key, r);
      }
      results = [...latest.values()];
    }
    if (!all) results = results.filter((r) => states.has(r.info.status));
    const selector = stringFlag(h, "selector");
    if (selector) {
      const sel = parseSelector(selector);
      results = results.filter((r) => matches(sel, r.labels ?? {}));
    }
    const byName = (a: Release, b: Release) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const byDate = (a: Release, b: Release) => a.info.last_deployed - b.info.last_deployed || byName(a, b);
    if (boolFlag(h, "date")) results.sort(boolFlag(h, "reverse") ? (a, b) => byDate(b, a) : byDate);
    else results.sort(boolFlag(h, "reverse") ? (a, b) => byName(b, a) : byName);
    const offset = Number(h.flags.values.offset ?? 0);
    const max = Number(h.flags.values.max ?? 256);
    results = offset >= results.length ? [] : results.slice(offset, max > 0 ? offset + max : undefined);

    if (boolFlag(h, "short")) {
      const names = results.map((r) => r.name);
      if (format === "json") h.out.out(JSON.stringify(names) + "\n");
      else if (format === "yaml") h.out.out(goYamlMarshal(names));
      else h.out.out(names.map((n) => `${n}\n`).join(""));
      return 0;
    }
    const timeFormat = stringFlag(h, "time-format");
    const elements = results.map((r) => ({
      name: r.name,
      namespace: r.namespace,
      revision: String(r.version),
      updated: r.info.last_deployed ? (timeFormat ? formatGoTime(r.info.last_deployed, timeFormat) : goTimeString(r.info.last_deployed)) : "-",
      status: r.info.status,
      chart: chartName(r),
      app_version: appVersion(r),
    }));
    if (format === "json") h.out.out(JSON.stringify(elements) + "\n");
    else if (format === "yaml") h.out.out(elements.length ? goYamlMarshal(elements) : "[]\n");
    else {
      const rows = elements.map((e) => [e.name, e.namespace, e.revision, e.updated, e.status, e.chart, e.app_version]);
      if (!boolFlag(h, "no-headers")) rows.unshift(["NAME", "NAMESPACE", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION"]);
      h.out.out(rows.length ? uitable(rows) : "\n");
    }
    return 0;
  },
};

export const historyCommand: HelmCommand = {
  aliases: ["hist"],
  use: "history RELEASE_NAME",
  short: "fetch release history",
  long: `
History prints historical revisions for a given release.

A default maximum of 256 revisions will be returned. Setting '--max'
configures the maximum length of the revision list returned.

The historical release set is printed as a formatted table, e.g:

    $ helm history angry-bird
    REVISION    UPDATED                     STATUS          CHART             APP VERSION     DESCRIPTION
    1           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             Initial install
    2           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             Upgraded successfully
    3           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             Rolled back to 2
    4           Mon Oct 3 10:15:13 2016     deployed        alpine-0.1.0      1.0             Upgraded successfully
`,
  args: { exact: 1 },
  flags: [{ name: "max", type: "int", default: 256, usage: "maximum number of revision to include in history" }, OUTPUT_FLAG],
  async run(h) {
    const format = outputFormat(h);
    const { client } = await h.kube();
    const history = new ReleaseStorage(client, h.now).history(h.settings.namespace, h.args[0]);
    const max = Number(h.flags.values.max ?? 256);
    const shown = history.slice(Math.max(0, history.length - max));
    const items = shown.map((r) => ({ revision: r.version, updated: r.info.last_deployed, status: r.info.status, chart: chartName(r), app_version: appVersion(r), description: r.info.description }));
    if (format === "json") h.out.out(JSON.stringify(items.map((i) => ({ ...i, updated: rfc3339Nano(i.updated) }))) + "\n");
    else if (format === "yaml") h.out.out(goYamlMarshal(items.map((i) => ({ ...i, updated: rfc3339Nano(i.updated) }))));
    else {
      const rows = [["REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION"], ...items.map((i) => [String(i.revision), ansic(i.updated), i.status, i.chart, i.app_version, i.description])];
      h.out.out(uitable(rows));
    }
    return 0;
  },
};
