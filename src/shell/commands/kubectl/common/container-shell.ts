/**
 * `kubectl exec -it POD -- sh` at the interactive terminal: the learner types
 * at the container shell's own prompt (busybox "/ # ", bash
 * "root@web-7d4b9:/# ", dash "# ") until `exit` or Ctrl-D. Each line runs in
 * the container through the same exec path as a one-shot command, in the
 * directory the session has reached with `cd`.
 */
import type { TerminalIO } from "../../../tool.js";
import type { KubectlContext } from "../types.js";
import { containerFiles, execIn, type ContainerStream } from "./kubelet-connection.js";
import { waitCluster } from "./interruptible.js";

const SHELLS = new Set(["sh", "bash", "ash", "dash"]);

/** A terminal the learner can type lines at. */
export type PromptingTerminal = TerminalIO & Required<Pick<TerminalIO, "readLine">>;

export function canPrompt(t: TerminalIO | undefined): t is PromptingTerminal {
  return t?.readLine !== undefined;
}

/** Whether `argv` starts a bare interactive shell (`sh`, `/bin/bash`), the case this module serves. */
export function isInteractiveShell(argv: string[]): boolean {
  return argv.length === 1 && SHELLS.has(argv[0].split("/").pop() ?? "");
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The shell's prompt in a directory: bash's `\u@\h:\w\$ `, busybox ash's default '\w \$ ', Debian's dash a bare '# '. */
function promptFor(shell: string, stream: ContainerStream, pod: string): (cwd: string) => string {
  const shown = (cwd: string) => (cwd === "/root" ? "~" : cwd);
  if (shell === "bash") return (cwd) => `root@${pod}:${shown(cwd)}# `;
  const os = containerFiles(stream)?.os;
  return os === "busybox" || os === "alpine" ? (cwd) => `${shown(cwd)} # ` : () => "# ";
}

/** Runs the session; resolves to the shell's exit status. */
export async function runContainerShell(k: KubectlContext, terminal: PromptingTerminal, stream: ContainerStream, argv: string[], pod: string): Promise<number> {
  const prompt = promptFor(argv[0].split("/").pop() ?? "sh", stream, pod);
  let cwd = "/";
  let status = 0;
  for (;;) {
    const line = await terminal.readLine(prompt(cwd));
    if (line === null) {
      // Ctrl-D: the shell leaves as it does at a tty.
      if (!terminal.signal.aborted) terminal.write("exit\n");
      return status;
    }
    const text = line.trim();
    if (text === "") continue;
    const exit = /^exit(?:\s+(\d+))?$/.exec(text);
    if (exit) return exit[1] ? Number(exit[1]) : status;
    // A `cd` changes the session's directory: run it and ask the shell where it ended up.
    const changesDir = /^cd(\s|$)/.test(text);
    const script = `cd ${quote(cwd)} 2>/dev/null; ${text}${changesDir ? " && pwd" : ""}`;
    const r = execIn(k, stream, [argv[0], "-c", script], "");
    if (r.elapsedMs > 0) await waitCluster(k, r.elapsedMs);
    let out = r.stdout;
    if (changesDir && r.exitCode === 0) {
      const lines = out.trimEnd().split("\n");
      cwd = lines.pop() || cwd;
      out = lines.length ? lines.join("\n") + "\n" : "";
    }
    terminal.write(out);
    terminal.write(r.stderr);
    status = r.exitCode;
  }
}
