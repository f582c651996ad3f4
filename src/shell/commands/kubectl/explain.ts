/**
 * kubectl explain TYPE[.FIELD...] [--recursive] [--api-version]
 * (pkg/cmd/explain/explain.go, pkg/explain/v2/templates/plaintext.tmpl):
 * the field documentation of the OpenAPI v3 schema the API server publishes,
 * rendered as kubectl's plaintext template does: KIND/VERSION (and GROUP),
 * FIELD with its type, DESCRIPTION wrapped at 76 columns, then FIELDS
 * (sorted, `name\t<type>` with -required-, one level or --recursive).
 *
 * The schema of the built-in kinds is the one the build generates
 * (src/cluster/apiserver/schema); a custom resource's is its CRD's
 * openAPIV3Schema. Both are seen here in the OpenAPI v3 shape (references
 * wrapped in allOf, items, additionalProperties) that the template walks.
 */
import { schemaDb, typeKeyOf, type FieldSchema } from "../../../cluster/apiserver/schema/index.js";
import { apiVersionOf, type ResourceType } from "../../../cluster/apiserver/resources.js";
import type { KubeObject } from "../../../cluster/api/types.js";
import { KubectlError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";

/** The part of an OpenAPI v3 schema the template reads. */
interface Schema {
  ref?: string;
  allOf?: Schema[];
  items?: Schema;
  additionalProperties?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  type?: string;
  description?: string;
  enum?: unknown[];
}

const SCALARS: Record<string, string> = { string: "string", boolean: "boolean", int32: "integer", int64: "integer", float64: "number" };

/**
 * Types with their own JSON form: Time is a string, Quantity and
 * IntOrString are one of several (no type). Their descriptions are those of
 * the Go types (the generated schema keeps none for them; Quantity's long
 * one is left out).
 */
const SPECIAL_REFS: Record<string, Schema> = {
  Time: {
    type: "string",
    description:
      "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.",
  },
  MicroTime: { type: "string", description: "MicroTime is version of Time with microsecond level precision." },
  Quantity: {},
  IntOrString: {
    description:
      "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
  },
};

/** A type expression of the generated schema (see schema/types.ts) in the OpenAPI v3 shape, as a list item or map value. */
function inner(t: string): Schema {
  if (t.startsWith("[]")) return { type: "array", items: inner(t.slice(2)) };
  if (t.startsWith("map[string]")) return { type: "object", additionalProperties: inner(t.slice(11)) };
  if (t.startsWith("#")) return { allOf: [{ ref: t.slice(1) }] };
  if (t in SPECIAL_REFS) return { allOf: [{ ref: t }] };
  if (t === "any") return { type: "object" };
  return { type: SCALARS[t] ?? "string" };
}

function fieldSchema(f: FieldSchema): Schema {
  return { ...inner(f.t), description: f.d };
}

/** The components of the published document: built-in types by schema key, plus the CRDs' schemas. */
class Document {
  private cache = new Map<string, Schema>();

  constructor(private readonly extra: Map<string, Schema> = new Map()) {}

  resolve(ref: string | undefined): Schema | undefined {
    if (!ref) return undefined;
    if (ref in SPECIAL_REFS) return SPECIAL_REFS[ref];
    const extra = this.extra.get(ref);
    if (extra) return extra;
    let s = this.cache.get(ref);
    if (s) return s;
    const t = schemaDb().types[ref];
    if (!t) return undefined;
    const properties: Record<string, Schema> = {};
    for (const [name, f] of Object.entries(t.f)) properties[name] = fieldSchema(f);
    const required = Object.entries(t.f)
      .filter(([, f]) => f.r)
      .map(([name]) => name);
    s = { type: "object", description: t.d, properties, ...(required.length ? { required } : {}) };
    this.cache.set(ref, s);
    return s;
  }
}

// ---------------------------------------------------------------- text helpers (sprig-like funcs of explain/v2)

/** mitchellh/go-wordwrap WrapString (lengths in runes). */
export function wrapString(s: string, lim: number): string {
  const len = (x: string) => [...x].length;
  let out = "";
  let current = 0;
  let word = "";
  let space = "";
  const isSpace = (c: string) => /\s/.test(c) && c !== "\u00a0";
  for (const c of s) {
    if (c === "\n") {
      if (word === "") {
        if (current + len(space) > lim) current = 0;
        else out += space;
      } else out += space + word;
      space = "";
      word = "";
      out += c;
      current = 0;
    } else if (isSpace(c)) {
      if (space === "" || word !== "") {
        current += len(space) + len(word);
        out += space + word;
        space = "";
        word = "";
      }
      space += c;
    } else {
      word += c;
      if (current + len(word) + len(space) > lim && len(word) < lim) {
        out += "\n";
        current = 0;
        space = "";
      }
    }
  }
  if (word === "") {
    if (current + len(space) <= lim) out += space;
  } else out += space + word;
  return out;
}

function indent(amount: number, s: string): string {
  const pad = " ".repeat(amount);
  return pad + s.split("\n").join("\n" + pad);
}

// ---------------------------------------------------------------- the template, step by step

interface Ctx {
  doc: Document;
  recursive: boolean;
}

/** template "typeGuess". */
function typeGuess(ctx: Ctx, s: Schema): string {
  if (s.items) return "[]" + typeGuess(ctx, s.items);
  if (s.additionalProperties) return "map[string]" + typeGuess(ctx, s.additionalProperties);
  if (s.allOf && !s.properties && s.allOf.length === 1) return typeGuess(ctx, s.allOf[0]);
  if (s.ref) {
    const target = ctx.doc.resolve(s.ref);
    if (!target || !target.type || target.type === "object") {
      const name = s.ref.split("/").pop()!;
      return name.split(".").pop() || "Object";
    }
    return target.type;
  }
  if (s.type === "object") return "Object";
  return s.type || "Object";
}

/** template "extractEnum". */
function extractEnum(s: Schema, longView: boolean, limit: number, indentAmount = 0): string {
  if (!s.enum?.length) return "";
  let out = longView ? "ENUM:" : "\n" + " ".repeat(indentAmount) + "enum: ";
  for (let i = 0; i < s.enum.length; i++) {
    if (limit > -1 && i >= limit) {
      out += ", ....";
      break;
    }
    if (i > 0 && !longView) out += ", ";
    else if (longView) out += "\n    ";
    const e = s.enum[i];
    out += e === "" ? '""' : String(e);
  }
  return out;
}

/** template "description": the schema's description, then those of what it is made of. */
function description(ctx: Ctx, schema: Schema): string {
  const s = ctx.doc.resolve(schema.ref) ?? schema;
  let out = s.description ? s.description + "\n" : "";
  for (const a of s.allOf ?? []) out += description(ctx, a);
  if (s.items) out += description(ctx, s.items);
  if (s.additionalProperties) out += description(ctx, s.additionalProperties);
  return out;
}

/** template "fieldDetail". */
function fieldDetail(ctx: Ctx, name: string, parent: Schema, level: number): string {
  const indentAmount = level * 2;
  const field = parent.properties![name];
  let out = indent(indentAmount, name) + `\t<${typeGuess(ctx, field)}>`;
  if (parent.required?.includes(name)) out += " -required-";
  out += extractEnum(field, false, 4, indentAmount) + "\n";
  if (!ctx.recursive) out += indent(indentAmount + 2, wrapString(field.description || "<no description>", 78 - indentAmount)) + "\n\n";
  return out;
}

/** template "fieldList": the fields, sorted; with --recursive their fields too, a reference cycle ending the descent. */
function fieldList(ctx: Ctx, schema: Schema, level: number, history: Set<string>): string {
  const ref = schema.ref ?? "";
  if (ref && history.has(ref)) return "";
  const next = new Set(history).add(ref);
  const s = ctx.doc.resolve(ref) ?? schema;
  let out = "";
  for (const name of Object.keys(s.properties ?? {}).sort()) {
    out += fieldDetail(ctx, name, s, level);
    if (ctx.recursive) out += fieldList(ctx, s.properties![name], level + 1, next);
  }
  for (const a of s.allOf ?? []) out += fieldList(ctx, a, level, next);
  if (s.items) out += fieldList(ctx, s.items, level, next);
  if (s.additionalProperties) out += fieldList(ctx, s.additionalProperties, level, next);
  return out;
}

/** template "output": follows the field path, then prints DESCRIPTION and FIELDS; "" when the path leads nowhere. */
function output(ctx: Ctx, schema: Schema, path: string[], history: Set<string>): string {
  const ref = schema.ref ?? "";
  const next = new Set(history).add(ref);
  const s = ctx.doc.resolve(ref) ?? schema;
  if (path.length === 0) {
    let out = "DESCRIPTION:\n" + indent(4, wrapString(description(ctx, s) || "<empty>", 76)) + "\n";
    const fields = fieldList(ctx, s, 1, new Set());
    if (fields) out += "FIELDS:\n" + fields;
    return out;
  }
  if (ref && history.has(ref)) return "";
  const sub = s.properties?.[path[0]];
  if (sub) {
    let out = "";
    if (path.length === 1) out += `FIELD: ${path[0]} <${typeGuess(ctx, sub)}>\n` + extractEnum(sub, true, -1) + "\n\n";
    return out + output(ctx, sub, path.slice(1), new Set());
  }
  if (s.items) return output(ctx, s.items, path, next);
  if (s.additionalProperties) return output(ctx, s.additionalProperties, path, next);
  for (const a of s.allOf ?? []) {
    const r = output(ctx, a, path, next);
    if (r) return r;
  }
  return "";
}

// ---------------------------------------------------------------- resolving TYPE and the schema of a resource

/** The field names of `pods.spec.containers` after the resource (SplitAndParseResourceRequestWithMatchingPrefix). */
function splitRequest(k: KubectlContext, input: string, withPrefix: boolean): { r: ResourceType; fields: string[] } {
  const text = input.endsWith(".") ? input.slice(0, -1) : input;
  const nodes = text.split(".");
  if (nodes.some((n) => n === "" || /[[\]{}()*@$?]/.test(n))) throw new KubectlError("invalid jsonpath syntax, all nodes must be field nodes");
  const r = k.client.resolve(nodes[0]);
  if (!r) throw new KubectlError(`the server doesn't have a resource type "${nodes[0]}"`);
  const groupResource = r.group ? `${r.plural}.${r.group}` : r.plural;
  if (withPrefix && (text === groupResource || text.startsWith(groupResource + "."))) {
    return { r, fields: text.slice(groupResource.length).split(".").filter(Boolean) };
  }
  return { r, fields: nodes.slice(1) };
}

/** apiVersion, kind and metadata as the server adds them to a CRD's published schema. */
function withObjectMeta(s: Schema): Schema {
  const pod = schemaDb().types["core/v1.Pod"];
  const properties: Record<string, Schema> = { ...(s.properties ?? {}) };
  for (const f of ["apiVersion", "kind", "metadata"]) properties[f] ??= fieldSchema(pod.f[f]);
  return { ...s, type: "object", properties };
}

/** A CRD's JSONSchemaProps as a template schema. */
function fromJsonSchema(p: any): Schema {
  if (!p || typeof p !== "object") return {};
  const s: Schema = {};
  if (p.type) s.type = p.type;
  if (p.description) s.description = p.description;
  if (Array.isArray(p.enum)) s.enum = p.enum;
  if (Array.isArray(p.required)) s.required = p.required;
  if (p.properties) s.properties = Object.fromEntries(Object.entries(p.properties).map(([k, v]) => [k, fromJsonSchema(v)]));
  if (p.items && !Array.isArray(p.items)) s.items = fromJsonSchema(p.items);
  if (p.additionalProperties && typeof p.additionalProperties === "object") s.additionalProperties = fromJsonSchema(p.additionalProperties);
  if (Array.isArray(p.allOf)) s.allOf = p.allOf.map(fromJsonSchema);
  return s;
}

interface Target {
  group: string;
  version: string;
  kind: string;
  schema: Schema;
  doc: Document;
}

/** The published schema of a resource at a group/version, or the template's errors when there is none. */
function targetFor(k: KubectlContext, r: ResourceType, group: string, version: string): Target {
  const gvr = `${group}/${version}, Resource=${r.plural}`;
  const served = new Set(k.client.resources().map(apiVersionOf));
  if (!served.has(group ? `${group}/${version}` : version)) throw new KubectlError(`couldn't find resource for "${gvr}"`);
  const notFound = () => new KubectlError(`GVR (${gvr}) not found in OpenAPI schema`);
  if (r.group !== group || r.version !== version) throw notFound();
  if (r.custom) {
    const crd = k.client.find<KubeObject>("customresourcedefinitions", undefined, `${r.plural}.${r.group}`);
    const v = (crd?.spec?.versions ?? []).find((x: any) => x.name === version);
    if (!v) throw notFound();
    const schema = withObjectMeta(fromJsonSchema(v.schema?.openAPIV3Schema));
    return { group, version, kind: r.kind, schema, doc: new Document() };
  }
  const key = typeKeyOf(`${r.group}/${r.kind}`);
  const doc = new Document();
  const schema = key ? doc.resolve(key) : undefined;
  if (!schema) throw notFound();
  return { group, version, kind: r.kind, schema, doc };
}

export const explainCommand: Subcommand = {
  name: "explain",
  short: "Get documentation for a resource",
  long: `Describe fields and structure of various resources.

 This command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:

        <type>.<fieldName>[.<fieldName>]
        
 Information about each field is retrieved from the server in OpenAPI format.

Use "kubectl api-resources" for a complete list of supported resources.`,
  examples: `  # Get the documentation of the resource and its fields
  kubectl explain pods
  
  # Get all the fields in the resource
  kubectl explain pods --recursive
  
  # Get the explanation for deployment in supported api versions
  kubectl explain deployments --api-version=apps/v1
  
  # Get the documentation of a specific field of a resource
  kubectl explain pods.spec.containers
  
  # Get the documentation of resources in different format
  kubectl explain deployment --output=plaintext-openapiv2`,
  usage: "kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]",
  flags: [
    { name: "api-version", type: "string", usage: "Get different explanations for particular API version (API group/version)" },
    { name: "output", short: "o", type: "string", default: "plaintext", usage: "Format in which to render the schema (plaintext, plaintext-openapiv2)" },
    { name: "recursive", type: "bool", usage: "Print the fields of fields (Currently only 1 level deep)" },
  ],
  run(k) {
    if (k.args.length === 0) {
      throw new KubectlError('You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n');
    }
    if (k.args.length > 1) throw new KubectlError("We accept only this format: explain RESOURCE\n");
    const apiVersion = String(k.flags.values["api-version"] ?? "");
    const format = String(k.flags.values.output ?? "plaintext");
    if (format !== "plaintext" && format !== "plaintext-openapiv2") throw new KubectlError(`unrecognized format: ${format}`);
    k.client.resources(); // the RESTMapper reaches the server first (or fails with connection refused)
    const { r, fields } = splitRequest(k, k.args[0], !apiVersion);
    let group = r.group;
    let version = r.version;
    if (apiVersion) {
      const slash = apiVersion.indexOf("/");
      if (apiVersion.split("/").length > 2) throw new KubectlError(`unexpected GroupVersion string: ${apiVersion}`);
      group = slash < 0 ? "" : apiVersion.slice(0, slash);
      version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    }
    const t = targetFor(k, r, group, version);
    const ctx: Ctx = { doc: t.doc, recursive: k.flags.values.recursive === true };
    const body = output(ctx, t.schema, fields, new Set());
    if (!body) throw new KubectlError(`field "${fields[fields.length - 1]}" does not exist`);
    const head = `${t.group ? `GROUP:      ${t.group}\n` : ""}KIND:       ${t.kind}\nVERSION:    ${t.version}\n\n`;
    k.out.out(head + body + "\n");
    return 0;
  },
};
