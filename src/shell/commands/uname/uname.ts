/**
 * uname (GNU coreutils 9.4) on an Ubuntu 24.04 VM with the kernel the
 * nodes report (node.status.nodeInfo.kernelVersion).
 */
import { KERNEL_VERSION } from "../../../cluster/kubelet/node-status.js";
import { Output, type Tool } from "../../tool.js";
import { kernelHostname } from "../hostname/hostname.js";

/** The kernel's build string (uname -v) of Ubuntu's 6.8.0-51 kernel. */
export const KERNEL_BUILD = "#52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024";

const LONG: Record<string, string> = {
  "--all": "a",
  "--kernel-name": "s",
  "--nodename": "n",
  "--kernel-release": "r",
  "--kernel-version": "v",
  "--machine": "m",
  "--processor": "p",
  "--hardware-platform": "i",
  "--operating-system": "o",
};

export const uname: Tool = async (args, ctx) => {
  const out = new Output();
  const flags = new Set<string>();
  for (const a of args) {
    if (a === "--help") {
      out.out("Usage: uname [OPTION]...\nPrint certain system information.  With no OPTION, same as -s.\n");
      return out.result(0);
    }
    if (a === "--version") {
      out.out("uname (GNU coreutils) 9.4\n");
      return out.result(0);
    }
    if (a.startsWith("--")) {
      if (!LONG[a]) {
        out.err(`uname: unrecognized option '${a}'\nTry 'uname --help' for more information.\n`);
        return out.result(1);
      }
      flags.add(LONG[a]);
    } else if (a.startsWith("-") && a.length > 1) {
      for (const c of a.slice(1)) {
        if (!"asnrvmpio".includes(c)) {
          out.err(`uname: invalid option -- '${c}'\nTry 'uname --help' for more information.\n`);
          return out.result(1);
        }
        flags.add(c);
      }
    } else {
      out.err(`uname: extra operand ‘${a}’\nTry 'uname --help' for more information.\n`);
      return out.result(1);
    }
  }
  if (flags.size === 0) flags.add("s");
  const all = flags.has("a");
  const fields: Array<[string, string]> = [
    ["s", "Linux"],
    ["n", await kernelHostname(ctx)],
    ["r", KERNEL_VERSION],
    ["v", KERNEL_BUILD],
    ["m", "x86_64"],
    ["p", "x86_64"],
    ["i", "x86_64"],
    ["o", "GNU/Linux"],
  ];
  out.line(fields.filter(([k]) => all || flags.has(k)).map(([, v]) => v).join(" "));
  return out.result(0);
};
