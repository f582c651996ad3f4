/**
 * One cluster per test file (making one is the slow part). Each test gets
 * Helm configuration and cache directories of its own and works in its own
 * namespace (HELM_NAMESPACE, created unless told not to), so that tests do
 * not see each other's repositories and releases. `seconds` masks the
 * seconds of the virtual clock, which moves on as earlier tests sleep.
 */
import { beforeAll } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../helpers.js";
import type { ExecResult } from "../../../src/shell/session.js";

export interface HelmRun {
  (id: string, script: string, opts?: { createNamespace?: boolean }): Promise<ExecResult>;
}

export function helmShell(): HelmRun {
  let cluster: Cluster;
  beforeAll(() => {
    cluster = newCluster();
  });
  return (id, script, opts = {}) => {
    const ns = opts.createNamespace === false ? "" : `kubectl create namespace ${id} >/dev/null\n`;
    return sh(`${ns}export HELM_CONFIG_HOME=/tmp/helm-${id}/config HELM_CACHE_HOME=/tmp/helm-${id}/cache HELM_NAMESPACE=${id}\nmkdir -p /tmp/work-${id} && cd /tmp/work-${id}\n${script}`, { cluster });
  };
}

/** The virtual clock's seconds (and Unix-time suffixes) as `SS`, for output that depends on how far the clock has run. */
export function seconds(s: string): string {
  return s.replace(/08:47:\d\d/g, "08:47:SS").replace(/-17682076\d\d\b/g, "-17682076SS");
}
