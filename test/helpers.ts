/**
 * Shared test helpers: a fresh cluster, and a scripted shell on it, exactly
 * as `kubedojo sh` runs them.
 */
import { Cluster, type ClusterOptions } from "../src/cluster/cluster.js";
import { ShellSession, type ExecResult } from "../src/shell/session.js";

export function newCluster(opts: ClusterOptions = {}): Cluster {
  return Cluster.create({ fixture: "default", seed: 1, ...opts });
}

/** Runs a bash script on controlplane (as root, admin kubeconfig) against a fresh or given cluster. */
export async function sh(script: string, opts: ClusterOptions & { cluster?: Cluster } = {}): Promise<ExecResult & { cluster: Cluster }> {
  const cluster = opts.cluster ?? newCluster(opts);
  const session = new ShellSession(cluster, { scripted: true });
  const r = await session.exec(script);
  return { ...r, cluster };
}
