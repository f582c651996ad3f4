/**
 * Rendering a chart (helm pkg/engine and action.renderResources): every
 * template parsed into one set (deepest paths first, so a chart's own
 * definitions win), each non-partial executed with .Values .Release .Chart
 * .Capabilities .Template .Files, `<no value>` erased, NOTES.txt set apart,
 * then the manifests split, hooks separated, and sorted in install order
 * (pkg/releaseutil). Errors read as Helm words them: `parse error at
 * (chart/templates/x.yaml:3): ...`, `execution error at (...)`, or the
 * template engine's own message.
 */
import { parseDocument } from "yaml";
import { goYamlError } from "../../../cluster/api/go-yaml-errors.js";
import { GoInt, GoTemplateSet, TemplateError } from "../kubectl/printers/gotemplate.js";
import { goYamlMarshal } from "../kubectl/printers/yaml.js";
import type { Chart, ChartFile } from "./chart.js";
import { HELM_VERSION } from "./cli.js";
import { INSTALL_ORDER, sortByKind } from "./kube.js";
import type { Hook } from "./release.js";
import { HELM_ERR_END, HELM_ERR_START, helmFuncs, semverSatisfies, type FuncEnvironment } from "./template-funcs.js";
import { HelmError, coalesceValues, type Values } from "./values.js";

/** A failure of the render itself (templates, their YAML), after which `helm template` suggests --debug. */
export class RenderError extends HelmError {}

export interface ReleaseOptions {
  name: string;
  namespace: string;
  revision: number;
  isInstall: boolean;
  isUpgrade: boolean;
}

export interface RenderInput {
  chart: Chart;
  /** User-supplied values, coalesced over the chart's here. */
  userValues: Values;
  release: ReleaseOptions;
  /** `v1.34.1`. */
  kubeVersion: string;
  apiVersions: string[];
  env: FuncEnvironment;
}

export interface Manifest {
  /** `nginx/templates/deployment.yaml`. */
  name: string;
  content: string;
  kind: string;
}

export interface Rendered {
  manifests: Manifest[];
  hooks: Hook[];
  notes: string;
  /** The release manifest: `---\n# Source: <file>\n<document>\n` per manifest. */
  manifestText: string;
  values: Values;
}

const HOOK_EVENTS = new Set(["pre-install", "post-install", "pre-delete", "post-delete", "pre-upgrade", "post-upgrade", "pre-rollback", "post-rollback", "test", "test-success"]);

/** `chart.Metadata` as templates see it: Go field names. */
function chartObject(chart: Chart): Record<string, unknown> {
  const m = chart.metadata;
  return {
    Name: m.name,
    Home: m.home ?? "",
    Sources: m.sources ?? null,
    Version: m.version,
    Description: m.description ?? "",
    Keywords: m.keywords ?? null,
    Maintainers: (m.maintainers ?? []).map((x) => ({ Name: x.name ?? "", Email: x.email ?? "", URL: x.url ?? "" })),
    Icon: m.icon ?? "",
    APIVersion: m.apiVersion,
    Condition: m.condition ?? "",
    Tags: m.tags ?? "",
    AppVersion: m.appVersion ?? "",
    Deprecated: m.deprecated ?? false,
    Annotations: m.annotations ?? null,
    KubeVersion: m.kubeVersion ?? "",
    Dependencies: m.dependencies ?? null,
    Type: m.type ?? "",
    IsRoot: true,
  };
}

