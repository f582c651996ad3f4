import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 30000,
    // Generates the API schema from kubernetes-types (gitignored) before any test.
    globalSetup: ["test/cluster/apiserver/schema/generate-schema.setup.ts"],
  },
});
