/**
 * helm install (cmd/helm/install.go, pkg/action/install.go) and the parts
 * upgrade --install and template reuse: the value and chart-path flags,
 * locating the chart, merging values, rendering, refusing names in use and
 * objects owned by others, recording the release (pending-install, then
 * deployed or failed) and creating its objects, with --create-namespace,
 * --dry-run, --wait, --atomic and --generate-name.
 */
import { ApiError } from "../../../cluster/api/errors.js";
import type { Client } from "../../../cluster/client/client.js";
import type { PFlag } from "../../cobra/command.js";
import {
  apiVersionSet,
  boolFlag,
  durationFlag,
  HelmError,
  listFlag,
  stringFlag,
  type HelmCommand,
  type HelmContext,
} from "./cli.js";
import type { Chart } from "./chart.js";
import { buildResources, createAll, deleteAll, existingConflicts, setReleaseMetadata, updateAll, waitReady, type KubeResource } from "./kube.js";
import { locateChart } from "./locate.js";
import { ReleaseStorage, type Release } from "./release.js";
import { renderChart, type ReleaseOptions } from "./render.js";
import { OUTPUT_FLAG, outputFormat, printStatus } from "./status.js";
import type { FuncEnvironment } from "./template-funcs.js";
import { mergeValues, type Values } from "./values.js";

/** addValueOptionsFlags. */
export const VALUE_FLAGS: PFlag[] = [
  { name: "set", type: "stringArray", usage: "set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)" },
  { name: "set-file", type: "stringArray", usage: "set values from respective files specified via the command line (can specify multiple or separate values with commas: key1=path1,key2=path2)" },
  { name: "set-json", type: "stringArray", usage: "set JSON values on the command line (can specify multiple or separate values with commas: key1=jsonval1,key2=jsonval2)" },
  { name: "set-literal", type: "stringArray", usage: "set a literal STRING value on the command line" },
  { name: "set-string", type: "stringArray", usage: "set STRING values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)" },
  { name: "values", short: "f", type: "stringSlice", usage: "specify values in a YAML file or a URL (can specify multiple)" },
];

/** addChartPathOptionsFlags. */
export const CHART_PATH_FLAGS: PFlag[] = [
  { name: "ca-file", type: "string", usage: "verify certificates of HTTPS-enabled servers using this CA bundle" },
  { name: "cert-file", type: "string", usage: "identify HTTPS client using this SSL certificate file" },
  { name: "insecure-skip-tls-verify", type: "bool", usage: "skip tls certificate checks for the chart download" },
  { name: "key-file", type: "string", usage: "identify HTTPS client using this SSL key file" },
  { name: "keyring", type: "string", usage: "location of public keys used for verification" },
  { name: "pass-credentials", type: "bool", usage: "pass credentials to all domains" },
  { name: "password", type: "string", usage: "chart repository password where to locate the requested chart" },
  { name: "plain-http", type: "bool", usage: "use insecure HTTP connections for the chart download" },
  { name: "repo", type: "string", usage: "chart repository url where to locate the requested chart" },
  { name: "username", type: "string", usage: "chart repository username where to locate the requested chart" },
  { name: "verify", type: "bool", usage: "verify the package before using it" },
  { name: "version", type: "string", usage: "specify a version constraint for the chart version to use. This constraint can be a specific tag (e.g. 1.1.1) or it may reference a valid range (e.g. ^2.0.0). If this is not specified, the latest version is used" },
];

