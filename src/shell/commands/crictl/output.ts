/**
 * How crictl's text comes out: logrus lines on stderr (`WARN[0000] msg`,
 * the TTY form, message padded to 44 columns and followed by a space),
 * Go's log.Fatalf, the tables (text/tabwriter: minwidth 20, padding 3),
 * go-units' human durations and sizes, protojson, and the times
 * (time.RFC3339Nano drops trailing zeros).
 */
import { tabulate } from "../kubectl/printers/tabwriter.js";
import { RpcError } from "./cri.js";
import { Fatal, type CrictlContext } from "./context.js";
import { goYamlMarshal } from "../kubectl/printers/yaml.js";
import { goJsonMarshal } from "../kubectl/printers/gofmt.js";
import { GoTemplate } from "../kubectl/printers/gotemplate.js";

export type LogrusLevel = "DEBU" | "INFO" | "WARN" | "ERRO" | "FATA";

/** logrus' TextFormatter on a terminal, without the colour codes a copy-paste loses. */
export function logrusLine(level: LogrusLevel, msg: string): string {
  return `${level}[0000] ${msg.replace(/\n$/, "").padEnd(44)} \n`;
}

/** log.Fatalf with the standard flags: `2026/01/12 08:47:03 msg`. */
export function goLogLine(nowMs: number, msg: string): string {
  const d = new Date(nowMs);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${msg}\n`;
}

/** crictl's table display: rows joined by tabs, tabwriter(minwidth 20, tabwidth 1, padding 3, ' '). */
export function table(rows: string[][]): string {
  if (rows.length === 0) return "";
  return tabulate(rows.map((r) => r.join("\t") + "\n").join(""), { minWidth: 20, padding: 3, rememberWidths: false });
}

/** go-units HumanDuration (v0.5.0), as the CREATED column shows it with " ago". */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(ms / 3_600_000 + 0.5);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(ms / 3_600_000) / 24 / 365)} years`;
}

const DECIMAL_UNITS = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

/** go-units HumanSizeWithPrecision(size, 3): `29.2MB`, `736kB`, `1e+03kB`. */
export function humanSize(bytes: number, precision = 3): string {
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < DECIMAL_UNITS.length - 1) {
    size /= 1000;
    i++;
  }
  return formatG(size, precision) + DECIMAL_UNITS[i];
}

/** fmt's %.<prec>g (strconv.FormatFloat 'g' with a precision). */
export function formatG(f: number, prec: number): string {
  if (f === 0) return "0";
  const [mant, expText] = f.toExponential(prec - 1).split("e");
  const digits = mant.replace("-", "").replace(".", "").replace(/0+$/, "") || "0";
  const exp = Number(expText);
  const nd = digits.length;
  const dp = exp + 1;
  let eprec = prec;
  if (eprec > nd && nd >= dp) eprec = nd;
  const neg = f < 0 ? "-" : "";
  if (exp < -4 || exp >= eprec) {
    const p = Math.min(prec, nd);
    const m = p > 1 ? `${digits[0]}.${digits.slice(1, p)}` : digits[0];
    return `${neg}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  const decimals = Math.max((prec > dp ? nd : prec) - dp, 0);
  return neg + Math.abs(f).toFixed(decimals);
}

/** time.Time.Format(time.RFC3339Nano) in UTC: fraction without trailing zeros. */
export function rfc3339Nano(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const frac = (ns % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, frac ? `.${frac}Z` : "Z");
}

/** The zero time.Time, formatted. */
export const ZERO_TIME = "0001-01-01T00:00:00Z";

/** protojson.MarshalOptions{EmitDefaultValues: true, Indent: "  "}: fields in proto order as given. */
export function protoJson(message: unknown): string {
  return JSON.stringify(message, null, 2);
}

/** sigs.k8s.io/yaml JSONToYAML of a JSON document. */
export function jsonToYaml(json: unknown): string {
  return goYamlMarshal(json);
}

/** encoding/json Marshal then json.Indent(.., "", "  "): keys sorted at every level, `<>&` escaped. */
export function goJsonIndent(value: unknown): string {
  return goJsonMarshal(value, "  ");
}

/** One inspected object: its status (or image) as decoded JSON, and the runtime's info strings. */
export interface StatusData {
  status?: unknown;
  info: Record<string, string>;
}

/**
 * outputStatusData: each object becomes `{status, <info keys>}` (info values
 * that hold JSON objects decoded), one object alone or a list; printed as
 * indented JSON (sorted keys), YAML or a go-template.
 */
export function outputStatusData(statuses: StatusData[], format: string, template: string): string {
  if (statuses.length === 0) return "";
  const result = statuses.map((s) => {
    const m: Record<string, unknown> = {};
    if (s.status !== undefined) m.status = s.status;
    for (const k of Object.keys(s.info).sort()) {
      const v = s.info[k];
      m[k] = v.startsWith("{") ? JSON.parse(v) : v.replace(/^"+|"+$/g, "");
    }
    return m;
  });
  const doc: unknown = result.length === 1 ? result[0] : result;
  switch (format) {
    case "yaml":
      return jsonToYaml(doc) + "\n";
    case "json":
      return goJsonIndent(doc) + "\n";
    case "go-template":
      return executeTemplate(template, doc) + "\n";
    default:
      throw new Error(`unsupported format: ${JSON.stringify(format)}`);
  }
}

/** tmplExecuteRawJSON: text/template over the decoded JSON, missingkey=error. */
export function executeTemplate(template: string, data: unknown): string {
  let t: GoTemplate;
  try {
    t = new GoTemplate(template, "tmplExecuteRawJSON");
  } catch (e) {
    throw new Error(`failed to generate go-template: ${(e as Error).message}`);
  }
  t.allowMissingKeys = false;
  try {
    return t.execute(data);
  } catch (e) {
    throw new Error(`failed to template data: ${(e as Error).message}`);
  }
}

/** One kind of object `crictl inspect`/`inspectp` reports on. */
export interface StatusSource {
  /** "containers" or "pod sandboxes", as the error messages say. */
  plural: string;
  /** The CRI call, e.g. containerStatus; throws RpcError for an unknown id. */
  fetch(id: string, verbose: boolean): { status: Record<string, unknown>; info: Record<string, string> };
  table(status: Record<string, unknown>, info: Record<string, string>, verbose: boolean): string;
  /** The status as the JSON/YAML output shows it (times in RFC 3339). */
  json(status: Record<string, unknown>): Record<string, unknown>;
}

/** crictl's inspect loop (container.go / sandbox.go share it): status per id, as a table or one JSON/YAML/go-template document. */
export function inspectStatuses(c: CrictlContext, ids: string[], src: StatusSource): void {
  if (ids.length === 0) {
    c.log("ERRO", "No IDs provided or nothing found per filter");
    return c.showHelp();
  }
  const output = c.flags.string("output") || "json";
  const verbose = !c.flags.bool("quiet");
  const statuses: StatusData[] = [];
  const singular = src.plural === "containers" ? "container" : "pod sandbox";
  for (const id of ids) {
    let r;
    try {
      r = src.fetch(id, verbose);
    } catch (e) {
      if (e instanceof RpcError) throw new Fatal(`get the status of ${src.plural}: get ${singular} status: ${e.message}`);
      throw e;
    }
    if (output === "table") c.out.out(src.table(r.status, r.info, verbose));
    else statuses.push({ status: src.json(r.status), info: r.info });
  }
  try {
    c.out.out(outputStatusData(statuses, output, c.flags.string("template")));
  } catch (e) {
    throw new Fatal(`get the status of ${src.plural}: ${(e as Error).message}`);
  }
}
