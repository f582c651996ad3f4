/**
 * kube-proxy's per-service chain names (pkg/proxy/iptables/proxier.go):
 * a prefix plus the first 16 characters of base32(sha256(...)), so a chain
 * name stays under iptables' 28 characters. Computed exactly as the source
 * does, so a Service gets the same KUBE-SVC-… name as in a real cluster.
 */
import { createHash } from "node:crypto";

export const SVC_PREFIX = "KUBE-SVC-";
export const SVL_PREFIX = "KUBE-SVL-";
export const FW_PREFIX = "KUBE-FW-";
export const EXT_PREFIX = "KUBE-EXT-";
export const SEP_PREFIX = "KUBE-SEP-";

const SERVICE_CHAIN_PREFIXES = [SVC_PREFIX, SVL_PREFIX, SEP_PREFIX, FW_PREFIX, EXT_PREFIX];

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 (Go's base32.StdEncoding) of the first 10 bytes: exactly 16 characters. */
function base32Prefix16(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < 10; i++) {
    buffer = (buffer << 8) | bytes[i];
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** Hashes by input: every node's kube-proxy names the same endpoints on every sync. */
const HASHES = new Map<string, string>();
const HASH_CACHE_LIMIT = 100_000;

function hash16(text: string): string {
  let h = HASHES.get(text);
  if (h === undefined) {
    if (HASHES.size >= HASH_CACHE_LIMIT) HASHES.clear();
    h = base32Prefix16(createHash("sha256").update(text).digest());
    HASHES.set(text, h);
  }
  return h;
}

/** portProtoHash: servicePortName is `ns/name` or `ns/name:port`, protocol lower-case. */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return hash16(servicePortName + protocol);
}

export function clusterPolicyChain(servicePortName: string, protocol: string): string {
  return SVC_PREFIX + portProtoHash(servicePortName, protocol);
}

export function localPolicyChain(servicePortName: string, protocol: string): string {
  return SVL_PREFIX + portProtoHash(servicePortName, protocol);
}

export function firewallChain(servicePortName: string, protocol: string): string {
  return FW_PREFIX + portProtoHash(servicePortName, protocol);
}

export function externalChain(servicePortName: string, protocol: string): string {
  return EXT_PREFIX + portProtoHash(servicePortName, protocol);
}

/** KUBE-SEP-…: the endpoint is `ip:port`. */
export function endpointChain(servicePortName: string, protocol: string, endpoint: string): string {
  return SEP_PREFIX + hash16(servicePortName + protocol + endpoint);
}

export function isServiceChainName(chain: string): boolean {
  return SERVICE_CHAIN_PREFIXES.some((p) => chain.startsWith(p));
}
