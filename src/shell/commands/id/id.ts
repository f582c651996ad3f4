// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const id: Tool = async () => ({ stdout: "", stderr: "bash: id: command not found\n", exitCode: 127 });
