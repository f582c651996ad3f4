/**
 * Key commands of OpenSSL 3.0: genrsa and genpkey make a key (PKCS#8
 * "PRIVATE KEY", mode 0600), rsa and pkey show or convert one. Keys come
 * from the session's seed (src/pki/seeded-keys), so a script makes the same
 * key each run. genpkey and req print the key generation's progress marks
 * on stderr as OpenSSL does; genrsa only with -verbose.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { SeededBytes, seededEcKey, seededRsaKey } from "../../../pki/seeded-keys.js";
import type { Output, ToolContext } from "../../tool.js";
import { OpensslExit, OpensslIo, THREAD_ID } from "./io.js";
import { Options, parseOptions, type OptionSpec } from "./options.js";
import { privateKeyText } from "./text.js";

export type KeySpec = { type: "rsa"; bits: number } | { type: "ec"; curve: string };

const CIPHERS = ["aes128", "aes192", "aes256", "aria128", "aria192", "aria256", "camellia128", "camellia192", "camellia256", "des", "des3", "idea"];

/**
 * The marks OpenSSL's FIPS 186-4 RSA key generation prints: per prime, two
 * auxiliary primes ending in '*' and the prime itself, each candidate a '.'
 * and each passed test round a '+', the prime's line ending in a newline.
 */
export function rsaProgress(seed: string): string {
  const rnd = new SeededBytes(`progress:${seed}`);
  const segment = () => {
    let s = "";
    const n = 2 + (rnd.bytes(1)[0] % 12);
    for (let i = 0; i < n; i++) s += ".".repeat(1 + (rnd.bytes(1)[0] % 6)) + "+";
    return s + "+".repeat(63);
  };
  let out = "";
  for (let prime = 0; prime < 2; prime++) out += `${segment()}*${segment()}*${segment()}\n`;
  return out;
}

/** Makes a key from the session's seed. */
export function generateKey(spec: KeySpec, seed: string): KeyObject {
  return spec.type === "rsa" ? seededRsaKey(spec.bits, seed) : seededEcKey(seed);
}

export function pkcs8Pem(key: KeyObject): string {
  return key.export({ type: "pkcs8", format: "pem" }) as string;
}

function publicPem(key: KeyObject): string {
  return createPublicKey(key).export({ type: "spki", format: "pem" }) as string;
}

/** The RSA modulus as -modulus prints it. */
export function keyModulus(key: KeyObject): string | undefined {
  const jwk = createPublicKey(key).export({ format: "jwk" });
  if (jwk.kty !== "RSA" || !jwk.n) return undefined;
  return BigInt(`0x${Buffer.from(jwk.n, "base64url").toString("hex")}`).toString(16).toUpperCase();
}

/** Private key output needs a pass phrase when encrypted; there is no terminal to ask on, as with stdin closed. */
function passphraseFailure(out: Output): never {
  out.err("Enter PEM pass phrase:\n");
  out.err(`${THREAD_ID}:error:0480006D:PEM routines:PEM_def_callback:problems getting password:../crypto/pem/pem_lib.c:62:\n`);
  out.err(`${THREAD_ID}:error:07880109:common libcrypto routines:do_ui_passphrase:interrupted or cancelled:../crypto/passphrase.c:184:\n`);
  throw new OpensslExit(1);
}

const V = { value: true };
const F = {};

export async function genrsa(args: string[], ctx: ToolContext, out: Output): Promise<number> {
  const specs: Record<string, OptionSpec> = { out: V, passout: V, "3": F, F4: F, f4: F, primes: V, verbose: F, quiet: F, traditional: F, rand: V, writerand: V, ...Object.fromEntries(CIPHERS.map((c) => [c, F])) };
  const o = new Options(parseOptions("genrsa", args, specs, (n) => `Unknown cipher: ${n}`));
  const io = new OpensslIo(ctx, "genrsa", out);
  const bitsArg = o.parsed.operands[0] ?? "2048";
  if (!/^\d+$/.test(bitsArg)) {
    out.err(`genrsa: Can't parse "${bitsArg}" as a number\n`);
    return 1;
  }
  const bits = Number(bitsArg);
  if (bits < 512) {
    out.err("Error setting RSA length\n");
    out.err(`${THREAD_ID}:error:1C8000AB:Provider routines:rsa_gen_set_params:key size too small:../providers/implementations/keymgmt/rsa_kmgmt.c:509:\n`);
    return 1;
  }
  if (bits > 16384) {
    out.err("Warning: It is not recommended to use more than 16384 bit for RSA keys.\n         Your key size is " + bits + "! Larger key size may behave not as expected.\n");
  }
  if (!(await io.writable(o.get("out")))) {
    await io.write(o.get("out"), "", { style: "cmd" });
  }
  const seed = io.seed(`genrsa:${bits}`);
  if (o.has("verbose")) out.err(`Generating RSA private key, ${bits} bit long modulus (2 primes)\n${rsaProgress(seed)}e is 65537 (0x010001)\n`);
  if (CIPHERS.some((c) => o.has(c))) passphraseFailure(out);
  const key = generateKey({ type: "rsa", bits }, seed);
  await io.write(o.get("out"), o.has("traditional") ? (key.export({ type: "pkcs1", format: "pem" }) as string) : pkcs8Pem(key), { privateKey: true, style: "cmd" });
  return 0;
}

