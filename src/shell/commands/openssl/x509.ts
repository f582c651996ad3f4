/**
 * `openssl x509` (OpenSSL 3.0 apps/x509.c): shows a certificate (-text,
 * -subject, -dates, -fingerprint, -ext ... in the order given, then
 * -checkend), or signs a request with a CA (-req -CA -CAkey) as the CKA
 * "create a user" task does: serial from -set_serial, the -CAserial file
 * or a random one (-CAcreateserial writes it), -days from now on the
 * virtual clock, extensions from -extfile/-extensions.
 */
import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate, Extension } from "@peculiar/asn1-x509";
import { verifyCertificationRequest } from "../../../pki/csr.js";
import { buildCertificate, spkiOf, type DigestName } from "../../../pki/x509-build.js";
import { SeededBytes } from "../../../pki/seeded-keys.js";
import { pemEncode } from "../../../pki/pem.js";
import type { Output, ToolContext } from "../../tool.js";
import { ExtensionError, extensionsFromSection, parseConfig, withDefaultKeyIds } from "./extensions.js";
import { OpensslExit, OpensslIo, THREAD_ID, type LoadedCertificate } from "./io.js";
import { formatName, parseSubject, SubjectError } from "./names.js";
import { DIGESTS, OptionError, Options, parseOptions, type OptionSpec } from "./options.js";
import { certificateText, EXTENSIONS_BY_SHORT_NAME, extensionsText, opensslTime, publicKeyPem, rsaModulusHex } from "./text.js";

const V = { value: true };
const F = {};
const SPECS: Record<string, OptionSpec> = {
  in: V, inform: V, out: V, outform: V, req: F, CA: V, CAkey: V, CAform: V, CAkeyform: V, CAserial: V, CAcreateserial: F,
  set_serial: V, days: V, extfile: V, extensions: V, text: F, noout: F, subject: F, issuer: F, serial: F, dates: F,
  startdate: F, enddate: F, fingerprint: F, checkend: V, ext: V, pubkey: F, modulus: F, hash: F, subject_hash: F,
  issuer_hash: F, email: F, nameopt: V, certopt: V, signkey: V, key: V, keyform: V, passin: V, subj: V, copy_extensions: V,
  clrext: F, preserve_dates: F, purpose: F, ocspid: F, alias: F, trustout: F, nocert: F, sigopt: V, vfyopt: V,
  ...Object.fromEntries(DIGESTS.map((d) => [d, F])),
};

/** The options that print something, handled in the order given. */
const PRINT_OPTIONS = new Set(["text", "subject", "issuer", "serial", "dates", "startdate", "enddate", "fingerprint", "ext", "pubkey", "modulus", "hash", "subject_hash", "issuer_hash", "email", "purpose"]);

const DAY_MS = 86_400_000;

function parseNumber(cmd: string, s: string): number {
  if (!/^-?\d+$/.test(s)) throw new UsageFailure(`${cmd}: Can't parse "${s}" as a number\n${cmd}: Use -help for summary.\n`);
  return Number(s);
}

class UsageFailure extends Error {}

export async function x509(args: string[], ctx: ToolContext, out: Output): Promise<number> {
  let o: Options;
  let days: number;
  let checkend: number | undefined;
  try {
    o = new Options(parseOptions("x509", args, SPECS, (n) => `Unknown option or message digest: ${n}`));
    days = o.get("days") !== undefined ? parseNumber("x509", o.get("days")!) : 30;
    checkend = o.get("checkend") !== undefined ? parseNumber("x509", o.get("checkend")!) : undefined;
  } catch (e) {
    if (!(e instanceof OptionError || e instanceof UsageFailure)) throw e;
    out.err(e.message);
    return 1;
  }
  const io = new OpensslIo(ctx, "x509", out);
  const now = Math.floor(ctx.cluster.clock.now() / 1000) * 1000;
  let loaded: LoadedCertificate;
  if (o.has("req")) {
    loaded = await signRequest(o, io, out, now, days);
  } else {
    if (o.has("CAkey") && !o.has("CA")) out.err("Warning: ignoring -CAkey option since -CA option is not given\n");
    loaded = await io.loadCertificate(o.get("in"));
  }

  let text = "";
  for (const opt of o.parsed.list) {
    if (!PRINT_OPTIONS.has(opt.name)) continue;
    text += printOne(opt.name, opt.value, o, loaded, out);
  }
  let exit = 0;
  if (checkend !== undefined) {
    const notAfter = loaded.cert.tbsCertificate.validity.notAfter.getTime().getTime();
    const expires = notAfter < ctx.cluster.clock.now() + checkend * 1000;
    text += expires ? "Certificate will expire\n" : "Certificate will not expire\n";
    exit = expires ? 1 : 0;
  }
  if (!o.has("noout")) text += pemEncode("CERTIFICATE", loaded.der);
  await io.write(o.get("out"), text);
  return exit;
}

