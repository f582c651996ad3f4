/**
 * Private keys made from a seed, for the keys a learner generates in the
 * shell (`openssl genrsa`, `req -newkey`): the same seed gives the same key,
 * so a scripted session prints the same modulus and signatures every run,
 * as everything else in the simulation does. RSA as OpenSSL makes it (two
 * primes with the top two bits set, e = 65537, d modulo lcm(p-1, q-1));
 * EC P-256 as a scalar below the group order.
 */
import { createECDH, createHash, createPrivateKey, type KeyObject } from "node:crypto";

/** SHA-256 in counter mode over a seed: a reproducible stream of bytes. */
export class SeededBytes {
  private counter = 0;
  private pool = Buffer.alloc(0);

  constructor(private readonly seed: string) {}

  bytes(n: number): Buffer {
    while (this.pool.length < n) {
      const block = createHash("sha256").update(`${this.seed}\u0000${this.counter++}`).digest();
      this.pool = Buffer.concat([this.pool, block]);
    }
    const out = this.pool.subarray(0, n);
    this.pool = this.pool.subarray(n);
    return Buffer.from(out);
  }

  bigint(bits: number): bigint {
    const b = this.bytes(Math.ceil(bits / 8));
    const extra = b.length * 8 - bits;
    let v = BigInt(`0x${b.toString("hex")}`);
    if (extra) v >>= BigInt(extra);
    return v;
  }
}

const SMALL_PRIMES: number[] = (() => {
  const out: number[] = [];
  for (let n = 3; out.length < 2048; n += 2) {
    let prime = true;
    for (const p of out) {
      if (p * p > n) break;
      if (n % p === 0) {
        prime = false;
        break;
      }
    }
    if (prime) out.push(n);
  }
  return out;
})();

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let r = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % mod;
    e >>= 1n;
    b = (b * b) % mod;
  }
  return r;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

/** Miller-Rabin with bases from the stream. */
function millerRabin(n: bigint, rounds: number, rnd: SeededBytes): boolean {
  let d = n - 1n;
  let s = 0;
  while (!(d & 1n)) {
    d >>= 1n;
    s++;
  }
  for (let i = 0; i < rounds; i++) {
    const a = 2n + (rnd.bigint(64) % (n - 4n));
    let x = modPow(a, d, n);
    if (x !== 1n && x !== n - 1n) {
      let composite = true;
      for (let j = 1; j < s && composite; j++) {
        x = (x * x) % n;
        if (x === n - 1n) composite = false;
      }
      if (composite) return false;
    }
  }
  return true;
}

/** A prime of exactly `bits` bits with the top two set, p-1 prime to e. */
function generatePrime(bits: number, e: bigint, rnd: SeededBytes): bigint {
  const rounds = bits >= 1024 ? 5 : 8;
  for (;;) {
    const start = rnd.bigint(bits) | (3n << BigInt(bits - 2)) | 1n;
    const residues = SMALL_PRIMES.map((p) => Number(start % BigInt(p)));
    for (let delta = 0; delta < 1 << 20; delta += 2) {
      if (residues.some((r, i) => (r + delta) % SMALL_PRIMES[i] === 0)) continue;
      const candidate = start + BigInt(delta);
      if (candidate >> BigInt(bits) !== 0n) break;
      if (gcd(candidate - 1n, e) !== 1n) continue;
      if (millerRabin(candidate, 1, rnd) && millerRabin(candidate, rounds, rnd)) return candidate;
    }
  }
}

function b64url(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, "hex").toString("base64url");
}

/** An RSA private key of `bits` bits (512 and up) from the seed. */
export function seededRsaKey(bits: number, seed: string, exponent = 65537n): KeyObject {
  const rnd = new SeededBytes(`rsa:${bits}:${seed}`);
  const pBits = Math.ceil(bits / 2);
  const qBits = bits - pBits;
  for (;;) {
    let p = generatePrime(pBits, exponent, rnd);
    let q = generatePrime(qBits, exponent, rnd);
    if (p === q) continue;
    if (p < q) [p, q] = [q, p];
    const n = p * q;
    if (n.toString(2).length !== bits) continue;
    const lcm = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
    const d = modInverse(exponent, lcm);
    return createPrivateKey({
      key: { kty: "RSA", n: b64url(n), e: b64url(exponent), d: b64url(d), p: b64url(p), q: b64url(q), dp: b64url(d % (p - 1n)), dq: b64url(d % (q - 1n)), qi: b64url(modInverse(q, p)) },
      format: "jwk",
    });
  }
}

/** The order of the P-256 group. */
const P256_N = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

/** An EC key on P-256 (prime256v1) from the seed. */
export function seededEcKey(seed: string): KeyObject {
  const rnd = new SeededBytes(`ec:p256:${seed}`);
  let d = 0n;
  while (d === 0n || d >= P256_N) d = rnd.bigint(256);
  const priv = Buffer.from(d.toString(16).padStart(64, "0"), "hex");
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(priv);
  const pub = ecdh.getPublicKey();
  return createPrivateKey({
    key: { kty: "EC", crv: "P-256", d: priv.toString("base64url"), x: pub.subarray(1, 33).toString("base64url"), y: pub.subarray(33, 65).toString("base64url") },
    format: "jwk",
  });
}
