// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const taintCommand: Subcommand = { name: "taint", short: "Update the taints on one or more nodes" };
