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

/** Whether `argv` starts a bare interactive shell (`sh`, `/bin/bash`), the case this module serves. */
export function isInteractiveShell(argv: string[]): boolean {
  return argv.length === 1 && SHELLS.has(argv[0].split("/").pop() ?? "");
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function promptFor(shell: string, stream: ContainerStream, pod: string, cwd: string): string {
  const home = "/root";
  const shown = cwd === home ? "~" : cwd;
  if (shell === "bash") return `root@${pod}:${shown}# `;
  const os = containerFiles(stream)?.os;
  // busybox ash's default PS1 is '\w \$ '; Debian's dash has a bare '# '.
  return os === "busybox" || os === "alpine" ? `${shown} # ` : "# ";
}

/** Runs the session; resolves to the shell's exit status. */
export async function runContainerShell(k: KubectlContext, terminal: TerminalIO & { readLine(prompt: string): Promise<string | null> }, stream: ContainerStream, argv: string[], pod: string): Promise<number> {
  const shell = argv[0].split("/").pop() ?? "sh";
  let cwd = "/";
  let status = 0;
  for (;;) {
    const line = await terminal.readLine(promptFor(shell, stream, pod, cwd));
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
