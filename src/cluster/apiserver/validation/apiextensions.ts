/**
 * Validation of CustomResourceDefinitions
 * (k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation): the
 * name must be <plural>.<group>, names must be DNS labels, exactly one
 * version is stored, every served version has a structural schema, printer
 * columns are well formed, and scope, group and names do not change.
 */
import { fe, goJsonStruct, type FieldError } from "../../api/field-errors.js";
import type { KubeObject } from "../../api/types.js";
import type { Validator } from "../strategy.js";
import { isDNS1035Label, isDNS1123Subdomain, validateImmutable } from "./helpers.js";

type J = Record<string, any>;

function validateNames(names: J, fld: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ["plural", "singular"]) {
    const v: string = names[f] ?? "";
    const m = isDNS1035Label(v);
    if (v && m.length) errs.push(fe.invalid(`${fld}.${f}`, v, m.join(",")));
  }
  for (const f of ["kind", "listKind"]) {
    const v: string = names[f] ?? "";
    const m = isDNS1035Label(v.toLowerCase());
    if (v && m.length) errs.push(fe.invalid(`${fld}.${f}`, v, `may have mixed case, but should otherwise match: ${m.join(",")}`));
  }
  ((names.shortNames ?? []) as string[]).forEach((s, i) => {
    const m = isDNS1035Label(s);
    if (m.length) errs.push(fe.invalid(`${fld}.shortNames[${i}]`, s, m.join(",")));
  });
  if (names.kind && names.kind === names.listKind) errs.push(fe.invalid(`${fld}.listKind`, names.listKind, "kind and listKind may not be the same"));
  ((names.categories ?? []) as string[]).forEach((c, i) => {
    const m = isDNS1035Label(c);
    if (m.length) errs.push(fe.invalid(`${fld}.categories[${i}]`, c, m.join(",")));
  });
  return errs;
}

const SCHEMA_TYPES = ["array", "boolean", "integer", "number", "object", "string"];

/** The structural-schema rules that matter in practice: a type everywhere, an object root, only name/generateName under metadata. */
function validateStructural(s: J | undefined, fld: string, root: boolean, errs: FieldError[]): void {
  if (!s || typeof s !== "object") return;
  const intOrString = s["x-kubernetes-int-or-string"] === true;
  const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
  if (s["x-kubernetes-preserve-unknown-fields"] === false) errs.push(fe.invalid(`${fld}.x-kubernetes-preserve-unknown-fields`, false, "must be true or undefined"));
  if (!s.type) {
    if (root) errs.push(fe.required(`${fld}.type`, "must not be empty at the root"));
    else if (!intOrString && !preserve) errs.push(fe.required(`${fld}.type`, "must not be empty for specified object fields"));
  } else if (!SCHEMA_TYPES.includes(s.type)) {
    errs.push(fe.notSupported(`${fld}.type`, s.type, SCHEMA_TYPES));
  }
  if (root && s.type && s.type !== "object") errs.push(fe.invalid(`${fld}.type`, s.type, "must be object at the root"));
  if (s.properties && s.additionalProperties !== undefined && s.additionalProperties !== false) {
    errs.push(fe.forbidden(`${fld}.additionalProperties`, "additionalProperties and properties are mutual exclusive"));
  }
  for (const [k, p] of Object.entries((s.properties ?? {}) as Record<string, J>)) {
    if (root && k === "metadata" && p && typeof p === "object") {
      for (const mk of Object.keys(p.properties ?? {})) {
        if (mk !== "name" && mk !== "generateName") errs.push(fe.forbidden(`${fld}.properties[metadata].properties[${mk}]`, "must not be specified"));
      }
      continue;
    }
    validateStructural(p, `${fld}.properties[${k}]`, false, errs);
  }
  if (s.items && typeof s.items === "object" && !Array.isArray(s.items)) validateStructural(s.items, `${fld}.items`, false, errs);
  if (s.type === "array" && !s.items) errs.push(fe.required(`${fld}.items`, "must be specified"));
  if (typeof s.additionalProperties === "object") validateStructural(s.additionalProperties, `${fld}.additionalProperties`, false, errs);
  if (s.pattern !== undefined) {
    try {
      new RegExp(s.pattern, "u");
    } catch (e) {
      errs.push(fe.invalid(`${fld}.pattern`, s.pattern, `must be a valid regular expression, but isn't: ${(e as Error).message}`));
    }
  }
}

