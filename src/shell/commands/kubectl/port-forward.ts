// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const portForwardCommand: Subcommand = { name: "port-forward", short: "Forward one or more local ports to a pod" };
