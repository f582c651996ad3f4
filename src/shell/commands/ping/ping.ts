// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const ping: Tool = async () => ({ stdout: "", stderr: "bash: ping: command not found\n", exitCode: 127 });
