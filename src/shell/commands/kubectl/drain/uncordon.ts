// Placeholder: being written this session (issue 4).
import type { Subcommand } from "../types.js";

export const uncordonCommand: Subcommand = { name: "uncordon", short: "Mark node as schedulable" };
