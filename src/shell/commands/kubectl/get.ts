/**
 * kubectl get: Display one or many resources.
 *
 * As the real command: the resource builder turns arguments (or -f files)
 * into requests; lists come back as server-printed Tables that the
 * human-readable printer decorates and lays out, other formats print the
 * objects themselves (several of them as a `kind: List`). Missing names are
 * reported per name after the objects that were found; nothing found reads
 * `No resources found in <ns> namespace.` on stderr.
 */
import type { KubeObject } from "../../../cluster/api/types.js";
import { ApiError, ConnectionRefusedError } from "../../../cluster/api/errors.js";
import type { ResourceType } from "../../../cluster/apiserver/resources.js";
import type { Table } from "../../../cluster/apiserver/table.js";
import type { FlagSpec } from "../../flags.js";
import { resolvePath } from "../../tool.js";
import { mapManifest, parseResourceArgs, readManifests } from "./builder.js";
import { readKustomizeManifests } from "./common/file-objects.js";
import { KubectlError, RawError, UsageError, formatApiError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";
import { asList } from "./printers/index.js";
import { goJsonMarshal, goJsonString } from "./printers/gofmt.js";
import { objectPrinter, parseOutputFormat, type ObjectPrinter, type OutputFormat } from "./printers/output.js";
import { SortFieldError, sortByField } from "./printers/sort.js";
import { TablePrinter, type WatchEventType } from "./printers/table.js";
import { TabWriter } from "./printers/tabwriter.js";

const FLAGS: FlagSpec[] = [
  { name: "output", short: "o", type: "string", usage: "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide)." },
  { name: "selector", short: "l", type: "string", usage: "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints." },
  { name: "field-selector", type: "string", usage: "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type." },
  { name: "all-namespaces", short: "A", type: "bool", usage: "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace." },
  { name: "show-labels", type: "bool", usage: "When printing, show all labels as the last column (default hide labels column)" },
  { name: "label-columns", short: "L", type: "stringSlice", usage: "Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2..." },
  { name: "sort-by", type: "string", usage: "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string." },
  { name: "no-headers", type: "bool", usage: "When using the default or custom-column output format, don't print headers (default print headers)." },
  { name: "show-kind", type: "bool", usage: "If present, list the resource type for the requested object(s)." },
  { name: "ignore-not-found", type: "bool", usage: "If set to true, suppresses NotFound error for specific objects that do not exist. Using this flag with commands that query for collections of resources has no effect when no resources are found." },
  { name: "watch", short: "w", type: "bool", usage: "After listing/getting the requested object, watch for changes." },
  { name: "watch-only", type: "bool", usage: "Watch for changes to the requested object(s), without listing/getting first." },
  { name: "output-watch-events", type: "bool", usage: "Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events." },
  { name: "chunk-size", type: "int", default: 500, usage: "Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future." },
  { name: "template", type: "string", usage: "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]." },
  { name: "allow-missing-template-keys", type: "bool", default: true, usage: "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats." },
  { name: "show-managed-fields", type: "bool", usage: "If true, keep the managedFields when printing objects in JSON or YAML format." },
  { name: "server-print", type: "bool", default: true, usage: "If true, have the server return the appropriate table output. Supports extension APIs and CRDs." },
  { name: "filename", short: "f", type: "stringSlice", usage: "Filename, directory, or URL to files identifying the resource to get from a server." },
  { name: "recursive", short: "R", type: "bool", usage: "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory." },
  { name: "kustomize", short: "k", type: "string", usage: "Process the kustomization directory. This flag can't be used together with -f or -R." },
  { name: "raw", type: "string", usage: "Raw URI to request from the server.  Uses the transport specified by the kubeconfig file." },
  { name: "subresource", type: "string", usage: "If specified, gets the subresource of the requested object." },
];

/**
 * What the builder produced: a list of one resource type (printed as one
 * Table), or one object fetched by name.
 */
interface Info {
  resource: ResourceType;
  objects: KubeObject[];
}

interface Plan {
  infos: Info[];
  errors: unknown[];
  /** The resource types asked for (by type arguments or by the kinds in -f files). */
  requested: ResourceType[];
  /** One object named (TYPE NAME, TYPE/NAME or one -f object): generic output prints it bare, not in a List. */
  singleItemImplied: boolean;
}

/** metav1 GroupVersionResource.String(): `/v1, Resource=pods`, `apps/v1, Resource=deployments`. */
function gvrString(r: ResourceType): string {
  return `${r.group}/${r.version}, Resource=${r.plural}`;
}

/** EnhanceListError: kubectl names the list request in BadRequest / NotFound messages. */
function enhanceListError(e: unknown, r: ResourceType, labelSelector: string, fieldSelector: string): unknown {
  if (!(e instanceof ApiError) || (e.reason !== "BadRequest" && e.reason !== "NotFound")) return e;
  const message =
    !labelSelector && !fieldSelector
      ? `Unable to list "${gvrString(r)}": ${e.status.message}`
      : `Unable to find "${gvrString(r)}" that match label selector "${labelSelector}", field selector "${fieldSelector}": ${e.status.message}`;
  return new ApiError({ ...e.status, message });
}

function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.reason === "NotFound";
}

