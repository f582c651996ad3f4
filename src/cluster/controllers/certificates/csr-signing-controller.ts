/**
 * certificatesigningrequest-signing-controller
 * (pkg/controller/certificates/signer, authority): signs approved
 * CertificateSigningRequests for the built-in signers with the cluster CA
 * (--cluster-signing-cert-file / --cluster-signing-key-file, kubeadm's
 * /etc/kubernetes/pki/ca.crt and ca.key) and writes the certificate into
 * status.certificate. A request its signer will not sign (bad usages, a
 * kubelet request for the wrong subject) gets a Failed condition instead.
 *
 * The certificate is what authority.PermissiveSigningPolicy makes: the
 * request's subject, key and subject alternative names, the requested
 * usages, CA:FALSE, valid from five minutes ago for the signer's duration
 * (--cluster-signing-duration, default one year, or the shorter
 * spec.expirationSeconds, at least ten minutes), never past the CA's expiry.
 */
import { createPrivateKey } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
} from "@peculiar/asn1-x509";
import type { KubeObject } from "../../api/types.js";
import { parseCertificationRequest, verifyCertificationRequest, type CertificationRequest } from "../../../pki/csr.js";
import { pemBlocks } from "../../../pki/pem.js";
import { extension } from "../../../pki/issue.js";
import { buildCertificate } from "../../../pki/x509-build.js";
import { Controller } from "../controller.js";

const KUBE_APISERVER_CLIENT = "kubernetes.io/kube-apiserver-client";
const KUBELET_CLIENT = "kubernetes.io/kube-apiserver-client-kubelet";
const KUBELET_SERVING = "kubernetes.io/kubelet-serving";

const BACKDATE_MS = 5 * 60 * 1000;
/** Certificates shorter than this are not backdated at their end (5 minutes is about 1% of it). */
const SHORT_MS = 8 * 60 * 60 * 1000;
const MIN_DURATION_MS = 10 * 60 * 1000;

const KEY_USAGES: Record<string, number> = {
  signing: KeyUsageFlags.digitalSignature,
  "digital signature": KeyUsageFlags.digitalSignature,
  "content commitment": KeyUsageFlags.nonRepudiation,
  "key encipherment": KeyUsageFlags.keyEncipherment,
  "key agreement": KeyUsageFlags.keyAgreement,
  "data encipherment": KeyUsageFlags.dataEncipherment,
  "cert sign": KeyUsageFlags.keyCertSign,
  "crl sign": KeyUsageFlags.cRLSign,
  "encipher only": KeyUsageFlags.encipherOnly,
  "decipher only": KeyUsageFlags.decipherOnly,
};

/** Extended key usages by Go's x509.ExtKeyUsage order (the order they are written in). */
const EXT_KEY_USAGES: Array<[string, string]> = [
  ["any", "2.5.29.37.0"],
  ["server auth", "1.3.6.1.5.5.7.3.1"],
  ["client auth", "1.3.6.1.5.5.7.3.2"],
  ["code signing", "1.3.6.1.5.5.7.3.3"],
  ["email protection", "1.3.6.1.5.5.7.3.4"],
  ["s/mime", "1.3.6.1.5.5.7.3.4"],
  ["ipsec end system", "1.3.6.1.5.5.7.3.5"],
  ["ipsec tunnel", "1.3.6.1.5.5.7.3.6"],
  ["ipsec user", "1.3.6.1.5.5.7.3.7"],
  ["timestamping", "1.3.6.1.5.5.7.3.8"],
  ["ocsp signing", "1.3.6.1.5.5.7.3.9"],
  ["microsoft sgc", "1.3.6.1.4.1.311.10.3.3"],
  ["netscape sgc", "2.16.840.1.113730.4.1"],
];

/** The cluster CA the signer signs with, as the controller manager loaded it. */
export interface SigningAuthority {
  certPem: string;
  keyPem: string;
  /** --cluster-signing-duration. */
  durationMs: number;
}

interface Requested {
  commonName: string;
  organizations: string[];
  dns: number;
  ips: number;
  emails: number;
  uris: number;
  san?: Extension;
}

