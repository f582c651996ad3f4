// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const versionCommand: Subcommand = { name: "version", short: "Print the client and server version information" };
