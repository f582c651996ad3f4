/**
 * Every node's certificates, keys and kubeconfigs, from the set shipped in
 * fixtures/pki/<fixture name>/ (made by `npm run gen-pki`): nothing is
 * generated at run time. A fixture that asks for other dates (its
 * `certificates` field, or another createdAt) gets the affected certificates
 * re-issued here with the shipped keys, which is deterministic. A set made
 * for other nodes, addresses or endpoints is refused with a FixtureError.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FixtureError, fixturesDir, type ClusterFixture, type NodeFixture } from "../cluster/fixture.js";
import { kubeconfigData } from "./kubeconfig.js";
import { MissingKeyError, PkiMaterializer, type Material, type PkiFile } from "./materialize.js";
import { pemBlocks, pemEncode } from "./pem.js";
import { planPki, specHash, type PkiPlan } from "./plan.js";

export type { PkiFile } from "./materialize.js";

export const PKI_MANIFEST = "manifest.json";

/** manifest.json: what the shipped set was made for, so a stale one is noticed. */
export interface PkiManifest {
  fixture: string;
  generatedBy: string;
  /** The createdAt the set was issued at (kubeadm init time). */
  issuedAt: string;
  controlPlaneEndpoint: string | null;
  serviceSubnet: string;
  nodes: { name: string; role: string; ip: string }[];
  /** Spec fingerprint of each certificate, by id (see plan.ts specHash). */
  certificates: Record<string, string>;
}

export function pkiSetDir(fixtureName: string): string {
  return join(fixturesDir(), "pki", fixtureName);
}

function displayDir(fixtureName: string): string {
  return `fixtures/pki/${fixtureName}`;
}

export function manifestOf(f: ClusterFixture, plan: PkiPlan): PkiManifest {
  return {
    fixture: f.name,
    generatedBy: "npm run gen-pki",
    issuedAt: f.createdAt,
    controlPlaneEndpoint: f.controlPlaneEndpoint ?? null,
    serviceSubnet: f.serviceSubnet,
    nodes: f.nodes.map((n) => ({ name: n.name, role: n.role, ip: n.ip })),
    certificates: Object.fromEntries(plan.certs.map((c) => [c.id, specHash(c)])),
  };
}

/** What differs between the nodes/addresses a set was made for and a fixture's, or undefined. */
export function structureMismatch(m: PkiManifest, f: ClusterFixture): string | undefined {
  const want = f.nodes.map((n) => `${n.name} (${n.role}, ${n.ip})`);
  const have = m.nodes.map((n) => `${n.name} (${n.role}, ${n.ip})`);
  const missing = want.filter((w) => !have.includes(w));
  if (missing.length) return `it has no certificates for ${missing.join(", ")}`;
  const extra = have.filter((h) => !want.includes(h));
  if (extra.length) return `it was made for ${extra.join(", ")} too`;
  if (want.join() !== have.join()) return `its nodes are in another order (${m.nodes.map((n) => n.name).join(", ")})`;
  if ((f.controlPlaneEndpoint ?? null) !== m.controlPlaneEndpoint) return `it was made for control-plane endpoint ${m.controlPlaneEndpoint ?? "(none)"}, not ${f.controlPlaneEndpoint ?? "(none)"}`;
  if (f.serviceSubnet !== m.serviceSubnet) return `it was made for service subnet ${m.serviceSubnet}, not ${f.serviceSubnet}`;
  return undefined;
}

interface ShippedSet {
  manifest: PkiManifest;
  material: Material;
}

const shippedCache = new Map<string, ShippedSet>();
const materializerCache = new Map<string, PkiMaterializer>();

/** Forgets what was read and issued in this process (the next load reads the shipped set again). */
export function clearPkiCache(): void {
  shippedCache.clear();
  materializerCache.clear();
}

/**
 * Reads a shipped set: its manifest, and every key and certificate out of the
 * files, located by the plan of the fixture the set was made for.
 */
