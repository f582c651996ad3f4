/**
 * helm upgrade (cmd/helm/upgrade.go, pkg/action/upgrade.go): a new
 * revision from a chart and values (--reuse-values, --reset-values,
 * --reset-then-reuse-values, or the last revision's values when none are
 * given), the objects moved to it by three-way merge, the previous revision
 * superseded; --install installs when the release does not exist; failures
 * read `UPGRADE FAILED: ...` and leave a failed revision.
 */
import {
  apiVersionSet,
  boolFlag,
  durationFlag,
  HelmError,
  listFlag,
  stringFlag,
  type HelmCommand,
  type HelmContext,
} from "./cli.js";
import type { PFlag } from "../../cobra/command.js";
import { INSTALL_FLAGS, dryRunMode, funcEnvironment, runHooks, runInstall, userValues, validateReleaseName } from "./install.js";
import { buildResources, existingConflicts, setReleaseMetadata, updateAll, waitReady } from "./kube.js";
import { locateChart } from "./locate.js";
import { DRIVER_ERRORS, ReleaseStorage, isPending, type Release } from "./release.js";
import { renderChart } from "./render.js";
import { OUTPUT_FLAG, outputFormat, printStatus } from "./status.js";
import { coalesceTables, coalesceValues, structuredCloneValues, type Values } from "./values.js";

/** Keeps at most `max` revisions, removing the oldest that are not deployed (Storage.removeLeastRecent). */
export function pruneHistory(storage: ReleaseStorage, namespace: string, name: string, max: number): void {
  if (max <= 0) return;
  const history = storage.history(namespace, name);
  let excess = history.length - max;
  for (const r of history) {
    if (excess <= 0) break;
    if (r.info.status === "deployed") continue;
    storage.delete(r);
    excess--;
  }
}

/** Where newUpgradeCmd words a flag addInstallFlags also has differently. */
const UPGRADE_USAGE: Record<string, string> = {
  atomic: "if set, upgrade process rolls back changes made in case of failed upgrade. The --wait flag will be set automatically if --atomic is used",
  "disable-openapi-validation": "if set, the upgrade process will not validate rendered templates against the Kubernetes OpenAPI Schema",
  "hide-notes": "if set, do not show notes in upgrade output. Does not affect presence in chart metadata",
  labels: "Labels that would be added to release metadata. Should be separated by comma. Original release labels will be merged with upgrade labels. You can unset label using null.",
  "no-hooks": "disable pre/post upgrade hooks",
  "skip-crds": "if set, no CRDs will be installed when an upgrade is performed with install flag enabled. By default, CRDs are installed if not already present, when an upgrade is performed with install flag enabled",
};

const UPGRADE_FLAGS: PFlag[] = [
  ...INSTALL_FLAGS.filter((f) => !["generate-name", "name-template", "replace", "create-namespace"].includes(f.name)).map((f) => (UPGRADE_USAGE[f.name] ? { ...f, usage: UPGRADE_USAGE[f.name] } : f)),
  { name: "cleanup-on-fail", type: "bool" as const, usage: "allow deletion of new resources created in this upgrade when upgrade fails" },
  { name: "create-namespace", type: "bool" as const, usage: 'if --install is set, create the release namespace if not present' },
  { name: "history-max", type: "int" as const, default: 10, usage: "limit the maximum number of revisions saved per release. Use 0 for no limit" },
  { name: "install", short: "i", type: "bool" as const, usage: "if a release by this name doesn't already exist, run an install" },
  { name: "reset-then-reuse-values", type: "bool" as const, usage: "when upgrading, reset the values to the ones built into the chart, apply the last release's values and merge in any overrides from the command line via --set and -f. If '--reset-values' or '--reuse-values' is specified, this is ignored" },
  { name: "reset-values", type: "bool" as const, usage: "when upgrading, reset the values to the ones built into the chart" },
  { name: "reuse-values", type: "bool" as const, usage: "when upgrading, reuse the last release's values and merge in any overrides from the command line via --set and -f. If '--reset-values' is specified, this is ignored" },
  { name: "hide-secret", type: "bool" as const, usage: "hide Kubernetes Secrets when also using the --dry-run flag" },
  OUTPUT_FLAG,
];

