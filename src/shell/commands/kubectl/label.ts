// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const labelCommand: Subcommand = { name: "label", short: "Update the labels on a resource" };
