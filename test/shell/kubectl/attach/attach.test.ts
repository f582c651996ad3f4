/**
 * kubectl attach: the main process of a running container, its notices,
 * stdin for a shell started with -i, and kubectl's errors.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const NOTICES =
  "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n";

describe("kubectl attach", () => {
  const cluster = newCluster();
  const setup = sh("kubectl run shell --image=busybox --stdin --attach=false >/dev/null\nkubectl run web --image=nginx >/dev/null\nkubectl run once --image=busybox --restart=Never -- true >/dev/null\nsleep 15", { cluster });

  it("-i feeds a shell that waits on its stdin; its output streams back", async () => {
    await setup;
    const r = await sh("printf 'echo attached\\nhostname\\n' | kubectl attach shell -i", { cluster });
    expect(r.stdout).toBe("attached\nshell\n");
    expect(r.stderr).toBe(NOTICES);
    expect(r.exitCode).toBe(0);
  });

  it("without -i only what the process writes from now on is shown (nothing, for a quiet server)", async () => {
    await setup;
    const r = await sh("kubectl attach web", { cluster });
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(NOTICES);
  });

  it("-t on a container without a TTY is refused with a notice", async () => {
    await setup;
    const r = await sh("kubectl attach web -t -q", { cluster });
    expect(r.stderr).toBe("");
    const loud = await sh("kubectl attach web -t", { cluster });
    expect(loud.stderr.split("\n")[0]).toBe("error: Unable to use a TTY - container web did not allocate one");
  });

  it("errors: no argument, too many, a completed pod, an unknown container", async () => {
    await setup;
    expect((await sh("kubectl attach", { cluster })).stderr).toBe("error: at least 1 argument is required for attach\n");
    expect((await sh("kubectl attach a b c", { cluster })).stderr).toBe("error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw 3: [a b c]\n");
    expect((await sh("kubectl attach once", { cluster })).stderr).toBe("error: cannot attach a container in a completed pod; current phase is Succeeded\n");
    expect((await sh("kubectl attach web -c other", { cluster })).stderr).toBe("error: cannot attach to the container: container other not found in pod web\n");
    expect((await sh("kubectl attach pod web", { cluster })).stderr).toBe(NOTICES);
  });
});
