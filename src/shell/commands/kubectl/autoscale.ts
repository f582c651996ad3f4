// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const autoscaleCommand: Subcommand = { name: "autoscale", short: "Auto-scale a deployment, replica set, stateful set, or replication controller" };