/** Resolves arguments and -f files into requests and runs them, collecting errors as ContinueOnError does. */
async function buildPlan(k: KubectlContext, opts: { allNamespaces: boolean; labelSelector: string; fieldSelector: string; ignoreNotFound: boolean }): Promise<Plan> {
  const filenames = k.flags.values.filename as string[];
  const kustomizeDir = (k.flags.values.kustomize as string) || "";
  const namespaceFor = (r: ResourceType) => (r.namespaced ? (opts.allNamespaces ? undefined : k.namespace) : undefined);
  const infos: Info[] = [];
  const errors: unknown[] = [];
  const fetchByName = (r: ResourceType, namespace: string | undefined, name: string) => {
    try {
      infos.push({ resource: r, objects: [k.client.get(r, namespace, name)] });
    } catch (e) {
      if (e instanceof ConnectionRefusedError) throw e;
      if (!(opts.ignoreNotFound && isNotFound(e))) errors.push(e);
    }
  };

  if (filenames.length > 0 || kustomizeDir) {
    if (k.args.length > 0) {
      throw new KubectlError(
        k.args.some((a) => a.includes("/"))
          ? "resource/name arguments cannot be provided when a path is specified"
          : "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well",
      );
    }
    const manifests = kustomizeDir ? await readKustomizeManifests(k, kustomizeDir) : await readManifests(k.tool, filenames, k.flags.values.recursive as boolean);
    const requested = new Set<ResourceType>();
    for (const m of manifests) {
      const r = mapManifest(k.client, m);
      requested.add(r);
      const own = m.object.metadata?.namespace;
      if (r.namespaced && own && k.namespaceExplicit && own !== k.namespace) {
        throw new KubectlError(`the namespace from the provided object "${own}" does not match the namespace "${k.namespace}". You must pass '--namespace=${own}' to perform this operation.`);
      }
      fetchByName(r, r.namespaced ? own || k.namespace : undefined, m.object.metadata?.name ?? "");
    }
    // One file (not a directory, not stdin) names a single item, whatever it holds.
    const single = !kustomizeDir && filenames.length === 1 && filenames[0] !== "-" && !(await k.tool.fs.stat(resolvePath(k.tool.cwd, filenames[0]))).isDirectory;
    return { infos, errors, requested: [...requested], singleItemImplied: single };
  }

  const tupleForm = k.args.some((a) => a.includes("/"));
  const selections = parseResourceArgs(k.client, k.args);
  const named = selections.some((s) => s.names.length > 0);
  if ((opts.labelSelector || opts.fieldSelector) && named) {
    throw new KubectlError(tupleForm ? "selectors and the all flag cannot be used when passing resource/name arguments" : "name cannot be provided when a selector is specified");
  }
  if ((k.flags.values.subresource as string) && selections.some((s) => s.names.length === 0)) {
    throw new KubectlError("subresource cannot be used when bulk resources are specified");
  }
  if (named && opts.allNamespaces && selections.some((s) => s.resource.namespaced)) {
    throw new KubectlError("a resource cannot be retrieved by name across all namespaces");
  }
  for (const { resource: r, names } of selections) {
    if (names.length === 0) {
      try {
        const list = k.client.list(r, namespaceFor(r), { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector });
        infos.push({ resource: r, objects: list.items });
      } catch (e) {
        if (e instanceof ConnectionRefusedError) throw e;
        errors.push(enhanceListError(e, r, opts.labelSelector, opts.fieldSelector));
      }
      continue;
    }
    for (const name of names) fetchByName(r, namespaceFor(r), name);
  }
  const singleItemImplied = selections.length === 1 && selections[0].names.length === 1;
  return { infos, errors, requested: [...new Set(selections.map((s) => s.resource))], singleItemImplied };
}

