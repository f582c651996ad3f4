/**
 * Runs systemctl/journalctl against a fake node: a ToolContext whose cluster
 * only answers machine(name) with the node's systemd and journal.
 */
import { InMemoryFs } from "just-bash";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { journalctl } from "../../../src/shell/commands/journalctl/journalctl.js";
import { systemctl } from "../../../src/shell/commands/systemctl/systemctl.js";
import type { ToolContext, ToolResult } from "../../../src/shell/tool.js";
import type { FakeMachine } from "../../host/fake-machine.js";

export function toolContext(m: FakeMachine, host = "node01"): ToolContext {
  const cluster = { clock: m.clock, machine: (name: string) => (name === "node01" ? { systemd: m.systemd, journal: m.journal, fs: m.fs } : undefined) };
  return { cluster: cluster as unknown as Cluster, host, user: "root", fs: new InMemoryFs(), cwd: "/root", env: new Map(), stdin: "" };
}

/** `systemctl <args>` on the node. */
export function sc(m: FakeMachine, ...args: string[]): Promise<ToolResult> {
  return systemctl(args, toolContext(m));
}

/** `journalctl <args>` on the node. */
export function jc(m: FakeMachine, ...args: string[]): Promise<ToolResult> {
  return journalctl(args, toolContext(m));
}
