/** kubectl config current-context (pkg/cmd/config/current_context.go). */
import { KubectlError } from "../errors.js";
import type { Subcommand } from "../types.js";
import { loadConfig } from "./common.js";

export const currentContextCommand: Subcommand = {
  name: "current-context",
  short: "Display the current-context",
  long: "Display the current-context.",
  examples: `  # Display the current-context
  kubectl config current-context`,
  usage: "kubectl config current-context [flags] [options]",
  async run(k) {
    const { config } = await loadConfig(k);
    if (!config["current-context"]) throw new KubectlError("current-context is not set");
    k.out.line(config["current-context"]);
    return 0;
  },
};
