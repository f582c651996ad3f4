/**
 * `openssl s_client -connect host:port` over the simulated network: the
 * server's certificate chain, its verification against -CAfile, the
 * server certificate in PEM (what `| openssl x509 -noout -dates` reads),
 * then DONE when stdin ends. A refused or unresolvable address fails as
 * BIO_connect / BIO_lookup do; a server without TLS gets the handshake
 * error.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { pemBlocks, pemEncode } from "../../../pki/pem.js";
import type { Output, ToolContext } from "../../tool.js";
import { dial, resolveName } from "../curl/session-network.js";
import { verifyServerChain } from "../curl/tls-client.js";
import { OpensslIo, THREAD_ID } from "./io.js";
import { formatName } from "./names.js";
import { Options, parseOptions, type OptionSpec } from "./options.js";
import { opensslTime, publicKeyBits } from "./text.js";

const V = { value: true };
const F = {};
const SPECS: Record<string, OptionSpec> = { connect: V, servername: V, CAfile: V, CApath: V, cert: V, key: V, showcerts: F, brief: F, quiet: F, verify: V, verify_return_error: F, tls1_2: F, tls1_3: F, alpn: V, host: V, port: V, noservername: F, status: F, crlf: F, ign_eof: F, debug: F, msg: F, state: F, prexit: F };

export async function sClient(args: string[], ctx: ToolContext, out: Output): Promise<number> {
  const o = new Options(parseOptions("s_client", args, SPECS));
  const target = o.get("connect") ?? (o.get("host") ? `${o.get("host")}:${o.get("port") ?? 4433}` : "localhost:4433");
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(target);
  const host = (m?.[1] ?? "localhost").replace(/^\[|\]$/g, "");
  const port = Number(m?.[2] ?? 443);
  const io = new OpensslIo(ctx, "s_client", out);
  let trusted = "";
  if (o.get("CAfile")) {
    const text = await io.bioRead(o.get("CAfile"));
    if (text === undefined) return 1;
    trusted = text;
  }
  const ip = await resolveName(ctx, host);
  if (!ip) {
    out.err(`${THREAD_ID}:error:10080002:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/bio_addr.c:738:Name or service not known\n${THREAD_ID}:error:10000080:BIO routines:BIO_connect:no such file:../crypto/bio/bio_sock2.c:119:\nconnect:errno=0\n`);
    return 1;
  }
  const d = dial(ctx, ip, port);
  if (d.kind !== "open") {
    if (d.kind === "timeout") await ctx.sleep(130_000);
    const [errno, text] = d.kind === "refused" ? [111, "Connection refused"] : [110, "Connection timed out"];
    out.err(`${THREAD_ID}:error:8000006F:system library:BIO_connect:${text}:../crypto/bio/bio_sock2.c:117:calling connect()\n${THREAD_ID}:error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:119:\nconnect:errno=${errno}\n`);
    return 1;
  }
  out.out("CONNECTED(00000003)\n");
  const server = d.server;
  if (server.kind !== "http" || !server.tls) {
    out.err(`${THREAD_ID}:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:354:\n`);
    out.out("---\nno peer certificate available\n---\nNo client certificate CA names sent\n---\nSSL handshake has read 5 bytes and written 308 bytes\nVerification: OK\n---\nNew, (NONE), Cipher is (NONE)\nSecure Renegotiation IS NOT supported\nCompression: NONE\nExpansion: NONE\nNo ALPN negotiated\nEarly data was not sent\nVerify return code: 0 (ok)\n---\n");
    return 1;
  }
  const chain = pemBlocks(server.tls.chainPem).filter((b) => b.type === "CERTIFICATE");
  const now = ctx.cluster.clock.now();
  const certs = chain.map((b) => AsnConvert.parse(b.der, Certificate));
  const problem = verifyServerChain(server.tls.chainPem, trusted, now);
  const leaf = certs[0];
  if (leaf) {
    const subject = formatName(leaf.tbsCertificate.subject);
    if (problem) {
      out.err(`depth=0 ${subject}\nverify error:num=${problem.code}:${problem.text}\nverify return:1\n`);
      if (problem.code === 20) out.err(`depth=0 ${subject}\nverify error:num=21:unable to verify the first certificate\nverify return:1\n`);
    }
    out.err(`depth=0 ${subject}\nverify return:1\n`);
  }
  let text = "---\nCertificate chain\n";
  certs.forEach((c, i) => {
    const t = c.tbsCertificate;
    text += ` ${i} s:${formatName(t.subject)}\n   i:${formatName(t.issuer)}\n   a:PKEY: ${t.subjectPublicKeyInfo.algorithm.algorithm === "1.2.840.10045.2.1" ? "id-ecPublicKey" : "rsaEncryption"}, ${publicKeyBits(t.subjectPublicKeyInfo)} (bit); sigalg: RSA-SHA256\n   v:NotBefore: ${opensslTime(t.validity.notBefore.getTime().getTime())}; NotAfter: ${opensslTime(t.validity.notAfter.getTime().getTime())}\n`;
    if (o.has("showcerts")) text += pemEncode("CERTIFICATE", chain[i].der);
  });
  text += "---\n";
  if (leaf) {
    text += `Server certificate\n${pemEncode("CERTIFICATE", chain[0].der)}subject=${formatName(leaf.tbsCertificate.subject)}\nissuer=${formatName(leaf.tbsCertificate.issuer)}\n---\n`;
  }
  if (server.tls.clientAuth !== "none" && server.tls.clientCaPem) {
    const names = pemBlocks(server.tls.clientCaPem)
      .filter((b) => b.type === "CERTIFICATE")
      .map((b) => formatName(AsnConvert.parse(b.der, Certificate).tbsCertificate.subject));
    text += `Acceptable client certificate CA names\n${names.map((n) => `${n}\n`).join("")}Requested Signature Algorithms: ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:Ed25519:RSA-PSS+SHA256:RSA-PSS+SHA384:RSA-PSS+SHA512:RSA+SHA256:RSA+SHA384:RSA+SHA512:ECDSA+SHA1:RSA+SHA1\nShared Requested Signature Algorithms: ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:Ed25519:RSA-PSS+SHA256:RSA-PSS+SHA384:RSA-PSS+SHA512:RSA+SHA256:RSA+SHA384:RSA+SHA512\n`;
  } else text += "No client certificate CA names sent\n";
  const bits = leaf ? publicKeyBits(leaf.tbsCertificate.subjectPublicKeyInfo) : 2048;
  // A leaf whose issuer is missing ends the chain at depth 0: s_client reports 21, "unable to verify the first certificate".
  const final = problem?.code === 20 ? { code: 21, text: "unable to verify the first certificate" } : problem;
  text += `Peer signing digest: SHA256\nPeer signature type: RSA-PSS\nServer Temp Key: X25519, 253 bits\n---\nSSL handshake has read ${1200 + chain.reduce((n, b) => n + b.der.length, 0)} bytes and written 393 bytes\n`;
  text += final ? `Verification error: ${final.text}\n` : "Verification: OK\n";
  text += `---\nNew, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256\nServer public key is ${bits} bit\nSecure Renegotiation IS NOT supported\nCompression: NONE\nExpansion: NONE\nALPN protocol: h2\nEarly data was not sent\nVerify return code: ${final ? `${final.code} (${final.text})` : "0 (ok)"}\n---\n`;
  out.out(text);
  out.err("DONE\n");
  return 0;
}
