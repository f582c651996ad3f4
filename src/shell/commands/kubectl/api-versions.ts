// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const apiVersionsCommand: Subcommand = { name: "api-versions", short: 'Print the supported API versions on the server, in the form of "group/version"' };
