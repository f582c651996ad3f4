/**
 * A command that asks ([Y/n], [y/N]) at the exam terminal: what it printed
 * so far is on screen, and the answer is typed after the question.
 */
import { describe, expect, it } from "vitest";
import { ShellConsole } from "../../../src/shell/session/console.js";
import { newCluster } from "../../helpers.js";
import { TerminalHarness } from "./screen.js";

describe("questions at the terminal", () => {
  it("apt-get install without -y waits for the typed answer: n aborts, y installs", async () => {
    const t = new TerminalHarness(new ShellConsole(newCluster(), { host: "node01" }));
    await t.ready();
    await t.press("apt-get install --allow-change-held-packages kubectl=1.34.2-1.1\r");
    await t.press("n\r");
    let lines = t.screen.lines();
    expect(lines.slice(-3)).toEqual(["Do you want to continue? [Y/n] n", "Abort.", "root@node01:~#"]);
    await t.press("apt-get install --allow-change-held-packages kubectl=1.34.2-1.1 >/dev/null\r");
    await t.press("y\r");
    await t.press("kubectl version --client | head -1\r");
    lines = t.screen.lines();
    expect(lines.slice(-3)).toEqual(["root@node01:~# kubectl version --client | head -1", "Client Version: v1.34.2", "root@node01:~#"]);
  });
});
