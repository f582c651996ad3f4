/**
 * The Node describer: roles, taints, the node's Lease, conditions,
 * addresses, capacity, system info, the non-terminated pods on it with
 * their requests and limits as a share of allocatable, and the totals
 * (pkg/describe describeNode / describeNodeResource, with kubectl's
 * PodRequestsAndLimits from pkg/util/resource).
 */
import { ApiError } from "../../../../cluster/api/errors.js";
import { Quantity } from "../../../../cluster/api/quantity.js";
import type { DescribeContext } from "./describer.js";
import { describeEvents, searchEvents } from "./events.js";
import {
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
  quantity,
  quantityString,
  rfc1123z,
  since,
  sortedKeys,
  type J,
} from "./format.js";
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from "./writer.js";

const NODE_ROLE_PREFIX = "node-role.kubernetes.io/";
const NODE_ROLE_LABEL = "kubernetes.io/role";

export const describeNode = (d: DescribeContext, _ns: string | undefined, name: string): string => {
  const node = d.client.get<J>("nodes", undefined, name);
  let pods: J[] | undefined;
  try {
    pods = d.client.list<J>("pods", undefined, { fieldSelector: `spec.nodeName=${node.metadata.name},status.phase!=Succeeded,status.phase!=Failed` }).items;
  } catch (e) {
    // A user who may read the node but not all pods sees `Pods: not authorized`.
    if (!(e instanceof ApiError && e.reason === "Forbidden")) throw e;
  }
  let events: J[] | undefined;
  if (d.showEvents) {
    // Controllers name the node by UID, the kubelet by name: both are searched.
    const ref = { name: node.metadata.name, namespace: "", kind: "Node" };
    const byUid = searchEvents(d, { ...ref, uid: node.metadata.uid }) ?? [];
    const byName = searchEvents(d, { ...ref, uid: node.metadata.name }) ?? [];
    events = [...byUid, ...byName];
  }
  let lease: J | undefined;
  let leaseError = "";
  try {
    lease = d.client.get<J>("leases", "kube-node-lease", node.metadata.name);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    leaseError = e.status.message ?? "";
  }

  return tabbedString((w) => {
    const status = node.status ?? {};
    const spec = node.spec ?? {};
    w.write(LEVEL_0, `Name:\t${node.metadata.name}\n`);
    const roles = nodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length ? roles.join(",") : "<none>"}\n`);
    printLabelsMultiline(w, "Labels", node.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
    printTaintsMultiline(w, "Taints", spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable === true}\n`);
    if (lease) describeNodeLease(lease, w);
    else w.write(LEVEL_0, `Lease:\tFailed to get lease: ${leaseError}\n`);

    const conditions: J[] = status.conditions ?? [];
    if (conditions.length) {
      w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
      for (const c of conditions) {
        w.write(LEVEL_1, `${c.type ?? ""} \t${c.status ?? ""} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ""} \t${c.message ?? ""}\n`);
      }
    }
    w.write(LEVEL_0, "Addresses:\n");
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type ?? ""}:\t${a.address ?? ""}\n`);
    const printResourceList = (list: J) => {
      for (const r of sortedKeys(list)) w.write(LEVEL_0, `  ${r}:\t${quantityString(list[r])}\n`);
    };
    if (Object.keys(status.capacity ?? {}).length) {
      w.write(LEVEL_0, "Capacity:\n");
      printResourceList(status.capacity);
    }
    if (Object.keys(status.allocatable ?? {}).length) {
      w.write(LEVEL_0, "Allocatable:\n");
      printResourceList(status.allocatable);
    }
    const info = status.nodeInfo ?? {};
    w.write(LEVEL_0, "System Info:\n");
    w.write(LEVEL_0, `  Machine ID:\t${info.machineID ?? ""}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info.systemUUID ?? ""}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info.bootID ?? ""}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info.kernelVersion ?? ""}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info.osImage ?? ""}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info.operatingSystem ?? ""}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info.architecture ?? ""}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ""}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info.kubeletVersion ?? ""}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ""}\n`);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if (spec.podCIDRs?.length) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(",")}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    if (pods) describeNodeResource(pods, node, w, d.now);
    else w.write(LEVEL_0, "Pods:\tnot authorized\n");
    describeEvents(events, w, d.now);
  });
};

/** findNodeRoles: `node-role.kubernetes.io/<role>` labels and the `kubernetes.io/role` value, sorted. */
function nodeRoles(node: J): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries<string>(node.metadata.labels ?? {})) {
    if (k.startsWith(NODE_ROLE_PREFIX)) {
      const role = k.slice(NODE_ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === NODE_ROLE_LABEL && v) roles.add(v);
  }
  return [...roles].sort();
}

function describeNodeLease(lease: J, w: PrefixWriter): void {
  const spec = lease.spec ?? {};
  w.write(LEVEL_0, "Lease:\n");
  w.write(LEVEL_1, `HolderIdentity:\t${spec.holderIdentity ?? "<unset>"}\n`);
  w.write(LEVEL_1, `AcquireTime:\t${spec.acquireTime ? rfc1123z(spec.acquireTime) : "<unset>"}\n`);
  w.write(LEVEL_1, `RenewTime:\t${spec.renewTime ? rfc1123z(spec.renewTime) : "<unset>"}\n`);
}

// ------------------------------------------------------------------ requests and limits

type ResourceList = Map<string, Quantity>;

function addList(into: ResourceList, list: J): void {
  for (const [n, v] of Object.entries(list ?? {})) {
    const q = quantity(v);
    into.set(n, into.has(n) ? into.get(n)!.add(q) : q);
  }
}

function addMap(into: ResourceList, other: ResourceList): void {
  for (const [n, q] of other) into.set(n, into.has(n) ? into.get(n)!.add(q) : q);
}

function maxList(into: ResourceList, other: ResourceList): void {
  for (const [n, q] of other) if (!into.has(n) || q.cmp(into.get(n)!) > 0) into.set(n, q);
}

function toList(list: J): ResourceList {
  const m: ResourceList = new Map();
  addList(m, list);
  return m;
}

/**
 * PodRequestsAndLimits: containers summed, init containers as the max of
 * each (restartable sidecars adding up), overhead on top; resized
 * containers count what was actually allocated.
 */
export function podRequestsAndLimits(pod: J): { requests: ResourceList; limits: ResourceList } {
  const spec = pod.spec ?? {};
  const statuses = new Map<string, J>();
  for (const s of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]) statuses.set(s.name, s);
  const containerRequests = (c: J): ResourceList => {
    const s = statuses.get(c.name);
    const reqs = toList(c.resources?.requests);
    if (s?.resources) {
      maxList(reqs, toList(s.resources.requests));
      maxList(reqs, toList(s.allocatedResources));
    }
    return reqs;
  };
  const sum = (kind: "requests" | "limits"): ResourceList => {
    const total: ResourceList = new Map();
    const of = (c: J): ResourceList => (kind === "requests" ? containerRequests(c) : toList(c.resources?.limits));
    for (const c of spec.containers ?? []) addMap(total, of(c));
    const sidecars: ResourceList = new Map();
    const init: ResourceList = new Map();
    for (const c of spec.initContainers ?? []) {
      const own = of(c);
      let effective: ResourceList;
      if (c.restartPolicy === "Always") {
        addMap(total, own);
        addMap(sidecars, own);
        effective = sidecars;
      } else {
        effective = new Map(own);
        addMap(effective, sidecars);
      }
      maxList(init, effective);
    }
    maxList(total, init);
    return total;
  };
  const requests = sum("requests");
  const limits = sum("limits");
  for (const [n, v] of Object.entries(spec.overhead ?? {})) {
    const q = quantity(v);
    requests.set(n, requests.has(n) ? requests.get(n)!.add(q) : q);
    if (limits.has(n) && !limits.get(n)!.isZero()) limits.set(n, limits.get(n)!.add(q));
  }
  return { requests, limits };
}

/** int64(float64): Go truncates; NaN and infinities become the minimum int64 on amd64. */
function goInt64(f: number): string {
  return Number.isFinite(f) ? String(Math.trunc(f)) : "-9223372036854775808";
}

const zero = Quantity.zero();
const text = (q: Quantity | undefined) => (q ?? zero).toString();

function describeNodeResource(pods: J[], node: J, w: PrefixWriter, now: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
  w.write(LEVEL_1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
  const allocatable: J = Object.keys(node.status?.allocatable ?? {}).length ? node.status.allocatable : (node.status?.capacity ?? {});
  const allocCpu = quantity(allocatable.cpu).milliValue();
  const allocMem = quantity(allocatable.memory).value();
  const pct = (v: number, total: number) => goInt64((v / total) * 100);
  for (const pod of pods) {
    const { requests, limits } = podRequestsAndLimits(pod);
    const cpuReq = requests.get("cpu") ?? zero;
    const cpuLim = limits.get("cpu") ?? zero;
    const memReq = requests.get("memory") ?? zero;
    const memLim = limits.get("memory") ?? zero;
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${cpuReq} (${pct(cpuReq.milliValue(), allocCpu)}%)\t${cpuLim} (${pct(cpuLim.milliValue(), allocCpu)}%)\t${memReq} (${pct(memReq.value(), allocMem)}%)\t${memLim} (${pct(memLim.value(), allocMem)}%)\t${since(pod.metadata.creationTimestamp, now)}\n`,
    );
  }

  w.write(LEVEL_0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
  w.write(LEVEL_1, "Resource\tRequests\tLimits\n");
  w.write(LEVEL_1, "--------\t--------\t------\n");
  const reqs: ResourceList = new Map();
  const lims: ResourceList = new Map();
  for (const pod of pods) {
    const { requests, limits } = podRequestsAndLimits(pod);
    addMap(reqs, requests);
    addMap(lims, limits);
  }
  const share = (q: Quantity | undefined, total: number, milli: boolean) => {
    if (total === 0) return "0";
    return goInt64((((milli ? q?.milliValue() : q?.value()) ?? 0) / total) * 100);
  };
  const row = (name: string, total: number, milli: boolean) =>
    w.write(LEVEL_1, `${name}\t${text(reqs.get(name))} (${share(reqs.get(name), total, milli)}%)\t${text(lims.get(name))} (${share(lims.get(name), total, milli)}%)\n`);
  row("cpu", allocCpu, true);
  row("memory", allocMem, false);
  row("ephemeral-storage", quantity(allocatable["ephemeral-storage"]).value(), false);
  const names = Object.keys(allocatable);
  const hugePages = names.filter((n) => n.startsWith("hugepages-")).sort();
  const extended = names.filter((n) => !n.startsWith("hugepages-") && !["cpu", "memory", "ephemeral-storage", "pods"].includes(n)).sort();
  for (const n of hugePages) row(n, quantity(allocatable[n]).value(), false);
  for (const n of extended) w.write(LEVEL_1, `${n}\t${text(reqs.get(n))}\t${text(lims.get(n))}\n`);
}
