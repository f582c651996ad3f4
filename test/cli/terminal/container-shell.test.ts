/**
 * `kubectl exec -it POD -- sh` at the exam terminal: the learner types at
 * the container shell's own prompt until `exit` or Ctrl-D.
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

const onControlplane = () => new TerminalHarness(new ShellConsole(cluster, {}));

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
});
