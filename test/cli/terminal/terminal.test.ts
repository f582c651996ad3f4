import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { ADMIN_USER } from "../../../src/cluster/api/types.js";
import { Client } from "../../../src/cluster/client/client.js";
import { ShellConsole } from "../../../src/shell/session/console.js";
import { newCluster } from "../../helpers.js";
import { TerminalHarness } from "./screen.js";

let cluster: Cluster;
beforeAll(() => {
  cluster = newCluster();
}, 60_000);

const onBase = () => new TerminalHarness(new ShellConsole(cluster, { host: "base", user: "candidate" }));

describe("the exam terminal", () => {
  it("runs what is typed, completes with Tab, and prompts again", async () => {
    const t = onBase();
    await t.ready();
    await t.press("k get nod\t");
    expect(t.screen.cursorLine()).toEqual({ text: "candidate@base:~$ k get nodes", col: 30 });
    await t.press("no\t");
    expect(t.screen.cursorLine().text).toBe("candidate@base:~$ k get nodes node0");
    await t.press("\t");
    await t.press("\t");
    await t.press("1 -o name\r");
    expect(t.screen.lines()).toEqual(["candidate@base:~$ k get nodes node0", "node01  node02", "candidate@base:~$ k get nodes node01 -o name", "node/node01", "candidate@base:~$"]);
    expect(t.screen.bells).toBe(2);
  });

  it("shows each statement's output as it finishes, in order", async () => {
    const t = onBase();
    await t.ready();
    await t.press("kubectl get pod nope; echo after\r");
    expect(t.screen.lines().slice(1, 3)).toEqual(['Error from server (NotFound): pods "nope" not found', "after"]);
  });

  it("reads a pasted here-document line by line after PS2, then runs it whole", async () => {
    const t = onBase();
    await t.ready();
    await t.press("cat <<EOF > cm.yaml\rapiVersion: v1\rkind: ConfigMap\rmetadata:\r  name: pasted\rEOF\r");
    await t.press("k apply -f cm.yaml && k get cm pasted -o name\r");
    expect(t.screen.lines()).toEqual([
      "candidate@base:~$ cat <<EOF > cm.yaml",
      "> apiVersion: v1",
      "> kind: ConfigMap",
      "> metadata:",
      ">   name: pasted",
      "> EOF",
      "candidate@base:~$ k apply -f cm.yaml && k get cm pasted -o name",
      "configmap/pasted created",
      "configmap/pasted",
      "candidate@base:~$",
    ]);
  });

  it("Ctrl-C at the prompt drops the line with ^C and sets $? to 130", async () => {
    const t = onBase();
    await t.ready();
    await t.press("kubectl delete ns default\x03");
    await t.press("echo $?\r");
    expect(t.screen.lines()).toEqual(["candidate@base:~$ kubectl delete ns default^C", "candidate@base:~$ echo $?", "130", "candidate@base:~$"]);
  });

  it("Ctrl-C interrupts a command that waits, keeping what it printed", async () => {
    const t = onBase();
    await t.ready();
    t.send("echo waiting; sleep 30; echo never\r");
    await t.until((s) => s.includes("waiting"));
    await t.press("\x03");
    await t.press("echo $?\r");
    expect(t.screen.lines()).toEqual(["candidate@base:~$ echo waiting; sleep 30; echo never", "waiting", "^C", "candidate@base:~$ echo $?", "130", "candidate@base:~$"]);
  });

  it("kubectl get -w follows changes until Ctrl-C", async () => {
    const t = onBase();
    await t.ready();
    t.send("kubectl get pods -w\r");
    await t.until((s) => s.endsWith("kubectl get pods -w\n") || s.includes("No resources") || /get pods -w\n.+/.test(s));
    const client = new Client(cluster.endpoint, ADMIN_USER);
    client.create("pods", "default", { apiVersion: "v1", kind: "Pod", metadata: { name: "watched" }, spec: { containers: [{ name: "c", image: "nginx" }] } });
    cluster.settle();
    await t.until((s) => /^watched\s+0\/1\s+Pending/m.test(s));
    await t.press("\x03");
    await t.press("echo $?\r");
    const lines = t.screen.lines();
    expect(lines.slice(-4)).toEqual([lines[lines.length - 4], "candidate@base:~$ echo $?", "130", "candidate@base:~$"]);
    expect(lines[lines.length - 4]).toMatch(/\^C$/);
    client.delete("pods", "default", "watched", { gracePeriodSeconds: 0 });
  });

  it("journalctl -f follows the journal until Ctrl-C", async () => {
    const t = new TerminalHarness(new ShellConsole(cluster, { host: "node01" }));
    await t.ready();
    t.send("journalctl -u kubelet -f -n 1\r");
    await t.until((s) => s.split("\n").length >= 3);
    const journal = cluster.machine("node01")!.journal;
    journal.append({ unit: "kubelet.service", identifier: "kubelet", pid: 4242, message: "a line written while following" });
    await t.until((s) => s.includes("kubelet[4242]: a line written while following"));
    await t.press("\x03");
    expect(t.screen.lines().slice(-2)).toEqual([expect.stringMatching(/kubelet\[4242\]: a line written while following\^C$|^\^C$/), "root@node01:~#"]);
  });

  it("keys typed while a command runs wait for the next prompt", async () => {
    const t = onBase();
    await t.ready();
    t.send("sleep 0.3\r");
    await t.press("echo typed ahead\r");
    expect(t.screen.lines()).toEqual(["candidate@base:~$ sleep 0.3", "candidate@base:~$ echo typed ahead", "typed ahead", "candidate@base:~$"]);
  });

  it("Ctrl-D leaves a shell; at the last one the terminal ends", async () => {
    const t = onBase();
    await t.ready();
    await t.press("ssh node01\r");
    await t.press("\x04");
    await t.press("\x04");
    expect(await t.done).toBe(0);
    expect(t.screen.lines()).toEqual(["candidate@base:~$ ssh node01", "candidate@node01:~$ logout", "Connection to node01 closed.", "candidate@base:~$ exit", ""]);
  });

  it("ends with the status of the last command when exit is typed", async () => {
    const t = onBase();
    await t.ready();
    await t.press("exit 3\r");
    expect(await t.done).toBe(3);
  });
});
