// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const openssl: Tool = async () => ({ stdout: "", stderr: "bash: openssl: command not found\n", exitCode: 127 });
