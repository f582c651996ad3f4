// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const ss: Tool = async () => ({ stdout: "", stderr: "bash: ss: command not found\n", exitCode: 127 });
