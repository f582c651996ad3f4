/**
 * `kubectl exec -it POD -- sh` at the interactive terminal: the learner types
 * at the container shell's own prompt (busybox "/ # ", bash
 * "root@web-7d4b9:/# ", dash "# ") until `exit` or Ctrl-D. Each line runs in
 * the container through the same exec path as a one-shot command, with the
 * variables, exports and directory the earlier lines left, as one shell
 * would keep them.
 */
import type { TerminalIO } from "../../../tool.js";
import type { KubectlContext } from "../types.js";
import { containerFiles, execIn, type ContainerStream } from "./kubelet-connection.js";
import { waitCluster } from "./interruptible.js";
import { readsStdin } from "../../../../cluster/kubelet/runtime/runtime.js";


/** A terminal the learner can type lines at. */
export type PromptingTerminal = TerminalIO & Required<Pick<TerminalIO, "readLine">>;

export function canPrompt(t: TerminalIO | undefined): t is PromptingTerminal {
  return t?.readLine !== undefined;
}

/** Whether `argv` starts a shell without a script (`sh`, `/bin/bash -i`), the case this module serves: the runtime's own test. */
export const isInteractiveShell = readsStdin;

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The shell's prompt in a directory: bash's `\u@\h:\w\$ `, busybox ash's default '\w \$ ', Debian's dash a bare '# '. */
function promptFor(shell: string, stream: ContainerStream, pod: string): (cwd: string) => string {
  const shown = (cwd: string) => (cwd === "/root" ? "~" : cwd);
  if (shell === "bash") return (cwd) => `root@${pod}:${shown(cwd)}# `;
  const os = containerFiles(stream)?.os;
  return os === "busybox" || os === "alpine" ? (cwd) => `${shown(cwd)} # ` : () => "# ";
}

/** Separates a line's own output from the state the session carries to the next line. */
const STATE_MARK = "__kubedojo_shell_state__";

/**
 * What one shell keeps between the lines typed at it: its variables (`set`
 * output, which the shell reads back), which of them are exported, and
 * its directory.
 */
interface SessionState {
  /** One `NAME='value'` assignment each (a value may span lines). */
  assignments: string[];
  exported: string[];
  cwd: string;
}

/**
 * The script one typed line runs as: the session's state restored on the
 * same line as the learner's (so the shell's "line 1" in its messages is
 * theirs), then the state printed after a mark.
 */
function lineScript(state: SessionState, line: string): string {
  const restore = [...state.assignments, state.exported.length ? `export ${state.exported.join(" ")}` : "", `cd ${quote(state.cwd)} 2>/dev/null`].filter(Boolean).join("; ");
  return `${restore}; ${line}\n__kd_status=$?\necho ${STATE_MARK}; set; echo ${STATE_MARK}; export -p; echo ${STATE_MARK}; pwd; exit $__kd_status`;
}

/** `set` output as one assignment each: a line that does not start NAME= continues the value above it. */
function assignmentsOf(setOutput: string): string[] {
  const out: string[] = [];
  for (const l of setOutput.split("\n")) {
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(l)) out.push(l);
    else if (out.length) out[out.length - 1] += `\n${l}`;
  }
  return out.filter((a) => !a.startsWith("__kd_status="));
}

/** Splits a line's stdout into what the learner sees and the state it leaves (unchanged when the line exited early). */
function splitState(stdout: string, before: SessionState): { shown: string; state: SessionState } {
  const at = stdout.indexOf(`${STATE_MARK}\n`);
  if (at < 0) return { shown: stdout, state: before };
  const [vars = "", exports = "", cwd = ""] = stdout.slice(at + STATE_MARK.length + 1).split(`${STATE_MARK}\n`);
  const assignments = assignmentsOf(vars.replace(/\n$/, ""));
  const exported = [...exports.matchAll(/^(?:export|declare -x) ([A-Za-z_][A-Za-z0-9_]*)/gm)].map((m) => m[1]);
  return { shown: stdout.slice(0, at), state: { assignments, exported, cwd: cwd.trim() || before.cwd } };
}

/** Runs the session; resolves to the shell's exit status. */
export async function runContainerShell(k: KubectlContext, terminal: PromptingTerminal, stream: ContainerStream, argv: string[], pod: string): Promise<number> {
  const prompt = promptFor(argv[0].split("/").pop() ?? "sh", stream, pod);
  let state: SessionState = { assignments: [], exported: [], cwd: "/" };
  let status = 0;
  for (;;) {
    const line = await terminal.readLine(prompt(state.cwd));
    if (line === null) {
      // Ctrl-D: the shell leaves as it does at a tty.
      if (!terminal.signal.aborted) terminal.write("exit\n");
      return status;
    }
    const text = line.trim();
    if (text === "") continue;
    const exit = /^exit(?:\s+(\d+))?$/.exec(text);
    if (exit) return exit[1] ? Number(exit[1]) : status;
    const r = execIn(k, stream, [argv[0], "-c", lineScript(state, text)], "");
    if (r.elapsedMs > 0) await waitCluster(k, r.elapsedMs);
    const next = splitState(r.stdout, state);
    state = next.state;
    terminal.write(next.shown);
    terminal.write(r.stderr);
    status = r.exitCode;
  }
}
