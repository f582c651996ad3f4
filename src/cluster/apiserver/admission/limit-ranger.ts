/**
 * LimitRanger: applies the LimitRanges of the pod's namespace
 * (plugin/pkg/admission/limitranger). On create it fills each container's
 * missing requests and limits from the Container items' defaultRequest and
 * default (recording what it set in the kubernetes.io/limit-ranger
 * annotation), then enforces min, max and maxLimitRequestRatio per
 * Container and per Pod, and min/max storage per PersistentVolumeClaim.
 */
import type { KubeObject } from "../../api/types.js";
import { Quantity } from "../../api/quantity.js";
import { admissionForbidden, aggregateMessage, kindOf, type AdmissionAttributes, type AdmissionPlugin } from "./plugin.js";
import { podResources, toResourceList, type ResourceList } from "./resource-list.js";

const ANNOTATION = "kubernetes.io/limit-ranger";

interface LimitItem {
  type: string;
  min: ResourceList;
  max: ResourceList;
  default: ResourceList;
  defaultRequest: ResourceList;
  maxLimitRequestRatio: ResourceList;
}

export function limitRanger(): AdmissionPlugin {
  return {
    name: "LimitRanger",
    admit(a, ctx) {
      if (!applies(a) || kindOf(a) !== "/Pod") return;
      for (const lr of ctx.reader.list("limitranges", a.namespace)) applyDefaults(a.object!, items(lr));
    },
    validate(a, ctx) {
      if (!applies(a)) return;
      for (const lr of ctx.reader.list("limitranges", a.namespace)) {
        const errs = kindOf(a) === "/Pod" ? validatePod(a.object!, items(lr)) : validateClaim(a.object!, items(lr));
        if (errs.length) throw admissionForbidden(a, aggregateMessage(errs));
      }
    },
  };
}

/** Pods on create; claims on create and update; never subresources or objects being deleted. */
function applies(a: AdmissionAttributes): boolean {
  if (a.subresource || !a.object || !a.namespace) return false;
  if (a.oldObject?.metadata?.deletionTimestamp) return false;
  const kind = kindOf(a);
  if (kind === "/Pod") return a.operation === "CREATE";
  return kind === "/PersistentVolumeClaim" && (a.operation === "CREATE" || a.operation === "UPDATE");
}

/**
 * The LimitRange's items as stored: its defaulting gives a Container item a
 * default limit from max and a default request from default, else from min.
 */
function items(lr: KubeObject): LimitItem[] {
  return (lr.spec?.limits ?? []).map((l: any): LimitItem => {
    const item: LimitItem = {
      type: l.type,
      min: toResourceList(l.min),
      max: toResourceList(l.max),
      default: toResourceList(l.default),
      defaultRequest: toResourceList(l.defaultRequest),
      maxLimitRequestRatio: toResourceList(l.maxLimitRequestRatio),
    };
    if (item.type === "Container") {
      for (const [k, v] of item.max) if (!item.default.has(k)) item.default.set(k, v);
      for (const [k, v] of item.default) if (!item.defaultRequest.has(k)) item.defaultRequest.set(k, v);
      for (const [k, v] of item.min) if (!item.defaultRequest.has(k)) item.defaultRequest.set(k, v);
    }
    return item;
  });
}

function applyDefaults(pod: KubeObject, limits: LimitItem[]): void {
  const defaultLimits: ResourceList = new Map();
  const defaultRequests: ResourceList = new Map();
  for (const item of limits) {
    if (item.type !== "Container") continue;
    for (const [k, v] of item.defaultRequest) defaultRequests.set(k, v);
    for (const [k, v] of item.default) defaultLimits.set(k, v);
  }
  const notes: string[] = [];
  const fill = (c: any, label: string) => {
    const res = (c.resources ??= {});
    const lim = (res.limits ??= {});
    const req = (res.requests ??= {});
    // Pod defaulting, which runs before admission, gives a missing request its limit.
    for (const k of Object.keys(lim)) if (req[k] === undefined) req[k] = lim[k];
    const setLimits: string[] = [];
    const setRequests: string[] = [];
    for (const [k, v] of defaultLimits) {
      if (lim[k] === undefined) {
        lim[k] = v.toString();
        setLimits.push(k);
      }
    }
    for (const [k, v] of defaultRequests) {
      if (req[k] === undefined) {
        req[k] = v.toString();
        setRequests.push(k);
      }
    }
    // Empty lists are omitted when the pod is serialized.
    if (Object.keys(lim).length === 0) delete res.limits;
    if (Object.keys(req).length === 0) delete res.requests;
    if (setRequests.length) notes.push(`${setRequests.sort().join(", ")} request for ${label} ${c.name}`);
    if (setLimits.length) notes.push(`${setLimits.sort().join(", ")} limit for ${label} ${c.name}`);
  };
  for (const c of pod.spec?.containers ?? []) fill(c, "container");
  for (const c of pod.spec?.initContainers ?? []) fill(c, "init container");
  if (notes.length) pod.metadata.annotations = { ...pod.metadata.annotations, [ANNOTATION]: `LimitRanger plugin set: ${notes.join("; ")}` };
}

