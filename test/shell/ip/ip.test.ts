/**
 * ip on a node: eth0 with the node's address, flannel's devices and the
 * routes to the other nodes' pod subnets, in iproute2 6.1's formats.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../helpers.js";

let cluster: Cluster;

beforeAll(() => {
  cluster = newCluster();
}, 120_000);

describe("ip", () => {
  it("addr: lo, eth0 with the node's /24, flannel.1, cni0 and a veth per pod", async () => {
    const r = await sh("ip a", { cluster });
    expect(r.stdout).toMatch(/^1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link\/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127\.0\.0\.1\/8 scope host lo\n       valid_lft forever preferred_lft forever\n/);
    expect(r.stdout).toMatch(/\n2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n    link\/ether 52:54:00:[0-9a-f:]{8} brd ff:ff:ff:ff:ff:ff\n    altname enp1s0\n    inet 192\.168\.100\.10\/24 brd 192\.168\.100\.255 scope global eth0\n/);
    expect(r.stdout).toContain("    inet 10.244.0.0/32 scope global flannel.1\n");
    expect(r.stdout).toContain("    inet 10.244.0.1/24 brd 10.244.0.255 scope global cni0\n");
    expect(r.stdout).toMatch(/: veth[0-9a-f]{8}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP group default \n/);
  });

  it("route: default gateway, the node's pod subnet on cni0, the others' through flannel.1", async () => {
    const r = await sh("ip r", { cluster });
    expect(r.stdout).toBe(
      "default via 192.168.100.1 dev eth0 proto static \n10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1 \n10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink \n10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n192.168.100.0/24 dev eth0 proto kernel scope link src 192.168.100.10 \n",
    );
  });

  it("-br and -4, a named device, route get", async () => {
    const r = await sh("ip -br a show eth0; ip -4 a show dev lo; ip route get 10.244.1.7", { cluster });
    expect(r.stdout).toMatch(/^eth0             UP             192\.168\.100\.10\/24 fe80::[0-9a-f:]+\/64 \n1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    inet 127\.0\.0\.1\/8 scope host lo\n       valid_lft forever preferred_lft forever\n10\.244\.1\.7 via 10\.244\.1\.0 dev flannel\.1 src 10\.244\.0\.0 uid 0 \n    cache \n$/);
  });

  it("errors: an unknown device, an unknown object, a change", async () => {
    const r = await sh("ip a show dev eth9; echo rc=$?; ip foo; echo rc=$?; ip link set eth0 down; echo rc=$?", { cluster });
    expect(r.stderr).toBe('Device "eth9" does not exist.\nObject "foo" is unknown, try "ip help".\nRTNETLINK answers: Operation not supported\n');
    expect(r.stdout).toBe("rc=1\nrc=1\nrc=2\n");
  });

  it("a worker without pods has flannel.1 but no cni0", async () => {
    const r = await sh("ssh node01 ip -br a", { cluster });
    expect(r.stdout).toMatch(/^lo +UNKNOWN +127\.0\.0\.1\/8 ::1\/128 \neth0 +UP +192\.168\.100\.11\/24 /);
    expect(r.stdout).toContain("flannel.1        UNKNOWN        10.244.");
    expect(r.stdout).not.toContain("cni0");
  });
});