/** addInstallFlags (shared by install and template). */
export const INSTALL_FLAGS: PFlag[] = [
  { name: "atomic", type: "bool", usage: "if set, the installation process deletes the installation on failure. The --wait flag will be set automatically if --atomic is used" },
  { name: "create-namespace", type: "bool", usage: "create the release namespace if not present" },
  { name: "dependency-update", type: "bool", usage: "update dependencies if they are missing before installing the chart" },
  { name: "description", type: "string", usage: "add a custom description" },
  { name: "devel", type: "bool", usage: "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored" },
  { name: "disable-openapi-validation", type: "bool", usage: "if set, the installation process will not validate rendered templates against the Kubernetes OpenAPI Schema" },
  {
    name: "dry-run",
    type: "string",
    noOptDefault: "client",
    usage:
      "simulate an install. If --dry-run is set with no option being specified or as '--dry-run=client', it will not attempt cluster connections. Setting '--dry-run=server' allows attempting cluster connections.",
  },
  { name: "enable-dns", type: "bool", usage: "enable DNS lookups when rendering templates" },
  { name: "force", type: "bool", usage: "force resource updates through a replacement strategy" },
  { name: "generate-name", short: "g", type: "bool", usage: "generate the name (and omit the NAME parameter)" },
  { name: "hide-notes", type: "bool", usage: "if set, do not show notes in install output. Does not affect presence in chart metadata" },
  // StringToStringVarP: pflag shows its empty map as "[]", which it does not take for the zero value.
  { name: "labels", short: "l", type: "stringSlice", varname: "stringToString", defaultText: "[]", usage: "Labels that would be added to release metadata. Should be divided by comma." },
  { name: "name-template", type: "string", usage: "specify template used to name the release" },
  { name: "no-hooks", type: "bool", usage: "prevent hooks from running during install" },
  // bindPostRenderFlag's pflag.Values name their own types.
  { name: "post-renderer", type: "string", varname: "postRendererString", usage: "the path to an executable to be used for post rendering. If it exists in $PATH, the binary will be used, otherwise it will try to look for the executable at the given path" },
  { name: "post-renderer-args", type: "stringArray", varname: "postRendererArgsSlice", defaultText: "[]", usage: "an argument to the post-renderer (can specify multiple)" },
  { name: "render-subchart-notes", type: "bool", usage: "if set, render subchart notes along with the parent" },
  { name: "replace", type: "bool", usage: "re-use the given name, only if that name is a deleted release which remains in the history. This is unsafe in production" },
  { name: "skip-crds", type: "bool", usage: "if set, no CRDs will be installed. By default, CRDs are installed if not already present" },
  { name: "skip-schema-validation", type: "bool", usage: "if set, disables JSON schema validation" },
  { name: "take-ownership", type: "bool", usage: "if set, install will ignore the check for helm annotations and take ownership of the existing resources" },
  { name: "timeout", type: "duration", default: "5m0s", usage: "time to wait for any individual Kubernetes operation (like Jobs for hooks)" },
  { name: "wait", type: "bool", usage: "if set, will wait until all Pods, PVCs, Services, and minimum number of Pods of a Deployment, StatefulSet, or ReplicaSet are in a ready state before marking the release as successful. It will wait for as long as --timeout" },
  { name: "wait-for-jobs", type: "bool", usage: "if set and --wait enabled, will wait until all Jobs have been completed before marking the release as successful. It will wait for as long as --timeout" },
  ...VALUE_FLAGS,
  ...CHART_PATH_FLAGS,
];

/** `--set` & co and -f, read and merged (files relative to the cwd; URLs unreachable). */
export async function userValues(h: HelmContext): Promise<Values> {
  return mergeValues(
    {
      valueFiles: listFlag(h, "values"),
      values: listFlag(h, "set"),
      stringValues: listFlag(h, "set-string"),
      jsonValues: listFlag(h, "set-json"),
      fileValues: listFlag(h, "set-file"),
      literalValues: listFlag(h, "set-literal"),
    },
    (path) => h.readUserFile(path),
  );
}

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** chartutil.ValidateReleaseName. */
export function validateReleaseName(name: string): void {
  if (name === "") throw new HelmError("no name provided");
  if (name.length > 53 || !RELEASE_NAME.test(name)) {
    throw new HelmError(`release name "${name}": invalid release name, must match regex ${RELEASE_NAME.source} and the length must not be longer than 53`);
  }
}

/** The template functions' view of the world during a render. */
export function funcEnvironment(h: HelmContext, client?: Client): FuncEnvironment {
  const random = h.tool.cluster.random.fork(`helm-${h.now()}`);
  return {
    randomInt: (n) => random.int(n),
    now: h.now,
    lookup: client
      ? (apiVersion, kind, namespace, name) => {
          const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
          const r = client.resources().find((x) => x.group === group && x.version === version && x.kind === kind);
          if (!r) return undefined;
          try {
            if (name) return client.find(r, r.namespaced ? namespace : undefined, name) as unknown as Record<string, unknown>;
            return { apiVersion: "v1", kind: `${kind}List`, items: client.list(r, r.namespaced && namespace ? namespace : undefined).items } as unknown as Record<string, unknown>;
          } catch {
            return undefined;
          }
        }
      : undefined,
  };
}

export type DryRun = "none" | "client" | "server";

