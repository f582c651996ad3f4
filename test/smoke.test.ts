import { describe, expect, it } from "vitest";
import { sh } from "./helpers.js";

describe("kubedojo sh", () => {
  it("reports an unknown kubectl command as kubectl does", async () => {
    const r = await sh("kubectl foo");
    expect(r.stderr).toBe('error: unknown command "foo" for "kubectl"\n');
    expect(r.exitCode).toBe(1);
  });

  it("keeps the script's exit status", async () => {
    const r = await sh("true; false");
    expect(r.exitCode).toBe(1);
  });
});
