/**
 * `openssl verify -CAfile ca.crt cert...`: builds the chain from the
 * certificate to a trusted CA (-CAfile, plus -untrusted intermediates)
 * and checks signatures and validity at the virtual time, printing
 * "cert: OK" or X509_verify_cert's error with its number and depth.
 */
import { X509Certificate } from "node:crypto";
import { pemBlocks, pemEncode } from "../../../pki/pem.js";
import type { Output, ToolContext } from "../../tool.js";
import { OpensslIo, THREAD_ID } from "./io.js";
import { formatName } from "./names.js";
import { Options, parseOptions, type OptionSpec } from "./options.js";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";

const V = { value: true };
const F = {};
const SPECS: Record<string, OptionSpec> = { CAfile: V, CApath: V, untrusted: V, trusted: V, verbose: F, show_chain: F, purpose: V, no_check_time: F, partial_chain: F, x509_strict: F, crl_check: F, attime: V, "no-CAfile": F, "no-CApath": F, "no-CAstore": F, CAstore: V };

interface Node {
  x509: X509Certificate;
  asn: Certificate;
}

function certsOf(text: string): Node[] {
  const out: Node[] = [];
  for (const b of pemBlocks(text)) {
    if (b.type !== "CERTIFICATE" && b.type !== "TRUSTED CERTIFICATE") continue;
    try {
      out.push({ x509: new X509Certificate(pemEncode("CERTIFICATE", b.der)), asn: AsnConvert.parse(b.der, Certificate) });
    } catch {
      // not a certificate after all
    }
  }
  return out;
}

function issuedBy(child: Node, parent: Node): boolean {
  try {
    return child.x509.checkIssued(parent.x509) && child.x509.verify(parent.x509.publicKey);
  } catch {
    return false;
  }
}

/** X509_verify_cert's verdict: undefined for OK, else [error number, depth, text, the certificate it is about]. */
function verifyChain(leaf: Node, trusted: Node[], untrusted: Node[], now: number, checkTime: boolean): [number, number, string, Node] | undefined {
  const chain: Node[] = [leaf];
  let current = leaf;
  for (let depth = 0; depth < 10; depth++) {
    const anchor = trusted.find((t) => issuedBy(current, t) || t.x509.raw.equals(current.x509.raw));
    if (anchor) {
      if (!anchor.x509.raw.equals(current.x509.raw)) chain.push(anchor);
      break;
    }
    const inter = untrusted.find((u) => !u.x509.raw.equals(current.x509.raw) && issuedBy(current, u));
    if (!inter) {
      const selfSigned = issuedBy(current, current);
      if (selfSigned) return [depth === 0 ? 18 : 19, depth, depth === 0 ? "self-signed certificate" : "self-signed certificate in certificate chain", current];
      return [20, depth, "unable to get local issuer certificate", current];
    }
    chain.push(inter);
    current = inter;
  }
  if (checkTime) {
    for (let depth = 0; depth < chain.length; depth++) {
      const c = chain[depth];
      if (now < Date.parse(c.x509.validFrom)) return [9, depth, "certificate is not yet valid", c];
      if (now > Date.parse(c.x509.validTo)) return [10, depth, "certificate has expired", c];
    }
  }
  return undefined;
}

export async function verify(args: string[], ctx: ToolContext, out: Output): Promise<number> {
  const o = new Options(parseOptions("verify", args, SPECS));
  const io = new OpensslIo(ctx, "verify", out);
  const trusted: Node[] = [];
  for (const file of [...o.all("CAfile"), ...o.all("trusted")]) {
    const text = await io.bioRead(file);
    if (text === undefined) {
      out.err(`${THREAD_ID}:error:05880002:x509 certificate routines:X509_load_cert_crl_file_ex:system lib:../crypto/x509/by_file.c:229:\n`);
      return 1;
    }
    trusted.push(...certsOf(text));
  }
  const untrusted: Node[] = [];
  for (const file of o.all("untrusted")) {
    const text = await io.bioRead(file);
    if (text === undefined) return 1;
    untrusted.push(...certsOf(text));
  }
  const files = o.parsed.operands.length ? o.parsed.operands : ["-"];
  const now = ctx.cluster.clock.now();
  let failed = false;
  for (const file of files) {
    const name = file === "-" ? "stdin" : file;
    let leaf: Node | undefined;
    try {
      const loaded = await io.loadCertificate(file === "-" ? undefined : file, "certificate file");
      leaf = certsOf(loaded.pem)[0];
    } catch {
      return 2;
    }
    if (!leaf) continue;
    const verdict = verifyChain(leaf, trusted, untrusted, now, !o.has("no_check_time"));
    if (!verdict) {
      out.out(`${name}: OK\n`);
      continue;
    }
    const [code, depth, text, cert] = verdict;
    out.err(`${formatName(cert.asn.tbsCertificate.subject)}\nerror ${code} at ${depth} depth lookup: ${text}\nerror ${name}: verification failed\n`);
    failed = true;
  }
  return failed ? 2 : 0;
}