/** validateDryRunOptionFlag, with the empty value meaning `defaultValue`. */
export function dryRunMode(h: HelmContext, defaultValue: "none" | "true"): DryRun {
  const v = stringFlag(h, "dry-run") || defaultValue;
  if (!["false", "true", "none", "client", "server"].includes(v)) throw new HelmError("Invalid dry-run flag. Flag must one of the following: false, true, none, client, server");
  if (v === "true" || v === "client") return "client";
  if (v === "server") return "server";
  return "none";
}

export interface InstallOptions {
  /** helm template: never touches the cluster (unless --validate). */
  clientOnly: boolean;
  /** Skip the name-in-use check (template, --replace of an uninstalled release). */
  replace: boolean;
  /** Release name when the command fixed it (template's "release-name"). */
  defaultName?: string;
  isUpgrade?: boolean;
}

/** Install.NameAndChart. */
function nameAndChart(h: HelmContext, args: string[], defaultName?: string): [string, string] {
  const generate = boolFlag(h, "generate-name");
  if (args.length > 2) throw new HelmError(`expected at most two arguments, unexpected arguments: ${args.slice(2).join(", ")}`);
  if (args.length === 2) {
    if (generate) throw new HelmError("cannot set --generate-name and also specify a name");
    if (stringFlag(h, "name-template")) throw new HelmError("cannot set --name-template and also specify a name");
    return [args[0], args[1]];
  }
  if (defaultName) return [defaultName, args[0]];
  if (!generate) throw new HelmError("must either provide a name or specify --generate-name");
  let base = args[0].replace(/\/+$/, "").split("/").pop() || "chart";
  if (base === ".") base = "chart";
  const dot = base.indexOf(".");
  if (dot >= 0) base = base.slice(0, dot);
  return [`${base}-${Math.floor(h.now() / 1000)}`, args[0]];
}

/** Creates a release's hook objects for one event, removing an earlier copy first (before-hook-creation). */
export async function runHooks(h: HelmContext, client: Client, rel: Release, event: string, timeoutMs: number): Promise<void> {
  const hooks = rel.hooks.filter((x) => x.events.includes(event)).sort((a, b) => a.weight - b.weight || (a.name < b.name ? -1 : 1));
  for (const hook of hooks) {
    const [r] = buildResources(client, hook.manifest, rel.namespace);
    if (!r) continue;
    const policies = hook.delete_policies.length ? hook.delete_policies : ["before-hook-creation"];
    if (policies.includes("before-hook-creation")) deleteAll(client, [r]);
    createAll(client, [r]);
    if (r.object.kind === "Job") await waitReady(client, [r], timeoutMs, h.tool.sleep, true);
    if (policies.includes("hook-succeeded")) deleteAll(client, [r]);
  }
}

