// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const df: Tool = async () => ({ stdout: "", stderr: "bash: df: command not found\n", exitCode: 127 });