/** How kubectl prints several errors at once (MultipleErrors), or the one error as CheckErr would. */
function aggregate(errors: unknown[]): unknown {
  if (errors.length === 1) return errors[0];
  const lines = errors.map((e) => {
    if (e instanceof ApiError) return formatApiError(e);
    return e instanceof Error ? e.message : String(e);
  });
  return new RawError(lines.join("\n"));
}

function fail(errors: unknown[]): never {
  throw aggregate(errors);
}

/** Writes through a tabwriter, with kubectl's blank line between the tables of different resource types. */
class TableOutput {
  written = 0;
  private separatorPending = false;
  readonly writer: TabWriter;

  constructor(private readonly emit: (text: string) => void) {
    this.writer = new TabWriter((text) => {
      if (text.length === 0) return;
      if (this.separatorPending) {
        this.emit("\n");
        this.separatorPending = false;
      }
      this.written += text.length;
      this.emit(text);
    });
  }

  /** A new resource type starts: flush, forget column widths, and separate from what came before. */
  startGroup(separate: boolean): void {
    this.writer.flush();
    this.writer.setRememberedWidths(null);
    if (separate && this.written > 0) this.separatorPending = true;
  }
}

function kindOf(r: ResourceType): { group: string; kind: string } {
  return { group: r.group, kind: r.kind };
}

/**
 * --sort-by with tables. kubectl first sorts the fetched objects themselves,
 * which for several server Tables means sorting the Table objects (a field
 * no Table has is an error); then each Table's rows are sorted as it is
 * printed, and a Table whose rows cannot be sorted is silently not printed.
 */
function sortTables(k: KubectlContext, infos: Info[], sortBy: string): Array<{ info: Info; table: Table | null }> {
  let tables = infos.map((info) => ({ info, table: k.client.table(info.resource, info.objects) }));
  if (tables.length > 1) tables = sortByField(tables, (t) => ({ ...t.table, rows: t.table.rows }), sortBy, false);
  return tables.map(({ info, table }) => {
    if (info.objects.length < 2) return { info, table };
    try {
      const sorted = sortByField(table.rows, (row) => row.object, sortBy, true);
      return { info, table: { ...table, rows: sorted } };
    } catch (e) {
      if (e instanceof SortFieldError) throw e;
      return { info, table: null };
    }
  });
}

