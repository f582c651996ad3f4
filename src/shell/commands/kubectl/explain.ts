// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const explainCommand: Subcommand = { name: "explain", short: "Get documentation for a resource" };
