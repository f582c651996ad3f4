/**
 * The programs behind the binaries systemd runs on a node, by path: what
 * happens when ExecStart= names /usr/bin/kubelet or /usr/bin/containerd.
 * A binary that exists but has no program here runs and stays up.
 */
import type { ServiceProgram } from "../contracts.js";
import { containerdProgram } from "./containerd.js";
import { kubeletProgram } from "./kubelet/kubelet.js";

export const SERVICE_PROGRAMS: Record<string, ServiceProgram> = {
  "/usr/bin/kubelet": kubeletProgram,
  "/usr/bin/containerd": containerdProgram,
};

export { runtimeDownReadyMessage, KUBELET_NOT_READY_REASON } from "../../cluster/kubelet/runtime-health.js";
