/**
 * kubectl auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL] and
 * kubectl auth can-i --list (pkg/cmd/auth/cani.go): asks the API server with
 * a SelfSubjectAccessReview ("yes", or "no" and exit 1) or a
 * SelfSubjectRulesReview (the rules, broken down, compacted and sorted as
 * pkg/util/rbac does).
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import { KubectlError } from "../errors.js";
import { tabulate } from "../printers/tabwriter.js";
import type { KubectlContext, Subcommand } from "../types.js";
import { ruleRows, type PolicyRule } from "../common/rbac-rules.js";

const RESOURCE_VERBS = new Set(["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "use", "bind", "impersonate", "*", "approve", "sign", "escalate", "attest"]);
const NON_RESOURCE_URL_VERBS = new Set(["get", "put", "post", "head", "options", "delete", "patch", "*"]);
/** Names RBAC uses for impersonation that no API serves. */
const NON_STANDARD_RESOURCE_NAMES = new Set(["users", "groups"]);

interface Gvr {
  group: string;
  resource: string;
  namespaced?: boolean;
}


/** printers.WarningPrinter: yellow `Warning:` at a terminal. */
export function warn(k: KubectlContext, message: string): void {
  k.out.err(`${k.tool.terminal ? "\u001b[33;1mWarning:\u001b[0m" : "Warning:"} ${message}\n`);
}

/** resourceFor: what the RESTMapper makes of TYPE, or the text itself (with a warning) when the server has no such type. */
function resourceFor(k: KubectlContext, arg: string): Gvr {
  if (arg === "*") return { group: "", resource: "*", namespaced: true };
  const lower = arg.toLowerCase();
  const r = k.client.resolve(lower);
  if (r) return { group: r.group, resource: r.plural, namespaced: r.namespaced };
  const dot = lower.indexOf(".");
  const resource = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? "" : lower.slice(dot + 1);
  if (!NON_STANDARD_RESOURCE_NAMES.has(dot < 0 ? resource : `${resource}.${group}`)) {
    warn(k, group ? `the server doesn't have a resource type '${resource}' in group '${group}'\n` : `the server doesn't have a resource type '${resource}'\n`);
  }
  return { group: "", resource: arg };
}