export function readShippedSet(dir: string, f: ClusterFixture): ShippedSet | undefined {
  const manifestPath = join(dir, PKI_MANIFEST);
  if (!existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as PkiManifest;
  // The fixture as the set was made for it, whatever the caller's says: that is where its files are.
  const base: ClusterFixture = {
    ...f,
    createdAt: manifest.issuedAt,
    controlPlaneEndpoint: manifest.controlPlaneEndpoint ?? undefined,
    serviceSubnet: manifest.serviceSubnet,
    nodes: manifest.nodes.map((n) => ({ ...f.nodes[0], labels: {}, taints: [], name: n.name, role: n.role as NodeFixture["role"], ip: n.ip })),
    certificates: undefined,
  };
  const plan = planPki(base);
  const material: Material = { keys: new Map(), certs: new Map() };
  const setCert = (id: string, pem: string) => material.certs.set(id, { pem, hash: manifest.certificates[id] ?? "" });
  for (const [tree, files] of plan.trees) {
    for (const file of files) {
      const r = file.recipe;
      if (r.kind === "symlink" || r.kind === "publicKey") continue;
      if (r.kind === "kubeconfig" && !("cert" in r.client)) continue;
      const path = join(dir, tree, file.path);
      if (!existsSync(path)) continue;
      const text = readFileSync(path, "utf8");
      if (r.kind === "certs") {
        const blocks = pemBlocks(text).filter((b) => b.type === "CERTIFICATE");
        r.certs.forEach((id, i) => blocks[i] && setCert(id, pemEncode("CERTIFICATE", blocks[i].der)));
      } else if (r.kind === "key") {
        material.keys.set(r.key, text);
      } else if (r.kind === "certAndKey") {
        const [cert, key] = pemBlocks(text);
        if (cert) setCert(r.cert, pemEncode(cert.type, cert.der));
        if (key) material.keys.set(r.cert, pemEncode(key.type, key.der));
      } else if ("cert" in r.client) {
        const cert = kubeconfigData(text, "client-certificate-data");
        const key = kubeconfigData(text, "client-key-data");
        if (cert) setCert(r.client.cert, cert);
        if (key) material.keys.set(r.client.cert, key);
      }
    }
  }
  return { manifest, material };
}

function shippedSetFor(f: ClusterFixture): ShippedSet {
  const dir = pkiSetDir(f.name);
  let set = shippedCache.get(dir);
  if (!set) {
    set = readShippedSet(dir, f);
    if (!set) {
      throw new FixtureError(`${f.source}: no certificates for fixture "${f.name}" (${displayDir(f.name)}/${PKI_MANIFEST} is missing); run \`npm run gen-pki\` to generate them`);
    }
    shippedCache.set(dir, set);
  }
  const mismatch = structureMismatch(set.manifest, f);
  if (mismatch) {
    throw new FixtureError(`${f.source}: the certificates in ${displayDir(f.name)} do not fit this fixture: ${mismatch}; run \`npm run gen-pki\` to regenerate them`);
  }
  return set;
}

function materializerFor(f: ClusterFixture): PkiMaterializer {
  const key = JSON.stringify([f.name, f.createdAt, f.certificates ?? null, f.controlPlaneEndpoint ?? null, f.serviceSubnet, f.nodes.map((n) => [n.name, n.role, n.ip])]);
  let m = materializerCache.get(key);
  if (!m) {
    const set = shippedSetFor(f);
    m = new PkiMaterializer(planPki(f), set.material);
    materializerCache.set(key, m);
  }
  return m;
}

/**
 * Every pki file and kubeconfig of a node (/etc/kubernetes/*.conf,
 * /etc/kubernetes/pki/**, /var/lib/kubelet/pki/**) by absolute path. Keys
 * and kubeconfigs are mode 0600, certificates 0644; kubelet-client-current.pem
 * is a symlink to the dated pair file, as the kubelet's certificate store makes it.
 */
export function pkiFilesFor(fixture: ClusterFixture, nodeName: string): Record<string, PkiFile> {
  if (!fixture.nodes.some((n) => n.name === nodeName)) throw new FixtureError(`${fixture.source}: no node named "${nodeName}"`);
  const m = materializerFor(fixture);
  let files: Record<string, PkiFile>;
  try {
    files = m.render(nodeName);
  } catch (e) {
    if (e instanceof MissingKeyError) {
      throw new FixtureError(`${fixture.source}: ${displayDir(fixture.name)} has no key for ${e.keyId}; run \`npm run gen-pki\` to regenerate it`);
    }
    throw e;
  }
  const out: Record<string, PkiFile> = {};
  for (const [path, file] of Object.entries(files)) out[path] = { ...file };
  return out;
}
