/**
 * helm template (cmd/helm/template.go): renders a chart locally as
 * install --dry-run would, without the cluster (the release is
 * "release-name" unless named; Capabilities are Helm's defaults), and prints
 * the manifests (and hooks) with their `# Source:` lines; --show-only picks
 * templates, --output-dir writes them out.
 */
import { resolvePath } from "../../tool.js";
import { boolFlag, HelmError, listFlag, stringFlag, type HelmCommand } from "./cli.js";
import { INSTALL_FLAGS, runInstall } from "./install.js";
import type { Release } from "./release.js";
import { RenderError } from "./render.js";

export const templateCommand: HelmCommand = {
  use: "template [NAME] [CHART]",
  short: "locally render templates",
  long: `
Render chart templates locally and display the output.

Any values that would normally be looked up or retrieved in-cluster will be
faked locally. Additionally, none of the server-side testing of chart validity
(e.g. whether an API is supported) is done.
`,
  args: { min: 1 },
  flags: [
    ...INSTALL_FLAGS,
    { name: "api-versions", short: "a", type: "stringSlice", usage: "Kubernetes api versions used for Capabilities.APIVersions" },
    { name: "include-crds", type: "bool", usage: "include CRDs in the templated output" },
    { name: "is-upgrade", type: "bool", usage: "set .Release.IsUpgrade instead of .Release.IsInstall" },
    { name: "kube-version", type: "string", usage: "Kubernetes version used for Capabilities.KubeVersion" },
    { name: "output-dir", type: "string", usage: "writes the executed templates to files in output-dir instead of stdout" },
    { name: "release-name", type: "bool", usage: "use release name in the output-dir path." },
    { name: "show-only", short: "s", type: "stringArray", usage: "only show manifests rendered from the given templates" },
    { name: "skip-tests", type: "bool", usage: "skip tests from templated output" },
    { name: "validate", type: "bool", usage: "validate your manifests against the Kubernetes cluster you are currently pointing at. This is the same validation performed on an install" },
  ],
  async run(h) {
    let rel: Release;
    try {
      rel = await runInstall(h, h.args, { clientOnly: !boolFlag(h, "validate"), replace: true, defaultName: "release-name", isUpgrade: boolFlag(h, "is-upgrade") });
    } catch (e) {
      if (e instanceof RenderError) throw new HelmError(`${e.message}\n\nUse --debug flag to render out invalid YAML`);
      throw e;
    }
    let manifests = `${rel.manifest.trim()}\n`;
    if (!boolFlag(h, "no-hooks")) {
      for (const hook of rel.hooks) {
        if (boolFlag(h, "skip-tests") && hook.events.includes("test")) continue;
        manifests += `---\n# Source: ${hook.path}\n${hook.manifest}\n`;
      }
    }
    const outputDir = stringFlag(h, "output-dir");
    if (outputDir) {
      const base = resolvePath(h.tool.cwd, outputDir);
      const written = new Set<string>();
      for (const doc of manifests.split(/^---\n/m).filter(Boolean)) {
        const m = /^# Source: (.+)\n/.exec(doc);
        if (!m) continue;
        const path = `${base}/${m[1]}`;
        await h.tool.fs.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
        const body = `---\n${doc}`;
        if (written.has(path)) await h.tool.fs.appendFile(path, body);
        else {
          await h.tool.fs.writeFile(path, body);
          h.out.out(`wrote ${path}\n`);
          written.add(path);
        }
      }
      return 0;
    }
    const showOnly = listFlag(h, "show-only");
    if (showOnly.length === 0) {
      h.out.out(manifests);
      return 0;
    }
    const docs = manifests.split(/(?:^|\n)---\s*/).filter((d) => d.trim() !== "");
    const picked: string[] = [];
    for (const f of showOnly) {
      const re = new RegExp(`^${f.replace(/[.+^$()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}$`);
      const matching = docs.filter((d) => {
        const m = /# Source: [^/]+\/(.+)/.exec(d);
        return m !== null && re.test(m[1]);
      });
      if (matching.length === 0) throw new HelmError(`could not find template ${f} in chart`);
      picked.push(...matching);
    }
    for (const d of picked) h.out.out(`---\n${d.trim()}\n`);
    return 0;
  },
};
