/**
 * The service manager and journal of the machine a command runs on. A
 * host that is not a cluster node (the exam's workstation) still has
 * systemd and a journal, just none of the cluster's services.
 */
import type { Journal } from "../../../host/journal.js";
import { Journal as JournalImpl } from "../../../host/journal.js";
import { HostFilesystem } from "../../../host/filesystem.js";
import type { ServiceHost } from "../../../host/contracts.js";
import { Systemd } from "../../../host/systemd/systemd.js";
import type { ToolContext } from "../../tool.js";

export interface NodeServices {
  systemd: Systemd;
  journal: Journal;
  hostname: string;
  now(): number;
}

interface MachineLike {
  systemd?: Systemd;
  journal?: unknown;
}

const bare = new WeakMap<object, Map<string, NodeServices>>();

/** A machine with systemd and nothing installed: its host operations are never reached. */
function bareServices(hostname: string, now: () => number): NodeServices {
  const fs = new HostFilesystem(now);
  const journal = new JournalImpl(now, hostname);
  const unreachable = () => {
    throw new Error(`${hostname} runs no cluster services`);
  };
  const host = {
    nodeName: hostname,
    nodeIP: "",
    fs,
    journal,
    now,
    runKubelet: unreachable,
    runContainerd: unreachable,
    runtime: undefined,
    containerdRunning: false,
    setTimer: unreachable,
    cancel: () => {},
  } as unknown as ServiceHost;
  return { systemd: new Systemd(host, journal, {}), journal, hostname, now };
}

export function nodeServices(ctx: ToolContext): NodeServices {
  const cluster = ctx.cluster as unknown as { machine?(name: string): MachineLike | undefined; clock?: { now(): number } };
  const now = () => cluster.clock?.now() ?? 0;
  const m = cluster.machine?.(ctx.host);
  if (m?.systemd && m.journal instanceof JournalImpl) return { systemd: m.systemd, journal: m.journal, hostname: ctx.host, now };
  let perCluster = bare.get(cluster);
  if (!perCluster) bare.set(cluster, (perCluster = new Map()));
  let b = perCluster.get(ctx.host);
  if (!b) perCluster.set(ctx.host, (b = bareServices(ctx.host, now)));
  return b;
}