function printRules(k: KubectlContext, status: Record<string, any>): void {
  if (status.incomplete) warn(k, `the list may be incomplete: ${status.evaluationError ?? ""}`);
  const rules: PolicyRule[] = [
    ...(status.resourceRules ?? []).map((r: PolicyRule) => ({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, resourceNames: r.resourceNames })),
    ...(status.nonResourceRules ?? []).map((r: PolicyRule) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
  ];
  const lines: string[] = [];
  if (k.flags.values["no-headers"] !== true) lines.push("Resources\tNon-Resource URLs\tResource Names\tVerbs");
  lines.push(...ruleRows(rules));
  k.out.out(tabulate(lines.map((l) => l + "\n").join("")));
}

function review(k: KubectlContext, kind: string, spec: Record<string, unknown>): Record<string, any> {
  const body = { apiVersion: "authorization.k8s.io/v1", kind, metadata: {}, spec } as KubeObject;
  const plural = kind === "SelfSubjectAccessReview" ? "selfsubjectaccessreviews" : "selfsubjectrulesreviews";
  return k.client.create(`${plural}.authorization.k8s.io`, undefined, body).status ?? {};
}

export const canICommand: Subcommand = {
  name: "can-i",
  short: "Check whether an action is allowed",
  long: `Check whether an action is allowed.

 VERB is a logical Kubernetes API verb like 'get', 'list', 'watch', 'delete', etc. TYPE is a Kubernetes resource. Shortcuts and groups will be resolved. NONRESOURCEURL is a partial URL that starts with "/". NAME is the name of a particular Kubernetes resource. This command pairs nicely with impersonation. See --as global flag.`,
  examples: `  # Check to see if I can create pods in any namespace
  kubectl auth can-i create pods --all-namespaces
  
  # Check to see if I can list deployments in my current namespace
  kubectl auth can-i list deployments.apps
  
  # Check to see if service account "foo" of namespace "dev" can list pods in the namespace "prod"
  # You must be allowed to use impersonation for the global option "--as"
  kubectl auth can-i list pods --as=system:serviceaccount:dev:foo -n prod
  
  # Check to see if I can do everything in my current namespace ("*" means all)
  kubectl auth can-i '*' '*'
  
  # Check to see if I can get the job named "bar" in namespace "foo"
  kubectl auth can-i list jobs.batch/bar -n foo
  
  # Check to see if I can read pod logs
  kubectl auth can-i get pods --subresource=log
  
  # Check to see if I can access the URL /logs/
  kubectl auth can-i get /logs/
  
  # Check to see if I can approve certificates.k8s.io
  kubectl auth can-i approve certificates.k8s.io
  
  # List all allowed actions in namespace "foo"
  kubectl auth can-i --list --namespace=foo`,
  usage: "kubectl auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL] [options]",
  flags: [
    { name: "all-namespaces", short: "A", type: "bool", usage: "If true, check the specified action in all namespaces." },
    { name: "list", type: "bool", usage: "If true, prints all allowed actions." },
    { name: "no-headers", type: "bool", usage: "If true, prints allowed actions without headers" },
    { name: "quiet", short: "q", type: "bool", usage: "If true, suppress output and just return the exit code." },
    { name: "subresource", type: "string", usage: "SubResource such as pod/log or deployment/scale" },
  ],
  run(k) {
    const list = k.flags.values.list === true;
    const quiet = k.flags.values.quiet === true;
    const allNamespaces = k.flags.values["all-namespaces"] === true;
    const subresource = String(k.flags.values.subresource ?? "");
    let verb = "";
    let url = "";
    let gvr: Gvr | undefined;
    let name = "";
    // Complete
    if (list) {
      if (k.args.length) throw new KubectlError("list option must be specified with no arguments");
    } else {
      if (k.args.length !== 2) {
        throw new KubectlError("you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.");
      }
      verb = k.args[0];
      if (k.args[1].startsWith("/")) url = k.args[1];
      else {
        const slash = k.args[1].indexOf("/");
        gvr = resourceFor(k, slash < 0 ? k.args[1] : k.args[1].slice(0, slash));
        if (slash >= 0) name = k.args[1].slice(slash + 1);
      }
    }
    const namespace = allNamespaces ? "" : k.namespace;
    // Validate
    if (list) {
      if (quiet || allNamespaces || subresource) throw new KubectlError("list option can't be specified with neither quiet, all-namespaces nor subresource options");
      printRules(k, review(k, "SelfSubjectRulesReview", { namespace }));
      return 0;
    }
    if (url) {
      if (subresource) throw new KubectlError("--subresource can not be used with NonResourceURL");
      if (!NON_RESOURCE_URL_VERBS.has(verb)) warn(k, `verb '${verb}' is not a known verb\n`);
    } else if (gvr && !allNamespaces) {
      if (gvr.namespaced === false) {
        warn(k, gvr.group ? `resource '${gvr.resource}' is not namespace scoped in group '${gvr.group}'\n` : `resource '${gvr.resource}' is not namespace scoped\n`);
      }
      if (!RESOURCE_VERBS.has(verb)) warn(k, `verb '${verb}' is not a known verb\n`);
    }
    if (k.flags.values["no-headers"] === true) throw new KubectlError("--no-headers cannot be set without --list specified");
    const spec = url
      ? { nonResourceAttributes: { path: url, verb } }
      : { resourceAttributes: { namespace, verb, group: gvr!.group, resource: gvr!.resource, subresource, name } };
    const status = review(k, "SelfSubjectAccessReview", spec);
    if (!quiet) {
      if (status.allowed) k.out.line("yes");
      else k.out.line(`no${status.reason ? ` - ${status.reason}` : ""}${status.evaluationError ? ` - ${status.evaluationError}` : ""}`);
    }
    return status.allowed ? 0 : 1;
  },
};
