// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const sudo: Tool = async () => ({ stdout: "", stderr: "bash: sudo: command not found\n", exitCode: 127 });
