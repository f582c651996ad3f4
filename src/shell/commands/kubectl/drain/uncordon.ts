/** kubectl uncordon NODE (pkg/cmd/drain/drain.go NewCmdUncordon): the node takes new pods again. */
import type { Subcommand } from "../types.js";
import { cordonLikeCommand } from "./cordon.js";

export const uncordonCommand: Subcommand = cordonLikeCommand(false);
