/**
 * helm uninstall (cmd/helm/uninstall.go, pkg/action/uninstall.go): deletes
 * the release's objects (keeping those annotated helm.sh/resource-policy:
 * keep) and its history, or with --keep-history marks it uninstalled.
 */
import { boolFlag, durationFlag, HelmError, type HelmCommand } from "./cli.js";
import { runHooks } from "./install.js";
import { buildResources, deleteAll } from "./kube.js";
import { DRIVER_ERRORS, ReleaseStorage } from "./release.js";
import { releaseContent } from "./status.js";

export const uninstallCommand: HelmCommand = {
  aliases: ["del", "delete", "un"],
  suggestFor: ["remove", "rm"],
  use: "uninstall RELEASE_NAME [...]",
  short: "uninstall a release",
  long: `
This command takes a release name and uninstalls the release.

It removes all of the resources associated with the last release of the chart
as well as the release history, freeing it up for future use.

Use the '--dry-run' flag to see which releases will be uninstalled without actually
uninstalling them.
`,
  args: { min: 1 },
  flags: [
    { name: "cascade", type: "string", default: "background", usage: 'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents. Defaults to background.' },
    { name: "description", type: "string", usage: "add a custom description" },
    { name: "dry-run", type: "bool", usage: "simulate a uninstall" },
    { name: "ignore-not-found", type: "bool", usage: 'Treat "release not found" as a successful uninstall' },
    { name: "keep-history", type: "bool", usage: "remove all associated resources and mark the release as deleted, but retain the release history" },
    { name: "no-hooks", type: "bool", usage: "prevent hooks from running during uninstallation" },
    { name: "timeout", type: "duration", default: "5m0s", usage: "time to wait for any individual Kubernetes operation (like Jobs for hooks)" },
    { name: "wait", type: "bool", usage: "if set, will wait until all the resources are deleted before returning. It will wait for as long as --timeout" },
  ],
  async run(h) {
    const cascade = String(h.flags.values.cascade ?? "background");
    if (!["background", "orphan", "foreground"].includes(cascade)) {
      throw new HelmError(`invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan"`);
    }
    const { client } = await h.kube();
    const storage = new ReleaseStorage(client, h.now);
    const namespace = h.settings.namespace;
    for (const name of h.args) {
      if (boolFlag(h, "dry-run")) {
        releaseContent(storage, namespace, name);
        h.out.out(`release "${name}" uninstalled\n`);
        continue;
      }
      if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name) || name.length > 53) {
        throw new HelmError(`uninstall: Release name is invalid: ${name}`);
      }
      let history;
      try {
        history = storage.history(namespace, name);
      } catch (e) {
        if (boolFlag(h, "ignore-not-found") && (e as Error).message === DRIVER_ERRORS.notFound) continue;
        throw new HelmError(`uninstall: Release not loaded: ${name}: ${(e as Error).message}`);
      }
      const rel = history[history.length - 1];
      const keepHistory = boolFlag(h, "keep-history");
      if (rel.info.status === "uninstalled") {
        if (!keepHistory) {
          for (const r of history) storage.delete(r);
          h.out.out(`release "${name}" uninstalled\n`);
          continue;
        }
        throw new HelmError(`the release named "${name}" is already deleted`);
      }
      rel.info.status = "uninstalling";
      rel.info.deleted = h.now();
      rel.info.description = "Deletion in progress (or silently failed)";
      const timeout = durationFlag(h, "timeout");
      if (!boolFlag(h, "no-hooks")) await runHooks(h, client, rel, "pre-delete", timeout);
      storage.update(rel);
      const resources = buildResources(client, rel.manifest, rel.namespace);
      const kept = deleteAll(client, resources);
      if (boolFlag(h, "wait")) {
        let waited = 0;
        while (resources.some((r) => client.find(r.resource, r.namespace, r.name)) && waited < timeout) {
          await h.tool.sleep(2000);
          waited += 2000;
        }
      }
      if (!boolFlag(h, "no-hooks")) await runHooks(h, client, rel, "post-delete", timeout);
      rel.info.status = "uninstalled";
      rel.info.description = String(h.flags.values.description || "") || "Uninstallation complete";
      if (keepHistory) storage.update(rel);
      else for (const r of history) storage.delete(r);
      if (kept) h.out.out(`These resources were kept due to the resource policy:\n${kept}\n`);
      h.out.out(`release "${name}" uninstalled\n`);
    }
    return 0;
  },
};