/** The human-readable path: server-side Tables, decorated and laid out. */
function printTables(k: KubectlContext, plan: Plan, format: { wide: boolean }, o: GetOptions): number {
  const { infos } = plan;
  const multipleKinds = infos.some((i) => i.resource !== infos[0].resource);
  const tables = o.sortBy ? sortTables(k, infos, o.sortBy) : infos.map((info) => ({ info, table: k.client.table(info.resource, info.objects) }));
  const out = new TableOutput((t) => k.out.out(t));
  let printer: TablePrinter | undefined;
  let last: ResourceType | undefined;
  let allNamespaced = !o.allNamespaces;
  for (const { info, table } of tables) {
    allNamespaced = allNamespaced && info.resource.namespaced;
    if (!printer || info.resource !== last) {
      out.startGroup(!!last && !o.noHeaders);
      printer = new TablePrinter({
        noHeaders: o.noHeaders,
        wide: format.wide,
        withNamespace: o.allNamespaces && info.resource.namespaced,
        withKind: multipleKinds || o.showKind,
        kind: kindOf(info.resource),
        showLabels: o.showLabels,
        columnLabels: o.labelColumns,
      });
      last = info.resource;
    }
    if (table) printer.print(table, out.writer);
  }
  out.writer.flush();
  if (out.written === 0 && !o.ignoreNotFound && plan.errors.length === 0) {
    k.out.errLine(allNamespaced ? `No resources found in ${k.namespace} namespace.` : "No resources found");
  }
  if (plan.errors.length) fail(plan.errors);
  return 0;
}

/** Every other format: one object as itself, anything else as a `kind: List`. */
function printGeneric(k: KubectlContext, plan: Plan, printer: ObjectPrinter, o: GetOptions): number {
  const objects = plan.infos.flatMap((i) => i.objects);
  if (plan.singleItemImplied && plan.errors.length) fail(plan.errors);
  if (objects.length === 0 && o.ignoreNotFound) {
    if (plan.errors.length) fail(plan.errors);
    return 0;
  }
  const errors = [...plan.errors];
  try {
    let obj: KubeObject;
    if (plan.singleItemImplied && objects.length === 1) obj = objects[0];
    else {
      const items = o.sortBy && objects.length > 0 ? sortByField(objects, (x) => x, o.sortBy, false) : objects;
      obj = asList(items) as unknown as KubeObject;
    }
    k.out.out(printer.print(obj));
  } catch (e) {
    // A failed print is reported with the other errors, after them.
    if (!(e instanceof KubectlError)) throw e;
    errors.push(e);
  }
  if (errors.length) fail(errors);
  return 0;
}

interface GetOptions {
  allNamespaces: boolean;
  noHeaders: boolean;
  showKind: boolean;
  showLabels: boolean;
  labelColumns: string[];
  sortBy: string;
  ignoreNotFound: boolean;
  outputWatchEvents: boolean;
  watchOnly: boolean;
}

/**
 * -w / --watch-only. Prints what exists now (as ADDED events with
 * --output-watch-events); in a script the command ends there. At the
 * interactive terminal it then follows the changes (a watch from now,
 * with the same selectors and names), printing each event live until
 * Ctrl-C. `emit` is the one place an event is printed.
 */
