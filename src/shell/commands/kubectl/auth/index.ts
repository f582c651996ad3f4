// Placeholder: being written this session (issue 4).
import type { Subcommand } from "../types.js";

export const authCommand: Subcommand = { name: "auth", short: "Inspect authorization" };