/** runInstall + Install.RunWithContext. Returns the release; failures throw (unwrapped). */
export async function runInstall(h: HelmContext, args: string[], o: InstallOptions): Promise<Release> {
  const [name, chartRef] = nameAndChart(h, args, o.defaultName);
  const version = stringFlag(h, "version");
  const located = await locateChart(h, chartRef, version, boolFlag(h, "devel"), stringFlag(h, "repo"));
  const vals = await userValues(h);
  const chart: Chart = located.chart;
  if (chart.metadata.type && chart.metadata.type !== "application") throw new HelmError(`${chart.metadata.type} charts are not installable`);
  if (chart.metadata.deprecated) h.out.err("WARNING: This chart is deprecated\n");
  const namespace = h.settings.namespace;
  const dryRun = dryRunMode(h, o.clientOnly ? "true" : "none");
  const isDryRun = dryRun !== "none";

  const kube = o.clientOnly ? undefined : await h.kube();
  const client = kube?.client;
  validateReleaseName(name);
  const storage = client ? new ReleaseStorage(client, h.now) : undefined;
  if (!isDryRun && storage && !o.replace) {
    let history: Release[] = [];
    try {
      history = storage.history(namespace, name);
    } catch {
      history = [];
    }
    const last = history[history.length - 1];
    if (last && !(boolFlag(h, "replace") && (last.info.status === "uninstalled" || last.info.status === "failed"))) {
      throw new HelmError("cannot re-use a name that is still in use");
    }
  }

  const kubeVersion = kube ? kube.kubeVersion : parseKubeVersion(stringFlag(h, "kube-version"));
  const apiVersions = client ? apiVersionSet(client.resources()) : DEFAULT_API_VERSIONS;
  const isUpgrade = o.isUpgrade === true && isDryRun;
  const options: ReleaseOptions = { name, namespace, revision: 1, isInstall: !isUpgrade, isUpgrade };
  const rendered = renderChart({ chart, userValues: vals, release: options, kubeVersion, apiVersions: [...apiVersions, ...listFlag(h, "api-versions")], env: funcEnvironment(h, dryRun === "client" ? undefined : client) });
  const now = h.now();
  const labels: Record<string, string> = {};
  for (const l of listFlag(h, "labels")) {
    const eq = l.indexOf("=");
    if (eq > 0) labels[l.slice(0, eq)] = l.slice(eq + 1);
  }
  const rel: Release = {
    name,
    namespace,
    chart,
    config: vals,
    info: { first_deployed: now, last_deployed: now, description: "Initial install underway", status: "pending-install", notes: rendered.notes || undefined },
    manifest: rendered.manifestText,
    hooks: boolFlag(h, "no-hooks") ? [] : rendered.hooks,
    version: 1,
    labels,
  };
  if (o.clientOnly || !client) {
    rel.info.description = "Dry run complete";
    return rel;
  }
  let resources: KubeResource[];
  try {
    resources = buildResources(client, rel.manifest, namespace);
  } catch (e) {
    throw new HelmError(`unable to build kubernetes objects from release manifest: ${(e as Error).message}`);
  }
  setReleaseMetadata(resources, name, namespace);
  let adopt: KubeResource[] = [];
  if (!isUpgrade && resources.length > 0 && !boolFlag(h, "take-ownership")) {
    try {
      adopt = existingConflicts(client, resources, name, namespace);
    } catch (e) {
      throw new HelmError(`Unable to continue with install: ${(e as Error).message}`);
    }
  }
  if (isDryRun) {
    rel.info.description = "Dry run complete";
    return rel;
  }
  if (boolFlag(h, "create-namespace")) {
    try {
      client.create("namespaces", undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: { name: namespace } } } as never);
    } catch (e) {
      if (!(e instanceof ApiError && e.reason === "AlreadyExists")) throw new HelmError((e as ApiError).status?.message ?? String(e));
    }
  }
  storage!.create(rel);
  const timeout = durationFlag(h, "timeout");
  const wait = boolFlag(h, "wait") || boolFlag(h, "atomic");
  try {
    if (!boolFlag(h, "no-hooks")) await runHooks(h, client, rel, "pre-install", timeout);
    if (adopt.length === 0) createAll(client, resources);
    else updateAll(client, adopt, resources);
    if (wait) await waitReady(client, resources, timeout, h.tool.sleep, boolFlag(h, "wait-for-jobs"));
    if (!boolFlag(h, "no-hooks")) await runHooks(h, client, rel, "post-install", timeout);
  } catch (e) {
    const msg = (e as Error).message;
    rel.info.status = "failed";
    rel.info.description = `Release "${name}" failed: ${msg}`;
    storage!.update(rel);
    if (boolFlag(h, "atomic")) {
      deleteAll(client, resources);
      storage!.delete(rel);
      throw new HelmError(`release ${name} failed, and has been uninstalled due to atomic being set: ${msg}`);
    }
    throw e;
  }
  rel.info.status = "deployed";
  rel.info.description = stringFlag(h, "description") || "Install complete";
  storage!.update(rel);
  return rel;
}

/** --kube-version (chartutil.ParseKubeVersion), else Helm's default capabilities (v1.34.0 in a v3.19 build). */
function parseKubeVersion(v: string): string {
  if (!v) return "v1.34.0";
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(v.trim());
  if (!m) throw new HelmError(`invalid kube version '${v}': could not parse "${v}" as version`);
  return `v${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}`;
}

/** chartutil.DefaultVersionSet: the group/versions built into the client (helm template's Capabilities). */
const DEFAULT_API_VERSIONS = [
  "v1",
  "admissionregistration.k8s.io/v1",
  "apiextensions.k8s.io/v1",
  "apps/v1",
  "authentication.k8s.io/v1",
  "authorization.k8s.io/v1",
  "autoscaling/v1",
  "autoscaling/v2",
  "batch/v1",
  "certificates.k8s.io/v1",
  "coordination.k8s.io/v1",
  "discovery.k8s.io/v1",
  "events.k8s.io/v1",
  "flowcontrol.apiserver.k8s.io/v1",
  "networking.k8s.io/v1",
  "node.k8s.io/v1",
  "policy/v1",
  "rbac.authorization.k8s.io/v1",
  "scheduling.k8s.io/v1",
  "storage.k8s.io/v1",
];

