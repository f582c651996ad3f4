/**
 * `openssl req` (OpenSSL 3.0 apps/req.c): makes a PKCS#10 request from a
 * key and a subject (-new -key -subj, -addext), a new key on the way
 * (-newkey rsa:2048 -nodes -keyout), a self-signed certificate (-x509,
 * the default openssl.cnf's v3_ca extensions), or shows a request (-in
 * -text -noout -subject -verify -pubkey). Without -subj it asks the
 * default config's questions on stdin.
 */
import type { KeyObject } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate, Name, type Extension } from "@peculiar/asn1-x509";
import { buildCertificationRequest, parseCertificationRequest, verifyCertificationRequest, type CertificationRequest } from "../../../pki/csr.js";
import { SeededBytes } from "../../../pki/seeded-keys.js";
import { buildCertificate, spkiOf, type DigestName } from "../../../pki/x509-build.js";
import type { Output, ToolContext } from "../../tool.js";
import { addextLines, ExtensionError, extensionsFromLines, V3_CA, withDefaultKeyIds } from "./extensions.js";
import { OpensslExit, OpensslIo, THREAD_ID } from "./io.js";
import { generateKey, keyModulus, pkcs8Pem, rsaProgress, type KeySpec } from "./keys.js";
import { formatName, parseSubject, SubjectError } from "./names.js";
import { DIGESTS, Options, parseOptions, type OptionSpec } from "./options.js";
import { certificateText, publicKeyPem, requestText } from "./text.js";

const V = { value: true };
const F = {};
const SPECS: Record<string, OptionSpec> = {
  in: V, inform: V, out: V, outform: V, new: F, x509: F, key: V, keyform: V, keyout: V, newkey: V, nodes: F, noenc: F,
  subj: V, days: V, set_serial: V, text: F, noout: F, verify: F, pubkey: F, subject: F, modulus: F, addext: V,
  extensions: V, reqexts: V, config: V, passin: V, passout: V, batch: F, utf8: F, "multivalue-rdn": F, pkeyopt: V,
  copy_extensions: V, CA: V, CAkey: V, nameopt: V, reqopt: V, sigopt: V, vfyopt: V, quiet: F, verbose: F, precert: F,
  ...Object.fromEntries(DIGESTS.map((d) => [d, F])),
};

const DAY_MS = 86_400_000;

/** The default config's [ req_distinguished_name ] questions: prompt, attribute, default. */
const QUESTIONS: Array<[string, string, string]> = [
  ["Country Name (2 letter code) [AU]:", "C", "AU"],
  ["State or Province Name (full name) [Some-State]:", "ST", "Some-State"],
  ["Locality Name (eg, city) []:", "L", ""],
  ["Organization Name (eg, company) [Internet Widgits Pty Ltd]:", "O", "Internet Widgits Pty Ltd"],
  ["Organizational Unit Name (eg, section) []:", "OU", ""],
  ["Common Name (e.g. server FQDN or YOUR name) []:", "CN", ""],
  ["Email Address []:", "emailAddress", ""],
];

const PROMPT_INTRO =
  "You are about to be asked to enter information that will be incorporated\ninto your certificate request.\nWhat you are about to enter is what is called a Distinguished Name or a DN.\nThere are quite a few fields but you can leave some blank\nFor some fields there will be a default value,\nIf you enter '.', the field will be left blank.\n-----\n";

/** `-newkey rsa:2048`, `rsa`, `ec` (with -pkeyopt ec_paramgen_curve:...), `ed25519`. */
function newKeySpec(arg: string, o: Options, out: Output): KeySpec {
  const [alg, param] = [arg.split(":")[0].toLowerCase(), arg.slice(arg.indexOf(":") + 1)];
  if (alg === "rsa") {
    const bits = arg.includes(":") ? Number(param) : 2048;
    if (!Number.isInteger(bits) || bits <= 0) {
      out.err(`req: Invalid RSA key size: ${param}\n`);
      throw new OpensslExit(1);
    }
    if (bits < 512) {
      out.err(`${THREAD_ID}:error:1C8000AB:Provider routines:rsa_gen_set_params:key size too small:../providers/implementations/keymgmt/rsa_kmgmt.c:509:\n`);
      throw new OpensslExit(1);
    }
    return { type: "rsa", bits };
  }
  if (alg === "ec") {
    const curve = o.all("pkeyopt").find((p) => p.startsWith("ec_paramgen_curve:"))?.split(":")[1];
    if (arg.includes(":") || !curve) {
      out.err(`Cannot open parameter file ${arg.includes(":") ? param : ""}\n`);
      throw new OpensslExit(1);
    }
    return { type: "ec", curve };
  }
  out.err(`req: Unknown algorithm ${alg}\n`);
  throw new OpensslExit(1);
}

