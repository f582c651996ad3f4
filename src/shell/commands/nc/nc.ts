// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const nc: Tool = async () => ({ stdout: "", stderr: "bash: nc: command not found\n", exitCode: 127 });
