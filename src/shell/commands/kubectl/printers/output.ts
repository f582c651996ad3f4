/**
 * What `-o` asks for, resolved in kubectl's order (PrintFlags.ToPrinter):
 * templates (jsonpath*, go-template*), json/yaml, the human-readable table
 * ("" or wide), custom columns, name - with kubectl's error messages. And
 * the printers for every format except the table, which prints Tables
 * (see table.ts).
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import { KubectlError } from "../errors.js";
import { CustomColumnsPrinter, columnsFromSpec, columnsFromTemplate, type CustomColumn } from "./customcolumns.js";
import { goJsonMarshal, goQuote, goSprint, goSyntax } from "./gofmt.js";
import { GoTemplate, TemplateError } from "./gotemplate.js";
import { JSONPath, JSONPathError } from "./jsonpath.js";
import { resourceName, toJson, toYaml } from "./index.js";

export type OutputFormat =
  | { kind: "table"; wide: boolean }
  | { kind: "json" }
  | { kind: "yaml" }
  | { kind: "name" }
  | { kind: "jsonpath"; template: string; asJson: boolean }
  | { kind: "go-template"; template: string }
  | { kind: "custom-columns"; columns: CustomColumn[] };

const JSONPATH_FORMATS = ["jsonpath", "jsonpath-file", "jsonpath-as-json"];
const GO_TEMPLATE_FORMATS = ["go-template", "go-template-file", "template", "templatefile"];
const CUSTOM_COLUMNS_FORMATS = ["custom-columns", "custom-columns-file"];

/** Every -o value `kubectl get` accepts, as its error message lists them. */
export const GET_OUTPUT_FORMATS = [...JSONPATH_FORMATS, ...GO_TEMPLATE_FORMATS, ...CUSTOM_COLUMNS_FORMATS, "json", "yaml", "name", "wide"].sort();

export interface OutputOptions {
  /** --template. */
  template?: string;
  /** Reads a file named on the command line; throws Go's os error text ("open x: no such file or directory"). */
  readFile(path: string): Promise<string>;
  /** Formats this command accepts (for the "unable to match a printer" message). */
  allowedFormats?: string[];
  /** Whether this command has a table printer (kubectl get, events); otherwise "" means the name printer... */
  humanReadable?: boolean;
}

/** Splits `jsonpath={.x}` into format and value, as the template flags do. */
function splitFormat(output: string, formats: string[]): { format: string; value: string } | undefined {
  for (const f of formats) {
    if (output.startsWith(`${f}=`)) return { format: f, value: output.slice(f.length + 1) };
  }
  if (formats.includes(output)) return { format: output, value: "" };
  return undefined;
}

