/**
 * kubectl scale: Set a new size for a deployment, replica set, or replication controller.
 */
import { KubectlError } from "./errors.js";
import type { Subcommand } from "./types.js";

export const scaleCommand: Subcommand = {
  name: "scale",
  short: "Set a new size for a deployment, replica set, or replication controller",
  flags: [],
  run() {
    throw new KubectlError("kubectl scale is not available yet");
  },
};
