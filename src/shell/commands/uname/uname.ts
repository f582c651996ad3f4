// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const uname: Tool = async () => ({ stdout: "", stderr: "bash: uname: command not found\n", exitCode: 127 });
