/**
 * The host editor bridge (src/cli/editor.ts) with a scripted editor: EDITOR
 * is a small shell script that edits the file with sed, as a learner would
 * in vim. It runs `kubectl edit` and `vim` through a ShellSession, takes
 * the error-reopen path of kubectl edit, and leaves nothing behind in the
 * host temp directory.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EditorUnavailableError, hostEditor } from "../../src/cli/editor.js";
import { ShellSession } from "../../src/shell/session.js";
import { newCluster } from "../helpers.js";

let work: string;
let temp: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "kubedojo-editor-test-"));
  temp = mkdtempSync(join(work, "tmp-"));
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

/** An executable editor script: `sh` with the file as $1. */
function script(name: string, body: string): string {
  const path = join(work, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const env = (editor: string) => ({ PATH: process.env.PATH, EDITOR: editor });

describe("hostEditor", () => {
  it("runs $EDITOR on a private copy and returns what it saved, leaving nothing behind", async () => {
    const editor = hostEditor({ env: env(script("up.sh", `sed -i 's/a/b/' "$1"`)), terminal: true, tmpDir: temp });
    expect(await editor.edit("notes.txt", "a\n")).toBe("b\n");
    expect(readdirSync(temp)).toEqual([]);
  });

  it("splits an $EDITOR with arguments, as kubectl does", async () => {
    const path = script("args.sh", `printf '%s\\n' "$1" >> "$2"`);
    const editor = hostEditor({ env: env(`${path} added`), terminal: true, tmpDir: temp });
    expect(await editor.edit("f.txt", "x\n")).toBe("x\nadded\n");
  });

  it("refuses without a terminal, or without an editor", async () => {
    await expect(hostEditor({ env: env("vi"), terminal: false, tmpDir: temp }).edit("f", "")).rejects.toThrow(EditorUnavailableError);
    const noEditor = hostEditor({ env: { PATH: work }, terminal: true, tmpDir: temp });
    await expect(noEditor.edit("f", "")).rejects.toThrow("no editor found: set $EDITOR, or install vim, vi or nano");
    const missing = hostEditor({ env: env(join(work, "nope")), terminal: true, tmpDir: temp });
    await expect(missing.edit("f", "")).rejects.toThrow(`unable to launch the editor "${join(work, "nope")}"`);
    expect(readdirSync(temp)).toEqual([]);
  });

  it("reports an editor that exits with an error", async () => {
    const editor = hostEditor({ env: env(script("fail.sh", "exit 3")), terminal: true, tmpDir: temp });
    await expect(editor.edit("f", "")).rejects.toThrow(/^there was a problem with the editor ".*fail\.sh"$/);
    expect(readdirSync(temp)).toEqual([]);
  });
});

describe("the editor bridge in the shell", () => {
  it("kubectl edit deploy web and vim /root/x.yaml change the cluster and the simulated file", async () => {
    const c = newCluster();
    const editor = hostEditor({ env: env(script("sed.sh", `sed -i -e 's/replicas: 1$/replicas: 3/' -e 's/^old$/new/' "$1"`)), terminal: true, tmpDir: temp });
    const s = new ShellSession(c, { scripted: true, editor });
    const r = await s.exec("kubectl create deployment web --image=nginx >/dev/null\nsleep 5\nkubectl edit deploy web\necho old > /root/x.yaml\nvim /root/x.yaml\ncat /root/x.yaml");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("deployment.apps/web edited\nnew\n");
    expect(c.client().get("deployments", "default", "web").spec.replicas).toBe(3);
    expect(readdirSync(temp)).toEqual([]);
  });

  it("kubectl edit reopens an invalid change with the error on top; fixing it applies", async () => {
    const c = newCluster();
    // First opening: an invalid value. On the reopened file (the error in the header): the fix.
    const fixer = script(
      "fix.sh",
      `if grep -q 'was not valid' "$1"; then sed -i 's/replicas: -1$/replicas: 2/' "$1"; else sed -i 's/replicas: 1$/replicas: -1/' "$1"; fi`,
    );
    const s = new ShellSession(c, { scripted: true, editor: hostEditor({ env: env(fixer), terminal: true, tmpDir: temp }) });
    const r = await s.exec("kubectl create deployment web --image=nginx >/dev/null\nsleep 5\nkubectl edit deploy web");
    expect(r.stderr).toBe('error: deployments.apps "web" is invalid\n');
    expect(r.stdout).toBe("deployment.apps/web edited\n");
    expect(c.client().get("deployments", "default", "web").spec.replicas).toBe(2);
    expect(readdirSync(temp)).toEqual([]);
  });

  it("kubectl edit keeps the copy in the simulated /tmp when the learner gives up", async () => {
    const c = newCluster();
    const stubborn = script("stubborn.sh", `grep -q 'was not valid' "$1" || sed -i 's/replicas: 1$/replicas: -1/' "$1"`);
    const s = new ShellSession(c, { scripted: true, editor: hostEditor({ env: env(stubborn), terminal: true, tmpDir: temp }) });
    const r = await s.exec("kubectl create deployment web --image=nginx >/dev/null\nsleep 5\nkubectl edit deploy web");
    const copy = /stored to "([^"]+)"/.exec(r.stderr)?.[1];
    expect(r.stderr).toBe(`error: deployments.apps "web" is invalid\nA copy of your changes has been stored to "${copy}"\nerror: Edit cancelled, no valid changes were saved.\n`);
    expect(r.exitCode).toBe(1);
    const kept = await s.exec(`grep -q 'was not valid' ${copy} && grep -q '^  replicas: -1$' ${copy} && echo kept`);
    expect(kept.stdout).toBe("kept\n");
    expect(readdirSync(temp)).toEqual([]);
  });
});
