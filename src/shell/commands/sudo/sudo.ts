/**
 * sudo (1.9, Ubuntu 24.04), for the exam's candidate who may run anything
 * as root without a password (and for root itself): `sudo CMD` runs the
 * program CMD as root in a fresh process, with sudo's reset environment
 * (HOME, USER, LOGNAME of the target, secure_path) in the same directory;
 * `sudo -i` / `sudo -s` open a login / plain shell as root, at the terminal
 * a new prompt (`root@base:~#`) that `exit` leaves, and in a script a shell
 * that reads its commands from stdin; `sudo -i CMD` / `sudo -s CMD` run CMD
 * through that shell. Shell builtins are not programs: `sudo cd /` is
 * "sudo: cd: command not found". Options follow sudo's parse_args.c.
 */
import { account } from "../../session/users.js";
import type { Tool, ToolContext, ToolResult } from "../../tool.js";

/** What sudo (and su) need from the shell they run in: other shells and programs on the same machine. */
export interface PrivilegeHost {
  /** Whether the account exists on this machine. */
  userExists(name: string): boolean;
  /** Whether `name` is a program sudo can execute (found on the PATH, not a shell builtin). */
  isProgram(name: string): boolean;
  /** Runs argv as `user` in a fresh process in `cwd`, with exactly `env`. */
  run(user: string, argv: string[], opts: { cwd: string; env: Record<string, string>; stdin: string }): Promise<ToolResult>;
  /**
   * A shell as `user`: with `command`, runs it (`bash -c`); without one, at
   * the interactive terminal the prompt moves into the new shell, and in a
   * script the shell runs what is on stdin.
   */
  shell(user: string, opts: { login: boolean; cwd: string; env: Record<string, string>; command?: string; stdin: string }): Promise<ToolResult>;
}

const SECURE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin";

const USAGE = [
  "usage: sudo -h | -K | -k | -V",
  "usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]",
  "usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]",
  "            [-u user] [command [arg ...]]",
  "usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]",
  "            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]",
  "            [-u user] [VAR=value] [-i | -s] [command [arg ...]]",
  "usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]",
  "            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]",
  "            [-u user] file ...",
  "",
].join("\n");

const HELP = `sudo - execute a command as another user\n\n${USAGE}
Options:
  -A, --askpass                 use a helper program for password prompting
  -b, --background              run command in the background
  -B, --bell                    ring bell when prompting
  -C, --close-from=num          close all file descriptors >= num
  -D, --chdir=directory         change the working directory before running
                                command
  -E, --preserve-env            preserve user environment when running command
      --preserve-env=list       preserve specific environment variables
  -e, --edit                    edit files instead of running a command
  -g, --group=group             run command as the specified group name or ID
  -H, --set-home                set HOME variable to target user's home dir
  -h, --help                    display help message and exit
  -h, --host=host               run command on host (if supported by plugin)
  -i, --login                   run login shell as the target user; a command
                                may also be specified
  -K, --remove-timestamp        remove timestamp file completely
  -k, --reset-timestamp         invalidate timestamp file
  -l, --list                    list user's privileges or check a specific
                                command; use twice for longer format
  -n, --non-interactive         non-interactive mode, no prompts are used
  -P, --preserve-groups         preserve group vector instead of setting to
                                target's
  -p, --prompt=prompt           use the specified password prompt
  -R, --chroot=directory        change the root directory before running command
  -r, --role=role               create SELinux security context with specified
                                role
  -S, --stdin                   read password from standard input
  -s, --shell                   run shell as the target user; a command may
                                also be specified
  -t, --type=type               create SELinux security context with specified
                                type
  -T, --command-timeout=timeout terminate command after the specified time limit
  -U, --other-user=user         in list mode, display privileges for user
  -u, --user=user               run command (or edit file) as specified user
                                name or ID
  -V, --version                 display version information and exit
  -v, --validate                update user's timestamp without running a
                                command
  --                            stop processing command line arguments
`;

/** Short options that take a value (getopt's "C:D:g:h::p:R:r:t:T:U:u:"; -h's is optional and attached). */
const WITH_VALUE = new Set(["C", "D", "g", "p", "R", "r", "t", "T", "U", "u"]);
const LONG: Record<string, string> = {
  askpass: "A",
  background: "b",
  bell: "B",
  "close-from": "C",
  chdir: "D",
  "preserve-env": "E",
  edit: "e",
  group: "g",
  "set-home": "H",
  help: "h",
  login: "i",
  "remove-timestamp": "K",
  "reset-timestamp": "k",
  list: "l",
  "non-interactive": "n",
  "preserve-groups": "P",
  prompt: "p",
  chroot: "R",
  role: "r",
  stdin: "S",
  shell: "s",
  type: "t",
  "command-timeout": "T",
  "other-user": "U",
  user: "u",
  version: "V",
  validate: "v",
};

interface Parsed {
  flags: Set<string>;
  values: Map<string, string>;
  env: Record<string, string>;
  command: string[];
}

function fail(text: string, code = 1): ToolResult {
  return { stdout: "", stderr: text, exitCode: code };
}