function validatePod(pod: KubeObject, limits: LimitItem[]): string[] {
  const errs: string[] = [];
  for (const item of limits) {
    if (item.type === "Container") {
      for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
        errs.push(...checkItem(item, toResourceList(c.resources?.requests), toResourceList(c.resources?.limits)));
      }
    } else if (item.type === "Pod") {
      errs.push(...checkItem(item, podResources(pod, "requests", false), podResources(pod, "limits", false)));
    }
  }
  return errs;
}

function checkItem(item: LimitItem, requests: ResourceList, limits: ResourceList): string[] {
  const errs: string[] = [];
  for (const k of sortedKeys(item.min)) push(errs, minConstraint(item.type, k, item.min.get(k)!, requests, limits));
  for (const k of sortedKeys(item.max)) push(errs, maxConstraint(item.type, k, item.max.get(k)!, requests, limits));
  for (const k of sortedKeys(item.maxLimitRequestRatio)) push(errs, ratioConstraint(item.type, k, item.maxLimitRequestRatio.get(k)!, requests, limits));
  return errs;
}

function validateClaim(pvc: KubeObject, limits: LimitItem[]): string[] {
  const errs: string[] = [];
  const requests = toResourceList(pvc.spec?.resources?.requests);
  for (const item of limits) {
    if (item.type !== "PersistentVolumeClaim") continue;
    for (const k of sortedKeys(item.min)) push(errs, minConstraint(item.type, k, item.min.get(k)!, requests, new Map()));
    for (const k of sortedKeys(item.max)) {
      const req = requests.get(k);
      const max = item.max.get(k)!;
      if (!req) errs.push(`maximum ${k} usage per ${item.type} is ${max}.  No request is specified`);
      else if (req.cmp(max) > 0) errs.push(`maximum ${k} usage per ${item.type} is ${max}, but request is ${req}`);
    }
  }
  return errs;
}

function sortedKeys(list: ResourceList): string[] {
  return [...list.keys()].sort();
}

function push(errs: string[], e: string | undefined): void {
  if (e) errs.push(e);
}

function minConstraint(type: string, name: string, enforced: Quantity, requests: ResourceList, limits: ResourceList): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  if (!req) return `minimum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (req.cmp(enforced) < 0) return `minimum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  if (lim && lim.cmp(enforced) < 0) return `minimum ${name} usage per ${type} is ${enforced}, but limit is ${lim}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Quantity, requests: ResourceList, limits: ResourceList): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  if (!lim) return `maximum ${name} usage per ${type} is ${enforced}.  No limit is specified`;
  if (lim.cmp(enforced) > 0) return `maximum ${name} usage per ${type} is ${enforced}, but limit is ${lim}`;
  if (req && req.cmp(enforced) > 0) return `maximum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: Quantity, requests: ResourceList, limits: ResourceList): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  if (!req || req.isZero()) return `${name} max limit to request ratio per ${type} is ${enforced}, but no request is specified or request is 0`;
  if (!lim || lim.isZero()) return `${name} max limit to request ratio per ${type} is ${enforced}, but no limit is specified or limit is 0`;
  const ratio = lim.milliValue() / req.milliValue();
  if (ratio * 1000 > enforced.milliValue()) return `${name} max limit to request ratio per ${type} is ${enforced}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}
