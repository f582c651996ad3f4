// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const exposeCommand: Subcommand = { name: "expose", short: "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service" };
