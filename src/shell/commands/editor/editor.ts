// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const vim: Tool = async () => ({ stdout: "", stderr: "bash: vim: command not found\n", exitCode: 127 });
export const vi: Tool = async () => ({ stdout: "", stderr: "bash: vi: command not found\n", exitCode: 127 });
export const nano: Tool = async () => ({ stdout: "", stderr: "bash: nano: command not found\n", exitCode: 127 });
