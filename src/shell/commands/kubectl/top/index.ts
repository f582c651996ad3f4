// Placeholder: being written this session (issue 4).
import type { Subcommand } from "../types.js";

export const topCommand: Subcommand = { name: "top", short: "Display resource (CPU/memory) usage" };