export function noCompatiblePrinter(output: string, allowed: string[]): KubectlError {
  return new KubectlError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${[...allowed].sort().join(",")}`);
}

export async function parseOutputFormat(output: string, opts: OutputOptions): Promise<OutputFormat> {
  const template = opts.template ?? "";
  let format = output;
  if (template && format === "") format = "go-template";

  // Templates first: with --template the format names the engine and the flag holds the text.
  const tpl = splitFormat(format, [...JSONPATH_FORMATS, ...GO_TEMPLATE_FORMATS]);
  if (tpl && (template || format !== "")) {
    const value = template || tpl.value;
    if (!value) throw new KubectlError("template format specified but no template given");
    let text = value;
    if (tpl.format === "jsonpath-file" || tpl.format === "go-template-file" || tpl.format === "templatefile") {
      try {
        text = await opts.readFile(value);
      } catch (e) {
        throw new KubectlError(`error reading --template ${value}, ${(e as Error).message}`);
      }
    }
    if (JSONPATH_FORMATS.includes(tpl.format)) {
      try {
        new JSONPath("out").parse(text);
      } catch (e) {
        throw new KubectlError(`error parsing jsonpath ${text}, ${(e as Error).message}`);
      }
      return { kind: "jsonpath", template: text, asJson: tpl.format === "jsonpath-as-json" };
    }
    try {
      new GoTemplate(text);
    } catch (e) {
      throw new KubectlError(`error parsing template ${text}, ${(e as Error).message}`);
    }
    return { kind: "go-template", template: text };
  }

  const lower = format.toLowerCase();
  if (lower === "json") return { kind: "json" };
  if (lower === "yaml") return { kind: "yaml" };
  if (opts.humanReadable !== false && (format === "" || format === "wide")) return { kind: "table", wide: format === "wide" };

  const cc = template ? (CUSTOM_COLUMNS_FORMATS.includes(format) ? { format, value: template } : undefined) : splitFormat(format, CUSTOM_COLUMNS_FORMATS);
  if (cc) {
    if (!cc.value) throw new KubectlError("custom-columns format specified but no custom columns given");
    if (cc.format === "custom-columns-file") {
      let text: string;
      try {
        text = await opts.readFile(cc.value);
      } catch (e) {
        throw new KubectlError(`error reading template ${cc.value}, ${(e as Error).message}\n`);
      }
      return { kind: "custom-columns", columns: columnsFromTemplate(text) };
    }
    return { kind: "custom-columns", columns: columnsFromSpec(cc.value) };
  }
  if (lower === "name") return { kind: "name" };
  throw noCompatiblePrinter(format, opts.allowedFormats ?? GET_OUTPUT_FORMATS);
}

/** A printer for one of the non-table formats. `print` returns the text for one object or List. */
export interface ObjectPrinter {
  print(obj: KubeObject): string;
}

export interface PrinterOptions {
  noHeaders?: boolean;
  /** --allow-missing-template-keys (default true). */
  allowMissingKeys?: boolean;
  showManagedFields?: boolean;
  /** JSON keeps the objects' key order (Go structs, as `kubectl events` prints) instead of sorting (decoded maps). */
  structOrder?: boolean;
  /**
   * Go-template output written before a failed execution's error (kubectl
   * prints its debugging dump to stdout).
   */
  onTemplateDebug?(text: string): void;
}

function isList(obj: KubeObject): boolean {
  return Array.isArray(obj.items) && !!obj.kind?.endsWith("List");
}

/** OmitManagedFieldsPrinter: metadata.managedFields dropped from the object and List items. */
function withoutManagedFields(obj: KubeObject): KubeObject {
  const strip = (o: KubeObject): KubeObject => {
    if (!o?.metadata?.managedFields) return o;
    const { managedFields: _drop, ...metadata } = o.metadata;
    return { ...o, metadata };
  };
  if (isList(obj)) return { ...obj, items: obj.items.map(strip) };
  return strip(obj);
}

export function objectPrinter(format: Exclude<OutputFormat, { kind: "table" }>, opts: PrinterOptions = {}): ObjectPrinter {
  switch (format.kind) {
    case "json":
      return {
        print: (o) => {
          const obj = opts.showManagedFields ? o : withoutManagedFields(o);
          return opts.structOrder ? goJsonMarshal(obj, "    ", 0, false) + "\n" : toJson(obj);
        },
      };
    case "yaml": {
      let count = 0;
      return {
        print: (o) => (++count > 1 ? "---\n" : "") + toYaml(opts.showManagedFields ? o : withoutManagedFields(o)),
      };
    }
    case "name":
      return {
        print: (o) => (isList(o) ? (o.items as KubeObject[]) : [o]).map((x) => `${nameOf(x)}\n`).join(""),
      };
    case "jsonpath": {
      const jp = new JSONPath("out").parse(format.template);
      jp.allowMissingKeys = opts.allowMissingKeys ?? true;
      jp.outputJSON = format.asJson;
      return {
        print(o) {
          try {
            return jp.execute(o);
          } catch (e) {
            if (!(e instanceof JSONPathError)) throw e;
            const info =
              `Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
              `\ttemplate was:\n\t\t${format.template}\n` +
              `\tobject given to jsonpath engine was:\n\t\t${goSyntax(o, false)}\n\n`;
            throw new KubectlError(`error executing jsonpath ${goQuote(format.template)}: ${info}\n`);
          }
        },
      };
    }
    case "go-template": {
      const t = new GoTemplate(format.template);
      t.allowMissingKeys = opts.allowMissingKeys ?? true;
      return {
        print(o) {
          // The template sees the object after a JSON round trip: every number is a float64.
          try {
            return t.execute(o);
          } catch (e) {
            if (!(e instanceof TemplateError)) throw e;
            opts.onTemplateDebug?.(
              `Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
                `\ttemplate was:\n\t\t${format.template}\n` +
                `\traw data was:\n\t\t${goJsonMarshal(o)}\n` +
                `\tobject given to template engine was:\n\t\t${goSprint(o)}\n\n`,
            );
            throw new KubectlError(`error executing template ${goQuote(format.template)}: ${e.message}`);
          }
        },
      };
    }
    case "custom-columns": {
      const p = new CustomColumnsPrinter(format.columns, opts.noHeaders);
      return { print: (o) => p.print(o) };
    }
  }
}

/** The name printer's `kind.group/name` (`<unknown>` for an object without a name). */
function nameOf(obj: KubeObject): string {
  if (!obj.metadata?.name) return resourceName({ ...obj, metadata: { ...obj.metadata, name: "<unknown>" } });
  return resourceName(obj);
}