const COLUMN_TYPES = ["boolean", "date", "integer", "number", "string"];
const COLUMN_FORMATS = ["byte", "date", "date-time", "double", "float", "int32", "int64", "name", "password"];

function validateVersion(v: J, fld: string, errs: FieldError[]): void {
  if (!v.name) errs.push(fe.required(`${fld}.name`));
  else for (const m of isDNS1035Label(v.name)) errs.push(fe.invalid(`${fld}.name`, v.name, m));
  const schema = v.schema?.openAPIV3Schema;
  if (!schema) errs.push(fe.required(`${fld}.schema.openAPIV3Schema`, "schemas are required"));
  else validateStructural(schema, `${fld}.schema.openAPIV3Schema`, true, errs);
  const seen = new Set<string>();
  ((v.additionalPrinterColumns ?? []) as J[]).forEach((c, i) => {
    const p = `${fld}.additionalPrinterColumns[${i}]`;
    if (!c.name) errs.push(fe.required(`${p}.name`));
    else if (seen.has(c.name)) errs.push(fe.duplicate(`${p}.name`, c.name));
    seen.add(c.name);
    if (!c.type) errs.push(fe.required(`${p}.type`));
    else if (!COLUMN_TYPES.includes(c.type)) errs.push(fe.notSupported(`${p}.type`, c.type, COLUMN_TYPES));
    if (c.format && !COLUMN_FORMATS.includes(c.format)) errs.push(fe.notSupported(`${p}.format`, c.format, COLUMN_FORMATS));
    if (!c.jsonPath) errs.push(fe.required(`${p}.jsonPath`));
    else if (!String(c.jsonPath).startsWith(".") && !String(c.jsonPath).startsWith("{")) errs.push(fe.invalid(`${p}.jsonPath`, c.jsonPath, "must be a simple json path starting with ."));
    if ((c.priority ?? 0) < 0) errs.push(fe.invalid(`${p}.priority`, c.priority, "must be greater than or equal to 0"));
  });
  const scale = v.subresources?.scale;
  if (scale) {
    for (const f of ["specReplicasPath", "statusReplicasPath"]) {
      const path: string = scale[f] ?? "";
      if (!path) errs.push(fe.required(`${fld}.subresources.scale.${f}`));
      else if (!path.startsWith(".")) errs.push(fe.invalid(`${fld}.subresources.scale.${f}`, path, "should be a json path under .spec"));
    }
  }
}

/** json.Marshal of the internal []apiextensions.CustomResourceDefinitionVersion (Go field names, nothing omitted). */
function goVersions(versions: J[]): unknown[] {
  return versions.map((v) =>
    goJsonStruct([
      ["Name", v.name ?? ""],
      ["Served", !!v.served],
      ["Storage", !!v.storage],
      ["Deprecated", !!v.deprecated],
      ["DeprecationWarning", v.deprecationWarning ?? null],
      ["Schema", v.schema ? goJsonStruct([["OpenAPIV3Schema", goSchemaProps(v.schema.openAPIV3Schema)]]) : null],
      ["Subresources", v.subresources ? goJsonStruct([["Status", v.subresources.status ?? null], ["Scale", v.subresources.scale ? goJsonStruct([["SpecReplicasPath", v.subresources.scale.specReplicasPath ?? ""], ["StatusReplicasPath", v.subresources.scale.statusReplicasPath ?? ""], ["LabelSelectorPath", v.subresources.scale.labelSelectorPath ?? null]]) : null]]) : null],
      [
        "AdditionalPrinterColumns",
        v.additionalPrinterColumns
          ? (v.additionalPrinterColumns as J[]).map((c) =>
              goJsonStruct([
                ["Name", c.name ?? ""],
                ["Type", c.type ?? ""],
                ["Format", c.format ?? ""],
                ["Description", c.description ?? ""],
                ["Priority", c.priority ?? 0],
                ["JSONPath", c.jsonPath ?? ""],
              ]),
            )
          : null,
      ],
      ["SelectableFields", v.selectableFields ? (v.selectableFields as J[]).map((f) => goJsonStruct([["JSONPath", f.jsonPath ?? ""]])) : null],
    ]),
  );
}

