// Placeholder: being written this session (issue 4).
import type { Subcommand } from "../types.js";

export const drainCommand: Subcommand = { name: "drain", short: "Drain node in preparation for maintenance" };
