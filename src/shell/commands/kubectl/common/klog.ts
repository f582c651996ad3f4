/**
 * klog's text header (cluster/klog.ts), for the few warnings kubectl logs
 * instead of printing
 * (`W0102 10:00:00.123456   12345 helpers.go:731] --dry-run is deprecated ...`).
 * The timestamp is the virtual clock's; the "pid" is derived from it so that
 * runs stay reproducible.
 */
import { klogLine as klogHeader } from "../../../../cluster/klog.js";
import type { KubectlContext } from "../types.js";

/** A klog line of kubectl's own, newline-terminated. */
export function klogLine(severity: "I" | "W" | "E", nowMs: number, source: string, message: string): string {
  const pid = 1000 + (Math.floor(nowMs / 1000) % 60000);
  return `${klogHeader(nowMs, severity, pid, source, message)}\n`;
}

export function klogWarning(k: KubectlContext, source: string, message: string): string {
  return klogLine("W", k.now(), source, message);
}
