// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const ip: Tool = async () => ({ stdout: "", stderr: "bash: ip: command not found\n", exitCode: 127 });