export const installCommand: HelmCommand = {
  use: "install [NAME] [CHART]",
  short: "install a chart",
  long: `
This command installs a chart archive.

The install argument must be a chart reference, a path to a packaged chart,
a path to an unpacked chart directory or a URL.

To override values in a chart, use either the '--values' flag and pass in a file
or use the '--set' flag and pass configuration from the command line, to force
a string value use '--set-string'. You can use '--set-file' to set individual
values from a file when the value itself is too long for the command line
or is dynamically generated. You can also use '--set-json' to set json values
(scalars/objects/arrays) from the command line.

    $ helm install -f myvalues.yaml myredis ./redis

or

    $ helm install --set name=prod myredis ./redis

or

    $ helm install --set-string long_int=1234567890 myredis ./redis

or

    $ helm install --set-file my_script=dothings.sh myredis ./redis

or

    $ helm install --set-json 'master.sidecars=[{"name":"sidecar","image":"myImage","imagePullPolicy":"Always","ports":[{"name":"portname","containerPort":1234}]}]' myredis ./redis


You can specify the '--values'/'-f' flag multiple times. The priority will be given to the
last (right-most) file specified. For example, if both myvalues.yaml and override.yaml
contained a key called 'Test', the value set in override.yaml would take precedence:

    $ helm install -f myvalues.yaml -f override.yaml  myredis ./redis

You can specify the '--set' flag multiple times. The priority will be given to the
last (right-most) set specified. For example, if both 'bar' and 'newbar' values are
set for a key called 'foo', the 'newbar' value would take precedence:

    $ helm install --set foo=bar --set foo=newbar  myredis ./redis

Similarly, in the following example 'foo' is set to '["four"]':

    $ helm install --set-json='foo=["one", "two", "three"]' --set-json='foo=["four"]' myredis ./redis

And in the following example, 'foo' is set to '{"key1":"value1","key2":"bar"}':

    $ helm install --set-json='foo={"key1":"value1","key2":"value2"}' --set-json='foo.key2="bar"' myredis ./redis

To check the generated manifests of a release without installing the chart,
the --debug and --dry-run flags can be combined.

The --dry-run flag will output all generated chart manifests, including Secrets
which can contain sensitive values. To hide Kubernetes Secrets use the
--hide-secret flag. Please carefully consider how and when these flags are used.

If --verify is set, the chart MUST have a provenance file, and the provenance
file MUST pass all verification steps.

There are six different ways you can express the chart you want to install:

1. By chart reference: helm install mymaria example/mariadb
2. By path to a packaged chart: helm install mynginx ./nginx-1.2.3.tgz
3. By path to an unpacked chart directory: helm install mynginx ./nginx
4. By absolute URL: helm install mynginx https://example.com/charts/nginx-1.2.3.tgz
5. By chart reference and repo url: helm install --repo https://example.com/charts/ mynginx nginx
6. By OCI registries: helm install mynginx --version 1.2.3 oci://example.com/charts/nginx

CHART REFERENCES

A chart reference is a convenient way of referencing a chart in a chart repository.

When you use a chart reference with a repo prefix ('example/mariadb'), Helm will look in the local
configuration for a chart repository named 'example', and will then look for a
chart in that repository whose name is 'mariadb'. It will install the latest stable version of that chart
until you specify '--devel' flag to also include development version (alpha, beta, and release candidate releases), or
supply a version number with the '--version' flag.

To see the list of chart repositories, use 'helm repo list'. To search for
charts in a repository, use 'helm search'.
`,
  args: { min: 1 },
  flags: [...INSTALL_FLAGS, { name: "hide-secret", type: "bool", usage: "hide Kubernetes Secrets when also using the --dry-run flag" }, OUTPUT_FLAG],
  async run(h) {
    const format = outputFormat(h);
    let rel: Release;
    try {
      rel = await runInstall(h, h.args, { clientOnly: false, replace: false });
    } catch (e) {
      throw new HelmError(`INSTALLATION FAILED: ${(e as Error).message}`);
    }
    printStatus(h, rel, { debug: h.settings.debug, hideNotes: boolFlag(h, "hide-notes") }, format);
    return 0;
  },
};