/** A glob as Helm's Files.Glob understands it (gobwas/glob with `/` as separator). */
function globRegex(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*" && pattern[i + 1] === "*") {
      re += ".*";
      i++;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "{") {
      const end = pattern.indexOf("}", i);
      re += `(?:${pattern
        .slice(i + 1, end)
        .split(",")
        .map((s) => s.replace(/[.+^$()|[\]\\]/g, "\\$&"))
        .join("|")})`;
      i = end;
    } else re += c.replace(/[.+^$()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** engine.files: .Files.Get, .Files.Glob, .Files.Lines, .Files.AsConfig, .Files.AsSecrets. */
function filesObject(files: ChartFile[]): Record<string, unknown> {
  const byName = new Map(files.map((f) => [f.name, f.data]));
  return {
    Get: ([name]: unknown[]) => byName.get(String(name)) ?? "",
    GetBytes: ([name]: unknown[]) => byName.get(String(name)) ?? "",
    Lines: ([name]: unknown[]) => {
      const s = byName.get(String(name));
      if (s === undefined) return [];
      return s.split("\n");
    },
    Glob: ([pattern]: unknown[]) => filesObject(files.filter((f) => globRegex(String(pattern)).test(f.name))),
    AsConfig: () => {
      if (files.length === 0) return "";
      const m: Record<string, string> = {};
      for (const f of files) m[f.name.split("/").pop()!] = f.data;
      return goYamlMarshal(m).replace(/\n$/, "");
    },
    AsSecrets: () => {
      if (files.length === 0) return "";
      const m: Record<string, string> = {};
      for (const f of files) m[f.name.split("/").pop()!] = Buffer.from(f.data, "utf8").toString("base64");
      return goYamlMarshal(m).replace(/\n$/, "");
    },
  };
}

/** Template names sorted as sortTemplates does: deeper paths first, then in reverse order. */
function sortTemplateNames(names: string[]): string[] {
  const depth = (s: string) => s.split("/").length - 1;
  return [...names].sort((a, b) => (depth(a) !== depth(b) ? depth(b) - depth(a) : a < b ? 1 : a > b ? -1 : 0));
}

/** cleanupParseError: `parse error at (<location>): <message>`. */
function parseError(name: string, e: Error): HelmError {
  const tokens = e.message.split(": ");
  if (tokens.length === 1) return new RenderError(`parse error in (${name}): ${e.message}`);
  return new RenderError(`parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`);
}

/** cleanupExecError: a required/fail message becomes `execution error at (<location>): <message>`. */
function execError(e: Error): HelmError {
  const m = /^template: ([^:]+:\d+:\d+): [\s\S]*?HELM_ERR_START([\s\S]*)HELM_ERR_END/.exec(e.message);
  if (m) return new RenderError(`execution error at (${m[1]}): ${m[2]}`);
  return new RenderError(e.message.replace(new RegExp(`${HELM_ERR_START}|${HELM_ERR_END}`, "g"), ""));
}

/** releaseutil.SplitManifests: the documents of a file, `---` lines separating. */
function splitManifests(text: string): string[] {
  return text
    .trim()
    .split(/(?:^|\s*\n)---\s*/)
    .filter((d) => d !== "")
    .map((d) => d.trim());
}

/** The engine's render plus the manifest sorter. */
export function renderChart(input: RenderInput): Rendered {
  const { chart, release } = input;
  const md = chart.metadata;
  if (md.kubeVersion && !semverSatisfies(md.kubeVersion, input.kubeVersion)) {
    throw new HelmError(`chart requires kubeVersion: ${md.kubeVersion} which is incompatible with Kubernetes ${input.kubeVersion}`);
  }
  const values = coalesceValues(chart.values, input.userValues);
  const [major, minor] = input.kubeVersion.replace(/^v/, "").split(".");
  const apiVersions = Object.assign([...input.apiVersions], { Has: ([v]: unknown[]) => input.apiVersions.includes(String(v)) });
  const top: Record<string, unknown> = {
    Values: values,
    Release: { Name: release.name, Namespace: release.namespace, IsUpgrade: release.isUpgrade, IsInstall: release.isInstall, Revision: new GoInt(release.revision), Service: "Helm" },
    Chart: chartObject(chart),
    Capabilities: { KubeVersion: { Version: input.kubeVersion, Major: major, Minor: minor, GitVersion: input.kubeVersion }, APIVersions: apiVersions, HelmVersion: { ...HELM_VERSION } },
    Files: filesObject(chart.files),
    Subcharts: {},
  };

  const set = new GoTemplateSet({ missingKey: "zero", floats: true, funcs: helmFuncs(input.env) });
  const names = sortTemplateNames(chart.templates.map((t) => `${md.name}/${t.name}`));
  const sources = new Map(chart.templates.map((t) => [`${md.name}/${t.name}`, t.data]));
  for (const name of names) {
    try {
      set.parse(name, sources.get(name)!);
    } catch (e) {
      if (e instanceof TemplateError) throw parseError(name, e);
      throw e;
    }
  }
  const rendered = new Map<string, string>();
  for (const name of names) {
    if (name.split("/").pop()!.startsWith("_")) continue;
    const data = { ...top, Template: { Name: name, BasePath: `${md.name}/templates` } };
    try {
      rendered.set(name, set.execute(name, data).replace(/<no value>/g, ""));
    } catch (e) {
      if (e instanceof TemplateError) throw execError(e);
      throw e;
    }
  }

  let notes = "";
  for (const [name, text] of [...rendered]) {
    if (!name.endsWith("NOTES.txt")) continue;
    if (name === `${md.name}/templates/NOTES.txt`) notes = text;
    rendered.delete(name);
  }

  const manifests: Manifest[] = [];
  const hooks: Hook[] = [];
  for (const path of [...rendered.keys()].sort()) {
    const content = rendered.get(path)!;
    if (path.split("/").pop()!.startsWith("_") || content.trim() === "") continue;
    for (const doc of splitManifests(content)) {
      const parsed = parseDocument(doc, { prettyErrors: false });
      if (parsed.errors.length) throw new RenderError(`YAML parse error on ${path}: error converting YAML to JSON: ${goYamlError(parsed.errors[0])}`);
      const head = (parsed.toJS() ?? {}) as { kind?: string; metadata?: { name?: string; annotations?: Record<string, string> } };
      const hookAnno = head.metadata?.annotations?.["helm.sh/hook"];
      if (hookAnno === undefined) {
        manifests.push({ name: path, content: doc, kind: String(head.kind ?? "") });
        continue;
      }
      const events = hookAnno.split(",").map((s) => s.trim().toLowerCase());
      if (events.some((ev) => !HOOK_EVENTS.has(ev))) continue;
      const weight = Number.parseInt(head.metadata?.annotations?.["helm.sh/hook-weight"] ?? "0", 10);
      const policies = (head.metadata?.annotations?.["helm.sh/hook-delete-policy"] ?? "")
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);
      hooks.push({ name: head.metadata?.name ?? "", kind: String(head.kind ?? ""), path, manifest: doc, events, weight: Number.isNaN(weight) ? 0 : weight, delete_policies: policies });
    }
  }
  const sorted = sortByKind(manifests, (m) => m.kind, INSTALL_ORDER);
  const sortedHooks = sortByKind(hooks, (h) => h.kind, INSTALL_ORDER);
  const manifestText = sorted.map((m) => `---\n# Source: ${m.name}\n${m.content}\n`).join("");
  return { manifests: sorted, hooks: sortedHooks, notes, manifestText, values };
}
