/**
 * kubectl api-resources (pkg/cmd/apiresources/apiresources.go,
 * print_flags.go): the resources discovery reports, filtered by group,
 * scope, verbs and categories, sorted by group (or name or kind), printed as
 * a table, names, or the APIResourceList as JSON/YAML.
 */
import type { ResourceType } from "../../../cluster/apiserver/resources.js";
import { KubectlError, UsageError } from "./errors.js";
import { toYaml } from "./printers/index.js";
import { goJsonMarshal } from "./printers/gofmt.js";
import { tabulate } from "./printers/tabwriter.js";
import type { Subcommand } from "./types.js";

const OUTPUT_FORMATS = ["json", "yaml", "name", "wide"];

/** metav1.APIResource as discovery serves it, in its struct field order. */
function apiResource(r: ResourceType): Record<string, unknown> {
  const out: Record<string, unknown> = { name: r.plural, singularName: r.singular, namespaced: r.namespaced };
  if (r.group) out.group = r.group;
  out.version = r.version;
  out.kind = r.kind;
  out.verbs = [...r.verbs];
  if (r.shortNames.length) out.shortNames = [...r.shortNames];
  if (r.categories.length) out.categories = [...r.categories];
  return out;
}

/** sortableResource: by group (or the --sort-by field), then by name. */
function sortResources(list: readonly ResourceType[], sortBy: string): ResourceType[] {
  const field = (r: ResourceType) => (sortBy === "name" ? r.plural : sortBy === "kind" ? r.kind : r.group);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...list].sort((a, b) => cmp(field(a), field(b)) || cmp(a.plural, b.plural));
}

export const apiResourcesCommand: Subcommand = {
  name: "api-resources",
  short: "Print the supported API resources on the server",
  long: "Print the supported API resources on the server.",
  examples: `  # Print the supported API resources
  kubectl api-resources
  
  # Print the supported API resources with more information
  kubectl api-resources -o wide
  
  # Print the supported API resources sorted by a column
  kubectl api-resources --sort-by=name
  
  # Print the supported namespaced resources
  kubectl api-resources --namespaced=true
  
  # Print the supported non-namespaced resources
  kubectl api-resources --namespaced=false
  
  # Print the supported API resources with a specific APIGroup
  kubectl api-resources --api-group=rbac.authorization.k8s.io`,
  usage: "kubectl api-resources [flags] [options]",
  flags: [
    { name: "api-group", type: "string", usage: "Limit to resources in the specified API group." },
    { name: "cached", type: "bool", usage: "Use the cached list of resources if available." },
    { name: "categories", type: "stringSlice", usage: "Limit to resources that belong to the specified categories." },
    {
      name: "namespaced",
      type: "bool",
      default: true,
      usage: "If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.",
    },
    { name: "no-headers", type: "bool", usage: "When using the default or custom-column output format, don't print headers (default print headers)." },
    { name: "output", short: "o", type: "string", usage: "Output format. One of: (json, yaml, name, wide)." },
    { name: "sort-by", type: "string", usage: "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'." },
    { name: "verbs", type: "stringSlice", usage: "Limit to resources that support the specified verbs." },
  ],
  run(k) {
    if (k.args.length) throw new UsageError(`unexpected arguments: [${k.args.join(" ")}]`);
    const output = String(k.flags.values.output ?? "");
    if (output && !OUTPUT_FORMATS.includes(output)) {
      throw new KubectlError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${[...OUTPUT_FORMATS].sort().join(",")}`);
    }
    const sortBy = String(k.flags.values["sort-by"] ?? "");
    if (sortBy && sortBy !== "name" && sortBy !== "kind") throw new KubectlError("--sort-by accepts only name or kind");
    const group = String(k.flags.values["api-group"] ?? "");
    const namespaced = k.flags.values.namespaced === true;
    const verbs = (k.flags.values.verbs as string[]) ?? [];
    const categories = (k.flags.values.categories as string[]) ?? [];
    const selected = sortResources(
      k.client.resources().filter(
        (r) =>
          r.verbs.length > 0 &&
          (!k.flags.changed.has("api-group") || r.group === group) &&
          (!k.flags.changed.has("namespaced") || r.namespaced === namespaced) &&
          verbs.every((v) => r.verbs.includes(v)) &&
          categories.every((c) => r.categories.includes(c)),
      ),
      sortBy,
    );
    if (output === "json" || output === "yaml") {
      const list = { kind: "APIResourceList", apiVersion: "v1", groupVersion: "", resources: selected.map(apiResource) };
      k.out.out(output === "json" ? goJsonMarshal(list, "    ", 0, false) + "\n" : toYaml(list));
      return 0;
    }
    if (output === "name") {
      k.out.out(selected.map((r) => `${r.plural}${r.group ? `.${r.group}` : ""}\n`).join(""));
      return 0;
    }
    const wide = output === "wide";
    const rows: string[] = [];
    if (k.flags.values["no-headers"] !== true) rows.push(["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", ...(wide ? ["VERBS", "CATEGORIES"] : [])].join("\t"));
    for (const r of selected) {
      const cells = [r.plural, r.shortNames.join(","), r.group ? `${r.group}/${r.version}` : r.version, String(r.namespaced), r.kind];
      if (wide) cells.push(r.verbs.join(","), r.categories.join(","));
      rows.push(cells.join("\t"));
    }
    k.out.out(tabulate(rows.map((r) => r + "\n").join("")));
    return 0;
  },
};