async function runWatch(k: KubectlContext, plan: Plan, format: OutputFormat, o: GetOptions, printerFor: () => ObjectPrinter, fromFiles: boolean): Promise<number> {
  // The builder of a watch takes one resource type only.
  if (!fromFiles && plan.requested.length > 1) throw new KubectlError("you may only specify a single resource type");
  if (plan.errors.length) {
    if (o.ignoreNotFound && plan.errors.every(isNotFound)) return 0;
    fail(plan.errors);
  }
  const kinds = new Set(plan.infos.map((i) => i.resource));
  if (kinds.size > 1) throw new KubectlError("watch is only supported on individual resources and resource collections - more than 1 resource was found");
  const info = plan.infos[0];
  if (!info) return 0;
  const eventType: WatchEventType | undefined = o.outputWatchEvents ? "ADDED" : undefined;
  const objects = plan.infos.flatMap((i) => i.objects);
  const terminal = k.tool.terminal;
  // Following, everything goes to the terminal as it happens.
  const sink = terminal ? (t: string) => terminal.write(t) : (t: string) => k.out.out(t);

  let emit: (obj: KubeObject, type?: WatchEventType) => void;
  if (format.kind === "table") {
    const writer = new TabWriter(sink);
    const table = new TablePrinter({
      noHeaders: o.noHeaders,
      wide: format.wide,
      withNamespace: o.allNamespaces && info.resource.namespaced,
      withKind: o.showKind,
      kind: kindOf(info.resource),
      showLabels: o.showLabels,
      columnLabels: o.labelColumns,
    });
    const emitBatch = (batch: KubeObject[], type?: WatchEventType) => {
      table.print(k.client.table(info.resource, batch), writer, type);
      writer.flush();
    };
    if (!o.watchOnly) emitBatch(objects, eventType);
    emit = (obj, type) => emitBatch([obj], type);
  } else {
    // Watch output goes through a tabwriter too (tabs in a jsonpath template line up).
    const printer = printerFor();
    const writer = new TabWriter(sink);
    const print = (obj: KubeObject, type?: WatchEventType) => {
      if (!type || format.kind === "name") return writer.write(printer.print(obj));
      // A metav1.WatchEvent: JSON on one line, in struct order (type, then object).
      if (format.kind === "json") return writer.write(`{"type":${goJsonString(type)},"object":${goJsonMarshal(obj)}}\n`);
      writer.write(printer.print({ type, object: obj } as unknown as KubeObject));
    };
    if (!o.watchOnly) for (const obj of objects) print(obj, eventType);
    writer.flush();
    emit = (obj, type) => {
      print(obj, type);
      writer.flush();
    };
  }
  if (!terminal) return 0;

  // Named objects (TYPE NAME, TYPE/NAME, -f) are watched by name, as the builder's per-object watch does.
  const named = fromFiles || plan.singleItemImplied || k.args.length > 1 || k.args.some((a) => a.includes("/")) ? new Set(objects.map((obj) => obj.metadata?.name)) : undefined;
  const namespace = info.resource.namespaced && !o.allNamespaces ? (objects[0]?.metadata?.namespace ?? k.namespace) : undefined;
  const stop = k.client.watch(info.resource, namespace, { labelSelector: (k.flags.values.selector as string).trim() || undefined, fieldSelector: (k.flags.values["field-selector"] as string).trim() || undefined }, (ev) => {
    if (named && !named.has(ev.object.metadata?.name)) return;
    emit(ev.object, o.outputWatchEvents ? ev.type : undefined);
  });
  try {
    // Until Ctrl-C: the interactive sleep rejects when the terminal's signal aborts.
    for (;;) await k.tool.sleep(60_000);
  } catch {
    return 130;
  } finally {
    stop();
  }
}

/** `kubectl get --raw`: the health endpoints answer `ok`; other paths get the server's NotFound. */
function runRaw(k: KubectlContext, raw: string): number {
  if (k.args.length > 0) throw new KubectlError("arguments may not be passed when --raw is specified");
  k.client.resources(); // reaches the server, or fails with connection refused
  const path = raw.split("?")[0];
  if (["/healthz", "/livez", "/readyz"].includes(path)) {
    k.out.out("ok");
    return 0;
  }
  throw new ApiError({ code: 404, reason: "NotFound", message: "the server could not find the requested resource" });
}

