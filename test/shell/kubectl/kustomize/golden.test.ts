/**
 * `kubectl kustomize` against the real one: every case in golden-cases.ts
 * is laid out at the same absolute path in the simulated filesystem and
 * built; stdout must be byte-identical (object order, YAML formatting,
 * content-hash suffixes, name references), stderr identical once the klog
 * header's time and pid are masked.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ShellSession } from "../../../../src/shell/session.js";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { newCluster } from "../../../helpers.js";
import { CASES, GOLDEN_ROOT } from "./golden-cases.js";

const maskKlog = (s: string) => s.replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ /gm, "E<klog> ");
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

describe("kubectl kustomize matches the real kubectl", () => {
  let cluster: Cluster;
  beforeAll(() => {
    cluster = newCluster();
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const session = new ShellSession(cluster, { scripted: true });
      const base = `${GOLDEN_ROOT}/${c.name}`;
      await session.fs.mkdir(base, { recursive: true });
      for (const [path, content] of Object.entries(c.files)) {
        const full = `${base}/${path}`;
        await session.fs.mkdir(full.slice(0, full.lastIndexOf("/")), { recursive: true });
        await session.fs.writeFile(full, content);
      }
      const r = await session.exec(`cd ${base} && kubectl kustomize ${c.args.map(shellQuote).join(" ")}`);
      expect(r.stdout).toBe(c.stdout);
      expect(maskKlog(r.stderr)).toBe(c.stderr);
      expect(r.exitCode).toBe(c.exitCode);
    });
  }
});