/** json.Marshal of an internal apiextensions.JSONSchemaProps (every field, Go names). */
function goSchemaProps(s: J | undefined): unknown {
  if (!s) return null;
  const sub = (x: J | undefined) => (x ? goSchemaProps(x) : null);
  const subMap = (m: Record<string, J> | undefined) => (m ? Object.fromEntries(Object.entries(m).map(([k, x]) => [k, goSchemaProps(x)])) : null);
  const subList = (l: J[] | undefined) => (l ? l.map((x) => goSchemaProps(x)) : null);
  const orBool = (x: unknown) => (x === undefined ? null : typeof x === "boolean" ? goJsonStruct([["Allows", x], ["Schema", null]]) : goJsonStruct([["Allows", true], ["Schema", sub(x as J)]]));
  return goJsonStruct([
    ["ID", s.id ?? ""],
    ["Schema", s.$schema ?? ""],
    ["Ref", s.$ref ?? null],
    ["Description", s.description ?? ""],
    ["Type", s.type ?? ""],
    ["Nullable", !!s.nullable],
    ["Format", s.format ?? ""],
    ["Title", s.title ?? ""],
    ["Default", s.default ?? null],
    ["Maximum", s.maximum ?? null],
    ["ExclusiveMaximum", !!s.exclusiveMaximum],
    ["Minimum", s.minimum ?? null],
    ["ExclusiveMinimum", !!s.exclusiveMinimum],
    ["MaxLength", s.maxLength ?? null],
    ["MinLength", s.minLength ?? null],
    ["Pattern", s.pattern ?? ""],
    ["MaxItems", s.maxItems ?? null],
    ["MinItems", s.minItems ?? null],
    ["UniqueItems", !!s.uniqueItems],
    ["MultipleOf", s.multipleOf ?? null],
    ["Enum", s.enum ?? null],
    ["MaxProperties", s.maxProperties ?? null],
    ["MinProperties", s.minProperties ?? null],
    ["Required", s.required ?? null],
    ["Items", s.items ? goJsonStruct([["Schema", Array.isArray(s.items) ? null : sub(s.items)], ["JSONSchemas", Array.isArray(s.items) ? subList(s.items) : null]]) : null],
    ["AllOf", subList(s.allOf)],
    ["OneOf", subList(s.oneOf)],
    ["AnyOf", subList(s.anyOf)],
    ["Not", sub(s.not)],
    ["Properties", subMap(s.properties)],
    ["AdditionalProperties", orBool(s.additionalProperties)],
    ["PatternProperties", subMap(s.patternProperties)],
    ["Dependencies", s.dependencies ?? null],
    ["AdditionalItems", orBool(s.additionalItems)],
    ["Definitions", subMap(s.definitions)],
    ["ExternalDocs", s.externalDocs ? goJsonStruct([["Description", s.externalDocs.description ?? ""], ["URL", s.externalDocs.url ?? ""]]) : null],
    ["Example", s.example ?? null],
    ["XPreserveUnknownFields", s["x-kubernetes-preserve-unknown-fields"] ?? null],
    ["XEmbeddedResource", !!s["x-kubernetes-embedded-resource"]],
    ["XIntOrString", !!s["x-kubernetes-int-or-string"]],
    ["XListMapKeys", s["x-kubernetes-list-map-keys"] ?? null],
    ["XListType", s["x-kubernetes-list-type"] ?? null],
    ["XMapType", s["x-kubernetes-map-type"] ?? null],
    ["XValidations", s["x-kubernetes-validations"] ?? null],
  ]);
}

