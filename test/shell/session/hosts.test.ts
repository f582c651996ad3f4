import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { ShellSession } from "../../../src/shell/session.js";
import { newCluster } from "../../helpers.js";
import { Transcript } from "./transcript.js";

let cluster: Cluster;
beforeAll(() => {
  cluster = newCluster();
}, 60_000);

describe("prompts", () => {
  it("shows user, host and the directory as bash's \\u@\\h:\\w\\$ does", async () => {
    const t = await new Transcript(cluster).open();
    expect(t.console.prompt()).toBe("root@controlplane:~# ");
    expect(await t.type("cd /etc/kubernetes", "mkdir -p ~/work/a && cd ~/work/a")).toBe(
      "root@controlplane:~# cd /etc/kubernetes\nroot@controlplane:/etc/kubernetes# mkdir -p ~/work/a && cd ~/work/a\nroot@controlplane:~/work/a# ",
    );
  });

  it("follows a PS1 the learner sets", async () => {
    const t = await new Transcript(cluster, { host: "node01" }).open();
    expect(await t.type("PS1='[\\u@\\h \\W]\\$ '", "cd /var/log")).toBe("root@node01:~# PS1='[\\u@\\h \\W]\\$ '\n[root@node01 ~]# cd /var/log\n[root@node01 log]# ");
  });
});

describe("the exam's jump host, base", () => {
  it("starts as candidate with kubectl configured by a copy of the admin kubeconfig and the k alias", async () => {
    const t = await new Transcript(cluster, { host: "base", user: "candidate" }).open();
    expect(t.console.prompt()).toBe("candidate@base:~$ ");
    const out = await t.type("k get nodes -o name", "type k", "hostname", "pwd");
    expect(out).toBe(
      [
        "candidate@base:~$ k get nodes -o name",
        "node/controlplane",
        "node/node01",
        "node/node02",
        "candidate@base:~$ type k",
        "k is aliased to `kubectl'",
        "candidate@base:~$ hostname",
        "base",
        "candidate@base:~$ pwd",
        "/home/candidate",
        "candidate@base:~$ ",
      ].join("\n"),
    );
    const base = new ShellSession(cluster, { host: "base", user: "candidate" });
    expect((await base.exec("cat ~/.kube/config")).stdout).toBe(cluster.machine("controlplane")!.fs.read("/etc/kubernetes/admin.conf"));
    // Readable by its owner only, as kubeadm's admin.conf (just-bash's stat prints the file-type bits too).
    expect((await base.exec("stat -c %a ~/.kube/config")).stdout).toMatch(/600\n$/);
  });

  it("is not a node: no kubeadm, crictl or etcdctl there", async () => {
    const base = new ShellSession(cluster, { host: "base", user: "candidate" });
    const r = await base.exec("kubeadm version; crictl ps; etcdctl version");
    expect(r.stderr).toBe("bash: kubeadm: command not found\nbash: crictl: command not found\nbash: etcdctl: command not found\n");
  });

  it("reaches the nodes with ssh as the same user; exit comes back", async () => {
    const t = await new Transcript(cluster, { host: "base", user: "candidate" }).open();
    expect(await t.type("ssh node01", "hostname; whoami; pwd", "exit", "ssh node02 hostname")).toBe(
      [
        "candidate@base:~$ ssh node01",
        "candidate@node01:~$ hostname; whoami; pwd",
        "node01",
        "candidate",
        "/home/candidate",
        "candidate@node01:~$ exit",
        "logout",
        "Connection to node01 closed.",
        "candidate@base:~$ ssh node02 hostname",
        "node02",
        "candidate@base:~$ ",
      ].join("\n"),
    );
  });

  it("keeps the jump host's files between shells there", async () => {
    const t = await new Transcript(cluster, { host: "base", user: "candidate" }).open();
    await t.type("echo kept > ~/notes.txt", "ssh node01", "exit");
    const again = new ShellSession(cluster, { host: "base", user: "candidate" });
    expect((await again.exec("cat ~/notes.txt")).stdout).toBe("kept\n");
  });

  it("leaves the last shell on exit and on Ctrl-D, as bash says", async () => {
    const t = await new Transcript(cluster, { host: "base", user: "candidate" }).open();
    expect(await t.type("ssh controlplane")).toBe("candidate@base:~$ ssh controlplane\ncandidate@controlplane:~$ ");
    expect(await t.ctrlD()).toBe("logout\nConnection to controlplane closed.\ncandidate@base:~$ ");
    expect(await t.type("exit")).toBe("candidate@base:~$ exit\nexit\n");
    expect(t.console.closed).toBe(true);
  });
});
