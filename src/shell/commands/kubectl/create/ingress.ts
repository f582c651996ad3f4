/**
 * kubectl create ingress NAME --rule=host/path=svc:port[,tls[=secret]] [--class]
 * [--annotation k=v] [--default-backend svc:port] (pkg/cmd/create/create_ingress.go).
 * A path ending in `*` is a Prefix path, any other Exact.
 */
import { KubectlError } from "../errors.js";
import { listFlag, stringFlag } from "../common/flags.js";
import { defineGenerator } from "./generator.js";
import { objectMeta } from "./objects.js";
import { intOrString } from "./poddisruptionbudget.js";

// Go's regexp.MatchString finds the pattern anywhere after the anchor; \w is ASCII.
const RULE_REGEX = /^([\w*\-.]*)(\/.*)=([\w-]+):([\w-]+)(,(tls)=?([\w-]+)?)?/;

function backend(service: string) {
  const [name, port] = service.split(":");
  const p = intOrString(port);
  return { service: { name, port: typeof p === "number" ? { number: p || undefined } : { name: p } } };
}

function httpPath(pathService: string) {
  const [rawPath, service] = pathService.split("=");
  let path = `/${rawPath}`;
  let pathType = "Exact";
  if (path.endsWith("*")) {
    pathType = "Prefix";
    path = path.slice(0, -1);
  }
  return { path, pathType, backend: backend(service) };
}

function tlsEntries(rules: string[]) {
  const tls: Array<{ hosts?: string[]; secretName?: string }> = [];
  const seenHosts = new Set<string>();
  for (const rule of rules) {
    const parts = rule.split(",");
    if (parts.length !== 2) continue;
    const host = rule.split("/")[0];
    const secretParts = parts[1].split("=");
    const secret = secretParts.length > 1 ? secretParts[1] : "";
    const existing = tls.find((t) => (t.secretName ?? "") === secret);
    if (seenHosts.has(host)) continue;
    seenHosts.add(host);
    if (existing) {
      existing.hosts = [...(existing.hosts ?? []), host];
      continue;
    }
    const entry: { hosts?: string[]; secretName?: string } = {};
    if (host) entry.hosts = [host];
    if (secret) entry.secretName = secret;
    if (entry.hosts || entry.secretName) tls.push(entry);
  }
  return tls;
}

function ingressRules(rules: string[]) {
  const out: Array<{ host?: string; http: { paths: ReturnType<typeof httpPath>[] } }> = [];
  for (const rule of rules) {
    const withoutTls = rule.split(",")[0];
    const slash = withoutTls.indexOf("/");
    const host = withoutTls.slice(0, slash);
    const path = httpPath(withoutTls.slice(slash + 1));
    const existing = out.find((r) => (r.host ?? "") === host);
    if (existing) {
      existing.http.paths.push(path);
      continue;
    }
    out.push({ host: host || undefined, http: { paths: [path] } });
  }
  return out;
}

export const createIngressCommand = defineGenerator({
  name: "ingress",
  aliases: ["ing"],
  short: "Create an ingress with the specified name",
  long: "Create an ingress with the specified name.",
  examples:
    '  # Create a single ingress called \'simple\' that directs requests to foo.com/bar to svc\n  # svc1:8080 with a TLS secret "my-cert"\n  kubectl create ingress simple --rule="foo.com/bar=svc1:8080,tls=my-cert"\n  \n  # Create a catch all ingress of "/path" pointing to service svc:port and Ingress Class as "otheringress"\n  kubectl create ingress catch-all --class=otheringress --rule="/path=svc:port"\n  \n  # Create an ingress with two annotations: ingress.annotation1 and ingress.annotations2\n  kubectl create ingress annotated --class=default --rule="foo.com/bar=svc:port" \\\n  --annotation ingress.annotation1=foo \\\n  --annotation ingress.annotation2=bla\n  \n  # Create an ingress with the same host and multiple paths\n  kubectl create ingress multipath --class=default \\\n  --rule="foo.com/=svc:port" \\\n  --rule="foo.com/admin/=svcadmin:portadmin"\n  \n  # Create an ingress with multiple hosts and the pathType as Prefix\n  kubectl create ingress ingress1 --class=default \\\n  --rule="foo.com/path*=svc:8080" \\\n  --rule="bar.com/admin*=svc2:http"\n  \n  # Create an ingress with TLS enabled using the default ingress certificate and different path types\n  kubectl create ingress ingtls --class=default \\\n  --rule="foo.com/=svc:https,tls" \\\n  --rule="foo.com/path/subpath*=othersvc:8080"\n  \n  # Create an ingress with TLS enabled using a specific secret and pathType as Prefix\n  kubectl create ingress ingsecret --class=default \\\n  --rule="foo.com/*=svc:8080,tls=secret1"\n  \n  # Create an ingress with a default backend\n  kubectl create ingress ingdefault --class=default \\\n  --default-backend=defaultsvc:http \\\n  --rule="foo.com/*=svc:8080,tls=secret1"',
  usage: "kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]]  [options]",
  flags: [
    { name: "annotation", type: "stringArray", usage: "Annotation to insert in the ingress object, in the format annotation=value" },
    { name: "class", type: "string", usage: "Ingress Class to be used" },
    { name: "default-backend", type: "string", usage: "Default service for backend, in format of svcname:port" },
    {
      name: "rule",
      type: "stringArray",
      usage: "Rule in format host/path=service:port[,tls=secretname]. Paths containing the leading character '*' are considered pathType=Prefix. tls argument is optional.",
    },
  ],
  resource: "ingresses",
  createErrorPrefix: "failed to create ingress: ",
  validate({ k }) {
    const rules = listFlag(k, "rule");
    const defaultBackend = stringFlag(k, "default-backend");
    if (!defaultBackend && rules.length === 0) {
      throw new KubectlError(
        "not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)",
      );
    }
    for (const rule of rules) {
      if (!RULE_REGEX.test(rule)) throw new KubectlError(`rule ${rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
    }
    for (const a of listFlag(k, "annotation")) {
      if (!a.includes("=")) throw new KubectlError(`annotation ${a} is invalid and should be in format key=[value]`);
    }
    if (defaultBackend && defaultBackend.split(":").length !== 2) throw new KubectlError("default-backend should be in format servicename:serviceport");
  },
  build({ k, name, namespace, namespaceExplicit }) {
    const annotations: Record<string, string> = {};
    for (const a of listFlag(k, "annotation")) {
      const i = a.indexOf("=");
      annotations[a.slice(0, i)] = a.slice(i + 1);
    }
    const rules = listFlag(k, "rule");
    const defaultBackend = stringFlag(k, "default-backend");
    const tls = tlsEntries(rules);
    const ingressRulesList = ingressRules(rules);
    return {
      kind: "Ingress",
      apiVersion: "networking.k8s.io/v1",
      metadata: objectMeta({ name, namespace: namespaceExplicit ? namespace : undefined, annotations }),
      spec: {
        ingressClassName: stringFlag(k, "class") || undefined,
        defaultBackend: defaultBackend ? backend(defaultBackend) : undefined,
        tls: tls.length ? tls : undefined,
        rules: ingressRulesList.length ? ingressRulesList : undefined,
      },
      status: { loadBalancer: {} },
    };
  },
});
