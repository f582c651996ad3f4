/**
 * helm status, and the status printer install, upgrade and rollback share
 * (cmd/helm/status.go): NAME, LAST DEPLOYED (time.ANSIC), NAMESPACE,
 * STATUS, REVISION, the test suite line, the manifest on a dry run, and the
 * chart's NOTES; -o json|yaml prints the release object.
 */
import type { PFlag } from "../../cobra/command.js";
import { goYamlMarshal } from "../kubectl/printers/yaml.js";
import { ansic, HelmError, type HelmCommand, type HelmContext } from "./cli.js";
import { ReleaseStorage, releaseObject, type Release } from "./release.js";
import { toJsonValues } from "./values.js";

const FORMATS = ["table", "json", "yaml"] as const;

/** bindOutputFlag: the -o flag whose value (output.ParseFormat) refuses other formats while flags are parsed. */
export const OUTPUT_FLAG: PFlag = {
  name: "output",
  short: "o",
  type: "string",
  default: "table",
  // outputValue: pflag names its type "format" and shows the default unquoted.
  varname: "format",
  defaultText: "table",
  usage: "prints the output in the specified format. Allowed values: table, json, yaml",
  refuse: (v) => ((FORMATS as readonly string[]).includes(v) ? undefined : "invalid format type"),
};

export function outputFormat(h: HelmContext): (typeof FORMATS)[number] {
  return String(h.flags.values.output ?? "table") as (typeof FORMATS)[number];
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
