/**
 * Printers of networking.k8s.io (ingresses, ingress classes, network
 * policies, service CIDRs, IP addresses) and discovery.k8s.io (endpoint slices).
 */
import type { KubeObject } from "../../api/types.js";
import type { TableConvertor } from "../table.js";
import { column, listWithMore, simpleTable } from "./common.js";
import { selectorText } from "./apps.js";
import { loadBalancerAddresses } from "./core.js";

/** Up to three rule hosts, `*` when none names a host (formatHosts). */
function ingressHosts(rules: Array<{ host?: string }> | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules ?? []) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return "*";
  const text = list.join(",");
  return more ? `${text} + ${(rules ?? []).length - max} more...` : text;
}

const ingressTable = simpleTable([column("Class"), column("Hosts"), column("Address"), column("Ports")], (ing) => [
  ing.spec?.ingressClassName ?? "<none>",
  ingressHosts(ing.spec?.rules),
  loadBalancerAddresses(ing.status?.loadBalancer?.ingress),
  (ing.spec?.tls ?? []).length ? "80, 443" : "80",
]);

const ingressClassTable = simpleTable([column("Controller"), column("Parameters")], (ic) => {
  const p = ic.spec?.parameters;
  let parameters = "<none>";
  if (p) parameters = `${p.kind ?? ""}${p.apiGroup !== undefined && p.apiGroup !== null ? `.${p.apiGroup}` : ""}/${p.name ?? ""}`;
  return [ic.spec?.controller ?? "", parameters];
});

const networkPolicyTable = simpleTable([column("Pod-Selector")], (np) => [selectorText(np.spec?.podSelector ?? {})]);

function slicePorts(slice: KubeObject): string {
  const ports: Array<{ port?: number; name?: string }> = slice.ports ?? [];
  return listWithMore(ports.map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? "*"))));
}

function sliceEndpoints(slice: KubeObject): string {
  const addresses: string[] = [];
  for (const ep of slice.endpoints ?? []) addresses.push(...(ep.addresses ?? []));
  return listWithMore(addresses);
}

const endpointSliceTable = simpleTable([column("AddressType"), column("Ports"), column("Endpoints")], (s) => [s.addressType ?? "", slicePorts(s), sliceEndpoints(s)]);

const serviceCIDRTable = simpleTable([column("CIDRs")], (s) => [(s.spec?.cidrs ?? []).join(",")]);

const ipAddressTable: TableConvertor = {
  columns: [column("Name", "string", { format: "name" }), column("ParentRef")],
  cells(ip) {
    const ref = ip.spec?.parentRef;
    let parent = "<none>";
    if (ref) {
      parent = (ref.group ? `${ref.resource}.${ref.group}` : String(ref.resource ?? "")).toLowerCase();
      if (ref.namespace) parent += `/${ref.namespace}`;
      parent += `/${ref.name ?? ""}`;
    }
    return [ip.metadata.name, parent];
  },
};

export const networkingTables: Record<string, TableConvertor> = {
  "networking.k8s.io/Ingress": ingressTable,
  "networking.k8s.io/IngressClass": ingressClassTable,
  "networking.k8s.io/NetworkPolicy": networkPolicyTable,
  "networking.k8s.io/ServiceCIDR": serviceCIDRTable,
  "networking.k8s.io/IPAddress": ipAddressTable,
  "discovery.k8s.io/EndpointSlice": endpointSliceTable,
};
