/**
 * Build step: writes the API schema extracted from `kubernetes-types` to
 * <out>/schema.json (default: next to the schema module that reads it).
 * Run by `npm run build` (postbuild, into dist/) and by the test setup
 * (into src/); the output is generated, never committed.
 *
 *   node dist/build/gen-schema.js [outDir]
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { extractSchema } from "./schema-extract.js";

export const SCHEMA_FILE = "schema.json";

/** Generates the schema into dir (atomically: readers never see half a file). */
export function writeSchema(dir: string): string {
  const db = extractSchema();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, SCHEMA_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(db));
  renameSync(tmp, file);
  return file;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const out = process.argv[2] ?? fileURLToPath(new URL("../cluster/apiserver/schema/generated/", import.meta.url));
  const file = writeSchema(out);
  process.stdout.write(`schema written to ${file}\n`);
}
