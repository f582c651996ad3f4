// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const ps: Tool = async () => ({ stdout: "", stderr: "bash: ps: command not found\n", exitCode: 127 });
