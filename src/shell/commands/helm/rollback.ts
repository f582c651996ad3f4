/**
 * helm rollback (cmd/helm/rollback.go, pkg/action/rollback.go): a new
 * revision carrying an earlier revision's chart, values and manifest
 * (described "Rollback to N"), the objects moved back to it, the previous
 * revision superseded.
 */
import { boolFlag, durationFlag, HelmError, type HelmCommand } from "./cli.js";
import { runHooks } from "./install.js";
import { buildResources, setReleaseMetadata, updateAll, waitReady } from "./kube.js";
import { ReleaseStorage, type Release } from "./release.js";
import { pruneHistory } from "./upgrade.js";

export const rollbackCommand: HelmCommand = {
  use: "rollback <RELEASE> [REVISION]",
  short: "roll back a release to a previous revision",
  long: `
This command rolls back a release to a previous revision.

The first argument of the rollback command is the name of a release, and the
second is a revision (version) number. If this argument is omitted or set to
0, it will roll back to the previous release.

To see revision numbers, run 'helm history RELEASE'.
`,
  args: { min: 1 },
  flags: [
    { name: "cleanup-on-fail", type: "bool", usage: "allow deletion of new resources created in this rollback when rollback fails" },
    { name: "dry-run", type: "bool", usage: "simulate a rollback" },
    { name: "force", type: "bool", usage: "force resource update through delete/recreate if needed" },
    { name: "history-max", type: "int", default: 10, usage: "limit the maximum number of revisions saved per release. Use 0 for no limit" },
    { name: "no-hooks", type: "bool", usage: "prevent hooks from running during rollback" },
    { name: "recreate-pods", type: "bool", usage: "performs pods restart for the resource if applicable" },
    { name: "timeout", type: "duration", default: "5m0s", usage: "time to wait for any individual Kubernetes operation (like Jobs for hooks)" },
    { name: "wait", type: "bool", usage: "if set, will wait until all Pods, PVCs, Services, and minimum number of Pods of a Deployment, StatefulSet, or ReplicaSet are in a ready state before marking the release as successful. It will wait for as long as --timeout" },
    { name: "wait-for-jobs", type: "bool", usage: "if set and --wait enabled, will wait until all Jobs have been completed before marking the release as successful. It will wait for as long as --timeout" },
  ],
  async run(h) {
    const [name, rev] = h.args;
    if (h.args.length > 2) throw new HelmError(`"${h.commandPath}" accepts at most 2 arguments\n\nUsage:  helm rollback <RELEASE> [REVISION] [flags]`);
    let version = 0;
    if (rev !== undefined) {
      if (!/^[+-]?\d+$/.test(rev)) throw new HelmError(`could not convert revision to a number: strconv.Atoi: parsing "${rev}": invalid syntax`);
      version = Number(rev);
    }
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name) || name.length > 53) {
      throw new HelmError(`prepareRollback: Release name is invalid: ${name}`);
    }
    if (version < 0) throw new HelmError("prepareRollback: Release version is invalid: " + version);
    const { client } = await h.kube();
    const storage = new ReleaseStorage(client, h.now);
    const namespace = h.settings.namespace;
    const current = storage.last(namespace, name);
    const previousVersion = version || current.version - 1;
    const history = storage.history(namespace, name);
    const previous = history.find((r) => r.version === previousVersion);
    if (!previous) throw new HelmError(`release has no ${previousVersion} version`);
    const target: Release = {
      name,
      namespace: previous.namespace,
      chart: previous.chart,
      config: previous.config,
      info: { first_deployed: current.info.first_deployed, last_deployed: h.now(), status: "pending-rollback", notes: previous.info.notes, description: `Rollback to ${previousVersion}` },
      version: current.version + 1,
      labels: previous.labels,
      manifest: previous.manifest,
      hooks: previous.hooks,
    };
    if (h.flags.values["dry-run"] === true) {
      h.out.out("Rollback was a success! Happy Helming!\n");
      return 0;
    }
    storage.create(target);
    const from = buildResources(client, current.manifest, current.namespace);
    const to = buildResources(client, target.manifest, target.namespace);
    setReleaseMetadata(to, name, target.namespace);
    const timeout = durationFlag(h, "timeout");
    try {
      if (!boolFlag(h, "no-hooks")) await runHooks(h, client, target, "pre-rollback", timeout);
      updateAll(client, from, to);
      if (boolFlag(h, "wait")) await waitReady(client, to, timeout, h.tool.sleep, boolFlag(h, "wait-for-jobs"));
      if (!boolFlag(h, "no-hooks")) await runHooks(h, client, target, "post-rollback", timeout);
    } catch (e) {
      const msg = (e as Error).message;
      target.info.status = "failed";
      target.info.description = `Rollback "${name}" failed: ${msg}`;
      current.info.status = "failed"; // Rollback.performRollback marks both as failed.
      storage.update(current);
      storage.update(target);
      throw e;
    }
    for (const r of history) {
      if (r.info.status === "deployed") {
        r.info.status = "superseded";
        storage.update(r);
      }
    }
    target.info.status = "deployed";
    storage.update(target);
    pruneHistory(storage, namespace, name, Number(h.flags.values["history-max"] ?? 10));
    h.out.out("Rollback was a success! Happy Helming!\n");
    return 0;
  },
};
