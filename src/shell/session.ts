/**
 * A bash session on the simulated cluster's machines. The interpreter is
 * just-bash (in-memory filesystem, no host access); kubectl and the other
 * cluster tools are custom commands that reach the cluster through its API.
 * After every cluster command the cluster settles; in scripted mode `sleep`
 * advances the virtual clock instead of waiting.
 */
import { Bash, InMemoryFs, decodeBytesToUtf8, defineCommand, type IFileSystem } from "just-bash";
import type { Cluster } from "../cluster/cluster.js";
import { BashFilesystem } from "../host/filesystem.js";
import { TOOLS } from "./commands/index.js";
import { sshTool } from "./commands/ssh/ssh.js";
import type { ToolContext } from "./tool.js";

export interface SessionOptions {
  host?: string;
  user?: string;
  /** Scripted mode: `sleep` advances the virtual clock instantly. */
  scripted?: boolean;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export class ShellSession {
  readonly fs: IFileSystem;
  readonly host: string;
  readonly user: string;
  private bash: Bash;
  /** How commands wait for the cluster: see ToolContext.sleep. */
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    readonly cluster: Cluster,
    opts: SessionOptions = {},
  ) {
    this.host = opts.host ?? cluster.fixture.nodes.find((n) => n.role === "control-plane")!.name;
    this.user = opts.user ?? "root";
    const home = this.user === "root" ? "/root" : `/home/${this.user}`;
    // On a node the shell works on that machine's filesystem, the one its kubelet and containers use.
    const machine = cluster.machine(this.host);
    if (machine) machine.fs.mkdirp(home);
    this.fs = machine ? new BashFilesystem(machine.fs) : new InMemoryFs({ "/etc/hostname": `${this.host}\n`, [`${home}/.bashrc`]: "" });
    const scripted = opts.scripted !== false;
    this.sleep = scripted ? async (ms) => cluster.advance(ms) : (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    // ssh opens a shell on another machine of the same cluster, in the same mode (scripted or interactive).
    const ssh = sshTool((target, user) => {
      const node = cluster.fixture.nodes.find((n) => n.name === target || n.ip === target);
      return node ? new ShellSession(cluster, { host: node.name, user, scripted }) : undefined;
    });
    const commands = Object.entries({ ...TOOLS, ssh }).map(([name, tool]) =>
      defineCommand(name, async (args, ctx) => {
        const tctx: ToolContext = {
          cluster,
          host: this.host,
          user: this.user,
          fs: ctx.fs,
          cwd: ctx.cwd,
          env: ctx.env,
          stdin: decodeBytesToUtf8(ctx.stdin),
          sleep: this.sleep,
        };
        cluster.settle();
        const r = await tool(args, tctx);
        cluster.settle();
        return r;
      }),
    );
    this.bash = new Bash({
      fs: this.fs,
      cwd: home,
      env: {
        HOME: home,
        USER: this.user,
        HOSTNAME: this.host,
        PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        SHELL: "/bin/bash",
        TERM: "xterm",
      },
      customCommands: commands,
      processInfo: { uid: this.user === "root" ? 0 : 1000, gid: this.user === "root" ? 0 : 1000 },
      sleep: scripted ? this.sleep : undefined,
    });
  }

  /** Runs a script (any number of lines) and returns what it printed and its exit status. */
  async exec(script: string): Promise<ExecResult> {
    const r = await this.bash.exec(script, { rawScript: true });
    this.cluster.settle();
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  }
}
