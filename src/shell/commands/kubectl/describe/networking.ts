/**
 * Describers for networking.k8s.io: Ingress (rules with their backends'
 * endpoints), IngressClass and NetworkPolicy (the prose form of its
 * rules) (pkg/describe, kubectl v1.34).
 */
import { ApiError } from "../../../../cluster/api/errors.js";
import type { DescribeContext } from "./describer.js";
import { describeEvents, eventsFor } from "./events.js";
import { formatEndpointSlices, formatSelector, goTimeString, printAnnotationsMultiline, printLabelsMultiline, type J } from "./format.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString, type PrefixWriter } from "./writer.js";

/** serviceBackendStringer: `name:port`. */
function serviceBackendString(svc: J): string {
  return `${svc.name ?? ""}:${svc.port?.number ? svc.port.number : (svc.port?.name ?? "")}`;
}

/** describeBackendV1: `svc:80 (10.244.1.2:80)`, with the error when the service cannot be read. */
function describeBackend(d: DescribeContext, ns: string, backend: J): string {
  if (backend.service) {
    const sb = serviceBackendString(backend.service);
    const errorText = (e: unknown) => `${sb} (<error: ${e instanceof ApiError ? e.status.message : e instanceof Error ? e.message : String(e)}>)`;
    let slices: J[];
    let service: J;
    try {
      slices = d.client.list<J>("endpointslices", ns, { labelSelector: `kubernetes.io/service-name=${backend.service.name}` }).items;
      service = d.client.get<J>("services", ns, backend.service.name);
    } catch (e) {
      return errorText(e);
    }
    let spName = "";
    const port = backend.service.port ?? {};
    for (const sp of service.spec?.ports ?? []) {
      if (port.number && port.number === sp.port) spName = sp.name ?? "";
      else if (port.name && port.name === sp.name) spName = sp.name ?? "";
    }
    return `${sb} (${formatEndpointSlices(slices, new Set([spName]))})`;
  }
  if (backend.resource) {
    const r = backend.resource;
    return `APIGroup: ${r.apiGroup ?? "<none>"}, Kind: ${r.kind ?? ""}, Name: ${r.name ?? ""}`;
  }
  return "";
}

export const describeIngress = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const ing = d.client.get<J>("ingresses", namespace, name);
  const events = eventsFor(d, ing, "Ingress");
  return tabbedString((w) => {
    const spec = ing.spec ?? {};
    const ns = ing.metadata.namespace;
    w.write(LEVEL_0, `Name:\t${ing.metadata.name}\n`);
    printLabelsMultiline(w, "Labels", ing.metadata.labels);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    const addresses = new Set<string>();
    for (const i of ing.status?.loadBalancer?.ingress ?? []) {
      if (i.ip) addresses.add(i.ip);
      else if (i.hostname) addresses.add(i.hostname);
    }
    w.write(LEVEL_0, `Address:\t${[...addresses].sort().join(",")}\n`);
    w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? "<none>"}\n`);
    const defaultBackend = spec.defaultBackend ? describeBackend(d, ns, spec.defaultBackend) : "<default>";
    w.write(LEVEL_0, `Default backend:\t${defaultBackend}\n`);
    if (spec.tls?.length) {
      w.write(LEVEL_0, "TLS:\n");
      for (const t of spec.tls) {
        const hosts = (t.hosts ?? []).join(",");
        w.write(LEVEL_1, t.secretName ? `${t.secretName} terminates ${hosts}\n` : `SNI routes ${hosts}\n`);
      }
    }
    w.write(LEVEL_0, "Rules:\n  Host\tPath\tBackends\n");
    w.write(LEVEL_1, "----\t----\t--------\n");
    let count = 0;
    for (const rule of spec.rules ?? []) {
      if (!rule.http) continue;
      count++;
      w.write(LEVEL_1, `${rule.host || "*"}\t\n`);
      for (const p of rule.http.paths ?? []) w.write(LEVEL_2, `\t${p.path ?? ""} \t${describeBackend(d, ns, p.backend ?? {})}\n`);
    }
    if (count === 0) w.write(LEVEL_1, `*\t*\t${defaultBackend}\n`);
    printAnnotationsMultiline(w, "Annotations", ing.metadata.annotations);
    describeEvents(events, w, d.now);
  });
};

export const describeIngressClass = (d: DescribeContext, _ns: string | undefined, name: string): string => {
  const ic = d.client.get<J>("ingressclasses", undefined, name);
  const events = eventsFor(d, ic, "IngressClass");
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ic.metadata.name}\n`);
    printLabelsMultiline(w, "Labels", ic.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", ic.metadata.annotations);
    w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ""}\n`);
    const p = ic.spec?.parameters;
    if (p) {
      w.write(LEVEL_0, "Parameters:\n");
      if (p.apiGroup !== undefined && p.apiGroup !== null) w.write(LEVEL_1, `APIGroup:\t${p.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${p.kind ?? ""}\n`);
      w.write(LEVEL_1, `Name:\t${p.name ?? ""}\n`);
    }
    describeEvents(events, w, d.now);
  });
};

export const describeNetworkPolicy = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const np = d.client.get<J>("networkpolicies", namespace, name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${np.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${np.metadata.namespace}\n`);
    w.write(LEVEL_0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, "Labels", np.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", np.metadata.annotations);
    describeNetworkPolicySpec(np.spec ?? {}, w);
  });
};

