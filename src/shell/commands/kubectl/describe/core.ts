/**
 * Describers for the core group besides Pod, Node and storage: Namespace
 * (with its quotas and limit ranges), ResourceQuota, LimitRange, Service,
 * Endpoints, ConfigMap, Secret, ServiceAccount and ReplicationController
 * (pkg/describe, kubectl v1.34).
 */
import { formatLabels } from "../../../../cluster/api/labels.js";
import { Quantity } from "../../../../cluster/api/quantity.js";
import type { DescribeContext } from "./describer.js";
import { describeEvents, eventsFor } from "./events.js";
import {
  formatEndpointSlices,
  printAnnotationsMultiline,
  printLabelsMultiline,
  quantity,
  quantityString,
  rfc1123z,
  sortedKeys,
  type J,
} from "./format.js";
import { describePodTemplate } from "./pod.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString, type PrefixWriter } from "./writer.js";

// ------------------------------------------------------------------ namespaces, quotas, limit ranges

export const describeNamespace = (d: DescribeContext, _ns: string | undefined, name: string): string => {
  const ns = d.client.get<J>("namespaces", undefined, name);
  const quotas = d.client.list<J>("resourcequotas", ns.metadata.name).items;
  const limitRanges = d.client.list<J>("limitranges", ns.metadata.name).items;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata.name}\n`);
    printLabelsMultiline(w, "Labels", ns.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", ns.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ""}\n`);
    const conditions: J[] = ns.status?.conditions ?? [];
    if (conditions.length) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t------------------\t------\t-------\n");
      for (const c of conditions) w.write(LEVEL_1, `${c.type ?? ""}\t${c.status ?? ""}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ""}\t${c.message ?? ""}\n`);
    }
    w.write(LEVEL_0, "\n");
    describeResourceQuotas(quotas, w);
    w.write(LEVEL_0, "\n");
    describeLimitRanges(limitRanges, w);
  });
};

const SCOPE_HELP: Record<string, string> = {
  Terminating: "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
  NotTerminating: "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
  BestEffort: "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
  NotBestEffort: "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
};

/** DescribeResourceQuotas: every quota of a namespace, by name. */
function describeResourceQuotas(quotas: J[], w: PrefixWriter): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, "No resource quota.\n");
    return;
  }
  w.write(LEVEL_0, "Resource Quotas\n");
  for (const q of [...quotas].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
    w.write(LEVEL_1, `Name:\t${q.metadata.name}\n`);
    const scopes = [...(q.spec?.scopes ?? [])].sort();
    if (scopes.length) {
      w.write(LEVEL_1, `Scopes:\t${scopes.join(", ")}\n`);
      for (const s of scopes) if (SCOPE_HELP[s]) w.write(LEVEL_1, `* ${SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_1, "Resource\tUsed\tHard\n");
    w.write(LEVEL_1, "--------\t---\t---\n");
    for (const r of sortedKeys(q.status?.hard)) w.write(LEVEL_1, `${r}\t${quantityString(q.status?.used?.[r])}\t${quantityString(q.status.hard[r])}\n`);
  }
}

const LIMIT_HEADER = "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n";
const LIMIT_RULE = "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n";

/** DescribeLimitRanges: all limit ranges of a namespace in one table. */
function describeLimitRanges(limitRanges: J[], w: PrefixWriter): void {
  if (limitRanges.length === 0) {
    w.write(LEVEL_0, "No LimitRange resource.\n");
    return;
  }
  w.write(LEVEL_0, `Resource Limits\n ${LIMIT_HEADER}`);
  w.write(LEVEL_0, ` ${LIMIT_RULE}`);
  for (const lr of limitRanges) describeLimitRangeSpec(lr.spec, " ", w);
}

/**
 * describeLimitRangeSpec: one row per resource named by any of the item's
 * bounds, `-` where a bound is unset. (kubectl walks a Go map here, so its
 * row order varies; resources are listed in name order.)
 */
function describeLimitRangeSpec(spec: J, prefix: string, w: PrefixWriter): void {
  for (const item of spec?.limits ?? []) {
    const bounds = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio];
    const names = [...new Set(bounds.flatMap((b) => Object.keys(b ?? {})))].sort();
    for (const k of names) {
      const v = bounds.map((b) => (b && k in b ? quantityString(b[k]) : "-"));
      w.write(LEVEL_0, `${prefix}${item.type ?? ""}\t${k}\t${v.join("\t")}\n`);
    }
  }
}

export const describeLimitRange = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const lr = d.client.get<J>("limitranges", namespace, name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${lr.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${lr.metadata.namespace}\n`);
    w.write(LEVEL_0, LIMIT_HEADER);
    w.write(LEVEL_0, LIMIT_RULE);
    describeLimitRangeSpec(lr.spec, "", w);
  });
};

