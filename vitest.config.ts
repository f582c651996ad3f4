import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 30000,
    // Generates the API schema from kubernetes-types (gitignored) before any test.
    globalSetup: ["test/cluster/apiserver/schema/generate-schema.setup.ts"],
    setupFiles: ["test/setup/event-loop-turn.ts"],
    // Every suite imports the whole simulator: loading it once per worker instead of once per
    // file is most of the suite's time. The tests share no mutable module state (each builds its
    // own Cluster), so files run one after another in the same worker.
    isolate: false,
    // At least two workers even on a two-core machine (one core would otherwise sit idle while a worker transforms).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
