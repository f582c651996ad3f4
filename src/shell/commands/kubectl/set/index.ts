// Placeholder: being written this session (issue 4).
import type { Subcommand } from "../types.js";

export const setCommand: Subcommand = { name: "set", short: "Set specific features on objects" };
