/**
 * The node crictl runs on: its container runtime and whether containerd is
 * up (systemctl stop containerd takes the socket away). crictl exists only
 * on cluster nodes (the cri-tools package), so on any other host there is
 * no machine and bash finds no such command.
 */
import type { ContainerRuntime } from "../../../cluster/kubelet/runtime/runtime.js";
import type { ToolContext } from "../../tool.js";

export interface CrictlMachine {
  readonly runtime: ContainerRuntime;
  readonly containerdRunning: boolean;
}

export function machineFor(ctx: ToolContext): CrictlMachine | undefined {
  return ctx.cluster.machine(ctx.host);
}
