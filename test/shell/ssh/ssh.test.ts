import { describe, expect, it } from "vitest";
import { sh } from "../../helpers.js";

describe("ssh between the cluster's machines", () => {
  it("runs a command on another node, on that node's files and services", async () => {
    const r = await sh("ssh node01 'cat /etc/hostname; systemctl is-active kubelet; ls /etc/kubernetes/manifests | wc -l'; ssh 192.168.100.12 cat /etc/hostname; ssh root@node01 cat /etc/hostname");
    expect(r.stdout).toBe("node01\nactive\n0\nnode02\nnode01\n");
    expect(r.exitCode).toBe(0);
  });

  it("stops a kubelet remotely and the control plane sees the node go NotReady", async () => {
    const r = await sh("ssh node01 systemctl stop kubelet; sleep 70; kubectl get node node01 --no-headers | awk '{print $2}'; ssh node01 'systemctl start kubelet'; sleep 15; kubectl get node node01 --no-headers | awk '{print $2}'");
    expect(r.stdout).toBe("NotReady\nReady\n");
  });

  it("runs stdin as the script when no command is given, saying that no terminal was allocated", async () => {
    const r = await sh("ssh node02 <<'EOF'\ncat /etc/hostname\ncrictl ps --name kube-proxy -q | wc -l\nEOF");
    expect(r.stdout).toBe("node02\n1\n");
    expect(r.stderr).toBe("Pseudo-terminal will not be allocated because stdin is not a terminal.\n");
  });

  it("fails as OpenSSH does for an unknown host and for a missing destination", async () => {
    const r = await sh("ssh node09 true; echo $?; ssh; echo $?");
    expect(r.stderr).toMatch(/^ssh: Could not resolve hostname node09: Name or service not known\nusage: ssh /);
    expect(r.stdout).toBe("255\n255\n");
  });
});

describe("hostname", () => {
  it("names the machine the shell runs on, and its address with -I", async () => {
    const r = await sh("hostname; hostname -I; ssh node02 'hostname; hostname -I'");
    expect(r.stdout).toBe("controlplane\n192.168.100.10 \nnode02\n192.168.100.12 \n");
  });
});
