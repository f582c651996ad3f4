/**
 * kubectl create clusterrole NAME --verb=... (--resource=... | --non-resource-url=...)
 * or --aggregation-rule=k=v (pkg/cmd/create/create_clusterrole.go).
 */
import { FlagError } from "../../../flags.js";
import { KubectlError } from "../errors.js";
import { listFlag } from "../common/flags.js";
import type { KubectlContext } from "../types.js";
import { defineGenerator } from "./generator.js";
import { objectMeta, sortedMap } from "./objects.js";
import { RULE_FLAGS, policyRules, ruleOptions, validateResources, warnNonStandardVerbs } from "./role.js";

const VALID_NON_RESOURCE_VERBS = ["*", "get", "post", "put", "delete", "patch", "head", "options"];

/** cliflag.MapStringString: comma-separated key=value pairs, repeatable. */
function aggregationRule(k: KubectlContext): Record<string, string> {
  const m: Record<string, string> = {};
  for (const value of listFlag(k, "aggregation-rule")) {
    for (const pair of value.split(",")) {
      const eq = pair.indexOf("=");
      if (eq < 0) throw new FlagError(`invalid argument "${value}" for "--aggregation-rule" flag: malformed pair, expect string=string`);
      m[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
  }
  return m;
}

function nonResourceURLs(k: KubectlContext): string[] {
  return [...new Set(listFlag(k, "non-resource-url"))];
}

export const createClusterRoleCommand = defineGenerator({
  name: "clusterrole",
  short: "Create a cluster role",
  long: "Create a cluster role.",
  examples:
    '  # Create a cluster role named "pod-reader" that allows user to perform "get", "watch" and "list" on pods\n  kubectl create clusterrole pod-reader --verb=get,list,watch --resource=pods\n  \n  # Create a cluster role named "pod-reader" with ResourceName specified\n  kubectl create clusterrole pod-reader --verb=get --resource=pods --resource-name=readablepod --resource-name=anotherpod\n  \n  # Create a cluster role named "foo" with API Group specified\n  kubectl create clusterrole foo --verb=get,list,watch --resource=rs.apps\n  \n  # Create a cluster role named "foo" with SubResource specified\n  kubectl create clusterrole foo --verb=get,list,watch --resource=pods,pods/status\n  \n  # Create a cluster role name "foo" with NonResourceURL specified\n  kubectl create clusterrole "foo" --verb=get --non-resource-url=/logs/*\n  \n  # Create a cluster role name "monitoring" with AggregationRule specified\n  kubectl create clusterrole monitoring --aggregation-rule="rbac.example.com/aggregate-to-monitoring=true"',
  usage: "kubectl create clusterrole NAME --verb=verb --resource=resource.group [--resource-name=resourcename] [--dry-run=server|client|none] [options]",
  flags: [
    ...RULE_FLAGS,
    { name: "aggregation-rule", type: "stringArray", usage: "An aggregation label selector for combining ClusterRoles." },
    { name: "non-resource-url", type: "stringSlice", usage: "A partial url that user should have access to." },
  ],
  resource: "clusterroles",
  validate({ k }) {
    const o = ruleOptions(k);
    const urls = nonResourceURLs(k);
    if (Object.keys(aggregationRule(k)).length > 0) {
      if (urls.length || o.verbs.length || o.resources.length || o.resourceNames.length) {
        throw new KubectlError("aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames");
      }
      return;
    }
    if (o.verbs.length === 0) throw new KubectlError("at least one verb must be specified");
    if (o.resources.length === 0 && urls.length === 0) throw new KubectlError("one of resource or nonResourceURL must be specified");
    if (o.resources.length > 0) {
      warnNonStandardVerbs(k, o.verbs);
      validateResources(k, o);
    }
    if (urls.length > 0) {
      for (const v of o.verbs) if (!VALID_NON_RESOURCE_VERBS.includes(v)) throw new KubectlError(`invalid verb: '${v}' for nonResourceURL`);
      for (const url of urls) {
        if (url === "*") continue;
        if (!url.startsWith("/")) throw new KubectlError("nonResourceURL should start with /");
        if (url.slice(0, -1).includes("*")) throw new KubectlError("nonResourceURL only supports wildcard matches when '*' is at the end");
      }
    }
  },
  build({ k, name }) {
    const aggregation = aggregationRule(k);
    const aggregated = Object.keys(aggregation).length > 0;
    return {
      kind: "ClusterRole",
      apiVersion: "rbac.authorization.k8s.io/v1",
      metadata: objectMeta({ name }),
      // Rules has no omitempty: an aggregated role is sent with `rules: null`.
      rules: aggregated ? null : policyRules(k, ruleOptions(k), nonResourceURLs(k)),
      aggregationRule: aggregated ? { clusterRoleSelectors: [{ matchLabels: sortedMap(aggregation) }] } : undefined,
    };
  },
});
