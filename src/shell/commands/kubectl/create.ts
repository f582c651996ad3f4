/**
 * kubectl create: Create a resource from a file or from stdin.
 */
import { KubectlError } from "./errors.js";
import type { Subcommand } from "./types.js";

export const createCommand: Subcommand = {
  name: "create",
  short: "Create a resource from a file or from stdin",
  flags: [],
  run() {
    throw new KubectlError("kubectl create is not available yet");
  },
};