const OID_CN = "2.5.4.3";
const OID_O = "2.5.4.10";

function requested(cr: CertificationRequest): Requested {
  const r: Requested = { commonName: "", organizations: [], dns: 0, ips: 0, emails: 0, uris: 0 };
  for (const rdn of cr.subject) {
    for (const atv of rdn) {
      const text = atv.value.toString();
      if (atv.type === OID_CN) r.commonName = text;
      if (atv.type === OID_O) r.organizations.push(text);
    }
  }
  r.san = cr.extensions.find((e) => e.extnID === id_ce_subjectAltName);
  if (r.san) {
    for (const n of AsnConvert.parse(r.san.extnValue, SubjectAlternativeName)) {
      if (n.dNSName !== undefined) r.dns++;
      else if (n.iPAddress !== undefined) r.ips++;
      else if (n.rfc822Name !== undefined) r.emails++;
      else if (n.uniformResourceIdentifier !== undefined) r.uris++;
    }
  }
  return r;
}

const sameSet = (a: string[], b: string[]) => new Set(a).size === b.length && b.every((x) => a.includes(x));

/** Why a recognised signer refuses the request (getCSRVerificationFuncForSignerName), or undefined. */
function refusal(signer: string, r: Requested, usages: string[]): string | undefined {
  if (signer === KUBE_APISERVER_CLIENT) {
    let clientAuth = false;
    for (const u of usages) {
      if (u === "client auth") clientAuth = true;
      else if (u !== "digital signature" && u !== "key encipherment") return `invalid usage for client certificate: ${u}`;
    }
    return clientAuth ? undefined : "missing required usage for client certificate: client auth";
  }
  const systemNodes = r.organizations.length === 1 && r.organizations[0] === "system:nodes";
  const nodeCommonName = r.commonName.startsWith("system:node:");
  if (signer === KUBELET_CLIENT) {
    if (!systemNodes) return "subject organization is not system:nodes";
    if (r.dns) return "DNS subjectAltNames are not allowed";
    if (r.emails) return "Email subjectAltNames are not allowed";
    if (r.ips) return "IP subjectAltNames are not allowed";
    if (r.uris) return "URI subjectAltNames are not allowed";
    if (!nodeCommonName) return "subject common name does not begin with system:node:";
    const set = [...new Set(usages)];
    if (!sameSet(set, ["digital signature", "key encipherment", "client auth"]) && !sameSet(set, ["digital signature", "client auth"])) {
      return "usages did not match [client auth digital signature key encipherment]";
    }
    return undefined;
  }
  // kubelet-serving
  if (!systemNodes) return "subject organization is not system:nodes";
  if (!r.dns && !r.ips) return "DNS or IP subjectAltName is required";
  if (r.emails) return "Email subjectAltNames are not allowed";
  if (r.uris) return "URI subjectAltNames are not allowed";
  const set = [...new Set(usages)];
  if (!sameSet(set, ["digital signature", "key encipherment", "server auth"]) && !sameSet(set, ["digital signature", "server auth"])) {
    return "usages did not match [digital signature key encipherment server auth]";
  }
  if (!nodeCommonName) return "subject common name does not begin with system:node:";
  return undefined;
}

function isTrue(csr: KubeObject, type: string): boolean {
  return ((csr.status?.conditions ?? []) as Array<{ type: string; status: string }>).some((c) => c.type === type && c.status === "True");
}

export class CertificateSigningController extends Controller {
  readonly name = "certificatesigningrequest-signing-controller";
  private readonly csrs = this.ctx.informers.for("certificatesigningrequests");

  start(): void {
    this.csrs.addHandlers({
      add: (csr) => this.queue.add(csr.metadata.name!),
      update: (_old, csr) => this.queue.add(csr.metadata.name!),
    });
  }

