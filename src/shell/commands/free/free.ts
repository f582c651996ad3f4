// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const free: Tool = async () => ({ stdout: "", stderr: "bash: free: command not found\n", exitCode: 127 });