/** `-algorithm` and `-pkeyopt` as genpkey takes them. */
function genpkeySpec(o: Options, out: Output): KeySpec {
  const alg = (o.get("algorithm") ?? "").toUpperCase();
  const opts = new Map(o.all("pkeyopt").map((p) => [p.slice(0, p.indexOf(":")), p.slice(p.indexOf(":") + 1)]));
  if (alg === "RSA" || alg === "RSA-PSS") {
    const bits = Number(opts.get("rsa_keygen_bits") ?? 2048);
    return { type: "rsa", bits };
  }
  if (alg === "EC") {
    const curve = opts.get("ec_paramgen_curve") ?? opts.get("group");
    if (curve && !["P-256", "prime256v1", "secp256r1"].includes(curve)) {
      out.err(`pkey_ec_ctrl_str: unknown curve ${curve}\n`);
      throw new OpensslExit(1);
    }
    if (!curve) {
      out.err("Error generating EC key\n");
      throw new OpensslExit(1);
    }
    return { type: "ec", curve: "prime256v1" };
  }
  out.err(`Error initializing ${o.get("algorithm") ?? ""} context\n`);
  out.err(`${THREAD_ID}:error:0308010C:digital envelope routines:inner_evp_generic_fetch:unsupported:../crypto/evp/evp_fetch.c:386:Global default library context, Algorithm (${o.get("algorithm")} : 0), Properties (<null>)\n`);
  throw new OpensslExit(1);
}

export async function genpkey(args: string[], ctx: ToolContext, out: Output): Promise<number> {
  const specs: Record<string, OptionSpec> = { out: V, outform: V, algorithm: V, pkeyopt: V, pass: V, paramfile: V, genparam: F, text: F, quiet: F, ...Object.fromEntries(CIPHERS.map((c) => [c, F])) };
  const o = new Options(parseOptions("genpkey", args, specs, (n) => `Unknown cipher: ${n}`));
  const io = new OpensslIo(ctx, "genpkey", out);
  if (!o.get("algorithm")) {
    out.err("genpkey: No keytype specified.\ngenpkey: Use -help for summary.\n");
    return 1;
  }
  const spec = genpkeySpec(o, out);
  const seed = io.seed(`genpkey:${JSON.stringify(spec)}`);
  if (spec.type === "rsa" && !o.has("quiet")) out.err(rsaProgress(seed));
  const key = generateKey(spec, seed);
  let text = pkcs8Pem(key);
  if (o.has("text")) text += privateKeyText(key);
  await io.write(o.get("out"), text, { privateKey: true });
  return 0;
}

/** `openssl rsa` and `openssl pkey`: the same key tool, with rsa saying "writing RSA key". */
export async function keyTool(cmd: "rsa" | "pkey", args: string[], ctx: ToolContext, out: Output): Promise<number> {
  const specs: Record<string, OptionSpec> = {
    in: V, out: V, inform: V, outform: V, passin: V, passout: V, noout: F, text: F, modulus: F, pubout: F, pubin: F,
    check: F, traditional: F, text_pub: F, RSAPublicKey_in: F, RSAPublicKey_out: F,
    ...Object.fromEntries(CIPHERS.map((c) => [c, F])),
  };
  const o = new Options(parseOptions(cmd, args, specs, (n) => `Unknown cipher: ${n}`));
  const io = new OpensslIo(ctx, cmd, out);
  let key: KeyObject;
  if (o.has("pubin")) {
    const text = await io.bioRead(o.get("in"));
    try {
      key = createPublicKey(text ?? "");
    } catch {
      out.err(`Could not read public key from ${o.get("in") ?? "<stdin>"}\n`);
      return 1;
    }
  } else {
    key = await io.loadPrivateKey(o.get("in"));
  }
  if (cmd === "rsa" && key.asymmetricKeyType !== "rsa") {
    out.err("Not an RSA key\n");
    return 1;
  }
  let text = "";
  if (o.has("text") || o.has("text_pub")) text += key.type === "private" && !o.has("text_pub") ? privateKeyText(key) : publicText(key);
  if (o.has("modulus")) text += `Modulus=${keyModulus(key) ?? ""}\n`;
  if (o.has("check")) text += "RSA key ok\n";
  if (!o.has("noout")) {
    if (cmd === "rsa") out.err("writing RSA key\n");
    if (o.has("pubout") || key.type === "public") text += publicPem(key);
    else if (CIPHERS.some((c) => o.has(c))) passphraseFailure(out);
    else text += o.has("traditional") && key.asymmetricKeyType === "rsa" ? (key.export({ type: "pkcs1", format: "pem" }) as string) : pkcs8Pem(key);
  }
  await io.write(o.get("out"), text, { privateKey: !o.has("pubout") && key.type === "private" && !o.has("noout") });
  return 0;
}

function publicText(key: KeyObject): string {
  const jwk = createPublicKey(key).export({ format: "jwk" });
  if (jwk.kty === "RSA") {
    const n = Buffer.from(jwk.n ?? "", "base64url");
    const bits = BigInt(`0x${n.toString("hex")}`).toString(2).length;
    const withZero = n[0] & 0x80 ? Buffer.concat([Buffer.from([0]), n]) : n;
    const lines: string[] = [];
    for (let i = 0; i < withZero.length; i += 15) lines.push(`    ${[...withZero.subarray(i, i + 15)].map((b) => b.toString(16).padStart(2, "0")).join(":")}${i + 15 < withZero.length ? ":" : ""}`);
    const e = BigInt(`0x${Buffer.from(jwk.e ?? "", "base64url").toString("hex")}`);
    return `Public-Key: (${bits} bit)\nModulus:\n${lines.join("\n")}\nExponent: ${e} (0x${e.toString(16)})\n`;
  }
  return "";
}
