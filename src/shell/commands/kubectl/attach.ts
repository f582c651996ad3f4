// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const attachCommand: Subcommand = { name: "attach", short: "Attach to a running container" };
