/**
 * helm show chart | values | readme | crds | all (cmd/helm/show.go,
 * pkg/action/show.go): a chart's metadata, its values.yaml as written, its
 * README.
 */
import { goYamlMarshal } from "../kubectl/printers/yaml.js";
import { boolFlag, stringFlag, type HelmCommand, type HelmContext } from "./cli.js";
import { CHART_PATH_FLAGS } from "./install.js";
import { locateChart } from "./locate.js";
import type { Chart } from "./chart.js";

type Part = "chart" | "values" | "readme" | "crds" | "all";

const README_NAMES = ["readme.md", "readme.txt", "readme"];

/** Show.Run. */
function show(chart: Chart, part: Part): string {
  let out = "";
  if (part === "chart" || part === "all") out += `${goYamlMarshal(chart.metadata)}\n`;
  if (part === "values" || part === "all") {
    const raw = chart.raw.find((f) => f.name === "values.yaml");
    if (raw) {
      if (part === "all") out += "---\n";
      out += `${raw.data}\n`;
    }
  }
  if (part === "readme" || part === "all") {
    const readme = chart.files.find((f) => README_NAMES.includes(f.name.toLowerCase()));
    if (readme) {
      if (part === "all") out += "---\n";
      out += `${readme.data}\n`;
    }
  }
  if (part === "crds" || part === "all") {
    const crds = chart.raw.filter((f) => f.name.startsWith("crds/"));
    if (crds.length) {
      if (part === "all" && !crds[0].data.startsWith("---")) out += "---\n";
      for (const c of crds) out += `${c.data}\n`;
    }
  }
  return out;
}

function showSub(part: Part, short: string): HelmCommand {
  return {
    use: `${part} [CHART]`,
    short,
    args: { exact: 1 },
    flags: [
      ...CHART_PATH_FLAGS,
      { name: "devel", type: "bool", usage: "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored" },
      ...(part === "values" ? [{ name: "jsonpath", type: "string" as const, usage: "supply a JSONPath expression to filter the output" }] : []),
    ],
    async run(h: HelmContext) {
      const located = await locateChart(h, h.args[0], stringFlag(h, "version"), boolFlag(h, "devel"), stringFlag(h, "repo"));
      h.out.out(show(located.chart, part));
      return 0;
    },
  };
}

export const showCommand: HelmCommand = {
  aliases: ["inspect"],
  use: "show",
  short: "show information of a chart",
  long: "\nThis command consists of multiple subcommands to display information about a chart\n",
  children: [
    showSub("all", "show all information of the chart"),
    showSub("chart", "show the chart's definition"),
    showSub("crds", "show the chart's CRDs"),
    showSub("readme", "show the chart's README"),
    showSub("values", "show the chart's values"),
  ],
};
