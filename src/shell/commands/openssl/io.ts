/**
 * How the openssl commands read and write files on the simulated machine,
 * with the messages OpenSSL 3.0 prints when that fails: the OSSL_STORE
 * loaders' ("Could not open file or uri for loading certificate from x")
 * for certificates and keys, BIO_new_file's ("Can't open "x" for reading")
 * for requests, CA files and outputs. The error queue lines start with a
 * thread id, fixed here.
 */
import { createPrivateKey, type KeyObject } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { parseCertificationRequestDer, type CertificationRequest } from "../../../pki/csr.js";
import { pemBlocks, pemEncode } from "../../../pki/pem.js";
import type { Cluster } from "../../../cluster/cluster.js";
import { resolvePath, type Output, type ToolContext } from "../../tool.js";

/** The thread id OpenSSL prefixes its error-queue lines with. */
export const THREAD_ID = "40E7A1C3D57F0000";

/** A command stops: its messages are already written; this is its exit status. */
export class OpensslExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

const SYSTEM_TEXT: Record<string, string> = {
  ENOENT: "No such file or directory",
  EISDIR: "Is a directory",
  EACCES: "Permission denied",
  ENOTDIR: "Not a directory",
};

function errnoText(e: unknown): string {
  const code = (e as { code?: string })?.code ?? "ENOENT";
  return SYSTEM_TEXT[code] ?? "No such file or directory";
}

export interface LoadedCertificate {
  cert: Certificate;
  der: Buffer;
  pem: string;
}

export class OpensslIo {
  constructor(
    readonly ctx: ToolContext,
    readonly cmd: string,
    readonly out: Output,
  ) {}

  private path(p: string): string {
    return resolvePath(this.ctx.cwd, p);
  }

  private queue(line: string): void {
    this.out.err(`${THREAD_ID}:error:${line}\n`);
  }

  /** The text of a file, or undefined (nothing printed) with the errno text. */
  private async read(file: string): Promise<{ text: string } | { error: string }> {
    try {
      return { text: await this.ctx.fs.readFile(this.path(file)) };
    } catch (e) {
      return { error: errnoText(e) };
    }
  }

  /** Reads through OSSL_STORE (certificates and keys): `-in`, `-CA`, `-CAkey`, `-key`; stdin when no file is named. */
  private async storeRead(file: string | undefined, desc: string): Promise<string> {
    if (file === undefined || file === "-") return this.ctx.stdin;
    const r = await this.read(file);
    if ("error" in r) {
      this.out.err(`Could not open file or uri for loading ${desc} from ${file}\n`);
      this.queue("16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:../crypto/store/store_register.c:237:scheme=file");
      this.queue(`80000002:system library:file_open:${r.error}:../providers/implementations/storemgmt/file_store.c:266:calling stat(${file})`);
      throw new OpensslExit(1);
    }
    return r.text;
  }

  /** Reads through BIO_new_file (requests, CA bundles). */
  async bioRead(file: string | undefined): Promise<string | undefined> {
    if (file === undefined || file === "-") return this.ctx.stdin;
    const r = await this.read(file);
    if ("error" in r) {
      this.out.err(`Can't open "${file}" for reading, ${r.error}\n`);
      this.queue(`80000002:system library:BIO_new_file:${r.error}:../crypto/bio/bss_file.c:67:calling fopen(${file}, r)`);
      this.queue("10000080:BIO routines:BIO_new_file:no such file:../crypto/bio/bss_file.c:75:");
      return undefined;
    }
    return r.text;
  }

  /** The first certificate of a file; `desc` words the messages ("certificate", "CA certificate"). */
  async loadCertificate(file: string | undefined, desc = "certificate"): Promise<LoadedCertificate> {
    let text: string;
    try {
      text = await this.storeRead(file, desc);
    } catch (e) {
      this.out.err(`Unable to load ${desc}\n`);
      throw e;
    }
    const c = firstCertificate(text);
    if (!c) {
      this.out.err(`Could not read ${desc} from ${file ?? "<stdin>"}\n`);
      if (pemBlocks(text).length) this.queue("1608010C:STORE routines:ossl_store_handle_load_result:unsupported:../crypto/store/store_result.c:149:");
      this.out.err(`Unable to load ${desc}\n`);
      throw new OpensslExit(1);
    }
    return c;
  }

