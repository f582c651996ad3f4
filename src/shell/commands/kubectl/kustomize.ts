// Placeholder: being written this session (issue 4).
import type { Subcommand } from "./types.js";

export const kustomizeCommand: Subcommand = { name: "kustomize", short: "Build a kustomization target from a directory or URL" };
