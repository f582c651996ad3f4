// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const apiResourcesCommand: Subcommand = { name: "api-resources", short: "Print the supported API resources on the server" };
