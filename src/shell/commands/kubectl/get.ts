/**
 * kubectl get: Display one or many resources.
 */
import { KubectlError } from "./errors.js";
import type { Subcommand } from "./types.js";

export const getCommand: Subcommand = {
  name: "get",
  short: "Display one or many resources",
  flags: [],
  run() {
    throw new KubectlError("kubectl get is not available yet");
  },
};
