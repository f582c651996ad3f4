// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const execCommand: Subcommand = { name: "exec", short: "Execute a command in a container" };
