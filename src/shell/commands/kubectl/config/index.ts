// Placeholder: being written this session (issue 4).
import type { Subcommand } from "../types.js";

export const configCommand: Subcommand = { name: "config", short: "Modify kubeconfig files" };
