/**
 * kubectl describe: Show details of a specific resource or group of resources.
 */
import { KubectlError } from "./errors.js";
import type { Subcommand } from "./types.js";

export const describeCommand: Subcommand = {
  name: "describe",
  short: "Show details of a specific resource or group of resources",
  flags: [],
  run() {
    throw new KubectlError("kubectl describe is not available yet");
  },
};
