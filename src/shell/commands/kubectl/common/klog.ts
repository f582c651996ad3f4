/**
 * klog's text header, for the few warnings kubectl logs instead of printing
 * (`W0102 10:00:00.123456   12345 helpers.go:731] --dry-run is deprecated ...`).
 * The timestamp is the virtual clock's; the "pid" is derived from it so that
 * runs stay reproducible.
 */
import type { KubectlContext } from "../types.js";

export function klogLine(severity: "I" | "W" | "E", nowMs: number, source: string, message: string): string {
  const d = new Date(nowMs);
  const two = (n: number) => String(n).padStart(2, "0");
  const micros = String((nowMs % 1000) * 1000).padStart(6, "0");
  const pid = 1000 + Math.floor(nowMs / 1000) % 60000;
  const stamp = `${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${micros}`;
  return `${severity}${stamp} ${String(pid).padStart(7)} ${source}] ${message}\n`;
}

export function klogWarning(k: KubectlContext, source: string, message: string): string {
  return klogLine("W", k.now(), source, message);
}
