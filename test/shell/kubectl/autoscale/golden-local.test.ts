/**
 * Golden tests of kubectl autoscale that need no server (--local, flag and
 * argument errors, --help): the expected text is what the real kubectl v1.32 printed
 * for the same files, with `creationTimestamp: null` dropped as v1.34 does.
 */
import { describe, expect, it } from "vitest";
import { sh } from "../../../helpers.js";
import { LOCAL_FILES } from "../set/local-files.js";

/** [command, stdout, stderr, exit code] */
const CASES: Array<[string, string, string, number]> = [
  ["kubectl autoscale deploy web --max=0", "", "error: --max=MAXPODS is required and must be at least 1, max: 0\n", 1],
  ["kubectl autoscale deploy web --max=2 --min=3", "", "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 3\n", 1],
];

describe("kubectl autoscale (golden, local)", () => {
  it.each(CASES)("%s", async (command, stdout, stderr, exitCode) => {
    const r = await sh(LOCAL_FILES + command);
    expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stdout, stderr, exitCode });
  });
});
