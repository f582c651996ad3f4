/**
 * Every kubectl subcommand, in the order `kubectl --help` lists them.
 */
import type { Subcommand } from "./types.js";
import { getCommand } from "./get.js";
import { describeCommand } from "./describe/index.js";
import { createCommand } from "./create/index.js";
import { applyCommand } from "./apply.js";
import { deleteCommand } from "./delete.js";
import { scaleCommand } from "./scale.js";
import { eventsCommand } from "./events.js";

export const SUBCOMMANDS: Subcommand[] = [
  createCommand,
  getCommand,
  deleteCommand,
  scaleCommand,
  describeCommand,
  eventsCommand,
  applyCommand,
];
