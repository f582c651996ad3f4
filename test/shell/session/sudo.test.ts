import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { ShellSession } from "../../../src/shell/session.js";
import { newCluster } from "../../helpers.js";
import { Transcript } from "./transcript.js";

let cluster: Cluster;
beforeAll(() => {
  cluster = newCluster();
}, 60_000);

const candidateOn = (host: string) => new ShellSession(cluster, { host, user: "candidate" });

describe("a user who is not root", () => {
  it("cannot write the static pod manifests; sudo can", async () => {
    const s = candidateOn("controlplane");
    const r = await s.exec("echo x > /etc/kubernetes/manifests/extra.yaml; echo status=$?");
    expect(r.stderr).toBe("bash: /etc/kubernetes/manifests/extra.yaml: Permission denied\n");
    expect(r.stdout).toBe("status=1\n");
    const w = await s.exec("echo 'hello' | sudo tee /etc/kubernetes/notes.txt >/dev/null; sudo cat /etc/kubernetes/notes.txt");
    expect(w.stdout).toBe("hello\n");
    expect(cluster.machine("controlplane")!.fs.read("/etc/kubernetes/notes.txt")).toBe("hello\n");
  });

  it("cannot read root-only files such as the CA key", async () => {
    const s = candidateOn("controlplane");
    const r = await s.exec("head -c 10 /etc/kubernetes/pki/ca.key");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect((await s.exec("sudo head -1 /etc/kubernetes/pki/ca.key")).stdout).toBe("-----BEGIN RSA PRIVATE KEY-----\n");
  });

  it("is refused by systemd without root, as systemctl says without a password agent", async () => {
    const s = candidateOn("node01");
    const r = await s.exec("systemctl restart kubelet");
    expect(r.stderr).toBe("Failed to restart kubelet.service: Interactive authentication required.\nSee system logs and 'systemctl status kubelet.service' for details.\n");
    expect(r.exitCode).toBe(1);
    expect((await s.exec("systemctl daemon-reload")).stderr).toBe("Failed to reload daemon: Interactive authentication required.\n");
    expect((await s.exec("systemctl enable kubelet")).stderr).toBe("Failed to enable unit: Interactive authentication required.\n");
    expect((await s.exec("systemctl is-active kubelet")).stdout).toBe("active\n");
    const ok = await s.exec("sudo systemctl restart kubelet; echo $?");
    expect(ok.stdout).toBe("0\n");
  });

  it("cannot reach containerd's socket with crictl; sudo can", async () => {
    const s = candidateOn("node01");
    const r = await s.exec("crictl ps");
    expect(r.stderr).toContain("dial unix /run/containerd/containerd.sock: connect: permission denied");
    expect(r.exitCode).toBe(1);
    expect((await s.exec("sudo crictl ps --name kube-proxy -q | wc -l")).stdout).toBe("1\n");
  });
});

describe("sudo", () => {
  it("runs a program as root with sudo's environment, in the same directory", async () => {
    const s = candidateOn("base");
    const r = await s.exec("cd /tmp; sudo sh -c 'whoami; echo $HOME $USER $SUDO_USER; pwd'");
    expect(r.stdout).toBe("root\n/root root candidate\n/tmp\n");
  });

  it("refuses shell builtins, unknown users and a missing command as sudo does", async () => {
    const s = candidateOn("base");
    expect((await s.exec("sudo cd /")).stderr).toBe("sudo: cd: command not found\n");
    expect((await s.exec("sudo -u nobody2 ls")).stderr).toBe("sudo: unknown user nobody2\nsudo: error initializing audit plugin sudoers_audit\n");
    const usage = await s.exec("sudo");
    expect(usage.exitCode).toBe(1);
    expect(usage.stderr).toMatch(/^usage: sudo -h \| -K \| -k \| -V\n/);
  });

  it("without a terminal, sudo -i runs what stdin holds in root's login shell", async () => {
    const s = candidateOn("base");
    const r = await s.exec("sudo -i <<'EOF'\nwhoami\npwd\nEOF");
    expect(r.stdout).toBe("root\n/root\n");
  });

  it("at the terminal, sudo -i and sudo su - move the prompt to root until exit", async () => {
    const t = await new Transcript(cluster, { host: "base", user: "candidate" }).open();
    expect(await t.type("cd /tmp", "sudo -i", "pwd", "exit", "pwd", "sudo su -", "whoami", "logout")).toBe(
      [
        "candidate@base:~$ cd /tmp",
        "candidate@base:/tmp$ sudo -i",
        "root@base:~# pwd",
        "/root",
        "root@base:~# exit",
        "logout",
        "candidate@base:/tmp$ pwd",
        "/tmp",
        "candidate@base:/tmp$ sudo su -",
        "root@base:~# whoami",
        "root",
        "root@base:~# logout",
        "logout",
        "candidate@base:/tmp$ ",
      ].join("\n"),
    );
  });

  it("at the terminal, sudo -s keeps the directory and exit says exit", async () => {
    const t = await new Transcript(cluster, { host: "node01", user: "candidate" }).open();
    expect(await t.type("sudo -s", "echo $HOME", "exit")).toBe(
      ["candidate@node01:~$ sudo -s", "root@node01:/home/candidate# echo $HOME", "/root", "root@node01:/home/candidate# exit", "exit", "candidate@node01:~$ "].join("\n"),
    );
  });

  it("the exam flow: ssh to a node, sudo -i, fix things as root, back out twice", async () => {
    const t = await new Transcript(cluster, { host: "base", user: "candidate" }).open();
    const out = await t.type("ssh node02", "sudo -i", "systemctl is-active kubelet", "exit", "exit");
    expect(out).toBe(
      [
        "candidate@base:~$ ssh node02",
        "candidate@node02:~$ sudo -i",
        "root@node02:~# systemctl is-active kubelet",
        "active",
        "root@node02:~# exit",
        "logout",
        "candidate@node02:~$ exit",
        "logout",
        "Connection to node02 closed.",
        "candidate@base:~$ ",
      ].join("\n"),
    );
  });
});

describe("su", () => {
  it("asks a non-root user for a password it cannot give, and lets root become anyone", async () => {
    const t = await new Transcript(cluster, { host: "base", user: "candidate" }).open();
    expect(await t.type("su -")).toBe("candidate@base:~$ su -\nPassword: \nsu: Authentication failure\ncandidate@base:~$ ");
    expect(await t.type("sudo -i", "su - candidate", "whoami; pwd", "exit", "exit")).toBe(
      [
        "candidate@base:~$ sudo -i",
        "root@base:~# su - candidate",
        "candidate@base:~$ whoami; pwd",
        "candidate",
        "/home/candidate",
        "candidate@base:~$ exit",
        "logout",
        "root@base:~# exit",
        "logout",
        "candidate@base:~$ ",
      ].join("\n"),
    );
  });
});
