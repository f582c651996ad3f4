/** kubectl auth (pkg/cmd/auth/auth.go): can-i and whoami. */
import { groupRun } from "../help.js";
import type { Subcommand } from "../types.js";
import { canICommand } from "./can-i.js";
import { whoamiCommand } from "./whoami.js";

export const authCommand: Subcommand = {
  name: "auth",
  short: "Inspect authorization",
  long: "Inspect authorization.",
  usage: "kubectl auth [flags] [options]",
  subcommands: [canICommand, whoamiCommand],
  run: groupRun(() => authCommand),
};