  protected sync(name: string): void {
    const authority = this.ctx.config.csrSigning;
    const stored = this.csrs.get(name);
    if (!authority || !stored || stored.status?.certificate) return;
    // Only approved requests nobody failed, for the signers this controller runs.
    if (!isTrue(stored, "Approved") || isTrue(stored, "Denied") || isTrue(stored, "Failed")) return;
    const signer: string = stored.spec?.signerName ?? "";
    if (![KUBE_APISERVER_CLIENT, KUBELET_CLIENT, KUBELET_SERVING].includes(signer)) return;
    const pem = Buffer.from(String(stored.spec?.request ?? ""), "base64").toString("utf8");
    const cr = parseCertificationRequest(pem);
    if (!cr) return; // "unable to parse csr": retried in vain by the real controller
    const usages: string[] = stored.spec?.usages ?? [];
    const req = requested(cr);
    const csr = structuredClone(stored) as KubeObject;
    csr.status = { ...(csr.status ?? {}) };
    const why = refusal(signer, req, usages);
    if (why) {
      csr.status.conditions = [
        ...(csr.status.conditions ?? []),
        { type: "Failed", status: "True", reason: "SignerValidationFailure", message: why, lastUpdateTime: this.ctx.clock.rfc3339() },
      ];
      this.ctx.client.updateStatus("certificatesigningrequests", undefined, csr);
      return;
    }
    // authority.Sign checks the proof of possession; a bad signature is never signed.
    if (!verifyCertificationRequest(cr)) return;
    const certificate = this.sign(authority, cr, req, usages, stored.spec?.expirationSeconds);
    if (!certificate) return;
    csr.status.certificate = Buffer.from(certificate, "utf8").toString("base64");
    this.ctx.client.updateStatus("certificatesigningrequests", undefined, csr);
  }

  /** signer.duration: the request's expirationSeconds when shorter than the signer's, at least ten minutes. */
  private durationMs(authority: SigningAuthority, expirationSeconds: number | undefined): number {
    if (expirationSeconds === undefined) return authority.durationMs;
    const ms = expirationSeconds * 1000;
    if (ms > authority.durationMs) return authority.durationMs;
    return Math.max(ms, MIN_DURATION_MS);
  }

  private sign(authority: SigningAuthority, cr: CertificationRequest, req: Requested, usages: string[], expirationSeconds?: number): string | undefined {
    const caBlock = pemBlocks(authority.certPem).find((b) => b.type === "CERTIFICATE");
    if (!caBlock) return undefined;
    const ca = AsnConvert.parse(caBlock.der, Certificate);
    const caNotAfter = ca.tbsCertificate.validity.notAfter.getTime().getTime();
    const now = this.ctx.clock.now();
    const ttl = this.durationMs(authority, expirationSeconds);
    const notBefore = now - BACKDATE_MS;
    let notAfter = ttl < SHORT_MS ? now + ttl : notBefore + ttl;
    if (notAfter >= caNotAfter) notAfter = caNotAfter;
    if (notBefore >= caNotAfter || now >= caNotAfter) return undefined; // the signer has expired

    const extensions: Extension[] = [];
    const bits = usages.reduce((acc, u) => acc | (KEY_USAGES[u] ?? 0), 0);
    if (bits) extensions.push(extension(id_ce_keyUsage, true, new KeyUsage(bits)));
    const ekus = EXT_KEY_USAGES.filter(([name]) => usages.includes(name)).map(([, oid]) => oid);
    if (ekus.length) extensions.push(extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([...new Set(ekus)])));
    extensions.push(extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: false })));
    const caKeyId = ca.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_subjectKeyIdentifier);
    if (caKeyId) {
      const keyIdentifier = new KeyIdentifier(AsnConvert.parse(caKeyId.extnValue, SubjectKeyIdentifier).buffer);
      extensions.push(extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier })));
    }
    if (req.san) extensions.push(new Extension({ extnID: id_ce_subjectAltName, extnValue: req.san.extnValue }));

    return buildCertificate({
      serialNumber: BigInt(`0x${this.ctx.random.uuid().replace(/-/g, "")}`) || 1n,
      issuer: ca.tbsCertificate.subject,
      subject: cr.subject,
      notBefore,
      notAfter,
      subjectPublicKey: cr.subjectPublicKey,
      extensions,
      signingKey: createPrivateKey(authority.keyPem),
    });
  }
}
