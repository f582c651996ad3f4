/**
 * kubectl apply: Apply a configuration to a resource by file name or stdin.
 */
import { KubectlError } from "./errors.js";
import type { Subcommand } from "./types.js";

export const applyCommand: Subcommand = {
  name: "apply",
  short: "Apply a configuration to a resource by file name or stdin",
  flags: [],
  run() {
    throw new KubectlError("kubectl apply is not available yet");
  },
};
