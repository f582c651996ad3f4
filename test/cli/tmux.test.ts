/**
 * The built `kubedojo shell` in a real terminal (tmux): the prompt, a
 * command, Tab completion, Ctrl-C and exit, as a learner would type them.
 * Skipped without tmux or without a build of the exam terminal (npm run
 * build); KUBEDOJO_ROOT may point at another built checkout.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = process.env.KUBEDOJO_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
const built = existsSync(join(root, "dist/cli/terminal/terminal.js"));
const socket = `kubedojo-test-${process.pid}`;
const target = "exam";

function tmux(...args: string[]): string {
  return spawnSync("tmux", ["-L", socket, ...args], { encoding: "utf8" }).stdout ?? "";
}

function screen(): string {
  return tmux("capture-pane", "-p", "-t", target);
}

async function until(seen: (text: string) => boolean, what: string, timeoutMs = 90_000): Promise<string> {
  const start = Date.now();
  for (;;) {
    const text = screen();
    if (seen(text)) return text;
    if (Date.now() - start > timeoutMs) throw new Error(`tmux never showed ${what}:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!hasTmux || !built)("kubedojo shell in tmux", () => {
  afterAll(() => {
    tmux("kill-server");
  });

  it("prompts as candidate on base, runs kubectl, completes, interrupts and exits", async () => {
    tmux("new-session", "-d", "-s", target, "-x", "100", "-y", "30", `cd ${JSON.stringify(root)} && node bin/kubedojo shell --host base; echo "[exited $?]"; sleep 30`);
    await until((s) => s.includes("candidate@base:~$"), "the prompt");

    tmux("send-keys", "-t", target, "k get nodes", "Enter");
    const nodes = await until((s) => /node02\s+Ready/.test(s), "the nodes");
    expect(nodes).toMatch(/NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\ncontrolplane\s+Ready\s+control-plane/);

    tmux("send-keys", "-t", target, "k -n kube-sys", "Tab");
    // (tmux drops the trailing space the completion added; the next words show it was there.)
    await until((s) => /k -n kube-system$/m.test(s), "the completed namespace");
    tmux("send-keys", "-t", target, "get deploy", "Enter");
    await until((s) => /coredns\s+2\/2/.test(s), "coredns");

    tmux("send-keys", "-t", target, "sleep 60", "Enter");
    await new Promise((r) => setTimeout(r, 500));
    tmux("send-keys", "-t", target, "C-c");
    await until((s) => /sleep 60\n\^C\ncandidate@base:~\$/.test(s), "the interrupted sleep");

    tmux("send-keys", "-t", target, "exit", "Enter");
    await until((s) => s.includes("[exited 130]") || s.includes("[exited 0]"), "the shell's end");
  }, 180_000);
});