function parse(args: string[]): Parsed | ToolResult {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      i++;
      break;
    }
    if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      const short = LONG[name];
      if (!short) return fail(`sudo: unrecognized option '${a}'\n${USAGE}`);
      if (WITH_VALUE.has(short)) {
        const v = inline ?? args[++i];
        if (v === undefined) return fail(`sudo: option '--${name}' requires an argument\n${USAGE}`);
        values.set(short, v);
      } else flags.add(short);
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (WITH_VALUE.has(c)) {
          const v = a.slice(j + 1) || args[++i];
          if (v === undefined) return fail(`sudo: option requires an argument -- '${c}'\n${USAGE}`);
          values.set(c, v);
          break;
        }
        if (!"ABbEeHhiKklnPSsVv".includes(c)) return fail(`sudo: invalid option -- '${c}'\n${USAGE}`);
        flags.add(c);
      }
      continue;
    }
    // VAR=value may be interspersed with the options.
    const m = /^([^=/][^=]*)=(.*)$/s.exec(a);
    if (m) {
      env[m[1]] = m[2];
      continue;
    }
    break;
  }
  return { flags, values, env, command: args.slice(i) };
}

/** sudo's reset environment for the target user (env_reset; Ubuntu keeps TERM, sets HOME). */
function targetEnvironment(ctx: ToolContext, target: string, home: string, preserve: boolean, extra: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = preserve ? Object.fromEntries(ctx.env) : {};
  const keep = (k: string) => ctx.env.get(k);
  const env: Record<string, string> = {
    ...base,
    ...(keep("TERM") ? { TERM: keep("TERM")! } : {}),
    ...(keep("LANG") ? { LANG: keep("LANG")! } : {}),
    PATH: SECURE_PATH,
    HOME: home,
    USER: target,
    LOGNAME: target,
    SHELL: "/bin/bash",
    SUDO_USER: ctx.user,
    SUDO_COMMAND: "",
    ...extra,
  };
  return env;
}

/** The command line sudo hands a shell for -i/-s CMD: meta characters backslash-quoted (parse_args.c). */
function shellCommand(argv: string[]): string {
  return argv.map((a) => a.replace(/[^A-Za-z0-9_\-$]/g, (c) => `\\${c}`)).join(" ");
}

export function sudoTool(host: PrivilegeHost): Tool {
  return async (args, ctx) => {
    const p = parse(args);
    if ("exitCode" in p) return p;
    const { flags, values, command } = p;
    if (flags.has("h") && command.length === 0 && flags.size === 1) return { stdout: HELP, stderr: "", exitCode: 0 };
    if (flags.has("V")) return { stdout: "Sudo version 1.9.15p5\nSudoers policy plugin version 1.9.15p5\nSudoers file grammar version 50\nSudoers I/O plugin version 1.9.15p5\nSudoers audit plugin version 1.9.15p5\n", stderr: "", exitCode: 0 };
    if (flags.has("k") || flags.has("K") || flags.has("v")) {
      if (command.length === 0) return { stdout: "", stderr: "", exitCode: 0 };
    }
    if (flags.has("i") && flags.has("s")) return fail(`sudo: you may not specify both the '-i' and '-s' options\n${USAGE}`);
    if (flags.has("i") && flags.has("E")) return fail(`sudo: you may not specify both the '-i' and '-E' options\n${USAGE}`);
    const target = values.get("u") ?? "root";
    const targetName = target === "#0" ? "root" : target;
    if (!host.userExists(targetName)) return fail(`sudo: unknown user ${target}\nsudo: error initializing audit plugin sudoers_audit\n`);
    if (flags.has("l")) {
      if (command.length) return host.isProgram(command[0]) ? { stdout: `/usr/bin/${command[0]}${command.length > 1 ? " " + command.slice(1).join(" ") : ""}\n`, stderr: "", exitCode: 0 } : fail("");
      return {
        stdout: [
          `Matching Defaults entries for ${ctx.user} on ${ctx.host}:`,
          `    env_reset, mail_badpass, secure_path=${SECURE_PATH.replace(/:/g, "\\:")}, use_pty`,
          "",
          `User ${ctx.user} may run the following commands on ${ctx.host}:`,
          "    (ALL : ALL) ALL",
          "    (ALL) NOPASSWD: ALL",
          "",
        ].join("\n"),
        stderr: "",
        exitCode: 0,
      };
    }
    const home = account(targetName).home;
    const env = targetEnvironment(ctx, targetName, home, flags.has("E"), p.env);
    const login = flags.has("i");
    if (login || flags.has("s")) {
      env.SUDO_COMMAND = command.length ? `/bin/bash -c ${shellCommand(command)}` : "/bin/bash";
      return host.shell(targetName, { login, cwd: login ? home : ctx.cwd, env, command: command.length ? shellCommand(command) : undefined, stdin: ctx.stdin });
    }
    // A command is required (sudoers' shell_noargs is off).
    if (command.length === 0) return fail(USAGE);
    const [program, ...rest] = command;
    if (!host.isProgram(program.slice(program.lastIndexOf("/") + 1))) return fail(`sudo: ${program}: command not found\n`);
    env.SUDO_COMMAND = [program.includes("/") ? program : `/usr/bin/${program}`, ...rest].join(" ");
    const cwd = values.get("D") ?? ctx.cwd;
    // `sudo bash` / `sudo su` with nothing to run opens a shell, as the program would.
    if ((program === "bash" || program === "sh") && rest.length === 0) return host.shell(targetName, { login: false, cwd, env, stdin: ctx.stdin });
    return host.run(targetName, command, { cwd, env, stdin: ctx.stdin });
  };
}

export { SECURE_PATH };

/**
 * The registry's entry (commands/index.ts). sudo needs the shell it runs
 * in, so every ShellSession replaces it with sudoTool(its PrivilegeHost).
 */
export const sudo: Tool = async () => ({ stdout: "", stderr: "sudo: unable to run without a shell session\n", exitCode: 1 });