/** Upgrade.RunWithContext. */
async function runUpgrade(h: HelmContext, name: string, chartRef: string): Promise<Release> {
  const located = await locateChart(h, chartRef, stringFlag(h, "version"), boolFlag(h, "devel"), stringFlag(h, "repo"));
  const chart = located.chart;
  let vals = await userValues(h);
  const dryRun = dryRunMode(h, "none");
  try {
    validateReleaseName(name);
  } catch {
    throw new HelmError(`release name is invalid: ${name}`);
  }
  const { client, kubeVersion } = await h.kube();
  const storage = new ReleaseStorage(client, h.now);
  const namespace = h.settings.namespace;
  let last: Release;
  try {
    last = storage.last(namespace, name);
  } catch {
    throw new HelmError(`"${name}" has no deployed releases`);
  }
  if (isPending(last.info.status)) throw new HelmError("another operation (install/upgrade/rollback) is in progress");
  let current: Release | undefined = last.info.status === "deployed" ? last : storage.deployed(namespace, name);
  if (!current) {
    if (last.info.status === "failed" || last.info.status === "superseded") current = last;
    else throw new HelmError(`"${name}" has no deployed releases`);
  }

  // Upgrade.reuseValues.
  if (!boolFlag(h, "reset-values")) {
    if (boolFlag(h, "reuse-values")) {
      chart.values = coalesceValues(current.chart.values as Values, current.config as Values);
      vals = coalesceTables(vals, structuredCloneValues(current.config as Values));
    } else if (boolFlag(h, "reset-then-reuse-values")) {
      vals = coalesceTables(vals, structuredCloneValues(current.config as Values));
    } else if (Object.keys(vals).length === 0 && Object.keys(current.config).length > 0) {
      vals = current.config as Values;
    }
  }

  const revision = last.version + 1;
  const rendered = renderChart({
    chart,
    userValues: vals,
    release: { name, namespace: current.namespace, revision, isInstall: false, isUpgrade: true },
    kubeVersion,
    apiVersions: [...apiVersionSet(client.resources()), ...listFlag(h, "api-versions")],
    env: funcEnvironment(h, dryRun === "client" ? undefined : client),
  });
  const now = h.now();
  const upgraded: Release = {
    name,
    namespace: current.namespace,
    chart,
    config: vals,
    info: { first_deployed: current.info.first_deployed, last_deployed: now, status: "pending-upgrade", description: "Preparing upgrade", notes: rendered.notes || undefined },
    version: revision,
    manifest: rendered.manifestText,
    hooks: boolFlag(h, "no-hooks") ? [] : rendered.hooks,
    labels: last.labels,
  };
  let currentResources;
  let target;
  try {
    currentResources = buildResources(client, current.manifest, current.namespace);
    target = buildResources(client, upgraded.manifest, current.namespace);
  } catch (e) {
    throw new HelmError(`unable to build kubernetes objects from ${currentResources ? "new release" : "current release"} manifest: ${(e as Error).message}`);
  }
  setReleaseMetadata(target, name, upgraded.namespace);
  const added = target.filter((t) => !currentResources.some((c) => c.resource === t.resource && c.namespace === t.namespace && c.name === t.name));
  if (!boolFlag(h, "take-ownership")) {
    try {
      existingConflicts(client, added, name, upgraded.namespace);
    } catch (e) {
      throw new HelmError(`Unable to continue with update: ${(e as Error).message}`);
    }
  }
  if (dryRun !== "none") {
    upgraded.info.description = "Dry run complete";
    return upgraded;
  }
  storage.create(upgraded);
  const timeout = durationFlag(h, "timeout");
  try {
    if (!boolFlag(h, "no-hooks")) await runHooks(h, client, upgraded, "pre-upgrade", timeout);
    updateAll(client, currentResources, target);
    if (boolFlag(h, "wait") || boolFlag(h, "atomic")) await waitReady(client, target, timeout, h.tool.sleep, boolFlag(h, "wait-for-jobs"));
    if (!boolFlag(h, "no-hooks")) await runHooks(h, client, upgraded, "post-upgrade", timeout);
  } catch (e) {
    const msg = (e as Error).message;
    upgraded.info.status = "failed";
    upgraded.info.description = `Upgrade "${name}" failed: ${msg}`;
    storage.update(upgraded);
    if (boolFlag(h, "atomic")) {
      const back = buildResources(client, current.manifest, current.namespace);
      setReleaseMetadata(back, name, current.namespace);
      updateAll(client, target, back);
      throw new HelmError(`release ${name} failed, and has been rolled back due to atomic being set: ${msg}`);
    }
    throw e;
  }
  current.info.status = "superseded";
  storage.update(current);
  upgraded.info.status = "deployed";
  upgraded.info.description = stringFlag(h, "description") || "Upgrade complete";
  storage.update(upgraded);
  pruneHistory(storage, namespace, name, Number(h.flags.values["history-max"] ?? 10));
  return upgraded;
}

