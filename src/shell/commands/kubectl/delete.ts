/**
 * kubectl delete: Delete resources by file names, stdin, resources and names, or by resources and label selector.
 */
import { KubectlError } from "./errors.js";
import type { Subcommand } from "./types.js";

export const deleteCommand: Subcommand = {
  name: "delete",
  short: "Delete resources by file names, stdin, resources and names, or by resources and label selector",
  flags: [],
  run() {
    throw new KubectlError("kubectl delete is not available yet");
  },
};
