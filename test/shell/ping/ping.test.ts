/**
 * ping from a node: nodes and pods answer, free neighbours are
 * unreachable, ClusterIPs never answer; iputils' output and timing on the
 * session's clock.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../helpers.js";

let cluster: Cluster;
const run = (script: string) => sh(script, { cluster });

beforeAll(() => {
  cluster = newCluster();
}, 120_000);

describe("ping", () => {
  it("another node by name: one echo a second, statistics at the end", async () => {
    const t0 = cluster.clock.now();
    const r = await run("ping -c 3 node01");
    expect(r.stdout).toMatch(
      /^PING node01 \(192\.168\.100\.11\) 56\(84\) bytes of data\.\n(64 bytes from node01 \(192\.168\.100\.11\): icmp_seq=[123] ttl=64 time=0\.\d{3} ms\n){3}\n--- node01 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time 20\d\dms\nrtt min\/avg\/max\/mdev = 0\.\d{3}\/0\.\d{3}\/0\.\d{3}\/0\.\d{3} ms\n$/,
    );
    expect(r.exitCode).toBe(0);
    expect(cluster.clock.now() - t0).toBeGreaterThanOrEqual(2000);
  });

  it("a pod on another node answers one hop further (ttl 63)", async () => {
    const ip = (await run("kubectl -n kube-system get pod -l k8s-app=kube-dns -o jsonpath='{.items[0].status.podIP}'")).stdout.trim();
    const r = await run(`ssh node01 ping -c 1 ${ip}`);
    expect(r.stdout).toContain(`64 bytes from ${ip}: icmp_seq=1 ttl=63 time=`);
  });

  it("an unused neighbour is unreachable, a ClusterIP never answers, an unknown name fails", async () => {
    const r = await run("ping -c 2 192.168.100.99; echo rc=$?; ping -c 2 -q 10.96.0.1; echo rc=$?; ping nowhere; echo rc=$?");
    expect(r.stdout).toMatch(
      /^PING 192\.168\.100\.99 \(192\.168\.100\.99\) 56\(84\) bytes of data\.\nFrom 192\.168\.100\.10 icmp_seq=1 Destination Host Unreachable\nFrom 192\.168\.100\.10 icmp_seq=2 Destination Host Unreachable\n\n--- 192\.168\.100\.99 ping statistics ---\n2 packets transmitted, 0 received, \+2 errors, 100% packet loss, time 10\d\dms\npipe 2\nrc=1\nPING 10\.96\.0\.1 \(10\.96\.0\.1\) 56\(84\) bytes of data\.\n\n--- 10\.96\.0\.1 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 10\d\dms\nrc=1\nrc=2\n$/,
    );
    expect(r.stderr).toBe("ping: nowhere: Name or service not known\n");
  });
});