export async function req(args: string[], ctx: ToolContext, out: Output): Promise<number> {
  const o = new Options(parseOptions("req", args, SPECS, (n) => `Unknown option or message digest: ${n}`));
  const io = new OpensslIo(ctx, "req", out);
  const genX509 = o.has("x509");
  const days = o.get("days") !== undefined ? Number(o.get("days")) : 30;
  if (!Number.isInteger(days)) {
    out.err(`req: Can't parse "${o.get("days")}" as a number\nreq: Use -help for summary.\n`);
    return 1;
  }
  const digest = (o.digest() as DigestName | undefined) ?? "sha256";
  let addext: Array<[string, string]> = [];
  try {
    addext = addextLines(o.all("addext"));
  } catch (e) {
    out.err(`${(e as Error).message}\n`);
    return 1;
  }

  // An existing request: shown, or turned into a self-signed certificate with -x509.
  let csr: CertificationRequest | undefined;
  if (o.has("in") || (!o.has("new") && !genX509 && !o.has("newkey"))) {
    csr = await io.loadRequest(o.get("in"), "Unable to load X509 request");
  }

  let key: KeyObject | undefined;
  if (o.has("key")) key = await io.loadPrivateKey(o.get("key"));
  const wantsKey = (o.has("new") || genX509 || o.has("newkey")) && !csr;
  if (!key && (o.has("newkey") || (wantsKey && !o.has("key")))) {
    const spec = o.has("newkey") ? newKeySpec(o.get("newkey")!, o, out) : ({ type: "rsa", bits: 2048 } as KeySpec);
    const seed = io.seed(`req:${JSON.stringify(spec)}`);
    if (spec.type === "rsa") out.err(rsaProgress(seed));
    key = generateKey(spec, seed);
    const keyout = o.get("keyout") ?? "privkey.pem";
    if (!o.has("keyout")) out.err(`writing new private key to '${keyout}'\n`);
    if (!o.has("nodes") && !o.has("noenc")) {
      out.err("Enter PEM pass phrase:\n");
      out.err(`${THREAD_ID}:error:0480006D:PEM routines:PEM_def_callback:problems getting password:../crypto/pem/pem_lib.c:62:\n`);
      out.err(`${THREAD_ID}:error:07880109:common libcrypto routines:do_ui_passphrase:interrupted or cancelled:../crypto/passphrase.c:184:\n`);
      out.err(`${THREAD_ID}:error:1C80009F:Provider routines:p8info_to_encp8:unable to get passphrase:../providers/implementations/encode_decode/encode_key2any.c:115:\n`);
      return 1;
    }
    await io.write(keyout, pkcs8Pem(key), { privateKey: true });
    out.err("-----\n");
  }

  let subject: Name | undefined;
  if (wantsKey || (genX509 && csr && o.has("subj"))) {
    const subj = o.get("subj");
    try {
      if (subj !== undefined) {
        const parsed = parseSubject(subj, "req");
        for (const w of parsed.warnings) out.err(w);
        subject = parsed.name;
      } else subject = askSubject(ctx.stdin, out);
    } catch (e) {
      if (e instanceof SubjectError) {
        out.err(e.message);
        return 1;
      }
      throw e;
    }
  }

  let cert: Certificate | undefined;
  let certDer: Buffer | undefined;
  if (wantsKey && !genX509) {
    let exts: Extension[] = [];
    try {
      exts = extensionsFromLines(addext, { subjectKey: spkiOf(key!) });
    } catch (e) {
      return extensionFailure(e, out);
    }
    csr = parseCertificationRequest(buildCertificationRequest({ subject: subject!, key: key!, extensions: exts, digest }))!;
  } else if (genX509) {
    const signKey = key;
    if (!signKey) {
      out.err("req: Missing -key option for -x509\n");
      return 1;
    }
    const now = Math.floor(ctx.cluster.clock.now() / 1000) * 1000;
    const spki = csr ? csr.subjectPublicKey : spkiOf(signKey);
    const name = subject ?? csr!.subject;
    let exts: Extension[];
    try {
      exts = withDefaultKeyIds(extensionsFromLines([...V3_CA, ...addext], { subjectKey: spki }), { subjectKey: spki });
    } catch (e) {
      return extensionFailure(e, out);
    }
    const serial = o.get("set_serial") !== undefined ? BigInt(o.get("set_serial")!) : new SeededBytes(io.seed("req-serial")).bigint(159) | 1n;
    const pem = buildCertificate({ serialNumber: serial, issuer: name, subject: name, notBefore: now, notAfter: now + days * DAY_MS, subjectPublicKey: spki, extensions: exts, signingKey: signKey, digest });
    certDer = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64");
    cert = AsnConvert.parse(certDer, Certificate);
  }

  if (o.has("verify") && csr) {
    if (verifyCertificationRequest(csr)) out.err("Certificate request self-signature verify OK\n");
    else {
      out.err("Certificate request self-signature verify failure\n");
      return 1;
    }
  }
  const noout = o.has("noout");
  if (noout && !o.has("text") && !o.has("modulus") && !o.has("subject") && !o.has("pubkey")) return 0;
  let text = "";
  const spki = cert ? cert.tbsCertificate.subjectPublicKeyInfo : csr!.subjectPublicKey;
  if (o.has("pubkey")) text += publicKeyPem(spki);
  if (o.has("text")) text += cert ? certificateText(cert) : requestText(csr!);
  if (o.has("subject")) text += `subject=${formatName(cert ? cert.tbsCertificate.subject : csr!.subject)}\n`;
  if (o.has("modulus") && key) text += `Modulus=${keyModulus(key) ?? ""}\n`;
  if (!noout) text += cert ? pemOf("CERTIFICATE", certDer!) : pemOf("CERTIFICATE REQUEST", csr!.der);
  await io.write(o.get("out"), text);
  return 0;
}

