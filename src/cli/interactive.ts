/**
 * The plain-terminal sandbox: a prompt on controlplane, each line run in the
 * simulated shell, the virtual clock following real time. (The full exam
 * terminal with line editing and completion replaces this.)
 */
import { createInterface } from "node:readline";
import type { Cluster } from "../cluster/cluster.js";
import { ShellSession } from "../shell/session.js";

export async function interactiveShell(cluster: Cluster): Promise<number> {
  // Interactive time: sleep really waits, and the clock advances with the wall clock.
  // `ssh node01` (no command) moves the prompt to that machine; `exit` comes back.
  const sessions = [new ShellSession(cluster, { scripted: false })];
  const current = () => sessions[sessions.length - 1];
  let last = Date.now();
  const ticker = setInterval(() => {
    const now = Date.now();
    cluster.advance(now - last);
    last = now;
  }, 250);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const prompt = () => `${current().user}@${current().host}:~${current().user === "root" ? "#" : "$"} `;
  process.stdout.write("kubedojo sandbox: a kubeadm v1.34 cluster (controlplane, node01, node02). Type exit to leave.\n");
  let status = 0;
  try {
    rl.setPrompt(prompt());
    rl.prompt();
    for await (const line of rl) {
      const text = line.trim();
      if (text === "exit" || text === "logout") {
        if (sessions.length === 1) break;
        const left = sessions.pop()!;
        process.stdout.write(`logout\nConnection to ${left.host} closed.\n`);
        rl.setPrompt(prompt());
        rl.prompt();
        continue;
      }
      const login = /^ssh\s+(?:(\w[\w-]*)@)?([\w.-]+)\s*$/.exec(text);
      const node = login ? cluster.fixture.nodes.find((n) => n.name === login[2] || n.ip === login[2]) : undefined;
      if (node) {
        sessions.push(new ShellSession(cluster, { host: node.name, user: login![1] ?? "root", scripted: false }));
        rl.setPrompt(prompt());
        rl.prompt();
        continue;
      }
      if (text !== "") {
        const r = await current().exec(line);
        process.stdout.write(r.stdout);
        process.stderr.write(r.stderr);
        status = r.exitCode;
      }
      rl.prompt();
    }
  } finally {
    clearInterval(ticker);
    rl.close();
  }
  return status;
}
