// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const aptGet: Tool = async () => ({ stdout: "", stderr: "bash: apt-get: command not found\n", exitCode: 127 });
export const aptCache: Tool = async () => ({ stdout: "", stderr: "bash: apt-cache: command not found\n", exitCode: 127 });
export const aptMark: Tool = async () => ({ stdout: "", stderr: "bash: apt-mark: command not found\n", exitCode: 127 });
