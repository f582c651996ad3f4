/**
 * A bash session on one of the simulated machines (a cluster node, or the
 * exam's jump host "base"), as one user. The interpreter is just-bash (its
 * filesystem is the machine's simulated one, never the host's); kubectl and
 * the other cluster tools are custom commands that reach the cluster
 * through its API. After every cluster command the cluster settles.
 *
 * State persists from one exec() to the next as in an interactive bash
 * (cwd, variables, aliases, functions, `set -o`, `$?`: session/state.ts).
 * Scripted sessions (`kubedojo sh -c`, tests) wait by advancing the virtual
 * clock at once; interactive ones wait in real time, cut short by Ctrl-C.
 * An interactive shell also has a history, reads ~/.bashrc when it starts
 * (start()), streams output statement by statement to the terminal, and
 * can hand the prompt to another shell (ssh HOST, sudo -i, su -: onLogin).
 */
import { Bash, InMemoryFs, decodeBytesToUtf8, defineCommand, getCommandNames, type IFileSystem } from "just-bash";
import { clearTimeout, setTimeout } from "node:timers";
import type { Cluster } from "../cluster/cluster.js";
import { BASE_HOST, baseHostFilesystem } from "../host/base-host.js";
import { BashFilesystem } from "../host/filesystem.js";
import { TOOLS } from "./commands/index.js";
import { sshTool } from "./commands/ssh/ssh.js";
import { suTool } from "./commands/sudo/su.js";
import { sudoTool, type PrivilegeHost } from "./commands/sudo/sudo.js";
import { bashErrorLines, SessionFilesystem } from "./session/filesystem.js";
import { History } from "./session/history.js";
import { ShellState } from "./session/state.js";
import { statementPlugin, TTY_DEVICES, TTY_OUT } from "./session/streaming.js";
import { account, loginEnvironment, renderPrompt, validUserName, CANDIDATE, DEFAULT_PS1, type Account } from "./session/users.js";
import type { Editor, TerminalIO, Tool, ToolContext, ToolResult } from "./tool.js";
import { commandWordPlugin } from "./session/command-word.js";

export interface SessionOptions {
  /** The machine: a node's name, or "base" (the exam's jump host). Default: the first control-plane node. */
  host?: string;
  user?: string;
  /** Scripted mode: `sleep` advances the virtual clock instantly. */
  scripted?: boolean;
  /** The learner's editor (src/cli/editor.ts hostEditor) for vim, vi, nano and kubectl edit; absent in scripts. */
  editor?: Editor;
  /** A login shell (ssh, sudo -i, su -): `exit` says "logout" and `logout` works. */
  login?: boolean;
  /** Where the shell starts; default the user's home. */
  cwd?: string;
  /** The environment it starts with; default a fresh login's. */
  env?: Record<string, string>;
  /**
   * Takes a shell this one opened for the prompt to move into (ssh HOST,
   * sudo -i, su -, sudo bash). Without it (scripts) such a shell runs stdin.
   */
  onLogin?: (shell: ShellSession, via: LoginVia) => void;
  /** The machine's filesystem when it is neither a node nor base (kept by shells opened from this one). */
  filesystem?: IFileSystem;
}

/** How a shell was entered, for what `exit` prints when it leaves. */
export type LoginVia = "ssh" | "login-shell" | "shell";

