// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const uptime: Tool = async () => ({ stdout: "", stderr: "bash: uptime: command not found\n", exitCode: 127 });