export const describeResourceQuota = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const q = d.client.get<J>("resourcequotas", namespace, name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${q.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${q.metadata.namespace}\n`);
    const scopes = [...(q.spec?.scopes ?? [])].sort();
    if (scopes.length) {
      w.write(LEVEL_0, `Scopes:\t${scopes.join(", ")}\n`);
      for (const s of scopes) if (SCOPE_HELP[s]) w.write(LEVEL_0, ` * ${SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_0, "Resource\tUsed\tHard\n");
    w.write(LEVEL_0, "--------\t----\t----\n");
    for (const r of sortedKeys(q.status?.hard)) {
      const hard = quantity(q.status.hard[r]);
      let used = quantity(q.status?.used?.[r]);
      // Used is shown in the hard limit's format (`0` vs `0Gi` style).
      if (hard.format !== used.format) used = new Quantity(BigInt(used.value()), 0, hard.format);
      w.write(LEVEL_0, `${r}\t${used}\t${hard}\n`);
    }
  });
};

// ------------------------------------------------------------------ services and endpoints

export const describeService = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const svc = d.client.get<J>("services", namespace, name);
  let slices: J[] = [];
  try {
    slices = d.client.list<J>("endpointslices", svc.metadata.namespace, { labelSelector: `kubernetes.io/service-name=${svc.metadata.name}` }).items;
  } catch {
    // kubectl ignores a failed EndpointSlice list.
  }
  const events = eventsFor(d, svc, "Service");
  return tabbedString((w) => {
    const spec = svc.spec ?? {};
    w.write(LEVEL_0, `Name:\t${svc.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace}\n`);
    printLabelsMultiline(w, "Labels", svc.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", svc.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ""}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    w.write(LEVEL_0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(",") : "<none>"}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ""}\n`);
    w.write(LEVEL_0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(",") : "<none>"}\n`);
    if (spec.externalIPs?.length) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(",")}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const lbIngress: J[] = svc.status?.loadBalancer?.ingress ?? [];
    if (lbIngress.length) {
      const list = lbIngress.map((i) => (i.ip ? `${i.ip}${i.ipMode ? ` (${i.ipMode})` : ""}` : (i.hostname ?? ""))).join(", ");
      w.write(LEVEL_0, `LoadBalancer Ingress:\t${list}\n`);
    }
    for (const sp of spec.ports ?? []) {
      const portName = sp.name || "<unset>";
      w.write(LEVEL_0, `Port:\t${portName}\t${sp.port ?? 0}/${sp.protocol ?? ""}\n`);
      w.write(LEVEL_0, `TargetPort:\t${sp.targetPort ?? 0}/${sp.protocol ?? ""}\n`);
      if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${portName}\t${sp.nodePort}/${sp.protocol ?? ""}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, new Set([sp.name ?? ""]))}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ""}\n`);
    if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if (spec.loadBalancerSourceRanges?.length) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(",")}\n`);
    if (spec.trafficDistribution) w.write(LEVEL_0, `Traffic Distribution:\t${spec.trafficDistribution}\n`);
    describeEvents(events, w, d.now);
  });
};

export const describeEndpoints = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const ep = d.client.get<J>("endpoints", namespace, name);
  const events = eventsFor(d, ep, "Endpoints");
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ep.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${ep.metadata.namespace}\n`);
    printLabelsMultiline(w, "Labels", ep.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", ep.metadata.annotations);
    w.write(LEVEL_0, "Subsets:\n");
    for (const subset of ep.subsets ?? []) {
      const ips = (list: J[] | undefined) => (list ?? []).map((a) => a.ip ?? "").join(",") || "<none>";
      w.write(LEVEL_1, `Addresses:\t${ips(subset.addresses)}\n`);
      w.write(LEVEL_1, `NotReadyAddresses:\t${ips(subset.notReadyAddresses)}\n`);
      if (subset.ports?.length) {
        w.write(LEVEL_1, "Ports:\n");
        w.write(LEVEL_2, "Name\tPort\tProtocol\n");
        w.write(LEVEL_2, "----\t----\t--------\n");
        for (const p of subset.ports) w.write(LEVEL_2, `${p.name || "<unset>"}\t${p.port ?? 0}\t${p.protocol ?? ""}\n`);
      }
      w.write(LEVEL_0, "\n");
    }
    describeEvents(events, w, d.now);
  });
};

// ------------------------------------------------------------------ configuration

export const describeConfigMap = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const cm = d.client.get<J>("configmaps", namespace, name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace}\n`);
    printLabelsMultiline(w, "Labels", cm.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", cm.metadata.annotations);
    w.write(LEVEL_0, "\nData\n====\n");
    for (const k of sortedKeys(cm.data)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data[k]}\n`);
      w.write(LEVEL_0, "\n");
    }
    w.write(LEVEL_0, "\nBinaryData\n====\n");
    for (const k of sortedKeys(cm.binaryData)) w.write(LEVEL_0, `${k}: ${base64Length(cm.binaryData[k])} bytes\n`);
    w.write(LEVEL_0, "\n");
    describeEvents(eventsFor(d, cm, "ConfigMap"), w, d.now);
  });
};

