// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const replaceCommand: Subcommand = { name: "replace", short: "Replace a resource by file name or stdin" };