export const upgradeCommand: HelmCommand = {
  use: "upgrade [RELEASE] [CHART]",
  short: "upgrade a release",
  long: `
This command upgrades a release to a new version of a chart.

The upgrade arguments must be a release and chart. The chart
argument can be either: a chart reference('example/mariadb'), a path to a chart directory,
a packaged chart, or a fully qualified URL. For chart references, the latest
version will be specified unless the '--version' flag is set.

To override values in a chart, use either the '--values' flag and pass in a file
or use the '--set' flag and pass configuration from the command line, to force string
values, use '--set-string'. You can use '--set-file' to set individual
values from a file when the value itself is too long for the command line
or is dynamically generated. You can also use '--set-json' to set json values
(scalars/objects/arrays) from the command line.

You can specify the '--values'/'-f' flag multiple times. The priority will be given to the
last (right-most) file specified. For example, if both myvalues.yaml and override.yaml
contained a key called 'Test', the value set in override.yaml would take precedence:

    $ helm upgrade -f myvalues.yaml -f override.yaml redis ./redis

You can specify the '--set' flag multiple times. The priority will be given to the
last (right-most) set specified. For example, if both 'bar' and 'newbar' values are
set for a key called 'foo', the 'newbar' value would take precedence:

    $ helm upgrade --set foo=bar --set foo=newbar redis ./redis

You can update the values for an existing release with this command as well via the
'--reuse-values' flag. The 'RELEASE' and 'CHART' arguments should be set to the original
parameters, and existing values will be merged with any values set via '--values'/'-f'
or '--set' flags. Priority is given to new values.

    $ helm upgrade --reuse-values --set foo=bar --set foo=newbar redis ./redis

The --dry-run flag will output all generated chart manifests, including Secrets
which can contain sensitive values. To hide Kubernetes Secrets use the
--hide-secret flag. Please carefully consider how and when these flags are used.
`,
  args: { exact: 2 },
  flags: UPGRADE_FLAGS,
  async run(h) {
    const format = outputFormat(h);
    const [name, chartRef] = h.args;
    if (boolFlag(h, "install")) {
      const { client } = await h.kube();
      let history: Release[] = [];
      let missing = false;
      try {
        history = new ReleaseStorage(client, h.now).history(h.settings.namespace, name);
      } catch (e) {
        if ((e as Error).message !== DRIVER_ERRORS.notFound) throw e;
        missing = true;
      }
      const uninstalled = history.length > 0 && history[history.length - 1].info.status === "uninstalled";
      if (missing || uninstalled) {
        if (format === "table") h.out.out(`Release "${name}" does not exist. Installing it now.\n`);
        const rel = await runInstall(h, h.args, { clientOnly: false, replace: uninstalled });
        printStatus(h, rel, { debug: h.settings.debug, hideNotes: boolFlag(h, "hide-notes") }, format);
        return 0;
      }
    }
    let rel: Release;
    try {
      rel = await runUpgrade(h, name, chartRef);
    } catch (e) {
      throw new HelmError(`UPGRADE FAILED: ${(e as Error).message}`);
    }
    if (format === "table") h.out.out(`Release "${name}" has been upgraded. Happy Helming!\n`);
    printStatus(h, rel, { debug: h.settings.debug, hideNotes: boolFlag(h, "hide-notes") }, format);
    return 0;
  },
};
