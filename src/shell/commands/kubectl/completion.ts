// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const completionCommand: Subcommand = { name: "completion", short: "Output shell completion code for the specified shell (bash, zsh, fish, or powershell)" };