  /** A private key (PKCS#1, PKCS#8 or SEC 1 PEM; a cert+key file too). */
  async loadPrivateKey(file: string | undefined, desc = "private key"): Promise<KeyObject> {
    const text = await this.storeRead(file, desc);
    const key = privateKeyFrom(text);
    if (!key) {
      this.out.err(`Could not read ${desc} from ${file ?? "<stdin>"}\n`);
      throw new OpensslExit(1);
    }
    return key;
  }

  /** A PKCS#10 request; `what` is the failure line ("Unable to load X509 request"). */
  async loadRequest(file: string | undefined, what: string): Promise<CertificationRequest> {
    const text = await this.bioRead(file);
    if (text === undefined) {
      this.out.err(`${what}\n`);
      throw new OpensslExit(1);
    }
    const block = pemBlocks(text).find((b) => b.type === "CERTIFICATE REQUEST" || b.type === "NEW CERTIFICATE REQUEST");
    const csr = block && parseCertificationRequestDer(block.der);
    if (!csr) {
      this.out.err(`${what}\n`);
      this.queue("0480006C:PEM routines:get_name:no start line:../crypto/pem/pem_lib.c:760:Expecting: CERTIFICATE REQUEST");
      throw new OpensslExit(1);
    }
    return csr;
  }

  /** Writes a command's output to -out (created or truncated) or stdout; private keys get mode 0600. */
  async write(file: string | undefined, text: string, opts: { privateKey?: boolean; style?: "bio" | "cmd" } = {}): Promise<void> {
    if (file === undefined || file === "-") {
      this.out.out(text);
      return;
    }
    const p = this.path(file);
    try {
      await this.ctx.fs.writeFile(p, text);
      if (opts.privateKey) await this.ctx.fs.chmod(p, 0o600);
    } catch (e) {
      if (opts.style === "cmd") {
        this.out.err(`${this.cmd}: Can't open "${file}" for writing, ${errnoText(e)}\n`);
      } else {
        this.out.err(`Can't open "${file}" for writing, ${errnoText(e)}\n`);
        this.queue(`80000002:system library:BIO_new_file:${errnoText(e)}:../crypto/bio/bss_file.c:67:calling fopen(${file}, w)`);
        this.queue("10000080:BIO routines:BIO_new_file:no such file:../crypto/bio/bss_file.c:75:");
      }
      throw new OpensslExit(1);
    }
  }

  /** Whether a file can be written (checked before slow work, as fopen comes first in OpenSSL). */
  async writable(file: string | undefined): Promise<boolean> {
    if (file === undefined || file === "-") return true;
    const p = this.path(file);
    const parent = p.slice(0, p.lastIndexOf("/")) || "/";
    try {
      return (await this.ctx.fs.stat(parent)).isDirectory;
    } catch {
      return false;
    }
  }

  async exists(file: string): Promise<boolean> {
    return this.ctx.fs.exists(this.path(file));
  }

  async readOptional(file: string): Promise<string | undefined> {
    const r = await this.read(file);
    return "text" in r ? r.text : undefined;
  }

  /** A seed for keys and serials: the same session state and command give the same bytes. */
  seed(label: string): string {
    const cluster = this.ctx.cluster as Cluster | undefined;
    const n = nextDraw(cluster);
    return `${cluster?.fixture?.name ?? "host"}|${this.ctx.host}|${cluster?.clock?.now() ?? 0}|${n}|${label}`;
  }
}

const draws = new WeakMap<object, number>();

/** A counter per cluster, so two keys made at the same virtual instant still differ. */
function nextDraw(cluster: object | undefined): number {
  if (!cluster) return 0;
  const n = (draws.get(cluster) ?? 0) + 1;
  draws.set(cluster, n);
  return n;
}

export function firstCertificate(text: string): LoadedCertificate | undefined {
  const block = pemBlocks(text).find((b) => b.type === "CERTIFICATE" || b.type === "X509 CERTIFICATE" || b.type === "TRUSTED CERTIFICATE");
  if (!block) return undefined;
  try {
    const cert = AsnConvert.parse(block.der, Certificate);
    return { cert, der: block.der, pem: pemEncode("CERTIFICATE", block.der) };
  } catch {
    return undefined;
  }
}

export function privateKeyFrom(text: string): KeyObject | undefined {
  const block = pemBlocks(text).find((b) => /PRIVATE KEY$/.test(b.type) && b.type !== "ENCRYPTED PRIVATE KEY");
  if (!block) return undefined;
  try {
    const type = block.type === "RSA PRIVATE KEY" ? "pkcs1" : block.type === "EC PRIVATE KEY" ? "sec1" : "pkcs8";
    return createPrivateKey({ key: block.der, format: "der", type });
  } catch {
    return undefined;
  }
}
