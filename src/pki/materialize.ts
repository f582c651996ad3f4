/**
 * Turns a PkiPlan plus key material into certificates and file contents.
 * Both the generator and the runtime loader go through here: the generator
 * with fresh keys, the loader with the shipped keys and certificates, so a
 * shipped file and a loaded one are the same bytes, and a certificate whose
 * plan changed (other dates in a fixture variant) is re-issued with its
 * shipped key.
 */
import { issueCertificate } from "./issue.js";
import { publicKeyPem } from "./keys.js";
import { kubeconfigText } from "./kubeconfig.js";
import { specHash, type PkiPlan, type PlannedCert, type PlannedFile } from "./plan.js";

export interface PkiFile {
  content: string;
  mode?: number;
  /** Set for a symbolic link (content is then empty). */
  symlinkTo?: string;
}

export interface Material {
  /** Private keys (PEM) by the id of the certificate they belong to, and "sa". */
  keys: Map<string, string>;
  /** Already issued certificates (PEM) by id, with the spec hash each was issued for. */
  certs: Map<string, { pem: string; hash: string }>;
}

export class MissingKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`no key for ${keyId}`);
  }
}

export class PkiMaterializer {
  private readonly byId: Map<string, PlannedCert>;
  private readonly resolved = new Map<string, string>();
  /** Ids of certificates issued here rather than taken from the material. */
  readonly reissued: string[] = [];

  constructor(
    readonly plan: PkiPlan,
    private readonly material: Material,
  ) {
    this.byId = new Map(plan.certs.map((c) => [c.id, c]));
  }

  key(id: string): string {
    const k = this.material.keys.get(id);
    if (!k) throw new MissingKeyError(id);
    return k;
  }

  /** The certificate's PEM: the given one if it was issued for the same spec, else a new one. */
  cert(id: string): string {
    const done = this.resolved.get(id);
    if (done) return done;
    const c = this.byId.get(id);
    if (!c) throw new Error(`no planned certificate ${id}`);
    const hash = specHash(c);
    const given = this.material.certs.get(id);
    let pem: string;
    if (given && given.hash === hash) {
      pem = given.pem;
    } else {
      const issuer = c.issuer ? { certPem: this.cert(c.issuer), keyPem: this.key(c.issuer) } : undefined;
      pem = issueCertificate({ ...c.spec, subjectKey: this.key(c.id), issuer });
      this.reissued.push(id);
    }
    this.resolved.set(id, pem);
    return pem;
  }

  /** The files of one tree (a node, or the private tree), by absolute path. */
  render(tree: string): Record<string, PkiFile> {
    const out: Record<string, PkiFile> = {};
    for (const f of this.plan.trees.get(tree) ?? []) out[f.path] = this.renderFile(f);
    return out;
  }

  private renderFile(f: PlannedFile): PkiFile {
    const r = f.recipe;
    switch (r.kind) {
      case "certs":
        return { content: r.certs.map((id) => this.cert(id)).join(""), mode: f.mode };
      case "key":
        return { content: this.key(r.key), mode: f.mode };
      case "publicKey":
        return { content: publicKeyPem(this.key(r.key)), mode: f.mode };
      case "certAndKey":
        return { content: this.cert(r.cert) + this.key(r.cert), mode: f.mode };
      case "symlink":
        return { content: "", mode: f.mode, symlinkTo: r.target };
      case "kubeconfig":
        return {
          content: kubeconfigText({
            clusterName: r.clusterName,
            server: r.server,
            caPem: this.cert(r.ca),
            userName: r.userName,
            contextName: r.contextName,
            namespace: r.namespace,
            client: "cert" in r.client ? { certPem: this.cert(r.client.cert), keyPem: this.key(r.client.cert) } : { certFile: r.client.file, keyFile: r.client.file },
          }),
          mode: f.mode,
        };
    }
  }
}