function base64Length(v: unknown): number {
  return Buffer.from(String(v ?? ""), "base64").length;
}

export const describeSecret = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const secret = d.client.get<J>("secrets", namespace, name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata.namespace}\n`);
    printLabelsMultiline(w, "Labels", secret.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", secret.metadata.annotations);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ""}\n`);
    w.write(LEVEL_0, "\nData\n====\n");
    for (const k of sortedKeys(secret.data)) {
      // A service account token is shown in full; everything else by size only.
      if (k === "token" && secret.type === "kubernetes.io/service-account-token") {
        w.write(LEVEL_0, `${k}:\t${Buffer.from(String(secret.data[k] ?? ""), "base64").toString("utf8")}\n`);
      } else {
        w.write(LEVEL_0, `${k}:\t${base64Length(secret.data[k])} bytes\n`);
      }
    }
  });
};

export const describeServiceAccount = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const sa = d.client.get<J>("serviceaccounts", namespace, name);
  const tokens: string[] = [];
  const missing = new Set<string>();
  try {
    const secrets = d.client.list<J>("secrets", sa.metadata.namespace).items;
    const existing = new Set(secrets.map((s) => s.metadata.name));
    for (const s of secrets) {
      const ann = s.metadata.annotations ?? {};
      if (s.type === "kubernetes.io/service-account-token" && ann["kubernetes.io/service-account.name"] === sa.metadata.name && ann["kubernetes.io/service-account.uid"] === sa.metadata.uid) {
        tokens.push(s.metadata.name);
      }
    }
    for (const s of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])]) if (!existing.has(s.name)) missing.add(s.name);
  } catch {
    // Secrets that cannot be listed are simply not marked missing.
  }
  const events = eventsFor(d, sa, "ServiceAccount");
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sa.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${sa.metadata.namespace}\n`);
    printLabelsMultiline(w, "Labels", sa.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", sa.metadata.annotations);
    const emptyHeader = "                   ";
    const sections: Array<[string, string[]]> = [
      ["Image pull secrets:", (sa.imagePullSecrets ?? []).map((s: J) => s.name)],
      ["Mountable secrets: ", (sa.secrets ?? []).map((s: J) => s.name)],
      ["Tokens:            ", tokens],
    ];
    for (const [header, names] of sections) {
      if (names.length === 0) {
        w.write(LEVEL_0, `${header}\t<none>\n`);
        continue;
      }
      let prefix = header;
      for (const n of names) {
        w.write(LEVEL_0, `${prefix}\t${n}${missing.has(n) ? " (not found)" : ""}\n`);
        prefix = emptyHeader;
      }
    }
    describeEvents(events, w, d.now);
  });
};

// ------------------------------------------------------------------ replication controllers

/** getPodStatusForController: phases of the pods matching the selector that this controller owns. */
export function podStatusForController(d: DescribeContext, namespace: string, selector: string, uid: string): string {
  const pods = d.client.list<J>("pods", namespace, { labelSelector: selector }).items;
  const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 };
  for (const pod of pods) {
    const ref = (pod.metadata.ownerReferences ?? []).find((r: J) => r.controller === true);
    if (!ref || ref.uid !== uid) continue;
    const phase = pod.status?.phase as keyof typeof counts;
    if (phase in counts) counts[phase]++;
  }
  return `${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed`;
}

export const describeReplicationController = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const rc = d.client.get<J>("replicationcontrollers", namespace, name);
  const selector = Object.entries<string>(rc.spec?.selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(",");
  const podsStatus = podStatusForController(d, rc.metadata.namespace, selector, rc.metadata.uid);
  const events = eventsFor(d, rc, "ReplicationController");
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rc.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${rc.metadata.namespace}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabels(rc.spec?.selector)}\n`);
    printLabelsMultiline(w, "Labels", rc.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", rc.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${rc.status?.replicas ?? 0} current / ${rc.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, `Pods Status:\t${podsStatus}\n`);
    describePodTemplate(rc.spec?.template, w);
    describeConditionsByReason(rc.status?.conditions, w);
    describeEvents(events, w, d.now);
  });
};

/** The `Conditions:` table of workload controllers: Type, Status, Reason. */
export function describeConditionsByReason(conditions: J[] | undefined, w: PrefixWriter): void {
  if (!conditions?.length) return;
  w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
  w.write(LEVEL_1, "----\t------\t------\n");
  for (const c of conditions) w.write(LEVEL_1, `${c.type ?? ""} \t${c.status ?? ""}\t${c.reason ?? ""}\n`);
}
