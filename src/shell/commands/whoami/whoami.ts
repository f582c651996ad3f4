/**
 * whoami (GNU coreutils 9.4): the session's effective user — root on the
 * nodes after `sudo -i` or ssh as root, candidate on the exam host.
 */
import type { Tool } from "../../tool.js";

export const whoami: Tool = async (args, ctx) => {
  const operand = args.find((a) => !a.startsWith("-") || a === "-");
  const option = args.find((a) => a.startsWith("-") && a !== "-" && a !== "--");
  if (option === "--help") return { stdout: "Usage: whoami [OPTION]...\nPrint the user name associated with the current effective user ID.\nSame as id -un.\n\n      --help        display this help and exit\n      --version     output version information and exit\n", stderr: "", exitCode: 0 };
  if (option === "--version") return { stdout: "whoami (GNU coreutils) 9.4\n", stderr: "", exitCode: 0 };
  if (option) {
    const text = option.startsWith("--") ? `unrecognized option '${option}'` : `invalid option -- '${option[1]}'`;
    return { stdout: "", stderr: `whoami: ${text}\nTry 'whoami --help' for more information.\n`, exitCode: 1 };
  }
  if (operand !== undefined) return { stdout: "", stderr: `whoami: extra operand ‘${operand}’\nTry 'whoami --help' for more information.\n`, exitCode: 1 };
  return { stdout: `${ctx.user}\n`, stderr: "", exitCode: 0 };
};