function pemOf(type: string, der: Buffer): string {
  const b64 = der.toString("base64").match(/.{1,64}/g)!.join("\n");
  return `-----BEGIN ${type}-----\n${b64}\n-----END ${type}-----\n`;
}

function extensionFailure(e: unknown, out: Output): number {
  if (!(e instanceof ExtensionError)) throw e;
  out.err(`Error adding request extensions from section\n${THREAD_ID}:error:11000080:X509 V3 routines:X509V3_EXT_nconf_int:error in extension:../crypto/x509/v3_conf.c:48:${e.message}\n`);
  return 1;
}

/** The interactive questions, answered from stdin lines: empty takes the default, "." leaves the field out. */
function askSubject(stdin: string, out: Output): Name {
  out.err(PROMPT_INTRO);
  const answers = stdin.split("\n");
  if (stdin.endsWith("\n")) answers.pop();
  const parts: string[] = [];
  for (let i = 0; i < QUESTIONS.length; i++) {
    const [prompt, attr, def] = QUESTIONS[i];
    out.err(prompt);
    if (i >= answers.length) {
      out.err("Error making certificate request\n");
      throw new OpensslExit(1);
    }
    const a = answers[i].trim();
    const value = a === "" ? def : a === "." ? "" : a;
    if (value) parts.push(`/${attr}=${value.replace(/[/+\\]/g, (c) => `\\${c}`)}`);
  }
  out.err("\nPlease enter the following 'extra' attributes\nto be sent with your certificate request\nA challenge password []:An optional company name []:");
  return parseSubject(parts.join("") || "/", "req").name;
}
