/**
 * helm status, and the status printer install, upgrade and rollback share
 * (cmd/helm/status.go): NAME, LAST DEPLOYED (time.ANSIC), NAMESPACE,
 * STATUS, REVISION, the test suite line, the manifest on a dry run, and the
 * chart's NOTES; -o json|yaml prints the release object.
 */
import { sortKeysDeep } from "../kubectl/printers/index.js";
import { goYamlMarshal } from "../kubectl/printers/yaml.js";
import { ansic, HelmError, rfc3339Nano, type HelmCommand, type HelmContext } from "./cli.js";
import { ReleaseStorage, type Release } from "./release.js";
import { toJsonValues } from "./values.js";

export const OUTPUT_FLAG = { name: "output", short: "o", type: "string" as const, default: "table", usage: "prints the output in the specified format. Allowed values: table, json, yaml" };

/** output.ParseFormat. */
export function outputFormat(h: HelmContext): "table" | "json" | "yaml" {
  const f = String(h.flags.values.output ?? "table");
  if (f === "table" || f === "json" || f === "yaml") return f;
  throw new HelmError(`invalid format type`);
}

/** The release as its JSON encoding shows it (-o json / -o yaml). */
export function releaseObject(r: Release, withChart = true): Record<string, unknown> {
  const info: Record<string, unknown> = {
    first_deployed: rfc3339Nano(r.info.first_deployed),
    last_deployed: rfc3339Nano(r.info.last_deployed),
    deleted: r.info.deleted ? rfc3339Nano(r.info.deleted) : "",
    description: r.info.description,
    status: r.info.status,
  };
  if (r.info.notes) info.notes = r.info.notes;
  const out: Record<string, unknown> = { name: r.name, info };
  // Maps (values, config) marshal with sorted keys; structs keep their field order.
  if (withChart) out.chart = { metadata: r.chart.metadata, lock: null, templates: r.chart.templates.map((t) => ({ name: t.name, data: Buffer.from(t.data).toString("base64") })), values: sortKeysDeep(toJsonValues(r.chart.values)), schema: null, files: r.chart.files.map((f) => ({ name: f.name, data: Buffer.from(f.data).toString("base64") })) };
  if (Object.keys(r.config).length) out.config = sortKeysDeep(toJsonValues(r.config));
  if (r.manifest) out.manifest = r.manifest;
  if (r.hooks.length) out.hooks = r.hooks;
  out.version = r.version;
  out.namespace = r.namespace;
  return out;
}

export interface StatusOptions {
  debug?: boolean;
  showDescription?: boolean;
  showMetadata?: boolean;
  hideNotes?: boolean;
  /** User-supplied and computed values, for --debug. */
  computedValues?: Record<string, unknown>;
}

/** statusPrinter.WriteTable (and WriteJSON / WriteYAML). */
export function printStatus(h: HelmContext, r: Release, o: StatusOptions = {}, format = outputFormat(h), withChart = true): void {
  if (format === "json") {
    h.out.out(JSON.stringify(releaseObject(r, withChart)) + "\n");
    return;
  }
  if (format === "yaml") {
    h.out.out(goYamlMarshal(releaseObject(r, withChart)));
    return;
  }
  const lines: string[] = [`NAME: ${r.name}`];
  if (r.info.last_deployed) lines.push(`LAST DEPLOYED: ${ansic(r.info.last_deployed)}`);
  lines.push(`NAMESPACE: ${r.namespace}`, `STATUS: ${r.info.status}`, `REVISION: ${r.version}`);
  if (o.showMetadata) lines.push(`CHART: ${r.chart.metadata.name}`, `VERSION: ${r.chart.metadata.version}`, `APP_VERSION: ${r.chart.metadata.appVersion ?? ""}`);
  if (o.showDescription) lines.push(`DESCRIPTION: ${r.info.description}`);
  lines.push("TEST SUITE: None");
  let text = lines.join("\n") + "\n";
  if (o.debug) {
    text += "USER-SUPPLIED VALUES:\n" + goYamlMarshal(toJsonValues(r.config)) + "\n";
    text += "COMPUTED VALUES:\n" + goYamlMarshal(toJsonValues(o.computedValues ?? r.config)) + "\n";
  }
  if (r.info.description.toLowerCase() === "dry run complete" || o.debug) {
    text += "HOOKS:\n";
    for (const hook of r.hooks) text += `---\n# Source: ${hook.path}\n${hook.manifest}\n`;
    text += `MANIFEST:\n${r.manifest}\n`;
  }
  if (!o.hideNotes && r.info.notes && r.info.notes.length > 0) text += `NOTES:\n${r.info.notes.trim()}\n`;
  h.out.out(text);
}

/** action.Configuration.releaseContent: the latest revision, or the one asked for. */
export function releaseContent(storage: ReleaseStorage, namespace: string, name: string, version = 0): Release {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name) || name.length > 53) {
    throw new HelmError(`releaseContent: Release name is invalid: ${name}`);
  }
  return version > 0 ? storage.get(namespace, name, version) : storage.last(namespace, name);
}

export const statusCommand: HelmCommand = {
  name: "status",
  use: "status RELEASE_NAME",
  short: "display the status of the named release",
  long: `
This command shows the status of a named release.
The status consists of:
- last deployment time
- k8s namespace in which the release lives
- state of the release (can be: unknown, deployed, uninstalled, superseded, failed, uninstalling, pending-install, pending-upgrade or pending-rollback)
- revision of the release
- description of the release (can be completion message or error message, need to enable --show-desc)
- list of resources that this release consists of (need to enable --show-resources)
- details on last test suite run, if applicable
- additional notes provided by the chart
`,
  args: { exact: 1 },
  flags: [
    OUTPUT_FLAG,
    { name: "revision", type: "int", usage: "if set, display the status of the named release with revision" },
    { name: "show-desc", type: "bool", usage: "if set, display the description message of the named release" },
    { name: "show-resources", type: "bool", usage: "if set, display the resources of the named release" },
  ],
  async run(h) {
    const format = outputFormat(h);
    const { client } = await h.kube();
    const r = releaseContent(new ReleaseStorage(client, h.now), h.settings.namespace, h.args[0], Number(h.flags.values.revision ?? 0));
    printStatus(h, r, { showDescription: h.flags.values["show-desc"] === true }, format, false);
    return 0;
  },
};
