/** kubectl create quota NAME [--hard=r=q,...] [--scopes=S1,S2] (pkg/cmd/create/create_quota.go). */
import { KubectlError } from "../errors.js";
import { stringFlag } from "../common/flags.js";
import { Quantity, QuantityError } from "../../../../cluster/api/quantity.js";
import { defineGenerator } from "./generator.js";
import { objectMeta, sortedMap } from "./objects.js";

function parseHard(spec: string): Record<string, string> | undefined {
  if (spec === "") return undefined;
  const hard: Record<string, string> = {};
  for (const statement of spec.split(",")) {
    const parts = statement.split("=");
    if (parts.length !== 2) throw new KubectlError(`Invalid argument syntax ${statement}, expected <resource>=<value>`);
    try {
      hard[parts[0]] = Quantity.parse(parts[1]).toString();
    } catch (e) {
      if (e instanceof QuantityError) throw new KubectlError(e.message);
      throw e;
    }
  }
  return sortedMap(hard);
}

function parseScopes(spec: string): string[] | undefined {
  if (spec === "") return undefined;
  const scopes = spec.split(",");
  if (scopes.includes("")) throw new KubectlError('invalid resource quota scope ""');
  return scopes;
}

export const createQuotaCommand = defineGenerator({
  name: "quota",
  aliases: ["resourcequota"],
  short: "Create a quota with the specified name",
  long: "Create a resource quota with the specified name, hard limits, and optional scopes.",
  examples:
    "  # Create a new resource quota named my-quota\n  kubectl create quota my-quota --hard=cpu=1,memory=1G,pods=2,services=3,replicationcontrollers=2,resourcequotas=1,secrets=5,persistentvolumeclaims=10\n  \n  # Create a new resource quota named best-effort\n  kubectl create quota best-effort --hard=pods=100 --scopes=BestEffort",
  usage: "kubectl create quota NAME [--hard=key1=value1,key2=value2] [--scopes=Scope1,Scope2] [--dry-run=server|client|none] [options]",
  flags: [
    { name: "hard", type: "string", usage: "A comma-delimited set of resource=quantity pairs that define a hard limit." },
    { name: "scopes", type: "string", usage: "A comma-delimited set of quota scopes that must all match each object tracked by the quota." },
  ],
  resource: "resourcequotas",
  createErrorPrefix: "failed to create quota: ",
  build: ({ k, name, namespace, namespaceExplicit }) => ({
    kind: "ResourceQuota",
    apiVersion: "v1",
    metadata: objectMeta({ name, namespace: namespaceExplicit ? namespace : undefined }),
    spec: { hard: parseHard(stringFlag(k, "hard")), scopes: parseScopes(stringFlag(k, "scopes")) },
    status: {},
  }),
});
