// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const helm: Tool = async () => ({ stdout: "", stderr: "bash: helm: command not found\n", exitCode: 127 });
