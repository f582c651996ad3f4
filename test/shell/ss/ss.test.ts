/**
 * ss on a node: the listening sockets of the kubeadm control plane and the
 * kubelet, bound where their flags say, with the processes ps shows; and
 * ss's column layout, checked against a capture of iproute2 6.1's own.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { render } from "../../../src/shell/commands/ss/ss.js";
import { newCluster, sh } from "../../helpers.js";

let cluster: Cluster;

beforeAll(() => {
  cluster = newCluster();
}, 120_000);

describe("ss's layout", () => {
  it("lays out columns as iproute2 6.1 does without a terminal (captured from the real ss -tlnp)", () => {
    const header = ["Netid", "State", "Recv-Q", "Send-Q", "Local Address:", "Port", "Peer Address:", "Port", "Process", ""];
    const text = render(
      [
        header,
        ["tcp", "LISTEN", "0     ", "128   ", "0.0.0.0:", "2024", "0.0.0.0:", "*", "", ""],
        ["tcp", "LISTEN", "0     ", "511   ", "127.0.0.1:", "38029", "0.0.0.0:", "*", ' users:(("node",pid=8924,fd=19))', undefined],
      ],
      [false, true, true, true, true, true, true, true, true, true],
      true,
    );
    expect(text).toBe(
      "State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n" +
        "LISTEN 0      128          0.0.0.0:2024       0.0.0.0:*          \n" +
        'LISTEN 0      511        127.0.0.1:38029      0.0.0.0:*    users:(("node",pid=8924,fd=19))\n',
    );
  });
});

describe("ss on the control-plane node", () => {
  it("lists the control plane's, the kubelet's and the system's listening TCP sockets", async () => {
    const r = await sh("ss -tlnp", { cluster });
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^State  Recv-Q Send-Q +Local Address:Port +Peer Address:PortProcess/);
    const expectLine = (local: string, comm: string) => expect(r.stdout).toMatch(new RegExp(`LISTEN 0 +\\d+ +${local.replace(/[.*[\]]/g, "\\$&")} +\\S+ +users:\\(\\("${comm}",pid=\\d+,fd=\\d+\\)\\)`));
    expectLine("*:6443", "kube-apiserver");
    expectLine("127.0.0.1:2379", "etcd");
    expectLine("192.168.100.10:2379", "etcd");
    expectLine("192.168.100.10:2380", "etcd");
    expectLine("127.0.0.1:2381", "etcd");
    expectLine("127.0.0.1:10259", "kube-scheduler");
    expectLine("127.0.0.1:10257", "kube-controller");
    expectLine("127.0.0.1:10249", "kube-proxy");
    expectLine("*:10256", "kube-proxy");
    expectLine("127.0.0.1:10248", "kubelet");
    expectLine("*:10250", "kubelet");
    expectLine("0.0.0.0:22", "sshd");
    expectLine("127.0.0.53%lo:53", "systemd-resolve");
  });

  it("names the same pids as ps, crictl inspect and systemctl", async () => {
    const ss = (await sh("ss -tlnp", { cluster })).stdout;
    const ps = (await sh("ps -C kube-apiserver -o pid=", { cluster })).stdout.trim();
    const cri = (await sh("crictl inspect $(crictl ps -q --name kube-apiserver)", { cluster })).stdout;
    const mainPid = (await sh("systemctl show kubelet -p MainPID --value", { cluster })).stdout.trim();
    const apiserverPid = /"kube-apiserver",pid=(\d+)/.exec(ss)?.[1];
    expect(apiserverPid).toMatch(/^\d+$/);
    expect(ps).toBe(apiserverPid);
    // containerd's info: {"sandboxID": ..., "pid": <the task's pid>, "removing": false, ...}
    expect(/"pid": (\d+),\s*"removing"/.exec(cri)?.[1]).toBe(apiserverPid);
    expect(/"kubelet",pid=(\d+)/.exec(ss)?.[1]).toBe(mainPid);
  });

  it("-tulpn adds the UDP table with a Netid column (systemd-resolved, flannel's VXLAN port)", async () => {
    const r = await sh("ss -tulpn", { cluster });
    expect(r.stdout.split("\n")[0]).toMatch(/^Netid State  Recv-Q Send-Q/);
    expect(r.stdout).toMatch(/^udp   UNCONN 0      0 +0\.0\.0\.0:8472 +0\.0\.0\.0:\*/m);
    expect(r.stdout).toMatch(/^udp   UNCONN 0      0 +127\.0\.0\.54:53 /m);
    expect(r.stdout).toMatch(/^tcp   LISTEN 0      4096 +\*:6443 /m);
  });

  it("drops the kubelet's sockets when the kubelet stops, and a filter picks one port", async () => {
    const r = await sh("ss -ltn 'sport = :10250' | tail -n +2 | wc -l; systemctl stop kubelet; ss -ltn 'sport = :10250' | tail -n +2 | wc -l; systemctl start kubelet; ss -lnt | grep -c 10250", { cluster });
    expect(r.stdout).toBe("1\n0\n1\n");
  });

  it("resolves well-known ports to names without -n, and shows nothing but a header without -l", async () => {
    const r = await sh("ss -tl | grep -c ':ssh '; ss -t", { cluster });
    expect(r.stdout).toBe("2\nState Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n");
  });

  it("-xl lists the Unix sockets: containerd's CRI socket with containerd's pid, the kubelet's, systemd's", async () => {
    const r = await sh("ss -xlp; systemctl show containerd -p MainPID --value", { cluster });
    const pid = r.stdout.trim().split("\n").pop();
    expect(r.stdout.split("\n")[0]).toMatch(/^Netid State  Recv-Q Send-Q +Local Address:Port  Peer Address:PortProcess/);
    expect(r.stdout).toMatch(new RegExp(`^u_str LISTEN 0      4096 +/run/containerd/containerd\\.sock \\d+ +\\* 0 +users:\\(\\("containerd",pid=${pid},fd=10\\)\\)`, "m"));
    expect(r.stdout).toMatch(/^u_str LISTEN 0      4096 +\/var\/lib\/kubelet\/pod-resources\/kubelet\.sock \d+ +\* 0 +users:\(\("kubelet",/m);
    expect(r.stdout).toMatch(/^u_dgr UNCONN 0      0 +\/run\/systemd\/notify \d+ +\* 0 +users:\(\("systemd",pid=1,fd=16\)\)/m);
  });

  it("a worker has the kubelet and kube-proxy but no control plane", async () => {
    const r = await sh("ssh node01 ss -tlnp", { cluster });
    expect(r.stdout).toContain('users:(("kubelet"');
    expect(r.stdout).toContain('users:(("kube-proxy"');
    expect(r.stdout).not.toContain("6443");
    expect(r.stdout).not.toContain("2379");
  });

  it("rejects an unknown option", async () => {
    const r = await sh("ss -Q", { cluster });
    expect(r.stderr).toBe("ss: invalid option -- 'Q'\nUsage: ss [ OPTIONS ]\n       ss [ OPTIONS ] [ FILTER ]\n");
    expect(r.exitCode).toBe(255);
  });
});
