/**
 * The certificate, key and CA files of the Kubernetes components, loaded as
 * k8s.io/apiserver's dynamiccertificates and etcd's client TLSInfo load
 * them, each with its own wording of what is wrong.
 */
import type { Filesystem } from "../kubelet/runtime/filesystem.js";
import { caBundleError, readFile, x509KeyPairError } from "./files.js";

export type Loaded<T> = T | { error: string };

export function failed<T extends object>(r: Loaded<T>): r is { error: string } {
  return "error" in r;
}

/**
 * dynamiccertificates.NewDynamicServingContentFromFiles (k8s.io/apiserver
 * v0.34.1 pkg/server/dynamiccertificates/dynamic_serving_content.go):
 * both names required, read cert then key, neither empty, then
 * tls.X509KeyPair.
 */
export function servingPair(fs: Filesystem, purpose: string, certFile: string, keyFile: string): Loaded<{ certPem: string; keyPem: string }> {
  if (certFile === "" || keyFile === "") return { error: "missing filename for serving cert" };
  const cert = readFile(fs, certFile);
  if ("error" in cert) return cert;
  const key = readFile(fs, keyFile);
  if ("error" in key) return key;
  if (cert.data === "" || key.data === "") return { error: `missing content for serving cert "${purpose}::${certFile}::${keyFile}"` };
  const bad = x509KeyPairError(cert.data, key.data);
  return bad ? { error: bad } : { certPem: cert.data, keyPem: key.data };
}

/**
 * dynamiccertificates.NewDynamicCAContentFromFile (dynamic_cafile_content.go):
 * read, not empty, then client-go cert.NewPoolFromBytes.
 */
export function caFile(fs: Filesystem, purpose: string, file: string): Loaded<{ pem: string }> {
  if (file === "") return { error: "missing filename for ca bundle" };
  const r = readFile(fs, file);
  if ("error" in r) return r;
  const name = `${purpose}::${file}`;
  if (r.data === "") return { error: `missing content for CA bundle "${name}"` };
  const bad = caBundleError(r.data);
  return bad ? { error: `error loading CA bundle for "${name}": ${bad}` } : { pem: r.data };
}

/**
 * etcd client/pkg/transport TLSInfo.ClientConfig as the apiserver's etcd
 * client builds it (k8s.io/apiserver storagebackend/factory/etcd3.go
 * newETCD3Client): no TLS when no file is named; a client pair needs both
 * files (tlsutil.NewCert: read cert, read key, X509KeyPair); the CA file is
 * read and its PEM certificates parsed (tlsutil.NewCertPool).
 */
export function etcdClientTls(fs: Filesystem, certFile: string, keyFile: string, caFile: string): Loaded<{ certPem?: string; keyPem?: string; caPem?: string }> {
  const out: { certPem?: string; keyPem?: string; caPem?: string } = {};
  if (certFile !== "" || keyFile !== "") {
    if (certFile === "" || keyFile === "") return { error: `KeyFile and CertFile must both be present[key: ${keyFile}, cert: ${certFile}]` };
    const cert = readFile(fs, certFile);
    if ("error" in cert) return cert;
    const key = readFile(fs, keyFile);
    if ("error" in key) return key;
    const bad = x509KeyPairError(cert.data, key.data);
    if (bad) return { error: bad };
    out.certPem = cert.data;
    out.keyPem = key.data;
  }
  if (caFile !== "") {
    const ca = readFile(fs, caFile);
    if ("error" in ca) return ca;
    // tlsutil.NewCertPool skips text that is not PEM; a PEM block that is not a certificate fails to parse.
    if (/-----BEGIN /.test(ca.data) && caBundleError(ca.data) === "x509: malformed certificate") return { error: "x509: malformed certificate" };
    out.caPem = ca.data;
  }
  return out;
}
