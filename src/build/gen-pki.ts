/**
 * `npm run gen-pki`: makes the certificates, keys and kubeconfigs of every
 * fixture (fixtures/*.yaml) as kubeadm and the kubelets would have made them
 * at the fixture's createdAt, and writes them as plain files:
 *
 *   fixtures/pki/<fixture name>/manifest.json                  what the set was made for
 *   fixtures/pki/<fixture name>/<node>/<absolute path on node> e.g. controlplane/etc/kubernetes/pki/apiserver.crt
 *   fixtures/pki/<fixture name>/_private/<node>/...            keys no node keeps (the kubelet's serving CA)
 *
 * Keys already in the set are kept (so certificates come out byte-identical
 * and the diff stays empty, or only what changed is re-issued); missing keys
 * are generated. `--force` makes every key anew. A fixture's `certificates` field is not
 * applied here: variants are re-issued at load time from this base set.
 *
 *   node dist/build/gen-pki.js [--force] [fixture-name...]
 */
import { mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fixturesDir, loadFixture, type ClusterFixture } from "../cluster/fixture.js";
import { newPrivateKeyPem } from "../pki/keys.js";
import { PkiMaterializer } from "../pki/materialize.js";
import { manifestOf, PKI_MANIFEST, pkiSetDir, readShippedSet, structureMismatch } from "../pki/node-pki.js";
import { planPki } from "../pki/plan.js";

export function generatePkiSet(fixture: ClusterFixture, opts: { force?: boolean; log?: (line: string) => void } = {}): string {
  const log = opts.log ?? (() => {});
  const base: ClusterFixture = { ...fixture, certificates: undefined };
  const plan = planPki(base);
  const dir = pkiSetDir(base.name);

  // Keep the keys already there (a re-run then changes nothing; a new node only adds its own).
  const keys = new Map<string, string>();
  const shipped = opts.force ? undefined : readShippedSet(dir, base);
  for (const [id, k] of shipped?.material.keys ?? []) keys.set(id, k);
  let made = 0;
  for (const k of [...plan.certs.map((c) => ({ id: c.id, keyType: c.keyType })), ...plan.bareKeys]) {
    if (!keys.has(k.id)) {
      keys.set(k.id, newPrivateKeyPem(k.keyType));
      made++;
    }
  }

  const m = new PkiMaterializer(plan, { keys, certs: new Map() });
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  for (const tree of plan.trees.keys()) {
    for (const [path, file] of Object.entries(m.render(tree))) {
      const target = join(tmp, tree, path);
      mkdirSync(dirname(target), { recursive: true });
      // A link inside the set's tree, relative so it resolves in the repository as it does on the node.
      if (file.symlinkTo) symlinkSync(basename(file.symlinkTo), target);
      else writeFileSync(target, file.content, { mode: file.mode });
    }
  }
  writeFileSync(join(tmp, PKI_MANIFEST), `${JSON.stringify(manifestOf(base, plan), null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  renameSync(tmp, dir);
  log(`${base.name}: ${plan.certs.length} certificates for ${base.nodes.length} nodes (${made} new keys) in fixtures/pki/${base.name}`);
  return dir;
}

function main(argv: string[]): void {
  const force = argv.includes("--force");
  const only = argv.filter((a) => !a.startsWith("--"));
  const files = readdirSync(fixturesDir())
    .filter((f) => f.endsWith(".yaml"))
    .sort();
  const byName = new Map<string, ClusterFixture>();
  for (const file of files) {
    const f = loadFixture(join(fixturesDir(), file));
    if (only.length && !only.includes(f.name)) continue;
    const first = byName.get(f.name);
    if (first) {
      // Variants may share a set, but only if it fits them.
      const mismatch = structureMismatch(manifestOf(first, planPki(first)), f);
      if (mismatch) throw new Error(`${f.source}: shares the name "${f.name}" with ${first.source} but needs other certificates: ${mismatch}`);
      continue;
    }
    byName.set(f.name, f);
  }
  for (const f of byName.values()) generatePkiSet(f, { force, log: (l) => console.log(l) });
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) main(process.argv.slice(2));
