/**
 * kubectl events: List events.
 */
import { KubectlError } from "./errors.js";
import type { Subcommand } from "./types.js";

export const eventsCommand: Subcommand = {
  name: "events",
  short: "List events",
  flags: [],
  run() {
    throw new KubectlError("kubectl events is not available yet");
  },
};
