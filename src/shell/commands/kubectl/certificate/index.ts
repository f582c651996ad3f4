// Placeholder: being written this session (issue 4).
import type { Subcommand } from "../types.js";

export const certificateCommand: Subcommand = { name: "certificate", short: "Modify certificate resources" };
