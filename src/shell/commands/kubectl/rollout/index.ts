// Placeholder: being written this session (issue 4).
import type { Subcommand } from "../types.js";

export const rolloutCommand: Subcommand = { name: "rollout", short: "Manage the rollout of a resource" };
