/**
 * Golden suites: what the real kubectl printed (a golden.json written by
 * record-golden.ts) replayed against our kubectl on the same golden cluster.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { sh } from "../../../helpers.js";
import { goldenCluster } from "./golden-cluster.js";

interface Recorded {
  args: string[];
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Quotes argv for the simulated bash, so a recorded argument list runs unchanged. */
export function shellQuote(args: string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_./=:,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/**
 * UIDs and resourceVersions depend on how many writes and random draws the
 * rest of the simulation made before the golden objects were created; they
 * are compared as placeholders (their width never changes a table).
 */
export function stable(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uid>")
    .replace(/("?resourceVersion"?\s*:\s*")\d+"/g, '$1<rv>"');
}

export function goldenSuite(title: string, golden: URL): void {
  const recorded: Recorded[] = JSON.parse(readFileSync(golden, "utf8"));
  describe(title, () => {
    let cluster: Cluster;
    // Booting and filling the cluster can take a while on a busy machine.
    beforeAll(() => {
      cluster = goldenCluster();
    }, 120_000);
    for (const r of recorded) {
      it(`kubectl ${r.args.join(" ")}`, async () => {
        const mine = await sh(`kubectl ${shellQuote(r.args)}`, { cluster });
        expect({ stdout: stable(mine.stdout), stderr: stable(mine.stderr), exitCode: mine.exitCode }).toEqual({
          stdout: stable(r.stdout),
          stderr: stable(r.stderr),
          exitCode: r.exitCode,
        });
      });
    }
  });
}