export const getCommand: Subcommand = {
  name: "get",
  short: "Display one or many resources",
  long: `Display one or many resources.

 Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace if you don't specify any namespace.

 By specifying the output as 'template' and providing a Go template as the value of the --template flag, you can filter the attributes of the fetched resources.

Use "kubectl api-resources" for a complete list of supported resources.`,
  examples: `  # List all pods in ps output format
  kubectl get pods

  # List all pods in ps output format with more information (such as node name)
  kubectl get pods -o wide

  # List a single replication controller with specified NAME in ps output format
  kubectl get replicationcontroller web

  # List deployments in JSON output format, in the "v1" version of the "apps" API group
  kubectl get deployments.v1.apps -o json

  # List a single pod in JSON output format
  kubectl get -o json pod web-pod-13je7

  # List a pod identified by type and name specified in "pod.yaml" in JSON output format
  kubectl get -f pod.yaml -o json

  # List resources from a directory with kustomization.yaml - e.g. dir/kustomization.yaml
  kubectl get -k dir/

  # Return only the phase value of the specified pod
  kubectl get -o template pod/web-pod-13je7 --template={{.status.phase}}

  # List resource information in custom columns
  kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image

  # List all replication controllers and services together in ps output format
  kubectl get rc,services

  # List one or more resources by their type and names
  kubectl get rc/web service/frontend pods/web-pod-13je7

  # List the 'status' subresource for a single pod
  kubectl get pod web-pod-13je7 --subresource status

  # List all deployments in namespace 'backend'
  kubectl get deployments.apps --namespace backend

  # List all pods existing in all namespaces
  kubectl get pods --all-namespaces`,
  usage: "kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]",
  flags: FLAGS,
  async run(k) {
    const v = k.flags.values;
    const output = v.output as string;
    const watch = (v.watch as boolean) || (v["watch-only"] as boolean);
    const raw = v.raw as string;
    if (raw) return runRaw(k, raw);

    const o: GetOptions = {
      allNamespaces: v["all-namespaces"] as boolean,
      noHeaders: v["no-headers"] as boolean,
      showKind: v["show-kind"] as boolean,
      showLabels: v["show-labels"] as boolean,
      labelColumns: v["label-columns"] as string[],
      sortBy: v["sort-by"] as string,
      ignoreNotFound: v["ignore-not-found"] as boolean,
      outputWatchEvents: v["output-watch-events"] as boolean,
      watchOnly: v["watch-only"] as boolean,
    };

    // Complete
    if (v.watch && o.sortBy) k.out.errLine("warning: --watch requested, --sort-by will be ignored for watch events received");
    else if (v["watch-only"] && o.sortBy) k.out.errLine("warning: --watch-only requested, --sort-by will be ignored");
    else if (!watch && k.args.length === 0 && (v.filename as string[]).length === 0 && !(v.kustomize as string)) {
      k.out.err('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n');
      throw new UsageError(
        'Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).',
        "kubectl get",
      );
    }
    // Validate
    if (o.showLabels && output !== "" && output !== "wide") throw new KubectlError(`--show-labels option cannot be used with ${output} printer`);
    if (o.outputWatchEvents && !watch) throw new KubectlError("--output-watch-events option can only be used with --watch or --watch-only");

    const plan = await buildPlan(k, {
      allNamespaces: o.allNamespaces,
      labelSelector: (v.selector as string).trim(),
      fieldSelector: (v["field-selector"] as string).trim(),
      ignoreNotFound: o.ignoreNotFound,
    });

    const readFile = async (path: string) => {
      const full = resolvePath(k.tool.cwd, path);
      if (!(await k.tool.fs.exists(full))) throw new Error(`open ${path}: no such file or directory`);
      return k.tool.fs.readFile(full);
    };
    const format = await parseOutputFormat(output, { template: v.template as string, readFile });
    const printerFor = () =>
      objectPrinter(format as Exclude<OutputFormat, { kind: "table" }>, {
        noHeaders: o.noHeaders,
        allowMissingKeys: v["allow-missing-template-keys"] as boolean,
        showManagedFields: v["show-managed-fields"] as boolean,
        onTemplateDebug: (text) => k.out.out(text),
      });

    try {
      if (watch) return runWatch(k, plan, format, o, printerFor, (v.filename as string[]).length > 0);
      if (format.kind === "table") return printTables(k, plan, format, o);
      return printGeneric(k, plan, printerFor(), o);
    } catch (e) {
      if (e instanceof SortFieldError) {
        // The sorter gives up through klog.Exitf.
        throw new RawError(`F${klogHeader(k.now())} sorter.go:354] ${e.message}`);
      }
      throw e;
    }
  },
};

/** klog's header: `MMDD hh:mm:ss.uuuuuu    PID`. */
function klogHeader(now: number): string {
  const d = new Date(now);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}   12345`;
}
