// Placeholder: being written this session (issue 4).
import type { Subcommand } from "../types.js";

export const cordonCommand: Subcommand = { name: "cordon", short: "Mark node as unschedulable" };
