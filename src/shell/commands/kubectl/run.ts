// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const runCommand: Subcommand = { name: "run", short: "Run a particular image on the cluster" };
