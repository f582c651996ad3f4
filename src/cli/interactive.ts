/**
 * `kubedojo shell`: the exam terminal on this process's terminal. The
 * console (src/shell/session/console.ts) holds the shells; the terminal
 * (src/cli/terminal/) edits lines, completes, and passes Ctrl-C on; vim,
 * nano and kubectl edit open the learner's own editor (src/cli/editor.ts).
 */
import type { Cluster } from "../cluster/cluster.js";
import { ShellConsole } from "../shell/session/console.js";
import { hostEditor } from "./editor.js";
import { ExamTerminal } from "./terminal/terminal.js";

export interface InteractiveOptions {
  /** The machine the prompt starts on (a node, or "base"); default the first control-plane node. */
  host?: string;
  user?: string;
}

export async function interactiveShell(cluster: Cluster, opts: InteractiveOptions = {}): Promise<number> {
  const console = new ShellConsole(cluster, { host: opts.host, user: opts.user, editor: hostEditor() });
  if (process.stdin.isTTY) {
    const f = cluster.fixture;
    const nodes = f.nodes.map((n) => n.name).join(", ");
    process.stdout.write(`kubedojo sandbox: a kubeadm ${f.kubernetesVersion} cluster (${nodes}). Type exit to leave.\n`);
  }
  return new ExamTerminal({ input: process.stdin, output: process.stdout, console }).run();
}
