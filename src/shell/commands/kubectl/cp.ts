// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const cpCommand: Subcommand = { name: "cp", short: "Copy files and directories to and from containers" };
