// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const annotateCommand: Subcommand = { name: "annotate", short: "Update the annotations on a resource" };