function describeNetworkPolicySpec(spec: J, w: PrefixWriter): void {
  w.write(LEVEL_0, "Spec:\n");
  w.write(LEVEL_1, "PodSelector: ");
  const sel = spec.podSelector ?? {};
  if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
    w.write(LEVEL_2, "<none> (Allowing the specific traffic to all pods in this namespace)\n");
  } else {
    w.write(LEVEL_2, `${formatSelector(sel)}\n`);
  }
  const types: string[] = spec.policyTypes ?? [];
  if (types.includes("Ingress")) {
    w.write(LEVEL_1, "Allowing ingress traffic:\n");
    printRules(spec.ingress, "from", "    ", w);
  } else {
    w.write(LEVEL_1, "Not affecting ingress traffic\n");
  }
  if (types.includes("Egress")) {
    w.write(LEVEL_1, "Allowing egress traffic:\n");
    printRules(spec.egress, "to", "    ", w);
  } else {
    w.write(LEVEL_1, "Not affecting egress traffic\n");
  }
  w.write(LEVEL_1, `Policy Types: ${types.length ? types.join(", ") : "<none>"}\n`);
}

/** printNetworkPolicySpecIngressFrom / EgressTo: ports, then each peer, rules separated by dashes. */
function printRules(rules: J[] | undefined, direction: "from" | "to", indent: string, w: PrefixWriter): void {
  const isIngress = direction === "from";
  if (!rules?.length) {
    w.write(LEVEL_0, `${indent}<none> (Selected pods are isolated for ${isIngress ? "ingress" : "egress"} connectivity)\n`);
    return;
  }
  const label = isIngress ? "From" : "To";
  rules.forEach((rule, i) => {
    if (!rule.ports?.length) w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    else {
      for (const p of rule.ports) {
        const proto = p.protocol ?? "TCP";
        const port = p.port === undefined || p.port === null ? "<nil>" : String(p.port);
        if (p.endPort === undefined || p.endPort === null) w.write(LEVEL_0, `${indent}To Port: ${port}/${proto}\n`);
        else w.write(LEVEL_0, `${indent}To Port Range: ${port}-${p.endPort}/${proto}\n`);
      }
    }
    const peers: J[] = rule[direction] ?? [];
    if (peers.length === 0) {
      w.write(LEVEL_0, `${indent}${label}: <any> (traffic not restricted by ${isIngress ? "source" : "destination"})\n`);
    } else {
      for (const peer of peers) {
        w.write(LEVEL_0, `${indent}${label}:\n`);
        if (peer.podSelector && peer.namespaceSelector) {
          w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatSelector(peer.namespaceSelector)}\n`);
          w.write(LEVEL_1, `${indent}PodSelector: ${formatSelector(peer.podSelector)}\n`);
        } else if (peer.podSelector) {
          w.write(LEVEL_1, `${indent}PodSelector: ${formatSelector(peer.podSelector)}\n`);
        } else if (peer.namespaceSelector) {
          w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatSelector(peer.namespaceSelector)}\n`);
        } else if (peer.ipBlock) {
          w.write(LEVEL_1, `${indent}IPBlock:\n`);
          w.write(LEVEL_2, `${indent}CIDR: ${peer.ipBlock.cidr ?? ""}\n`);
          w.write(LEVEL_2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(", ")}\n`);
        }
      }
    }
    if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}
