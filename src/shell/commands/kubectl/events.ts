/**
 * kubectl events: the newer event listing (kubectl/pkg/cmd/events). Events
 * are fetched (filtered with --for and --types), sorted by when they last
 * happened and printed client-side as LAST SEEN, TYPE, REASON, OBJECT
 * (`Kind/name`), MESSAGE, where a repeated event reads `3m (x5 over 10m)`.
 */
import type { KubeObject } from "../../../cluster/api/types.js";
import { humanDuration } from "../../../cluster/api/duration.js";
import type { FlagSpec } from "../../flags.js";
import { resolvePath } from "../../tool.js";
import { KubectlError, RawError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";
import { goSorted } from "./printers/gosort.js";
import { objectPrinter, parseOutputFormat, type OutputFormat } from "./printers/output.js";
import { escapeTerminal } from "./printers/table.js";
import { TabWriter } from "./printers/tabwriter.js";
import { typedEvent, typedEventList } from "./printers/typed.js";

const EVENTS_OUTPUT_FORMATS = ["go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile", "yaml"];

const FLAGS: FlagSpec[] = [
  { name: "watch", short: "w", type: "bool", usage: "After listing the requested events, watch for more events." },
  { name: "all-namespaces", short: "A", type: "bool", usage: "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace." },
  { name: "for", type: "string", usage: "Filter events to only those pertaining to the specified resource." },
  { name: "types", type: "stringSlice", usage: "Output only events of given types." },
  { name: "no-headers", type: "bool", usage: "When using the default output format, don't print headers." },
  { name: "chunk-size", type: "int", default: 500, usage: "Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future." },
  { name: "output", short: "o", type: "string", usage: "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)." },
  { name: "template", type: "string", usage: "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]." },
  { name: "allow-missing-template-keys", type: "bool", default: true, usage: "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats." },
  { name: "show-managed-fields", type: "bool", usage: "If true, keep the managedFields when printing objects in JSON or YAML format." },
];

const time = (ts: string | null | undefined): number => (ts ? Date.parse(ts) : 0);

/** When an event last happened, for ordering: series, else lastTimestamp, else eventTime. */
function eventTime(e: KubeObject): number {
  if (e.series) return time(e.series.lastObservedTime);
  if (e.lastTimestamp) return time(e.lastTimestamp);
  return time(e.eventTime);
}

function since(ts: string | null | undefined, now: number): string {
  return ts ? humanDuration(now - Date.parse(ts)) : "<unknown>";
}

/** LAST SEEN: `5m`, or `2m (x7 over 20m)` for a repeated event. */
export function eventInterval(e: KubeObject, now: number): string {
  const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** The table kubectl events prints by default (its own EventPrinter, not a server Table). */
class EventPrinter {
  private headersPrinted = false;

  constructor(
    private readonly noHeaders: boolean,
    private readonly allNamespaces: boolean,
  ) {}

  print(events: KubeObject[], now: number): string {
    let out = "";
    if (!this.noHeaders && !this.headersPrinted) {
      out += `${this.allNamespaces ? "NAMESPACE\t" : ""}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`;
      this.headersPrinted = true;
    }
    for (const e of events) {
      if (this.allNamespaces) out += `${e.metadata.namespace ?? ""}\t`;
      const obj = `${escapeTerminal(e.involvedObject?.kind ?? "")}/${escapeTerminal(e.involvedObject?.name ?? "")}`;
      out += `${eventInterval(e, now)}\t${escapeTerminal(e.type ?? "")}\t${escapeTerminal(e.reason ?? "")}\t${obj}\t${escapeTerminal(String(e.message ?? "").trim())}\n`;
    }
    return out;
  }
}

/** --for TYPE/NAME: the kind and group/version the events' involvedObject must name. */
function forObject(k: KubectlContext, spec: string): { kind: string; apiVersion: string; name: string } {
  if (!spec.includes("/")) throw new KubectlError("--for must be in resource/name form");
  const parts = spec.split("/");
  if (parts.length !== 2) throw new KubectlError("arguments in resource/name form may not have more than one slash");
  const r = k.client.resolve(parts[0].toLowerCase());
  // The REST mapper's NoResourceMatchError is printed without the "error: " prefix.
  if (!r) throw new RawError(`the server doesn't have a resource type "${parts[0].toLowerCase()}"`);
  return { kind: r.kind, apiVersion: r.group ? `${r.group}/${r.version}` : r.version, name: parts[1] };
}

export const eventsCommand: Subcommand = {
  name: "events",
  short: "List events",
  long: `Display events.

 Prints a table of the most important information about events. You can request events for a namespace, for all namespace, or filtered to only those pertaining to a specified resource.`,
  examples: `  # List recent events in the default namespace
  kubectl events

  # List recent events in all namespaces
  kubectl events --all-namespaces

  # List recent events for the specified pod, then wait for more events and list them as they arrive
  kubectl events --for pod/web-pod-13je7 --watch

  # List recent events in YAML format
  kubectl events -oyaml

  # List recent only events of type 'Warning' or 'Normal'
  kubectl events --types=Warning,Normal`,
  usage: "kubectl events [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [--types=Normal,Warning] [options]",
  flags: FLAGS,
  async run(k) {
    const v = k.flags.values;
    const allNamespaces = v["all-namespaces"] as boolean;
    const output = v.output as string;
    const target = (v.for as string) ? forObject(k, v.for as string) : undefined;
    const types = [...new Set(v.types as string[])].sort();

    let format: OutputFormat | undefined;
    if (output) {
      const readFile = async (path: string) => {
        const full = resolvePath(k.tool.cwd, path);
        if (!(await k.tool.fs.exists(full))) throw new Error(`open ${path}: no such file or directory`);
        return k.tool.fs.readFile(full);
      };
      format = await parseOutputFormat(output, { template: v.template as string, readFile, humanReadable: false, allowedFormats: EVENTS_OUTPUT_FORMATS });
    }
    for (const t of types) {
      if (t.toLowerCase() !== "normal" && t.toLowerCase() !== "warning") throw new KubectlError("valid --types are Normal or Warning");
    }

    const fieldSelector = target ? `involvedObject.kind=${target.kind},involvedObject.apiVersion=${target.apiVersion},involvedObject.name=${target.name}` : undefined;
    const list = k.client.list("events", allNamespaces ? undefined : k.namespace, { fieldSelector });
    const wanted = (e: KubeObject) => types.length === 0 || types.some((t) => t.toLowerCase() === String(e.type ?? "").toLowerCase());
    const events = list.items.filter(wanted);
    const now = k.now();

    const table = new EventPrinter(v["no-headers"] as boolean, allNamespaces);
    const writer = new TabWriter((t) => k.out.out(t));
    const printer = format && format.kind !== "table"
      ? objectPrinter(format, { structOrder: true, allowMissingKeys: v["allow-missing-template-keys"] as boolean, showManagedFields: v["show-managed-fields"] as boolean, onTemplateDebug: (t) => k.out.out(t) })
      : undefined;

    if (v.watch) {
      // A watch from "now" starts with every existing event (as ADDED), then follows new ones;
      // in a script it ends after what exists.
      for (const e of events) {
        if (printer) k.out.out(printer.print(typedEvent(e)));
        else writer.write(table.print([e], now));
        writer.flush();
      }
      return 0;
    }

    if (events.length === 0) {
      k.out.errLine(allNamespaces ? "No events found." : `No events found in ${k.namespace} namespace.`);
      return 0;
    }
    const sorted = goSorted(events, (a, b) => eventTime(a) < eventTime(b));
    if (printer) {
      // kubectl events ignores what its printer returns: a printer that fails (the name
      // printer refuses a typed EventList) prints nothing, and the command still succeeds.
      try {
        if (format?.kind !== "name") k.out.out(printer.print(typedEventList(sorted)));
      } catch (e) {
        if (!(e instanceof KubectlError)) throw e;
      }
    } else writer.write(table.print(sorted, now));
    writer.flush();
    return 0;
  },
};
