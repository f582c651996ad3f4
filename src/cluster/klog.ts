/**
 * klog's text header, as every Kubernetes component and the kubelet print
 * it: `E0418 12:54:45.660923    1533 file.go:187] message` (severity, month
 * and day, time with microseconds, the pid right-aligned in 7 columns, the
 * source file and line).
 */
export type KlogSeverity = "I" | "W" | "E" | "F";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

export function klogLine(nowMs: number, severity: KlogSeverity, pid: number, file: string, msg: string): string {
  const d = new Date(nowMs);
  const micros = pad(d.getUTCMilliseconds(), 3) + pad(Math.floor((nowMs % 1) * 1000), 3);
  return `${severity}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${micros} ${String(pid).padStart(7)} ${file}] ${msg}`;
}
