/**
 * A bash session on the simulated cluster's machines. The interpreter is
 * just-bash (in-memory filesystem, no host access); kubectl and the other
 * cluster tools are custom commands that reach the cluster through its API.
 * After every cluster command the cluster settles; in scripted mode `sleep`
 * advances the virtual clock instead of waiting.
 */
import { Bash, InMemoryFs, decodeBytesToUtf8, defineCommand, type IFileSystem } from "just-bash";
import type { Cluster } from "../cluster/cluster.js";
import { ADMIN_KUBECONFIG_PATH, adminKubeconfig } from "./kubeconfig-files.js";
import { kubectl } from "./commands/kubectl/kubectl.js";
import type { Tool, ToolContext } from "./tool.js";

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

const TOOLS: Record<string, Tool> = {
  kubectl,
  k: kubectl,
};

export class ShellSession {
  readonly fs: IFileSystem;
  readonly host: string;
  readonly user: string;
  private bash: Bash;

  constructor(
    readonly cluster: Cluster,
    opts: SessionOptions = {},
  ) {
    this.host = opts.host ?? "controlplane";
    this.user = opts.user ?? "root";
    const home = this.user === "root" ? "/root" : `/home/${this.user}`;
    const files: Record<string, string> = {
      [ADMIN_KUBECONFIG_PATH]: adminKubeconfig(cluster),
      [`${home}/.kube/config`]: adminKubeconfig(cluster),
      "/etc/hostname": `${this.host}\n`,
    };
    // just-bash ignores `files` when given a filesystem: seed the filesystem itself.
    this.fs = new InMemoryFs(files);
    const commands = Object.entries(TOOLS).map(([name, tool]) =>
      defineCommand(name, async (args, ctx) => {
        const tctx: ToolContext = {
          cluster,
          host: this.host,
          user: this.user,
          fs: ctx.fs,
          cwd: ctx.cwd,
          env: ctx.env,
          stdin: decodeBytesToUtf8(ctx.stdin),
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
      sleep: opts.scripted === false ? undefined : async (ms: number) => cluster.advance(ms),
    });
  }

  /** Runs a script (any number of lines) and returns what it printed and its exit status. */
  async exec(script: string): Promise<ExecResult> {
    const r = await this.bash.exec(script, { rawScript: true });
    this.cluster.settle();
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  }
}
