// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const logsCommand: Subcommand = { name: "logs", short: "Print the logs for a container in a pod" };
