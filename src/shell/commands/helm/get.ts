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
  name: "values",
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

const getManifest: HelmCommand = {
  name: "manifest",
  use: "manifest RELEASE_NAME",
  short: "download the manifest for a named release",
  args: { exact: 1 },
  flags: [REVISION_FLAG],
  async run(h) {
    h.out.out(`${(await load(h)).manifest}\n`);
    return 0;
  },
};

const getNotes: HelmCommand = {
  name: "notes",
  use: "notes RELEASE_NAME",
  short: "download the notes for a named release",
  args: { exact: 1 },
  flags: [REVISION_FLAG],
  async run(h) {
    const r = await load(h);
    if (r.info.notes) h.out.out(`NOTES:\n${r.info.notes}\n`);
    return 0;
  },
};

const getHooks: HelmCommand = {
  name: "hooks",
  use: "hooks RELEASE_NAME",
  short: "download all hooks for a named release",
  args: { exact: 1 },
  flags: [REVISION_FLAG],
  async run(h) {
    for (const hook of (await load(h)).hooks) h.out.out(`---\n# Source: ${hook.path}\n${hook.manifest}\n`);
    return 0;
  },
};

const getMetadata: HelmCommand = {
  name: "metadata",
  use: "metadata RELEASE_NAME",
  short: "This command fetches metadata for a given release",
  args: { exact: 1 },
  flags: [OUTPUT_FLAG, REVISION_FLAG],
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
  name: "all",
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
  name: "get",
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
  subcommands: [getAll, getHooks, getManifest, getMetadata, getNotes, getValues],
};
