/**
 * Reads the `kubernetes-types` declaration files with the TypeScript compiler
 * API and turns every interface into a TypeSchema: its fields, their type
 * expressions (see schema/types.ts) and their descriptions. The v1.34
 * overlay (schema-overlay.ts) is applied on top.
 *
 * TypeScript is a devDependency: this runs at build and test time only.
 */
import { createRequire } from "node:module";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type ts from "typescript";
import { SCHEMA_FORMAT, type FieldSchema, type SchemaDb, type TypeSchema } from "../cluster/apiserver/schema/types.js";
import { OVERLAY_VERSION, addedFields, addedTypes, float64Fields, int64Fields, removedFields } from "./schema-overlay.js";

const require = createRequire(import.meta.url);

/** Aliases with their own JSON form, by `module.Name`. */
const SPECIAL_TYPES: Record<string, string> = {
  "api/resource.Quantity": "Quantity",
  "meta/v1.Time": "Time",
  "meta/v1.MicroTime": "MicroTime",
  "runtime.RawExtension": "any",
  "apiextensions/v1.JSON": "any",
  "apiextensions/v1.JSONSchemaPropsOrArray": "any",
  "apiextensions/v1.JSONSchemaPropsOrBool": "any",
  "apiextensions/v1.JSONSchemaPropsOrStringArray": "any",
};

function listDeclarationFiles(root: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(root)) {
    const p = join(root, entry);
    if (statSync(p).isDirectory()) out.push(...listDeclarationFiles(p));
    else if (p.endsWith(".d.ts")) out.push(p);
  }
  return out.sort();
}

/** `core/v1.d.ts` -> `core/v1`; `runtime.d.ts` -> `runtime`. */
function moduleOf(root: string, file: string): string {
  return relative(root, file).replace(/\\/g, "/").replace(/\.d\.ts$/, "");
}

function goPackage(module: string): string {
  const last = module.split("/").pop()!;
  return last;
}

export function kubernetesTypesDir(): string {
  return dirname(require.resolve("kubernetes-types/package.json"));
}

export function extractSchema(root: string = kubernetesTypesDir()): SchemaDb {
  const tsc: typeof ts = require("typescript");
  const types: Record<string, TypeSchema> = {};
  const int64 = new Set(int64Fields);
  const float64 = new Set(float64Fields);

  for (const file of listDeclarationFiles(root)) {
    const module = moduleOf(root, file);
    const source = tsc.createSourceFile(file, readFileSync(file, "utf8"), tsc.ScriptTarget.Latest, true);
    // Local names -> defining module, from the import declarations.
    const imports = new Map<string, string>();
    const localAliases = new Set<string>();
    for (const st of source.statements) {
      if (tsc.isImportDeclaration(st) && st.importClause?.namedBindings && tsc.isNamedImports(st.importClause.namedBindings)) {
        const from = (st.moduleSpecifier as ts.StringLiteral).text;
        const target = relative(root, resolve(dirname(file), from)).replace(/\\/g, "/");
        for (const el of st.importClause.namedBindings.elements) imports.set(el.name.text, target);
      }
      if (tsc.isTypeAliasDeclaration(st)) localAliases.add(st.name.text);
    }

    const refName = (name: string): string => {
      const mod = imports.get(name) ?? module;
      const key = `${mod}.${name}`;
      return SPECIAL_TYPES[key] ?? `#${key}`;
    };

    const typeExpr = (node: ts.TypeNode, numberKind: string): string => {
      if (tsc.isParenthesizedTypeNode(node)) return typeExpr(node.type, numberKind);
      switch (node.kind) {
        case tsc.SyntaxKind.StringKeyword:
          return "string";
        case tsc.SyntaxKind.NumberKeyword:
          return numberKind;
        case tsc.SyntaxKind.BooleanKeyword:
          return "boolean";
        case tsc.SyntaxKind.AnyKeyword:
        case tsc.SyntaxKind.UnknownKeyword:
          return "any";
      }
      if (tsc.isLiteralTypeNode(node)) return tsc.isStringLiteral(node.literal) ? "string" : "any";
      if (tsc.isUnionTypeNode(node)) {
        const kinds = node.types.map((t) => t.kind).sort();
        if (kinds.length === 2 && kinds.includes(tsc.SyntaxKind.NumberKeyword) && kinds.includes(tsc.SyntaxKind.StringKeyword)) return "IntOrString";
        return "any";
      }
      if (tsc.isArrayTypeNode(node)) return "[]" + typeExpr(node.elementType, numberKind);
      if (tsc.isTypeReferenceNode(node)) {
        const name = node.typeName.getText(source);
        if (name === "Array" && node.typeArguments?.length === 1) return "[]" + typeExpr(node.typeArguments[0], numberKind);
        return refName(name);
      }
      if (tsc.isTypeLiteralNode(node)) {
        const index = node.members.find(tsc.isIndexSignatureDeclaration);
        if (index?.type) return "map[string]" + typeExpr(index.type, numberKind);
        return "any";
      }
      return "any";
    };

    for (const st of source.statements) {
      if (!tsc.isInterfaceDeclaration(st)) continue;
      const name = st.name.text;
      const key = `${module}.${name}`;
      if (SPECIAL_TYPES[key]) continue;
      const fields: Record<string, FieldSchema> = {};
      for (const m of st.members) {
        if (!tsc.isPropertySignature(m) || !m.type) continue;
        const fieldName = tsc.isStringLiteral(m.name) ? m.name.text : m.name.getText(source);
        const path = `${key}.${fieldName}`;
        const numberKind = int64.has(path) ? "int64" : float64.has(path) ? "float64" : "int32";
        const f: FieldSchema = { t: typeExpr(m.type, numberKind) };
        const d = docOf(tsc, m);
        if (d) f.d = d;
        if (!m.questionToken) f.r = 1;
        fields[fieldName] = f;
      }
      const t: TypeSchema = { g: `${goPackage(module)}.${name}`, f: fields };
      const d = docOf(tsc, st);
      if (d) t.d = d;
      types[key] = t;
    }
  }

  for (const [key, t] of Object.entries(addedTypes)) types[key] = structuredClone(t);
  for (const [key, fields] of Object.entries(addedFields)) {
    const t = types[key];
    if (!t) throw new Error(`schema overlay: unknown type ${key}`);
    Object.assign(t.f, structuredClone(fields));
  }
  for (const [key, fields] of Object.entries(removedFields)) {
    for (const f of fields) delete types[key]?.f[f];
  }

  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  return { format: SCHEMA_FORMAT, source: `kubernetes-types@${pkg.version}+${OVERLAY_VERSION}`, types };
}

function docOf(tsc: typeof ts, node: ts.Node): string | undefined {
  const docs = (node as unknown as { jsDoc?: ts.JSDoc[] }).jsDoc;
  if (!docs?.length) return undefined;
  const parts = docs.map((d) => (typeof d.comment === "string" ? d.comment : tsc.getTextOfJSDocComment(d.comment) ?? "")).filter(Boolean);
  return parts.length ? parts.join("\n\n").trim() : undefined;
}
