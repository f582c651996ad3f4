/**
 * The two log formats of the control plane: klog text (the Kubernetes
 * components, PID 1 in their containers) and zap JSON (etcd). Both go to
 * stderr, which is what `crictl logs` and `kubectl logs` show.
 */
import { klogLine, type KlogSeverity } from "../klog.js";
import type { ProcessContext } from "../kubelet/runtime/process.js";

/** klog's structured form (`InfoS`): the message quoted, then key="value" pairs, strings quoted as Go's %q does. */
export function structured(msg: string, kv: Record<string, string | number | boolean> = {}): string {
  const parts = [JSON.stringify(msg)];
  for (const [k, v] of Object.entries(kv)) parts.push(`${k}=${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
  return parts.join(" ");
}

/** A Kubernetes component's klog output (pid 1 in its container). */
export class Klog {
  constructor(private readonly ctx: ProcessContext) {}

  line(severity: KlogSeverity, file: string, msg: string): void {
    this.ctx.err(`${klogLine(this.ctx.now(), severity, 1, file, msg)}\n`);
  }

  info(file: string, msg: string): void {
    this.line("I", file, msg);
  }

  warn(file: string, msg: string): void {
    this.line("W", file, msg);
  }

  error(file: string, msg: string): void {
    this.line("E", file, msg);
  }

  /**
   * component-base cli.Run (cli/run.go:72 at v0.34.1): an error returned by
   * the command after logging was set up is logged, and the process exits 1.
   */
  commandFailed(err: string): number {
    this.error("run.go:72", structured("command failed", { err }));
    return 1;
  }

  /** klog.Fatalf: an F line, then os.Exit(255) (the goroutine dump that follows is not reproduced). */
  fatal(file: string, msg: string): number {
    this.line("F", file, msg);
    return 255;
  }
}

export type ZapLevel = "debug" | "info" | "warn" | "error" | "fatal";

/**
 * etcd's zap JSON line (client/pkg/logutil/zap.go DefaultZapLoggerConfig:
 * keys level, ts, caller, msg; time as 2006-01-02T15:04:05.000000Z0700).
 */
export function zapLine(nowMs: number, level: ZapLevel, caller: string, msg: string, fields: Record<string, unknown> = {}): string {
  const ts = new Date(nowMs).toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}${String(Math.floor((nowMs % 1) * 1000)).padStart(3, "0")}Z`);
  return JSON.stringify({ level, ts, caller, msg, ...fields });
}

/** A Go stack as zap prints it under "stacktrace" (frames: function, file:line). */
export function goStack(frames: readonly [string, string][]): string {
  return frames.map(([fn, at]) => `${fn}\n\t${at}`).join("\n");
}
