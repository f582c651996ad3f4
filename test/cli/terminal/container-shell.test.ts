/**
 * `kubectl exec -it POD -- sh` and `kubectl run -it ... -- sh` at the exam
 * terminal: the learner types at the container shell's own prompt until
 * `exit` or Ctrl-D.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { ShellSession } from "../../../src/shell/session.js";
import { ShellConsole } from "../../../src/shell/session/console.js";
import { newCluster } from "../../helpers.js";
import { TerminalHarness } from "./screen.js";

let cluster: Cluster;
beforeAll(async () => {
  cluster = newCluster();
  const r = await new ShellSession(cluster, { scripted: true }).exec("kubectl run box --image=busybox -- sleep 3600 && kubectl wait pod box --for=condition=Ready --timeout=120s");
  expect(r.exitCode).toBe(0);
}, 120_000);

const onControlplane = (cols?: number) => new TerminalHarness(new ShellConsole(cluster, {}), cols);

describe("an interactive shell in a container", () => {
  it("prompts as busybox does, runs each line in the container, follows cd, and exit comes back", async () => {
    const t = onControlplane();
    await t.ready();
    await t.press("kubectl exec -it box -- sh\r");
    await t.press("hostname\r");
    await t.press("cd /etc\r");
    await t.press("cat hostname\r");
    await t.press("exit 3\r");
    await t.press("echo $?\r");
    expect(t.screen.lines()).toEqual([
      "root@controlplane:~# kubectl exec -it box -- sh",
      "/ # hostname",
      "box",
      "/ # cd /etc",
      "/etc # cat hostname",
      "box",
      "/etc # exit 3",
      "command terminated with exit code 3",
      "root@controlplane:~# echo $?",
      "3",
      "root@controlplane:~#",
    ]);
  });

  it("Ctrl-D leaves the container shell with exit status 0", async () => {
    const t = onControlplane();
    await t.ready();
    await t.press("kubectl exec -it box -- /bin/sh\r");
    await t.press("\x04");
    await t.press("echo $?\r");
    expect(t.screen.lines()).toEqual(["root@controlplane:~# kubectl exec -it box -- /bin/sh", "/ # exit", "root@controlplane:~# echo $?", "0", "root@controlplane:~#"]);
  });

  it("kubectl run --rm -it --restart=Never -- sh: the pod's own shell, its exit status, then the pod is deleted", async () => {
    const t = onControlplane(200);
    await t.ready();
    await t.pressWhileTimePasses("kubectl run tmp --rm -it --image=busybox --restart=Never -- sh\r");
    await t.press("hostname\r");
    await t.pressWhileTimePasses("exit 3\r");
    await t.press("echo $?; kubectl get pod tmp\r");
    expect(t.screen.lines()).toEqual([
      "root@controlplane:~# kubectl run tmp --rm -it --image=busybox --restart=Never -- sh",
      "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.",
      "If you don't see a command prompt, try pressing enter.",
      "/ # hostname",
      "tmp",
      "/ # exit 3",
      'pod "tmp" deleted from default namespace',
      "pod default/tmp terminated (Error)",
      "root@controlplane:~# echo $?; kubectl get pod tmp",
      "3",
      'Error from server (NotFound): pods "tmp" not found',
      "root@controlplane:~#",
    ]);
  });

  it("kubectl run -it with no command attaches to the image's shell; leaving it restarts the container", async () => {
    const t = onControlplane(200);
    await t.ready();
    await t.pressWhileTimePasses("kubectl run shell -it --image=busybox\r");
    await t.press("\x04");
    await t.pressWhileTimePasses("sleep 1; kubectl get pod shell -o jsonpath='{.status.containerStatuses[0].restartCount}{\"\\n\"}'\r");
    expect(t.screen.lines().slice(-5)).toEqual([
      "/ # exit",
      "Session ended, resume using 'kubectl attach shell -c shell -i -t' command when the pod is running",
      `root@controlplane:~# sleep 1; kubectl get pod shell -o jsonpath='{.status.containerStatuses[0].restartCount}{"\\n"}'`,
      "1",
      "root@controlplane:~#",
    ]);
  });

  it("keeps variables and exports from line to line, as one shell would", async () => {
    const t = onControlplane();
    await t.ready();
    await t.press("kubectl exec -it box -- sh\r");
    await t.press("NAME=world; export GREETING=hello\r");
    await t.press("cd /etc\r");
    await t.press("echo $GREETING $NAME from $(pwd)\r");
    await t.press("env | grep -c -E '^(GREETING|NAME)='\r");
    await t.press("cd /nowhere\r");
    await t.press("exit\r");
    expect(t.screen.lines()).toEqual([
      "root@controlplane:~# kubectl exec -it box -- sh",
      "/ # NAME=world; export GREETING=hello",
      "/ # cd /etc",
      "/etc # echo $GREETING $NAME from $(pwd)",
      "hello world from /etc",
      "/etc # env | grep -c -E '^(GREETING|NAME)='",
      "1",
      "/etc # cd /nowhere",
      "sh: cd: can't cd to /nowhere: No such file or directory",
      "/etc # exit",
      "command terminated with exit code 2",
      "root@controlplane:~#",
    ]);
  });

  it("a shell started with flags only (sh -i) is interactive too", async () => {
    const t = onControlplane();
    await t.ready();
    await t.press("kubectl exec -it box -- sh -i\r");
    await t.press("hostname\r");
    await t.press("exit\r");
    expect(t.screen.lines()).toEqual(["root@controlplane:~# kubectl exec -it box -- sh -i", "/ # hostname", "box", "/ # exit", "root@controlplane:~#"]);
  });
});
