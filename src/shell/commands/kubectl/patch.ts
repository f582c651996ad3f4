// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const patchCommand: Subcommand = { name: "patch", short: "Update fields of a resource" };
