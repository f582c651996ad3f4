/**
 * Label selectors: the string form users type (`app=web,tier!=db`,
 * `env in (prod,qa)`, `!canary`) and the structured form objects carry
 * (matchLabels + matchExpressions). Both compile to one Requirement list.
 */
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import { badRequest } from "./errors.js";

export type Operator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

export interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

export type Selector = Requirement[];

export function matches(selector: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const r of selector) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case "=":
      case "==":
      case "in":
        if (!has || !r.values.includes(v)) return false;
        break;
      case "!=":
      case "notin":
        if (has && r.values.includes(v)) return false;
        break;
      case "exists":
        if (!has) return false;
        break;
      case "!":
        if (has) return false;
        break;
      case "gt":
      case "lt": {
        if (!has) return false;
        const n = Number(v);
        const bound = Number(r.values[0]);
        if (!Number.isFinite(n) || (r.op === "gt" ? !(n > bound) : !(n < bound))) return false;
        break;
      }
    }
  }
  return true;
}

/** metav1.LabelSelector -> requirements. An empty selector matches everything; null matches nothing. */
export function fromLabelSelector(sel: LabelSelector | null | undefined): Selector | null {
  if (!sel) return null;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, op: "=", values: [v] });
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator;
    if (op === "In") reqs.push({ key: e.key, op: "in", values: e.values ?? [] });
    else if (op === "NotIn") reqs.push({ key: e.key, op: "notin", values: e.values ?? [] });
    else if (op === "Exists") reqs.push({ key: e.key, op: "exists", values: [] });
    else if (op === "DoesNotExist") reqs.push({ key: e.key, op: "!", values: [] });
    else throw badRequest(`"${op}" is not a valid label selector operator`);
  }
  return reqs;
}

export function selectorMatches(sel: LabelSelector | null | undefined, labels: Record<string, string> | undefined): boolean {
  const s = fromLabelSelector(sel);
  return s !== null && matches(s, labels);
}

/** The canonical string form, as metav1.FormatLabelSelector prints it (`app=web,tier in (a,b)`). */
export function formatLabelSelector(sel: LabelSelector | null | undefined): string {
  if (!sel) return "<none>";
  const parts: string[] = [];
  const reqs = fromLabelSelector(sel) ?? [];
  const sorted = [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const r of sorted) {
    switch (r.op) {
      case "=":
        parts.push(`${r.key}=${r.values[0]}`);
        break;
      case "in":
        parts.push(`${r.key} in (${[...r.values].sort().join(",")})`);
        break;
      case "notin":
        parts.push(`${r.key} notin (${[...r.values].sort().join(",")})`);
        break;
      case "exists":
        parts.push(r.key);
        break;
      case "!":
        parts.push(`!${r.key}`);
        break;
      default:
        parts.push(`${r.key}${r.op}${r.values[0] ?? ""}`);
    }
  }
  const s = parts.join(",");
  return s === "" ? "<none>" : s;
}

/** A map rendered as `k=v,k2=v2` in key order (`--show-labels`, SELECTOR columns). */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return "<none>";
  return keys.map((k) => `${k}=${labels![k]}`).join(",");
}

/**
 * Parses the string form, as labels.Parse does. Errors use the API server's
 * wording for a bad `labelSelector` parameter.
 */
export function parseSelector(text: string): Selector {
  const s = text.trim();
  if (s === "") return [];
  const reqs: Requirement[] = [];
  let i = 0;
  const err = (msg: string) => badRequest(`unable to parse requirement: ${msg}`);
  const skipWs = () => {
    while (i < s.length && s[i] === " ") i++;
  };
  const readKey = (): string => {
    skipWs();
    const start = i;
    while (i < s.length && /[A-Za-z0-9._\-/]/.test(s[i])) i++;
    return s.slice(start, i);
  };
  while (i < s.length) {
    skipWs();
    let negate = false;
    if (s[i] === "!") {
      negate = true;
      i++;
    }
    const key = readKey();
    if (!key) throw err(`found '${s[i] ?? ""}', expected: identifier`);
    skipWs();
    if (negate) {
      reqs.push({ key, op: "!", values: [] });
    } else if (i >= s.length || s[i] === ",") {
      reqs.push({ key, op: "exists", values: [] });
    } else if (s.startsWith("==", i) || s.startsWith("!=", i) || s[i] === "=") {
      const op: Operator = s.startsWith("==", i) ? "==" : s.startsWith("!=", i) ? "!=" : "=";
      i += op.length;
      skipWs();
      const start = i;
      while (i < s.length && s[i] !== "," && s[i] !== " ") i++;
      reqs.push({ key, op, values: [s.slice(start, i)] });
    } else if (s[i] === ">" || s[i] === "<") {
      const op: Operator = s[i] === ">" ? "gt" : "lt";
      i++;
      const start = i;
      while (i < s.length && s[i] !== ",") i++;
      reqs.push({ key, op, values: [s.slice(start, i).trim()] });
    } else {
      const word = /^(notin|in)\s*\(/.exec(s.slice(i));
      if (!word) throw err(`found '${s.slice(i).split(/[ ,]/)[0]}', expected: in, notin, =, ==, !=, gt, lt`);
      i += word[0].length;
      const close = s.indexOf(")", i);
      if (close < 0) throw err("found '', expected: ')'");
      const values = s
        .slice(i, close)
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v !== "");
      i = close + 1;
      reqs.push({ key, op: word[1] === "in" ? "in" : "notin", values });
    }
    skipWs();
    if (i < s.length) {
      if (s[i] !== ",") throw err(`found '${s[i]}', expected: ',' or 'end of string'`);
      i++;
    }
  }
  return reqs;
}

/** Field selectors: `metadata.name=web,spec.nodeName!=node01`. */
export interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
}

export function parseFieldSelector(text: string): FieldRequirement[] {
  const s = text.trim();
  if (s === "") return [];
  return s.split(",").map((part) => {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    return { field: m[1], op: m[2] === "!=" ? "!=" : "=", value: m[3] };
  });
}
