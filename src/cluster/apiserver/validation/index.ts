/**
 * Validation per kind, with the API server's field paths and messages.
 * One file per API group; this index maps `group/Kind` to its validator.
 * Metadata (name, namespace, labels) is validated generically in ./metadata.ts.
 */
import type { Validator } from "../strategy.js";

export const validators: Record<string, Validator> = {};
