// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const waitCommand: Subcommand = { name: "wait", short: "Experimental: Wait for a specific condition on one or many resources" };
