/**
 * su (util-linux): root becomes anyone without a password (`su -`,
 * `su - candidate`, `su -c CMD USER`); anyone else would be asked for the
 * target's password, which the exam never gives, so it fails as a wrong
 * password does. `-`, `-l` and `--login` make a login shell (the target's
 * home and environment); otherwise the shell keeps the directory.
 */
import { account } from "../../session/users.js";
import type { Tool } from "../../tool.js";
import type { PrivilegeHost } from "./sudo.js";
import { SECURE_PATH } from "./sudo.js";

export function suTool(host: PrivilegeHost): Tool {
  return async (args, ctx) => {
    let login = false;
    let command: string | undefined;
    const rest: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "-" || a === "-l" || a === "--login") login = true;
      else if (a === "-c" || a === "--command") command = args[++i];
      else if (a.startsWith("--command=")) command = a.slice("--command=".length);
      else if (a === "-s" || a === "--shell" || a === "-g" || a === "--group" || a === "-G" || a === "--supp-group" || a === "-w" || a === "--whitelist-environment") i++;
      else if (a === "-m" || a === "-p" || a === "--preserve-environment" || a === "-f" || a === "-P" || a === "--pty") continue;
      else if (a.startsWith("-") && a !== "-") return { stdout: "", stderr: `su: invalid option -- '${a.replace(/^-+/, "")}'\nTry 'su --help' for more information.\n`, exitCode: 1 };
      else rest.push(a);
    }
    const target = rest[0] ?? "root";
    if (!host.userExists(target)) return { stdout: "", stderr: `su: user ${target} does not exist or the user entry does not contain all the required fields\n`, exitCode: 1 };
    if (ctx.user !== "root") {
      // pam_unix with no password to give: the prompt, then the failure.
      return { stdout: "", stderr: "Password: \nsu: Authentication failure\n", exitCode: 1 };
    }
    const home = account(target).home;
    const env: Record<string, string> = login
      ? { TERM: ctx.env.get("TERM") ?? "xterm", HOME: home, USER: target, LOGNAME: target, SHELL: "/bin/bash", PATH: SECURE_PATH }
      : { ...Object.fromEntries(ctx.env), HOME: home, USER: target, LOGNAME: target, SHELL: "/bin/bash" };
    return host.shell(target, { login, cwd: login ? home : ctx.cwd, env, command, stdin: ctx.stdin });
  };
}
