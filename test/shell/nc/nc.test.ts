/**
 * nc from a node: port checks against what listens (and where it is
 * bound), talking to servers, netcat-openbsd's messages.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../helpers.js";

let cluster: Cluster;
const run = (script: string) => sh(script, { cluster });

beforeAll(() => {
  cluster = newCluster();
}, 120_000);

describe("nc", () => {
  it("-zv: succeeded for a listener, refused for a closed port or a loopback-only one", async () => {
    const r = await run("nc -zv 192.168.100.10 6443; echo rc=$?; nc -zv node01 10250; nc -zv 192.168.100.10 6444; echo rc=$?; nc -zv 192.168.100.10 10259; nc -zv 127.0.0.1 10259; nc -zv node02 22");
    expect(r.stderr).toBe(
      "Connection to 192.168.100.10 6443 port [tcp/*] succeeded!\nConnection to node01 (192.168.100.11) 10250 port [tcp/*] succeeded!\nnc: connect to 192.168.100.10 port 6444 (tcp) failed: Connection refused\nnc: connect to 192.168.100.10 port 10259 (tcp) failed: Connection refused\nConnection to 127.0.0.1 10259 port [tcp/*] succeeded!\nConnection to node02 (192.168.100.12) 22 port [tcp/ssh] succeeded!\n",
    );
    expect(r.stdout).toBe("rc=0\nrc=1\n");
  });

  it("a port range, a name that does not resolve, a timeout with -w on the session's clock", async () => {
    const t0 = cluster.clock.now();
    const r = await run("nc -zv 127.0.0.1 2379-2381; nc -zv nowhere 80; echo rc=$?; nc -zv -w 3 10.244.2.200 80; echo rc=$?");
    expect(r.stderr).toBe(
      'Connection to 127.0.0.1 2379 port [tcp/*] succeeded!\nnc: connect to 127.0.0.1 port 2380 (tcp) failed: Connection refused\nConnection to 127.0.0.1 2381 port [tcp/*] succeeded!\nnc: getaddrinfo for host "nowhere" port 80: Name or service not known\nnc: connect to 10.244.2.200 port 80 (tcp) timed out: Operation now in progress\n',
    );
    expect(r.stdout).toBe("rc=1\nrc=1\n");
    expect(cluster.clock.now() - t0).toBeGreaterThanOrEqual(3000);
  });

  it("talks to what listens: sshd's banner, an HTTP request's raw answer", async () => {
    const r = await run("nc node01 22 </dev/null; printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' | nc 127.0.0.1 10248");
    expect(r.stdout).toMatch(/^SSH-2\.0-OpenSSH_9\.6p1 Ubuntu-3ubuntu13\.5\r\nHTTP\/1\.1 200 OK\r\nContent-Type: text\/plain; charset=utf-8\r\n[\s\S]*\r\n\r\nok$/);
  });

  it("names the host as given when refused, and says nothing without -v", async () => {
    const r = await run("nc -zv node01 6443; nc -z node01 6443; echo rc=$?");
    expect(r.stderr).toBe("nc: connect to node01 port 6443 (tcp) failed: Connection refused\n");
    expect(r.stdout).toBe("rc=1\n");
  });

  it("UDP: systemd-resolved's port", async () => {
    const r = await run("nc -zuv 127.0.0.53 53");
    expect(r.stderr).toBe("Connection to 127.0.0.53 53 port [udp/domain] succeeded!\n");
  });
});
