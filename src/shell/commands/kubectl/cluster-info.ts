// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const clusterInfoCommand: Subcommand = { name: "cluster-info", short: "Display cluster information" };
