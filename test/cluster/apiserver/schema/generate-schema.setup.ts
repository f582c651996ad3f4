/**
 * Vitest global setup: generates the API schema (src/build/gen-schema.ts)
 * into its gitignored place before any test runs, so a fresh checkout tests
 * the same schema a build would ship.
 */
import { fileURLToPath } from "node:url";
import { writeSchema } from "../../../../src/build/gen-schema.js";

export default function setup(): void {
  writeSchema(fileURLToPath(new URL("../../../../src/cluster/apiserver/schema/generated/", import.meta.url)));
}