function printOne(name: string, _value: string | undefined, o: Options, c: LoadedCertificate, out: Output): string {
  const tbs = c.cert.tbsCertificate;
  switch (name) {
    case "text":
      return certificateText(c.cert);
    case "subject":
      return `subject=${formatName(tbs.subject)}\n`;
    case "issuer":
      return `issuer=${formatName(tbs.issuer)}\n`;
    case "serial":
      return `serial=${serialHex(Buffer.from(tbs.serialNumber))}\n`;
    case "startdate":
      return `notBefore=${opensslTime(tbs.validity.notBefore.getTime().getTime())}\n`;
    case "enddate":
      return `notAfter=${opensslTime(tbs.validity.notAfter.getTime().getTime())}\n`;
    case "dates":
      return printOne("startdate", undefined, o, c, out) + printOne("enddate", undefined, o, c, out);
    case "fingerprint": {
      const digest = o.digest();
      const hex = createHash(digest ?? "sha1").update(c.der).digest("hex").toUpperCase().match(/../g)!.join(":");
      return `${digest ?? "SHA1"} Fingerprint=${hex}\n`;
    }
    case "ext":
      return extText(_value ?? "", [...(tbs.extensions ?? [])], out);
    case "pubkey":
      return publicKeyPem(tbs.subjectPublicKeyInfo);
    case "modulus": {
      const m = rsaModulusHex(tbs.subjectPublicKeyInfo);
      return m ? `Modulus=${m}\n` : "Modulus=No modulus for this public key type\n";
    }
    default:
      return "";
  }
}

/** `-ext a,b`: the named extensions present, in certificate order. */
function extText(list: string, exts: Extension[], out: Output): string {
  const wanted = new Set(
    list
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (const w of wanted) {
    if (!EXTENSIONS_BY_SHORT_NAME[w]) {
      out.err(`Invalid extension name: ${w}\n`);
      throw new OpensslExit(1);
    }
  }
  const picked = exts.filter((e) => [...wanted].some((w) => EXTENSIONS_BY_SHORT_NAME[w] === e.extnID));
  if (picked.length === 0) {
    out.err("No extensions in certificate\n");
    return "";
  }
  return extensionsText(picked, 0);
}

/** Serial as `-serial` and the .srl file write it: upper-case hex of the magnitude, at least two digits. */
function serialHex(bytes: Buffer): string {
  let b = bytes;
  while (b.length > 1 && b[0] === 0) b = b.subarray(1);
  return b.toString("hex").toUpperCase();
}

/** `-set_serial`: decimal, or hex after 0x. */
function parseSerial(s: string): bigint | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return BigInt(s);
  if (/^\d+$/.test(s)) return BigInt(s);
  return undefined;
}

/** The .srl file next to the CA (ca.crt -> ca.srl), as x509 names it. */
function defaultSerialFile(caFile: string): string {
  const slash = caFile.lastIndexOf("/");
  const dot = caFile.lastIndexOf(".");
  return `${dot > slash ? caFile.slice(0, dot) : caFile}.srl`;
}

