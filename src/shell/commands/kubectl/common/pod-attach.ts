/**
 * The client side of a stream into a container (exec.StreamOptions and
 * attach in pkg/cmd/exec, pkg/cmd/attach): whether stdin is sent and a TTY
 * used (SetupTTY), where output goes while it arrives, and attaching to a
 * container's main process (its output as it is written, stdin handed to a
 * shell that waits on it).
 *
 * A TTY needs a terminal on our side: at the interactive terminal, or in a
 * script whose stdin is not a pipe (a script started from a terminal). With
 * piped input, kubectl says it cannot use one. With a TTY the container's
 * stderr arrives on the same stream as its stdout.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import type { LogEntry } from "../../../../cluster/kubelet/runtime/runtime.js";
import type { KubectlContext } from "../types.js";
import type { PodContainer } from "./container-select.js";
import { connectContainer, type ContainerStream } from "./kubelet-connection.js";
import { LiveOutput, waitCluster } from "./interruptible.js";
import { canPrompt, isInteractiveShell, runContainerShell } from "./container-shell.js";

/** Poll period of the streams (cluster time). */
const STREAM_POLL_MS = 1000;
/**
 * A script cannot press Ctrl-C: an attach there follows the container for
 * at most this much cluster time (the terminal follows until Ctrl-C).
 */
const SCRIPT_ATTACH_LIMIT_MS = 10 * 60 * 1000;

export interface StreamSetup {
  /** -i: the session's stdin goes to the container. */
  stdin: boolean;
  /** A raw TTY is in use (-t with stdin on a terminal). */
  tty: boolean;
  quiet: boolean;
}

/** StreamOptions.SetupTTY: no stdin means no TTY; a TTY needs a terminal on our stdin. */
export function setupStream(k: KubectlContext, stdin: boolean, tty: boolean, quiet: boolean): StreamSetup {
  if (!stdin) return { stdin: false, tty: false, quiet };
  if (!tty) return { stdin, tty: false, quiet };
  const terminalIn = k.tool.terminal !== undefined || k.tool.stdin === "";
  if (!terminalIn) {
    if (!quiet) new LiveOutput(k).err("Unable to use a TTY - input is not a terminal or the right kind of file\n");
    return { stdin, tty: false, quiet };
  }
  return { stdin, tty: true, quiet };
}

function entryText(e: LogEntry): string {
  return `${e.text}\n`;
}

/**
 * Streams a container's output from `from` (an index into its log) until
 * the container exits, the learner interrupts, or `maxMs` of cluster time
 * passed; stderr joins stdout under a TTY. Returns the next index.
 */
async function followContainer(k: KubectlContext, stream: ContainerStream, from: number, tty: boolean, maxMs: number): Promise<number> {
  const live = new LiveOutput(k);
  const runtime = stream.machine.runtime;
  const id = stream.container.id;
  const deadline = k.now() + maxMs;
  let next = from;
  const flush = () => {
    const entries = runtime.logEntries(id);
    for (; next < entries.length; next++) {
      const e = entries[next];
      if (e.stream === "stdout" || tty) live.out(entryText(e));
      else live.err(entryText(e));
    }
  };
  for (;;) {
    flush();
    if (runtime.containerStatus(id)?.state !== "CONTAINER_RUNNING" || live.interrupted || k.now() >= deadline) break;
    await waitCluster(k, Math.min(STREAM_POLL_MS, deadline - k.now()));
  }
  flush();
  return next;
}

/**
 * attach to a container's main process: with stdin, a shell blocked on its
 * open stdin reads the session's input (then end of file); the output
 * streams until the process exits. `fromStart` shows what the process wrote
 * before (run -i, attaching to the pod it just started) instead of only
 * what comes next (kubectl attach). At the terminal the stream lasts until
 * the exit or Ctrl-C; a script follows a process it started or fed to its
 * exit, else prints what is there and returns.
 */
async function attachToContainer(k: KubectlContext, stream: ContainerStream, setup: StreamSetup, fromStart: boolean, pod: string): Promise<void> {
  const runtime = stream.machine.runtime;
  const from = fromStart ? 0 : runtime.logEntries(stream.container.id).length;
  const terminal = k.tool.terminal;
  if (setup.tty && canPrompt(terminal) && runtime.awaitsStdin(stream.container.id) && isInteractiveShell(stream.container.argv)) {
    // The learner types at the shell's prompt; when it exits, PID 1 exits with its status.
    const status = await runContainerShell(k, terminal, stream, stream.container.argv, pod);
    runtime.attachStdin(stream.container.id, `exit ${status}\n`);
    return;
  }
  const fed = setup.stdin && runtime.attachStdin(stream.container.id, k.tool.stdin);
  const limit = k.tool.terminal ? Number.POSITIVE_INFINITY : fed || fromStart ? SCRIPT_ATTACH_LIMIT_MS : 0;
  await followContainer(k, stream, from, setup.tty, limit);
}

export interface AttachOptions {
  stdin: boolean;
  tty: boolean;
  quiet: boolean;
  /** Show what the process wrote before the attach (run -i) rather than only what follows. */
  fromStart: boolean;
}

/**
 * AttachOptions.Run once the pod and container are known: the TTY follows
 * what the container allocated, the prompt notices go to stderr, then the
 * stream; a session on a TTY of a pod that restarts its containers ends
 * with the hint to resume it.
 */
export async function attachSession(k: KubectlContext, pod: KubeObject, container: PodContainer, o: AttachOptions): Promise<void> {
  // Notices go out at once: at the terminal they come before the stream.
  const live = new LiveOutput(k);
  let tty = o.tty;
  if (tty && !container.tty) {
    tty = false;
    if (!o.quiet) live.err(`error: Unable to use a TTY - container ${container.name} did not allocate one\n`);
  } else if (!tty && container.tty) tty = true;
  const setup = setupStream(k, o.stdin, tty, o.quiet);
  if (!o.quiet) {
    live.err("All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\n");
    live.err("If you don't see a command prompt, try pressing enter.\n");
  }
  const stream = connectContainer(k, pod, container.name, "attach");
  await attachToContainer(k, stream, setup, o.fromStart, pod.metadata.name ?? "");
  if (!o.quiet && setup.stdin && setup.tty && pod.spec?.restartPolicy === "Always") {
    live.out(`Session ended, resume using 'kubectl attach ${pod.metadata.name} -c ${container.name} -i -t' command when the pod is running\n`);
  }
}
