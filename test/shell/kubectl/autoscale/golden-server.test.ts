/**
 * Golden tests of kubectl autoscale against a server: what the real
 * kubectl printed for each command against the workload golden cluster
 * (see ../set/golden-cluster.ts for how it was recorded).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { sh } from "../../../helpers.js";
import { stable, workloadCluster, type GoldenCase } from "../set/golden-cluster.js";

const CASES: GoldenCase[] = [
  ["kubectl autoscale svc svc1 --max=3 --dry-run=client", "", "error: cannot autoscale a Service: could not find scale subresource for /v1, Resource=services in discovery information\n", 1],
  ["kubectl autoscale deploy/web --max=3 --name=foo --dry-run=client -o name", "horizontalpodautoscaler.autoscaling/foo\n", "", 0],
  ["kubectl autoscale deploy web --max=0", "", "error: --max=MAXPODS is required and must be at least 1, max: 0\n", 1],
  ["kubectl autoscale deploy web --max=2 --min=3", "", "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 3\n", 1],
];

describe("kubectl autoscale (golden, against a server)", () => {
  let cluster: Cluster;
  // Building the cluster runs ~80s of virtual time: more than the default hook timeout under load.
  beforeAll(async () => {
    cluster = await workloadCluster();
  }, 120_000);

  it.each(CASES)("%s", async (command, stdout, stderr, exitCode) => {
    const r = await sh(command, { cluster });
    expect({ stdout: stable(r.stdout), stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stdout: stable(stdout), stderr, exitCode });
  });
});
