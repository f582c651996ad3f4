/**
 * Short builders for crictl's flag declarations, and the filters several
 * commands share (parseLabelStringSlice, matchesRegex, the list sorting
 * with --latest / --last).
 */
import type { FlagSpec } from "./cli.js";
import { Fatal } from "./context.js";

type Opts = { aliases?: string[]; value?: FlagSpec["value"]; envVars?: string[] };

export const bool = (name: string, usage: string, o: Opts = {}): FlagSpec => ({ name, kind: "bool", usage, ...o });
export const str = (name: string, usage: string, o: Opts = {}): FlagSpec => ({ name, kind: "string", usage, ...o });
export const int = (name: string, usage: string, o: Opts = {}): FlagSpec => ({ name, kind: "int", usage, ...o });
export const int64 = (name: string, usage: string, o: Opts = {}): FlagSpec => ({ name, kind: "int64", usage, ...o });
export const dur = (name: string, usage: string, o: Opts = {}): FlagSpec => ({ name, kind: "duration", usage, ...o });
export const strs = (name: string, usage: string, o: Opts = {}): FlagSpec => ({ name, kind: "stringSlice", usage, ...o });

export const TEMPLATE_FLAG = str("template", "The template string is only used when output is go-template; The Template format is golang template");

/** parseLabelStringSlice: `key=value` pairs. */
export function parseLabels(pairs: string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const s of pairs) {
    const pair = s.split("=");
    if (pair.length !== 2) throw new Fatal(`incorrectly specified label: ${s}`);
    labels[pair[0]] = pair[1];
  }
  return labels;
}

/** matchesRegex: an unanchored match; an invalid pattern matches nothing. */
export function matchesRegex(pattern: string, target: string): boolean {
  if (!pattern) return true;
  try {
    return new RegExp(pattern).test(target);
  } catch {
    return false;
  }
}

/** Newest first, then cut to --latest (1) or --last n. */
export function newestFirst<T>(items: T[], createdAt: (t: T) => bigint, latest: boolean, last: number): T[] {
  const sorted = [...items].sort((a, b) => (createdAt(b) > createdAt(a) ? 1 : createdAt(b) < createdAt(a) ? -1 : 0));
  let n = sorted.length;
  if (latest) n = 1;
  if (last > 0) n = last;
  return sorted.slice(0, Math.min(n, sorted.length));
}

/** k8s.io/apimachinery's aggregate error text: one message, or `[a, b]` without repeats. */
export function aggregate(errors: string[]): string {
  const seen = [...new Set(errors)];
  return seen.length === 1 ? seen[0] : `[${seen.join(", ")}]`;
}

/** getTruncatedID: 13 characters, after an optional prefix. */
export function truncId(id: string, prefix = ""): string {
  const s = id.startsWith(prefix) ? id.slice(prefix.length) : id;
  return s.length > 13 ? s.slice(0, 13) : s;
}