function validateCRD(crd: KubeObject): FieldError[] {
  const spec: J = crd.spec ?? {};
  const names: J = spec.names ?? {};
  const errs: FieldError[] = [];
  const expected = `${names.plural ?? ""}.${spec.group ?? ""}`;
  if (crd.metadata.name !== expected) errs.push(fe.invalid("metadata.name", crd.metadata.name ?? "", 'must be spec.names.plural+"."+spec.group'));
  if (!spec.group) errs.push(fe.required("spec.group"));
  else {
    for (const m of isDNS1123Subdomain(spec.group)) errs.push(fe.invalid("spec.group", spec.group, m));
    if (spec.group.split(".").length < 2) errs.push(fe.invalid("spec.group", spec.group, "should be a domain with at least one dot"));
  }
  if (!spec.scope) errs.push(fe.required("spec.scope"));
  else if (!["Cluster", "Namespaced"].includes(spec.scope)) errs.push(fe.notSupported("spec.scope", spec.scope, ["Cluster", "Namespaced"]));
  const versions: J[] = spec.versions ?? [];
  if (!versions.length) errs.push(fe.invalid("spec.versions", goVersions(versions), "must have exactly one version marked as storage version"));
  const seen = new Set<string>();
  let storage = 0;
  versions.forEach((v, i) => {
    if (seen.has(v.name)) errs.push(fe.invalid(`spec.versions[${i}].name`, v.name, "must be unique"));
    seen.add(v.name);
    if (v.storage) storage++;
    validateVersion(v, `spec.versions[${i}]`, errs);
  });
  if (versions.length && storage !== 1) errs.push(fe.invalid("spec.versions", goVersions(versions), "must have exactly one version marked as storage version"));
  if (versions.length && !versions.some((v) => v.served)) errs.push(fe.invalid("spec.versions", goVersions(versions), "must have at least one version marked as served"));
  for (const f of ["plural", "singular", "kind", "listKind"]) if (!names[f]) errs.push(fe.required(`spec.names.${f}`));
  errs.push(...validateNames(names, "spec.names"));
  const strategy = spec.conversion?.strategy;
  if (strategy !== undefined && !["None", "Webhook"].includes(strategy)) errs.push(fe.notSupported("spec.conversion.strategy", strategy, ["None", "Webhook"]));
  if (spec.preserveUnknownFields === true) errs.push(fe.invalid("spec.preserveUnknownFields", true, "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"));
  return errs;
}

const customResourceDefinition: Validator = {
  create: (obj) => validateCRD(obj),
  update: (obj, old, ctx) => {
    if (ctx.subresource === "status") {
      const errs: FieldError[] = [];
      const served = new Set(((obj.spec?.versions ?? []) as J[]).map((v) => v.name));
      ((obj.status?.storedVersions ?? []) as string[]).forEach((v, i) => {
        if (!served.has(v)) errs.push(fe.invalid(`status.storedVersions[${i}]`, v, "must appear in spec.versions"));
      });
      return errs;
    }
    const errs = validateCRD(obj);
    errs.push(...validateImmutable(obj.spec?.scope, old.spec?.scope, "spec.scope"));
    errs.push(...validateImmutable(obj.spec?.group, old.spec?.group, "spec.group"));
    const stored: string[] = old.status?.storedVersions ?? [];
    const names = new Set(((obj.spec?.versions ?? []) as J[]).map((v) => v.name));
    stored.forEach((v, i) => {
      if (!names.has(v)) errs.push(fe.invalid(`status.storedVersions[${i}]`, v, "must appear in spec.versions"));
    });
    return errs;
  },
};

export const apiextensionsValidators: Record<string, Validator> = {
  "apiextensions.k8s.io/CustomResourceDefinition": customResourceDefinition,
};

