/**
 * genericclioptions.PrintFlags for the mutating commands: no -o prints
 * `kind.group/name <operation>` (with ` (dry run)` / ` (server dry run)`),
 * `-o name` the bare name, `-o yaml|json` the object. Objects kubectl built
 * itself (the create generators) are Go structs: their JSON keeps the
 * struct's field order, while objects read back from the server are maps
 * and come out with sorted keys.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import { resolvePath } from "../../../tool.js";
import { resourceName } from "../printers/index.js";
import { noCompatiblePrinter, objectPrinter, parseOutputFormat, type ObjectPrinter as FormatPrinter, type OutputFormat } from "../printers/output.js";
import type { KubectlContext } from "../types.js";
import type { DryRunStrategy } from "./flags.js";

/** The -o values of the mutating commands (PrintFlags without the table printers), as their error lists them. */
const ALLOWED_FORMATS = [
  "go-template",
  "go-template-file",
  "json",
  "jsonpath",
  "jsonpath-as-json",
  "jsonpath-file",
  "name",
  "template",
  "templatefile",
  "yaml",
];

/**
 * PrintFlags.ToPrinter without the table printers: --template without -o
 * is a go-template; otherwise -o decides, an empty one being the name
 * printer (undefined here: callers print names their own way). An unknown
 * format fails with the list of allowed ones; template files are read
 * relative to the working directory. `defaultOutput` is -o's default.
 */
export async function printFlagsFormat(k: KubectlContext, defaultOutput = ""): Promise<Exclude<OutputFormat, { kind: "table" }> | undefined> {
  const template = String(k.flags.values.template ?? "");
  const output = template && !k.flags.changed.has("output") ? "go-template" : String(k.flags.values.output ?? defaultOutput);
  if (output === "") return undefined;
  if (!ALLOWED_FORMATS.includes(output.split("=")[0])) throw noCompatiblePrinter(output, ALLOWED_FORMATS);
  const format = await parseOutputFormat(output, {
    template,
    allowedFormats: ALLOWED_FORMATS,
    humanReadable: false,
    readFile: async (path) => {
      const abs = resolvePath(k.tool.cwd, path);
      if (!(await k.tool.fs.exists(abs))) throw new Error(`open ${path}: no such file or directory`);
      return k.tool.fs.readFile(abs);
    },
  });
  return format as Exclude<OutputFormat, { kind: "table" }>;
}

export interface PrinterOptions {
  /** created, configured, deleted, scaled... */
  operation: string;
  dryRun: DryRunStrategy;
}

export class ObjectPrinter {
  private printers = new Map<boolean, FormatPrinter>();

  private constructor(
    private readonly k: KubectlContext,
    private readonly opts: PrinterOptions,
    /** Undefined: no -o, the `kind.group/name <operation>` line. */
    private readonly format: Exclude<OutputFormat, { kind: "table" }> | undefined,
  ) {}

  /** Resolves -o (and --template) as PrintFlags.ToPrinter does; a bad format fails before anything is sent. */
  static async create(k: KubectlContext, opts: PrinterOptions): Promise<ObjectPrinter> {
    return new ObjectPrinter(k, opts, await printFlagsFormat(k));
  }

  /** True when -o asks for the object itself (yaml/json/templates) rather than a name line. */
  get printsObjects(): boolean {
    return this.format !== undefined && this.format.kind !== "name";
  }

  operationText(operation = this.opts.operation): string {
    if (this.opts.dryRun === "client") return `${operation} (dry run)`;
    if (this.opts.dryRun === "server") return `${operation} (server dry run)`;
    return operation;
  }

  /** Prints one object; `typed` marks an object kubectl generated (Go struct field order in JSON). */
  print(obj: KubeObject, opts: { typed?: boolean; operation?: string } = {}): void {
    if (!this.format) {
      this.k.out.line(`${resourceName(obj)} ${this.operationText(opts.operation)}`);
      return;
    }
    const typed = opts.typed === true;
    let printer = this.printers.get(typed);
    if (!printer) {
      printer = objectPrinter(this.format, {
        allowMissingKeys: this.k.flags.values["allow-missing-template-keys"] !== false,
        showManagedFields: this.k.flags.values["show-managed-fields"] === true,
        structOrder: typed,
      });
      this.printers.set(typed, printer);
    }
    this.k.out.out(printer.print(obj));
  }
}
