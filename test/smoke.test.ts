import { describe, expect, it } from "vitest";
import { sh } from "./helpers.js";

describe("kubedojo sh", () => {
  it("reports an unknown kubectl command as kubectl does", async () => {
    const r = await sh("kubectl foo");
    // As the real kubectl v1.32 prints it: cobra's error with its suggestions (Levenshtein distance 2).
    expect(r.stderr).toBe('Error: unknown command "foo" for "kubectl"\n\nDid you mean this?\n\ttop\n\n');
    expect(r.exitCode).toBe(1);
  });

  it("keeps the script's exit status", async () => {
    const r = await sh("true; false");
    expect(r.exitCode).toBe(1);
  });
});
