/**
 * ssh between the cluster's machines, as the exam's nodes allow it (keys
 * in place, root login): `ssh node01 'systemctl restart kubelet'` runs the
 * command in a shell on node01, with node01's files and services; input on
 * stdin is run as a script (`ssh node01 <<EOF ... EOF`). Moving the
 * interactive prompt itself to another machine is the interactive shell's
 * part.
 */
import type { Tool, ToolResult } from "../../tool.js";

/** A shell on another machine, as the session opens it. */
export interface RemoteShell {
  exec(script: string): Promise<ToolResult>;
  /** At the interactive terminal, `ssh HOST` without a command: the prompt moves into this shell. */
  login?(): Promise<ToolResult>;
}

/** OpenSSH options that take an argument (the rest are flags). */
const WITH_ARGUMENT = new Set(["-b", "-c", "-D", "-E", "-e", "-F", "-I", "-i", "-J", "-L", "-l", "-m", "-O", "-o", "-p", "-Q", "-R", "-S", "-W", "-w"]);

/** The tool, given a way to open a shell as `user` on a machine (undefined when no such host resolves). */
export function sshTool(open: (host: string, user: string) => RemoteShell | undefined): Tool {
  return async (args, ctx) => {
    // Without -l or user@, ssh logs in as the local user.
    let user = ctx.user;
    let target: string | undefined;
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i];
      if (a === "-l") user = args[++i] ?? user;
      else if (WITH_ARGUMENT.has(a)) i++;
      else if (a.startsWith("-")) continue;
      else {
        target = a;
        i++;
        break;
      }
    }
    if (!target) {
      return { stdout: "", stderr: "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]\n           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J destination] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]\n           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           destination [command [argument ...]]\n", exitCode: 255 };
    }
    if (target.includes("@")) [user, target] = target.split("@", 2) as [string, string];
    const shell = open(target, user);
    if (!shell) return { stdout: "", stderr: `ssh: Could not resolve hostname ${target}: Name or service not known\n`, exitCode: 255 };
    const command = args.slice(i).join(" ");
    if (command) return shell.exec(command);
    if (ctx.terminal && shell.login) return shell.login();
    // No command and no terminal: ssh says so and runs what arrives on stdin.
    const r = await shell.exec(ctx.stdin);
    return { ...r, stderr: `Pseudo-terminal will not be allocated because stdin is not a terminal.\n${r.stderr}` };
  };
}