export interface ExecOptions {
  /** The interactive terminal: Ctrl-C (its signal) interrupts, following commands write to it. */
  terminal?: TerminalIO;
  /** Write each top-level statement's output to the terminal as soon as it is done (the line typed at the prompt). */
  stream?: boolean;
  stdin?: string;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface LineResult extends ExecResult {
  /** The line ran `exit`: this shell is over. */
  exited: boolean;
  /** Ctrl-C stopped it. */
  interrupted: boolean;
}

/** bash's builtins and reserved words: what `sudo` cannot run, and what completes at a command position. */
const BASH_BUILTINS = [".", ":", "[", "alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen", "complete", "compopt", "continue", "declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export", "false", "fc", "fg", "getopts", "hash", "help", "history", "jobs", "kill", "let", "local", "logout", "mapfile", "popd", "printf", "pushd", "pwd", "read", "readarray", "readonly", "return", "set", "shift", "shopt", "source", "suspend", "test", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait"];
const BASH_KEYWORDS = ["!", "[[", "]]", "case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in", "select", "then", "time", "until", "while", "{", "}"];
/** Builtins that also exist as programs in /usr/bin (sudo runs those). */
const ALSO_PROGRAMS = new Set(["[", "echo", "false", "kill", "printf", "pwd", "test", "true"]);
/** Tools that come with the Kubernetes node packages: absent where there is no node (the jump host). */
const NODE_ONLY_TOOLS = new Set(["kubeadm", "crictl", "etcdctl", "etcdutl"]);

/** Waits real time; on Ctrl-C rejects (tools) or returns early (bash's own `sleep`, whose line then stops). */
function realWait(ms: number, signal: AbortSignal | undefined, onAbort: "reject" | "resolve"): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return onAbort === "reject" ? reject(signal.reason) : resolve();
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      if (onAbort === "reject") reject(signal!.reason);
      else resolve();
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/** A filesystem error just-bash let through (a redirection it could not open) as bash reports it. */
function fsFailure(e: unknown): ExecResult | undefined {
  const message = `${(e as Error)?.message ?? ""}\n`;
  const stderr = bashErrorLines(message);
  return stderr === message ? undefined : { stdout: "", stderr, exitCode: 1 };
}

function quote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export class ShellSession {
  readonly fs: IFileSystem;
  readonly host: string;
  readonly user: string;
  readonly account: Account;
  readonly login: boolean;
  readonly history: History;
  /** The shell ran `exit`. */
  exited = false;
  private readonly bash: Bash;
  private readonly state: ShellState;
  private readonly scripted: boolean;
  private readonly rawFs: IFileSystem;
  private readonly tools: Record<string, Tool>;
  /** Set by start(): history, ~/.bashrc. */
  private interactive = false;
  /** The terminal of the exec() running now. */
  private io?: TerminalIO;
  private streaming = false;

  constructor(
    readonly cluster: Cluster,
    private readonly opts: SessionOptions = {},
  ) {
    this.host = opts.host ?? cluster.fixture.nodes.find((n) => n.role === "control-plane")!.name;
    this.user = opts.user ?? "root";
    this.account = account(this.user);
    this.login = opts.login ?? false;
    const home = this.account.home;
    // On a node the shell works on that machine's filesystem, the one its kubelet and containers use.
    const machine = cluster.machine(this.host);
    if (machine) {
      machine.fs.mkdirp(home);
      this.rawFs = new BashFilesystem(machine.fs);
    } else if (this.host === BASE_HOST) {
      const fs = baseHostFilesystem(cluster);
      fs.mkdirp(home);
      this.rawFs = new BashFilesystem(fs);
    } else {
      this.rawFs = opts.filesystem ?? new InMemoryFs({ "/etc/hostname": `${this.host}\n`, [`${home}/.bashrc`]: "" });
    }
    this.fs = new SessionFilesystem(this.rawFs, this.account, {
      devicePaths: TTY_DEVICES,
      sink: () => {
        const io = this.io;
        return io && { write: (path, text) => (path === TTY_OUT ? io.write(text) : io.writeErr(bashErrorLines(text))) };
      },
      // A sourced file is read through here: its functions outlive the line (session/state.ts).
      onRead: (text) => this.state.noteRead(text),
    });
    this.scripted = opts.scripted !== false;
    this.history = new History(() => this.state.variables().HISTCONTROL ?? "");
    const tools: Record<string, Tool> = { ...TOOLS };
    if (!machine) for (const name of NODE_ONLY_TOOLS) delete tools[name];
    const privileges = this.privilegeHost();
    Object.assign(tools, {
      ssh: this.sshTool(),
      sudo: sudoTool(privileges),
      su: suTool(privileges),
      history: async (args: string[]) => (this.interactive ? this.history.builtin(args) : { stdout: "", stderr: "", exitCode: 0 }),
    });
    if (!this.login) tools.logout = async () => ({ stdout: "", stderr: "bash: logout: not login shell: use `exit'\n", exitCode: 1 });
    this.tools = tools;
    const commands = Object.entries(tools).map(([name, tool]) =>
      defineCommand(name, async (args, ctx) => {
        const tctx = this.toolContext(ctx.cwd, ctx.env, decodeBytesToUtf8(ctx.stdin), ctx.fs);
        cluster.settle();
        try {
          return await tool(args, tctx);
        } catch (e) {
          // Ctrl-C cut a wait short: the command ends as a killed process would.
          if (this.io?.signal.aborted) return { stdout: "", stderr: "", exitCode: 130 };
          throw e;
        } finally {
          cluster.settle();
        }
      }),
    );
    this.bash = new Bash({
      fs: this.fs,
      cwd: opts.cwd ?? home,
      env: opts.env ?? loginEnvironment(this.account, this.host),
      customCommands: commands,
      processInfo: { uid: this.account.uid, gid: this.account.gid },
      sleep: this.scripted ? async (ms) => cluster.advance(ms) : (ms) => realWait(ms, this.io?.signal, "resolve"),
    });
    // Plugins run in order: each statement in its group (streamed at the terminal), then the state capture after the line.
    this.bash.registerTransformPlugin(commandWordPlugin());
    this.bash.registerTransformPlugin(statementPlugin(() => this.streaming));
    this.state = new ShellState(this.bash, { login: this.login });
    this.bash.registerCommand(this.state.command());
  }

  /** How a command waits for the cluster (ToolContext.sleep). */
  private readonly toolSleep = (ms: number): Promise<void> => (this.scripted ? Promise.resolve(this.cluster.advance(ms)) : realWait(ms, this.io?.signal, "reject"));

  private toolContext(cwd: string, env: Map<string, string>, stdin: string, fs: IFileSystem = this.fs): ToolContext {
    return {
      cluster: this.cluster,
      host: this.host,
      user: this.user,
      fs,
      cwd,
      env,
      stdin,
      sleep: this.toolSleep,
      terminal: this.io,
      editor: this.opts.editor,
    };
  }

  /**
   * Makes this an interactive shell, as bash starting at a terminal: reads
   * the history file and ~/.bashrc (aliases expand from here on). Returns
   * what ~/.bashrc printed.
   */
  async start(): Promise<ExecResult> {
    this.interactive = true;
    const home = this.account.home;
    try {
      this.history.load(await this.fs.readFile(`${home}/.bash_history`));
    } catch {
      // No history yet.
    }
    const rc = (await this.fs.exists(`${home}/.bashrc`)) ? `\n. ${home}/.bashrc` : "";
    const r = await this.exec(`shopt -s expand_aliases${rc}`);
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  }

  /** The shell ends (exit, logout, Ctrl-D): an interactive one writes its history file. */
  async close(): Promise<void> {
    this.exited = true;
    if (!this.interactive) return;
    try {
      await this.fs.writeFile(`${this.account.home}/.bash_history`, this.history.file(Number(this.state.variables().HISTFILESIZE) || 500));
    } catch {
      // A home the user cannot write keeps no history.
    }
  }

  /** Runs a script (any number of lines) and returns what it printed and its exit status. */
  async exec(script: string, opts: ExecOptions = {}): Promise<LineResult> {
    const outer = { io: this.io, streaming: this.streaming };
    this.io = opts.terminal;
    this.streaming = !!(opts.terminal && opts.stream);
    try {
      let r: ExecResult & { env?: Record<string, string> };
      let failed = false;
      try {
        r = await this.bash.exec(script, { ...this.state.prepare(), rawScript: true, signal: opts.terminal?.signal, stdin: opts.stdin });
      } catch (e) {
        const f = fsFailure(e);
        if (!f) throw e;
        r = f;
        failed = true;
      }
      const interrupted = opts.terminal?.signal.aborted ?? false;
      if (interrupted) r = { ...r, exitCode: 130, stderr: r.stderr.replace(/bash: execution aborted\n$/, "") };
      const outcome = this.state.settle(r, interrupted || failed);
      if (outcome.exited) this.exited = true;
      this.cluster.settle();
      return { stdout: r.stdout, stderr: bashErrorLines(r.stderr), exitCode: r.exitCode, exited: outcome.exited, interrupted };
    } finally {
      this.io = outer.io;
      this.streaming = outer.streaming;
    }
  }

  /** The prompt for the next line: $PS1 expanded (`root@controlplane:~# `, `candidate@base:~$ `). */
  prompt(): string {
    const vars = this.state.variables();
    return renderPrompt(vars.PS1 ?? DEFAULT_PS1, { user: this.account, host: this.host, cwd: this.cwd, home: vars.HOME ?? this.account.home, now: new Date(this.cluster.clock.now()) });
  }

  get cwd(): string {
    return this.state.cwd;
  }

  /** `$?`: the status of the last line. */
  get status(): number {
    return this.state.exitCode;
  }

  /** The shell's variables now (aliases among them as BASH_ALIAS_<name>). */
  variables(): Record<string, string> {
    return this.state.variables();
  }

  aliases(): Record<string, string> {
    return this.state.aliases();
  }

  functionNames(): string[] {
    return this.state.functionNames();
  }

  /** Names a command can have here: the tools, just-bash's commands, builtins and keywords, aliases and functions. */
  commandNames(): string[] {
    return [...new Set([...Object.keys(this.tools), ...getCommandNames(), ...BASH_BUILTINS, ...BASH_KEYWORDS, ...Object.keys(this.aliases()), ...this.functionNames()])].sort();
  }

  /** Ctrl-C at the prompt: bash sets $? to 130. */
  interruptedAtPrompt(): void {
    this.state.setExitCode(130);
  }

  /** Runs one of the shell's tools outside any command line (tab completion asks kubectl for names). */
  async runTool(name: string, args: string[]): Promise<ToolResult> {
    const tool = this.tools[name];
    if (!tool) return { stdout: "", stderr: "", exitCode: 127 };
    const r = await tool(args, this.toolContext(this.cwd, new Map(Object.entries(this.variables())), ""));
    this.cluster.settle();
    return r;
  }

  /** Opens a shell as `user` on this machine, sharing its filesystem. */
  private child(user: string, opts: { login: boolean; cwd?: string; env?: Record<string, string>; forwardLogin: boolean }): ShellSession {
    return new ShellSession(this.cluster, {
      host: this.host,
      user,
      scripted: this.scripted,
      editor: this.opts.editor,
      login: opts.login,
      cwd: opts.cwd,
      env: opts.env,
      filesystem: this.rawFs,
      onLogin: opts.forwardLogin ? this.opts.onLogin : undefined,
    });
  }

  private privilegeHost(): PrivilegeHost {
    return {
      userExists: (name) => name === "root" || name === CANDIDATE || (validUserName(name) && this.rawFsHasDir(`/home/${name}`)),
      isProgram: (name) => (name in this.tools || getCommandNames().includes(name)) && (!BASH_BUILTINS.includes(name) || ALSO_PROGRAMS.has(name)),
      run: async (user, argv, { cwd, env, stdin }) => {
        // A program, not a shell line: a fresh process that can still hand the prompt on (`sudo su -`).
        const r = await this.child(user, { login: false, cwd, env, forwardLogin: true }).exec(argv.map(quote).join(" "), { terminal: this.io, stdin });
        return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
      },
      shell: async (user, { login, cwd, env, command, stdin }) => {
        const shell = this.child(user, { login, cwd, env, forwardLogin: true });
        if (command === undefined && this.io && this.opts.onLogin) {
          this.opts.onLogin(shell, login ? "login-shell" : "shell");
          return { stdout: "", stderr: "", exitCode: 0 };
        }
        const r = await shell.exec(command ?? stdin, { terminal: this.io, stdin: command === undefined ? "" : stdin });
        return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
      },
    };
  }

  private rawFsHasDir(path: string): boolean {
    return this.rawFs.getAllPaths().includes(path);
  }

  /** ssh to another machine of the cluster: a command runs there; at the terminal, no command moves the prompt there. */
  private sshTool(): Tool {
    return sshTool((target, user) => {
      const node = this.cluster.fixture.nodes.find((n) => n.name === target || n.ip === target);
      if (!node) return undefined;
      const open = (login: boolean) => new ShellSession(this.cluster, { host: node.name, user, scripted: this.scripted, editor: this.opts.editor, login, onLogin: login ? this.opts.onLogin : undefined });
      return {
        exec: async (script) => {
          const r = await open(false).exec(script, { terminal: this.io });
          return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
        },
        login: this.opts.onLogin
          ? async () => {
              this.opts.onLogin!(open(true), "ssh");
              return { stdout: "", stderr: "", exitCode: 0 };
            }
          : undefined,
      };
    });
  }
}
