import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { ShellSession } from "../../../src/shell/session.js";
import { History } from "../../../src/shell/session/history.js";
import { newCluster, sh } from "../../helpers.js";
import { Transcript } from "./transcript.js";

let cluster: Cluster;
beforeAll(() => {
  cluster = newCluster();
}, 60_000);

describe("history at the prompt", () => {
  it("numbers the lines typed, and the history builtin lists them (the last N with a count)", async () => {
    const t = await new Transcript(cluster, { host: "node01" }).open();
    await t.type("hostname", "uptime -p >/dev/null", "cd /etc");
    expect(await t.type("history")).toBe("root@node01:/etc# history\n    1  hostname\n    2  uptime -p >/dev/null\n    3  cd /etc\n    4  history\nroot@node01:/etc# ");
    expect(await t.type("history 2")).toBe("root@node01:/etc# history 2\n    4  history\n    5  history 2\nroot@node01:/etc# ");
  });

  it("expands !!, !N, !-N, !prefix, !$ and ^old^new, showing the line it runs", async () => {
    const t = await new Transcript(cluster, { host: "node01" }).open();
    await t.type("echo one two", "echo three");
    expect(await t.type("!!")).toBe("root@node01:~# !!\necho three\nthree\nroot@node01:~# ");
    expect(await t.type("!1")).toBe("root@node01:~# !1\necho one two\none two\nroot@node01:~# ");
    // The exam's ~/.bashrc sets HISTCONTROL=ignoreboth: the `!!` that repeated `echo three` was not
    // saved, so three back from here is the first line.
    expect(await t.type("!-3")).toBe("root@node01:~# !-3\necho one two\none two\nroot@node01:~# ");
    expect(await t.type("echo !$")).toBe("root@node01:~# echo !$\necho two\ntwo\nroot@node01:~# ");
    expect(await t.type("^two^four")).toBe("root@node01:~# ^two^four\necho four\nfour\nroot@node01:~# ");
    expect(await t.type("!echo")).toBe("root@node01:~# !echo\necho four\nfour\nroot@node01:~# ");
    expect(await t.type("echo '!!' done")).toBe("root@node01:~# echo '!!' done\n!! done\nroot@node01:~# ");
  });

  it("reports an event that is not there, and runs nothing", async () => {
    const t = await new Transcript(cluster, { host: "node01" }).open();
    expect(await t.type("!kubeadm", "!99")).toBe("root@node01:~# !kubeadm\nbash: !kubeadm: event not found\nroot@node01:~# !99\nbash: !99: event not found\nroot@node01:~# ");
  });

  it("honours HISTCONTROL=ignoreboth from the candidate's ~/.bashrc: no lines starting with a space, no repeats", async () => {
    const t = await new Transcript(cluster, { host: "base", user: "candidate" }).open();
    await t.type("pwd", "pwd", " echo secret", "history");
    expect(t.console.shell.history.list()).toEqual(["pwd", "history"]);
  });

  it("writes ~/.bash_history when the shell exits and reads it when the next one starts", async () => {
    const first = await new Transcript(cluster, { host: "node02" }).open();
    await first.type("kubeadm version -o short", "exit");
    expect(cluster.machine("node02")!.fs.read("/root/.bash_history")).toBe("kubeadm version -o short\nexit\n");
    const next = await new Transcript(cluster, { host: "node02" }).open();
    expect(next.console.shell.history.list()).toEqual(["kubeadm version -o short", "exit"]);
    expect(await next.type("!k")).toBe("root@node02:~# !k\nkubeadm version -o short\nv1.34.1\nroot@node02:~# ");
  });

  it("Ctrl-C at the prompt leaves $? at 130", async () => {
    const t = await new Transcript(cluster, { host: "node01" }).open();
    t.console.interrupted();
    expect(await t.type("echo $?")).toBe("root@node01:~# echo $?\n130\nroot@node01:~# ");
  });
});

describe("history in a script", () => {
  it("is off, as in a non-interactive bash", async () => {
    const r = await sh("echo a\nhistory\necho !!");
    expect(r.stdout).toBe("a\n!!\n");
  });
});

describe("History", () => {
  it("expands words of the previous line: !^, !*, !!:N", () => {
    const h = new History();
    h.add("kubectl get pods -n kube-system");
    expect(h.expand("echo !^ !* !!:2")).toEqual({ line: "echo get get pods -n kube-system pods", changed: true });
    expect(h.expand("echo !!:9")).toEqual({ error: "bash: :9: bad word specifier" });
  });

  it("keeps the line unexpanded inside single quotes and after a backslash", () => {
    const h = new History();
    h.add("ls");
    expect(h.expand("echo '!!' \\!! !=")).toEqual({ line: "echo '!!' \\!! !=", changed: false });
  });
});
