/**
 * Records what the real kubectl prints for the golden commands against the
 * golden cluster. Run from the repository root when the commands or the
 * cluster change:
 *
 *   npx vite-node test/shell/kubectl/printers/record-golden.ts
 *
 * Needs the real kubectl on PATH; writes golden.json next to each command list.
 */
import { writeFileSync } from "node:fs";
import { goldenCluster } from "./golden-cluster.js";
import { realKubectl } from "./real-kubectl.js";
import { GET_GOLDEN_COMMANDS } from "../get/golden-commands.js";
import { EVENTS_GOLDEN_COMMANDS } from "../events/golden-commands.js";

const cluster = goldenCluster();
const kubectl = await realKubectl(cluster);
for (const [dir, commands] of [
  ["get", GET_GOLDEN_COMMANDS],
  ["events", EVENTS_GOLDEN_COMMANDS],
] as const) {
  const results = [];
  for (const args of commands) {
    const r = await kubectl.run(args);
    results.push({ args, ...r });
    process.stdout.write(`$ kubectl ${args.join(" ")}\n${r.stdout}${r.stderr}[exit ${r.exitCode}]\n\n`);
  }
  writeFileSync(new URL(`../${dir}/golden.json`, import.meta.url), JSON.stringify(results, null, 2) + "\n");
}
await kubectl.close();
