/**
 * The host side of the editor bridge: `vim`, `vi`, `nano` and `kubectl edit`
 * in the simulated shell open the learner's own editor on a copy of the
 * simulated file. The copy lives in a fresh private directory under the
 * host's temp dir and is deleted as soon as the editor exits; nothing else
 * on the host is read or written (the editor is looked up on $PATH, as a
 * shell would).
 *
 * The editor is $EDITOR, else the first of vim, vi, nano found; like
 * kubectl's (pkg/cmd/util/editor/editor.go), an $EDITOR with spaces is split
 * into arguments, and one with quotes or backslashes runs through $SHELL -c.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, join } from "node:path";
import type { Editor } from "../shell/tool.js";

/** There is no terminal to show an editor on, or no editor to run: the tools print the message. */
export class EditorUnavailableError extends Error {
  override name = "EditorUnavailableError";
}

export interface HostEditorOptions {
  /** The host environment ($EDITOR, $PATH, $SHELL); process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Whether a terminal is attached; by default stdin and stdout must both be TTYs. */
  terminal?: boolean;
  /** Where the private temp directories go; os.tmpdir() by default. */
  tmpDir?: string;
}

const FALLBACK_EDITORS = ["vim", "vi", "nano"];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first `name` on $PATH, as `which` finds it. */
function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The command line to run, with the file's path in place. */
function commandFor(editor: string, path: string, env: NodeJS.ProcessEnv): { command: string; args: string[]; shown: string } {
  if (!editor.includes(" ")) return { command: editor, args: [path], shown: editor };
  if (!/["'\\]/.test(editor)) {
    const [command, ...args] = editor.split(" ");
    return { command, args: [...args, path], shown: editor };
  }
  // Quoting only a shell understands: let $SHELL run it, the path appended quoted.
  const shell = env.SHELL || "/bin/bash";
  return { command: shell, args: ["-c", `${editor} ${JSON.stringify(path)}`], shown: editor };
}

/** Which editor to run: $EDITOR, else vim, vi or nano on $PATH. */
function chooseEditor(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.EDITOR?.trim();
  if (fromEnv) return fromEnv;
  const found = FALLBACK_EDITORS.find((name) => onPath(name, env));
  if (!found) throw new EditorUnavailableError("no editor found: set $EDITOR, or install vim, vi or nano");
  return found;
}

/** A file name safe to create in the private directory: the simulated file's base name. */
function safeName(fileName: string): string {
  const name = basename(fileName).replace(/[^A-Za-z0-9._-]/g, "_");
  return name && name !== "." && name !== ".." ? name : "file";
}

export function hostEditor(opts: HostEditorOptions = {}): Editor {
  const env = opts.env ?? process.env;
  return {
    async edit(fileName: string, content: string): Promise<string> {
      const terminal = opts.terminal ?? (process.stdin.isTTY === true && process.stdout.isTTY === true);
      if (!terminal) throw new EditorUnavailableError("no terminal to run an editor on");
      const editor = chooseEditor(env);
      const dir = mkdtempSync(join(opts.tmpDir ?? tmpdir(), "kubedojo-edit-"));
      try {
        const path = join(dir, safeName(fileName));
        writeFileSync(path, content, { mode: 0o600 });
        const { command, args, shown } = commandFor(editor, path, env);
        // The editor's working directory is the private one, so a stray `:w name` lands there and goes with it.
        const run = spawnSync(command, args, { stdio: "inherit", cwd: dir, env });
        if (run.error) {
          const code = (run.error as NodeJS.ErrnoException).code;
          if (code === "ENOENT") throw new EditorUnavailableError(`unable to launch the editor "${shown}"`);
          throw new Error(`there was a problem with the editor "${shown}"`);
        }
        if (run.status !== 0) throw new Error(`there was a problem with the editor "${shown}"`);
        // An editor that removed the file saved nothing.
        try {
          return readFileSync(path, "utf8");
        } catch {
          return "";
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
