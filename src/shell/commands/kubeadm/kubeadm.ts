// Placeholder: being written this session (issue 4).
import type { Tool } from "../../tool.js";

export const kubeadm: Tool = async () => ({ stdout: "", stderr: "bash: kubeadm: command not found\n", exitCode: 127 });
