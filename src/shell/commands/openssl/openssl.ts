/**
 * openssl (OpenSSL 3.0.13, as Ubuntu 24.04 ships it) on the simulated
 * machine: x509, req, genrsa, genpkey, rsa, pkey, verify, rand, version,
 * and s_client towards the simulated network. Files are read and written
 * in the machine's filesystem only; times come from the virtual clock;
 * keys and serials from the session's seed.
 */
import { SeededBytes } from "../../../pki/seeded-keys.js";
import { Output, type Tool, type ToolContext } from "../../tool.js";
import { OpensslExit, OpensslIo } from "./io.js";
import { genpkey, genrsa, keyTool } from "./keys.js";
import { HelpRequested, OptionError, Options, parseOptions } from "./options.js";
import { req } from "./req.js";
import { sClient } from "./s-client.js";
import { verify } from "./verify.js";
import { x509 } from "./x509.js";

export const OPENSSL_VERSION = "OpenSSL 3.0.13 30 Jan 2024 (Library: OpenSSL 3.0.13 30 Jan 2024)";

const STANDARD = "asn1parse ca ciphers cmp cms crl crl2pkcs7 dgst dhparam dsa dsaparam ec ecparam enc engine errstr fipsinstall gendsa genpkey genrsa help info kdf list mac nseq ocsp passwd pkcs12 pkcs7 pkcs8 pkey pkeyparam pkeyutl prime rand rehash req rsa rsautl s_client s_server s_time sess_id smime speed spkac srp storeutl ts verify version x509";
const DIGEST = "blake2b512 blake2s256 md4 md5 rmd160 sha1 sha224 sha256 sha3-224 sha3-256 sha3-384 sha3-512 sha384 sha512 sha512-224 sha512-256 shake128 shake256 sm3";
const CIPHER =
  "aes-128-cbc aes-128-ecb aes-192-cbc aes-192-ecb aes-256-cbc aes-256-ecb aria-128-cbc aria-128-cfb aria-128-cfb1 aria-128-cfb8 aria-128-ctr aria-128-ecb aria-128-ofb aria-192-cbc aria-192-cfb aria-192-cfb1 aria-192-cfb8 aria-192-ctr aria-192-ecb aria-192-ofb aria-256-cbc aria-256-cfb aria-256-cfb1 aria-256-cfb8 aria-256-ctr aria-256-ecb aria-256-ofb base64 bf bf-cbc bf-cfb bf-ecb bf-ofb camellia-128-cbc camellia-128-ecb camellia-192-cbc camellia-192-ecb camellia-256-cbc camellia-256-ecb cast cast-cbc cast5-cbc cast5-cfb cast5-ecb cast5-ofb des des-cbc des-cfb des-ecb des-ede des-ede-cbc des-ede-cfb des-ede-ofb des-ede3 des-ede3-cbc des-ede3-cfb des-ede3-ofb des-ofb des3 desx rc2 rc2-40-cbc rc2-64-cbc rc2-cbc rc2-cfb rc2-ecb rc2-ofb rc4 rc4-40 seed seed-cbc seed-cfb seed-ecb seed-ofb sm4-cbc sm4-cfb sm4-ctr sm4-ecb sm4-ofb";

/** `openssl help`: each section in columns of 18, four to a line. */
function helpText(): string {
  const columns = (list: string) => {
    const words = list.split(" ");
    let s = "";
    for (let i = 0; i < words.length; i++) s += words[i].padEnd(18) + (i % 4 === 3 || i === words.length - 1 ? "\n" : "");
    return s;
  };
  return `help:\n\nStandard commands\n${columns(STANDARD)}\nMessage Digest commands (see the \`dgst' command for more details)\n${columns(DIGEST)}\nCipher commands (see the \`enc' command for more details)\n${columns(CIPHER)}\n`;
}

type Command = (args: string[], ctx: ToolContext, out: Output) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  x509,
  req,
  genrsa,
  genpkey,
  rsa: (args, ctx, out) => keyTool("rsa", args, ctx, out),
  pkey: (args, ctx, out) => keyTool("pkey", args, ctx, out),
  verify,
  s_client: sClient,
  version: async (args, _ctx, out) => {
    const o = new Options(parseOptions("version", args, { a: {}, b: {}, d: {}, e: {}, f: {}, o: {}, p: {}, v: {}, m: {}, r: {}, c: {} }));
    if (o.parsed.list.length === 0 || o.has("v") || o.has("a")) out.out(`${OPENSSL_VERSION}\n`);
    if (o.has("a") || o.has("d")) out.out('OPENSSLDIR: "/usr/lib/ssl"\n');
    if (o.has("a") || o.has("e")) out.out('ENGINESDIR: "/usr/lib/x86_64-linux-gnu/engines-3"\n');
    if (o.has("a") || o.has("m")) out.out('MODULESDIR: "/usr/lib/x86_64-linux-gnu/ossl-modules"\n');
    return 0;
  },
  rand: async (args, ctx, out) => {
    const o = new Options(parseOptions("rand", args, { hex: {}, base64: {}, out: { value: true }, rand: { value: true }, writerand: { value: true } }));
    const n = o.parsed.operands[0];
    if (n === undefined || !/^\d+$/.test(n)) {
      out.err(n === undefined ? "rand: No arguments given.\nrand: Use -help for summary.\n" : `rand: Can't parse "${n}" as a number\nrand: Use -help for summary.\n`);
      return 1;
    }
    const io = new OpensslIo(ctx, "rand", out);
    const bytes = new SeededBytes(io.seed("rand")).bytes(Number(n));
    let text: string;
    if (o.has("hex")) text = `${bytes.toString("hex")}\n`;
    else if (o.has("base64")) text = `${(bytes.toString("base64").match(/.{1,64}/g) ?? [""]).join("\n")}\n`;
    else text = bytes.toString("latin1");
    await io.write(o.get("out"), text);
    return 0;
  },
  // The listing goes to stderr, as OpenSSL 3.0's help command writes it.
  help: async (_args, _ctx, out) => {
    out.err(helpText());
    return 0;
  },
};

export const openssl: Tool = async (args, ctx) => {
  const out = new Output();
  const [name, ...rest] = args;
  if (name === undefined) {
    out.err(helpText());
    return out.result(0);
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    out.err(`Invalid command '${name}'; type "help" for a list.\n`);
    return out.result(1);
  }
  try {
    return out.result(await cmd(rest, ctx, out));
  } catch (e) {
    if (e instanceof OpensslExit) return out.result(e.exitCode);
    if (e instanceof OptionError) {
      out.err(e.message);
      return out.result(1);
    }
    if (e instanceof HelpRequested) {
      out.err(e.message);
      return out.result(0);
    }
    throw e;
  }
};
