/**
 * Log lines as etcd's zap loggers print them. etcd and etcdctl use the JSON
 * encoder (logutil.DefaultZapLoggerConfig: level, ts with microseconds,
 * logger, caller, msg, then the fields); etcdutl uses the console encoder
 * with RFC 3339 seconds (tab-separated, fields as spaced JSON).
 */

export type ZapLevel = "debug" | "info" | "warn" | "error" | "panic" | "fatal";
export type ZapValue = string | number | boolean | bigint | readonly string[];
export type ZapFields = ReadonlyArray<readonly [string, ZapValue]>;

export interface ZapEntry {
  /** Microseconds since the epoch (virtual time). */
  tsMicros: number;
  level: ZapLevel;
  logger?: string;
  caller: string;
  msg: string;
  fields?: ZapFields;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** `2006-01-02T15:04:05.000000Z0700` in UTC (the nodes run in UTC). */
function tsJson(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const d = new Date(ms);
  const frac = pad(d.getUTCMilliseconds(), 3) + pad(Math.floor(micros % 1000), 3);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${frac}Z`;
}

/** time.RFC3339 in UTC. */
function tsRfc3339(micros: number): string {
  return new Date(Math.floor(micros / 1_000_000) * 1000).toISOString().replace(".000Z", "Z");
}

function value(v: ZapValue, spaced: boolean): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return `[${v.map((x) => JSON.stringify(x)).join(spaced ? ", " : ",")}]`;
  return String(v);
}

function fieldsJson(fields: ZapFields, spaced: boolean): string {
  return fields.map(([k, v]) => `${JSON.stringify(k)}:${spaced ? " " : ""}${value(v, spaced)}`).join(spaced ? ", " : ",");
}

export function zapJson(e: ZapEntry): string {
  const head = [`"level":"${e.level}"`, `"ts":"${tsJson(e.tsMicros)}"`];
  if (e.logger) head.push(`"logger":${JSON.stringify(e.logger)}`);
  head.push(`"caller":${JSON.stringify(e.caller)}`, `"msg":${JSON.stringify(e.msg)}`);
  const rest = e.fields?.length ? `,${fieldsJson(e.fields, false)}` : "";
  return `{${head.join(",")}${rest}}`;
}

export function zapConsole(e: ZapEntry): string {
  const parts = [tsRfc3339(e.tsMicros), e.level];
  if (e.logger) parts.push(e.logger);
  parts.push(e.caller, e.msg);
  if (e.fields?.length) parts.push(`{${fieldsJson(e.fields, true)}}`);
  return parts.join("\t");
}

/** A run of log lines a few hundred microseconds apart, as one command prints them. */
export class ZapClock {
  private micros: number;

  constructor(
    nowMs: number,
    private readonly step: () => number,
  ) {
    this.micros = Math.round(nowMs * 1000);
  }

  next(): number {
    this.micros += this.step();
    return this.micros;
  }
}
