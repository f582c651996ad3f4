/**
 * helm get values | manifest | notes | hooks | metadata | all
 * (cmd/helm/get_*.go): what a stored revision holds.
 */
import { goJsonMarshal } from "../kubectl/printers/gofmt.js";
import { goYamlMarshal } from "../kubectl/printers/yaml.js";
import { boolFlag, rfc3339Nano, type HelmCommand, type HelmContext } from "./cli.js";
import { ReleaseStorage, type Release } from "./release.js";
import { OUTPUT_FLAG, outputFormat, printStatus, releaseContent } from "./status.js";
import { coalesceValues, toJsonValues, type Values } from "./values.js";

const REVISION_FLAG = { name: "revision", type: "int" as const, usage: "get the named release with revision" };

async function load(h: HelmContext): Promise<Release> {
  const { client } = await h.kube();
  return releaseContent(new ReleaseStorage(client, h.now), h.settings.namespace, h.args[0], Number(h.flags.values.revision ?? 0));
}

/** EncodeYAML of a values map: `null` for none. */
function valuesYaml(v: Values | undefined): string {
  if (!v || Object.keys(v).length === 0) return v ? "{}\n" : "null\n";
  return goYamlMarshal(toJsonValues(v));
}

const getValues: HelmCommand = {
  use: "values RELEASE_NAME",
  short: "download the values file for a named release",
  args: { exact: 1 },
  flags: [{ name: "all", short: "a", type: "bool", usage: "dump all (computed) values" }, OUTPUT_FLAG, REVISION_FLAG],
  async run(h) {
    const format = outputFormat(h);
    const r = await load(h);
    const all = boolFlag(h, "all");
    // Stored config without user values is omitted from the release JSON: it comes back as nil.
    const vals: Values | undefined = all ? coalesceValues(r.chart.values as Values, r.config as Values) : Object.keys(r.config).length ? (r.config as Values) : undefined;
    if (format === "json") h.out.out(goJsonMarshal(vals ? toJsonValues(vals) : null) + "\n");
    else if (format === "yaml") h.out.out(valuesYaml(vals));
    else h.out.out(`${all ? "COMPUTED VALUES:" : "USER-SUPPLIED VALUES:"}\n${valuesYaml(vals)}`);
    return 0;
  },
};

/** A `get` subcommand that prints one part of the stored revision, with no format to choose. */
function getPart(name: string, short: string, print: (r: Release) => string): HelmCommand {
  return {
    use: `${name} RELEASE_NAME`,
    short,
    args: { exact: 1 },
    flags: [REVISION_FLAG],
    async run(h) {
      h.out.out(print(await load(h)));
      return 0;
    },
  };
}

const getManifest = getPart("manifest", "download the manifest for a named release", (r) => `${r.manifest}\n`);
const getNotes = getPart("notes", "download the notes for a named release", (r) => (r.info.notes ? `NOTES:\n${r.info.notes}\n` : ""));
const getHooks = getPart("hooks", "download all hooks for a named release", (r) => r.hooks.map((hook) => `---\n# Source: ${hook.path}\n${hook.manifest}\n`).join(""));

const getMetadata: HelmCommand = {
  use: "metadata RELEASE_NAME",
  short: "This command fetches metadata for a given release",
  args: { exact: 1 },
  flags: [OUTPUT_FLAG, { ...REVISION_FLAG, usage: "specify release revision" }],
  async run(h) {
    const format = outputFormat(h);
    const r = await load(h);
    const md = r.chart.metadata;
    const meta = {
      name: r.name,
      chart: md.name,
      version: md.version,
      appVersion: md.appVersion ?? "",
      annotations: md.annotations ?? {},
      dependencies: [],
      namespace: r.namespace,
      revision: r.version,
      status: r.info.status,
      deployedAt: rfc3339Nano(r.info.last_deployed),
    };
    if (format === "json") h.out.out(JSON.stringify(meta) + "\n");
    else if (format === "yaml") h.out.out(goYamlMarshal(meta));
    else {
      const annotations = Object.keys(meta.annotations)
        .sort()
        .map((k) => `${k}=${meta.annotations[k]}`)
        .join(",");
      h.out.out(
        `NAME: ${meta.name}\nCHART: ${meta.chart}\nVERSION: ${meta.version}\nAPP_VERSION: ${meta.appVersion}\nANNOTATIONS: ${annotations}\nDEPENDENCIES: \nNAMESPACE: ${meta.namespace}\nREVISION: ${meta.revision}\nSTATUS: ${meta.status}\nDEPLOYED_AT: ${meta.deployedAt}\n`,
      );
    }
    return 0;
  },
};

const getAll: HelmCommand = {
  use: "all RELEASE_NAME",
  short: "download all information for a named release",
  args: { exact: 1 },
  flags: [REVISION_FLAG, { name: "template", type: "string", usage: "go template for formatting the output, eg: {{.Release.Name}}" }],
  async run(h) {
    const r = await load(h);
    printStatus(h, r, { debug: true, showMetadata: true, computedValues: coalesceValues(r.chart.values as Values, r.config as Values) }, "table");
    return 0;
  },
};

export const getCommand: HelmCommand = {
  use: "get",
  short: "download extended information of a named release",
  long: `
This command consists of multiple subcommands which can be used to
get extended information about the release, including:

- The values used to generate the release
- The generated manifest file
- The notes provided by the chart of the release
- The hooks associated with the release
- The metadata of the release
`,
  children: [getAll, getHooks, getManifest, getMetadata, getNotes, getValues],
};
