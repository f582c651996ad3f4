/**
 * helm pull (cmd/helm/pull.go): fetches a chart archive into the current
 * directory (or --destination), or unpacks it there with --untar.
 */
import { resolvePath } from "../../tool.js";
import { boolFlag, HelmError, stringFlag, type HelmCommand } from "./cli.js";
import { archiveFiles } from "./chart.js";
import { CHART_PATH_FLAGS } from "./install.js";
import { locateChart } from "./locate.js";

export const pullCommand: HelmCommand = {
  aliases: ["fetch"],
  use: "pull [chart URL | repo/chartname] [...]",
  short: "download a chart from a repository and (optionally) unpack it in local directory",
  long: `
Retrieve a package from a package repository, and download it locally.

This is useful for fetching packages to inspect, modify, or repackage. It can
also be used to perform cryptographic verification of a chart without installing
the chart.

There are options for unpacking the chart after download. This will create a
directory for the chart and uncompress into that directory.

If the --verify flag is specified, the requested chart MUST have a provenance
file, and MUST pass the verification process. Failure in any part of this will
result in an error, and the chart will not be saved locally.
`,
  args: { min: 1 },
  flags: [
    ...CHART_PATH_FLAGS,
    { name: "destination", short: "d", type: "string", default: ".", usage: "location to write the chart. If this and untardir are specified, untardir is appended to this" },
    { name: "devel", type: "bool", usage: "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored." },
    { name: "prov", type: "bool", usage: "fetch the provenance file, but don't perform verification" },
    { name: "untar", type: "bool", usage: "if set to true, will untar the chart after downloading it" },
    { name: "untardir", type: "string", default: ".", usage: "if untar is specified, this flag specifies the name of the directory into which the chart is expanded" },
  ],
  async run(h) {
    const fs = h.tool.fs;
    const dest = resolvePath(h.tool.cwd, stringFlag(h, "destination") || ".");
    for (const ref of h.args) {
      const located = await locateChart(h, ref, stringFlag(h, "version"), boolFlag(h, "devel"), stringFlag(h, "repo"));
      const chart = located.chart;
      if (!boolFlag(h, "untar")) {
        const name = `${chart.metadata.name}-${chart.metadata.version}.tgz`;
        await fs.mkdir(dest, { recursive: true });
        await fs.writeFile(`${dest}/${name}`, await fs.readFile(located.path));
        continue;
      }
      const untarDir = resolvePath(dest, stringFlag(h, "untardir") || ".");
      const chartDir = `${untarDir}/${chart.metadata.name}`;
      if (await fs.exists(chartDir)) throw new HelmError(`failed to untar: a file or directory with the name ${chartDir} already exists`);
      for (const f of archiveFiles(chart)) {
        const path = `${untarDir}/${f.name}`;
        await fs.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
        await fs.writeFile(path, f.data);
      }
    }
    return 0;
  },
};