async function signRequest(o: Options, io: OpensslIo, out: Output, now: number, days: number): Promise<LoadedCertificate> {
  // The extension file is read and checked before anything else.
  let config: ReturnType<typeof parseConfig> | undefined;
  let section = o.get("extensions");
  const extfile = o.get("extfile");
  if (extfile) {
    const text = await io.bioRead(extfile);
    if (text === undefined) throw new OpensslExit(1);
    config = parseConfig(text);
    section = section ?? config.get("default")?.find(([k]) => k === "extensions")?.[1] ?? "default";
    if (!config.has(section)) {
      out.err(`Error checking extension section ${section}\n`);
      throw new OpensslExit(1);
    }
  }
  const csr = await io.loadRequest(o.get("in"), "Unable to load certificate request input");
  if (!verifyCertificationRequest(csr)) {
    out.err("Certificate request self-signature did not match the contents\n");
    throw new OpensslExit(1);
  }
  out.err(`Certificate request self-signature ok\nsubject=${formatName(csr.subject)}\n`);

  let issuerCert: Certificate | undefined;
  let signingKey: KeyObject;
  const caFile = o.get("CA");
  if (caFile) {
    issuerCert = (await io.loadCertificate(caFile, "CA certificate")).cert;
    signingKey = await io.loadPrivateKey(o.get("CAkey") ?? caFile, "CA private key");
    if (!keyMatches(issuerCert, signingKey)) {
      out.err("CA certificate and CA private key do not match\n");
      out.err(`${THREAD_ID}:error:05800074:x509 certificate routines:X509_check_private_key:key values mismatch:../crypto/x509/x509_cmp.c:405:\n`);
      throw new OpensslExit(1);
    }
  } else {
    const keyFile = o.get("signkey") ?? o.get("key");
    if (!keyFile) {
      out.err("Unable to write certificate\n");
      out.err(`${THREAD_ID}:error:068000DE:asn1 encoding routines:asn1_template_ex_i2d:illegal zero content:../crypto/asn1/tasn_enc.c:373:\n`);
      throw new OpensslExit(1);
    }
    signingKey = await io.loadPrivateKey(keyFile);
  }

  // Serial: -set_serial, else the serial file (+1), else a random one (written when -CAcreateserial or -CAserial asks).
  let serial: bigint;
  let serialFile: string | undefined;
  const set = o.get("set_serial");
  if (set !== undefined) {
    const s = parseSerial(set);
    if (s === undefined) {
      out.err(`x509: Invalid serial number ${set}\n`);
      throw new OpensslExit(1);
    }
    serial = s;
  } else if (caFile) {
    serialFile = o.get("CAserial") ?? defaultSerialFile(caFile);
    const current = await io.readOptional(serialFile);
    if (current !== undefined && /^[0-9A-Fa-f]+\s*$/.test(current)) {
      serial = BigInt(`0x${current.trim()}`) + 1n;
    } else if (o.has("CAcreateserial") || (!o.has("CAserial") && current === undefined)) {
      serial = new SeededBytes(io.seed("serial")).bigint(159) | 1n;
      if (!o.has("CAcreateserial")) serialFile = undefined;
    } else {
      out.err(`${serialFile}: No such file or directory\n`);
      out.err(`${THREAD_ID}:error:80000002:system library:BIO_new_file:No such file or directory:../crypto/bio/bss_file.c:67:calling fopen(${serialFile}, r)\n`);
      out.err(`${THREAD_ID}:error:10000080:BIO routines:BIO_new_file:no such file:../crypto/bio/bss_file.c:75:\n`);
      throw new OpensslExit(1);
    }
  } else {
    serial = new SeededBytes(io.seed("serial")).bigint(159) | 1n;
  }

  const extCtx = { subjectKey: csr.subjectPublicKey, issuer: issuerCert };
  let extensions: Extension[] = [];
  if (config && section) {
    try {
      extensions = extensionsFromSection(config, section, extCtx);
    } catch (e) {
      out.err(`Error checking extension section ${section}\n`);
      if (e instanceof ExtensionError) out.err(`${THREAD_ID}:error:11000080:X509 V3 routines:X509V3_EXT_nconf_int:error in extension:../crypto/x509/v3_conf.c:48:section=${section}, ${e.message}\n`);
      throw new OpensslExit(1);
    }
  }
  // -copy_extensions copy: the request's extensions the config does not set; copyall: the request's win.
  const copy = o.get("copy_extensions");
  if (copy === "copy" || copy === "copyall") {
    for (const e of csr.extensions) {
      const at = extensions.findIndex((x) => x.extnID === e.extnID);
      if (at < 0) extensions.push(e);
      else if (copy === "copyall") extensions[at] = e;
    }
  }
  extensions = withDefaultKeyIds(extensions, extCtx);

  let subject = csr.subject;
  const subj = o.get("subj");
  if (subj) {
    try {
      const parsed = parseSubject(subj, "x509");
      for (const w of parsed.warnings) out.err(w);
      subject = parsed.name;
    } catch (e) {
      if (e instanceof SubjectError) {
        out.err(e.message);
        throw new OpensslExit(1);
      }
      throw e;
    }
  }
  const pem = buildCertificate({
    serialNumber: serial,
    issuer: issuerCert ? issuerCert.tbsCertificate.subject : subject,
    subject,
    notBefore: now,
    notAfter: now + days * DAY_MS,
    subjectPublicKey: csr.subjectPublicKey,
    extensions,
    signingKey,
    digest: (o.digest() as DigestName | undefined) ?? "sha256",
  });
  if (serialFile) {
    // i2a_ASN1_INTEGER: whole bytes, upper case.
    const hex = serial.toString(16).toUpperCase();
    await io.write(serialFile, `${hex.length % 2 ? `0${hex}` : hex}\n`);
  }
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64");
  return { cert: AsnConvert.parse(der, Certificate), der, pem };
}

/** X509_check_private_key: the CA's public key is the private key's. */
function keyMatches(cert: Certificate, key: KeyObject): boolean {
  const certSpki = Buffer.from(AsnConvert.serialize(cert.tbsCertificate.subjectPublicKeyInfo));
  const keySpki = createPublicKey(key).export({ type: "spki", format: "der" });
  return certSpki.equals(keySpki) || Buffer.from(AsnConvert.serialize(spkiOf(key))).equals(certSpki);
}
