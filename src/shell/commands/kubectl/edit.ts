// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const editCommand: Subcommand = { name: "edit", short: "Edit a resource on the server" };
