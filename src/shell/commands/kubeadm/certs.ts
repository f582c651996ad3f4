/**
 * kubeadm certs (cmd/kubeadm/app/cmd/certs.go, phases/certs/renewal):
 * check-expiration reads the certificates in /etc/kubernetes/pki and the
 * ones embedded in the kubeconfig files and prints the two tables
 * (text/tabwriter 10,4,3; "Jan 02, 2006 15:04 MST"; ShortHumanDuration
 * residual time); renew re-issues a certificate from the existing one's
 * subject and alternative names, signed by the local CA and valid a year
 * from now, and writes it back (for a kubeconfig, its
 * client-certificate-data). The running components keep the certificates
 * they loaded until they restart.
 */
import { createHash } from "node:crypto";
import { shortHumanDuration } from "../../../cluster/api/duration.js";
import { issueCertificate } from "../../../pki/issue.js";
import { parseCertificate, type CertificateInfo } from "../../../pki/inspect.js";
import { CERTIFICATE_VALIDITY_MS, KUBEADM_CAS, KUBEADM_LEAF_CERTS, type KubeadmCa, type KubeadmLeaf } from "../../../pki/kubeadm-certs.js";
import { kubeconfigData } from "../../../pki/kubeconfig.js";
import { firstPem } from "../../../pki/pem.js";
import { TabWriter } from "../kubectl/printers/tabwriter.js";
import { KubeadmError, type KCommand, type KFlag } from "./cobra.js";
import { CONFIG_FLAG, KUBECONFIG_FLAG } from "./options.js";
import { ADMIN_KUBECONFIG, KUBERNETES_DIR, type KubeadmRun } from "./context.js";
import { fetchClusterConfiguration, type ClusterConfig } from "./config.js";

export const DEFAULT_CERT_DIR = "/etc/kubernetes/pki";

/** Where one certificate lives and how to read and rewrite it. */
export interface CertHandler {
  leaf: KubeadmLeaf;
  ca: KubeadmCa;
  /** The file: a .crt under the cert dir, or a kubeconfig under /etc/kubernetes. */
  path: string;
}

/** The certificates renewal.Manager knows for a configuration, sorted by name (etcd's only with a local etcd). */
export function certHandlers(certDir: string, localEtcd = true): CertHandler[] {
  return KUBEADM_LEAF_CERTS.filter((l) => localEtcd || !/^etcd-|apiserver-etcd-client/.test(l.name))
    .map((leaf) => ({
      leaf,
      ca: KUBEADM_CAS.find((c) => c.name === leaf.ca)!,
      path: leaf.pkiBaseName ? `${certDir}/${leaf.pkiBaseName}.crt` : `${KUBERNETES_DIR}/${leaf.kubeconfig!.file}`,
    }))
    .sort((a, b) => (a.leaf.name < b.leaf.name ? -1 : 1));
}

/** The certificate (pkiCertificateReadWriter / kubeConfigReadWriter.Read); undefined when the file is missing. */
function readCertPem(run: KubeadmRun, h: CertHandler): string | undefined {
  let text: string | undefined;
  try {
    text = run.read(h.path);
  } catch (e) {
    throw e instanceof KubeadmError ? e.wrap(h.leaf.kubeconfig ? `failed to load kubeConfig file ${h.path}` : `failed to load existing certificate ${h.leaf.name}`) : e;
  }
  if (text === undefined) return undefined;
  return h.leaf.kubeconfig ? kubeconfigData(text, "client-certificate-data") : firstPem(text, "CERTIFICATE");
}

/** The CA's certificate and key as LoadCertificateAuthority reads them; no key means an external CA. */
function caFiles(run: KubeadmRun, certDir: string, ca: KubeadmCa): { certPem?: string; keyPem?: string } {
  const keyPath = `${certDir}/${ca.baseName}.key`;
  try {
    return { certPem: run.read(`${certDir}/${ca.baseName}.crt`), keyPem: run.read(keyPath) };
  } catch (e) {
    throw e instanceof KubeadmError ? e.wrap(`couldn't load the private key file ${keyPath}`).wrap(`failure loading ${ca.baseName} certificate authority`) : e;
  }
}

/** UsingExternalCA's test: the CA's key file is absent (a stat, which needs no read permission). */
function externalCa(run: KubeadmRun, certDir: string, ca: KubeadmCa): boolean {
  return !run.fs.exists(`${certDir}/${ca.baseName}.key`);
}

function expiryDate(ms: number): string {
  const d = new Date(ms);
  const mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${mon} ${pad(d.getUTCDate())}, ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/**
 * renewal.Manager.RenewUsingLocalCA: false when the CA's key is missing
 * (an external CA). The certificate keeps its key, subject, alternative
 * names and usages; NotBefore is the CA's, NotAfter a year from now.
 */
export function renewCertificate(run: KubeadmRun, certDir: string, h: CertHandler): boolean {
  if (externalCa(run, certDir, h.ca)) return false;
  const certPem = readCertPem(run, h);
  if (!certPem) throw new KubeadmError(`failed to load existing certificate ${h.leaf.name}: open ${h.path}: no such file or directory`);
  const ca = caFiles(run, certDir, h.ca);
  if (!ca.keyPem || !ca.certPem) return false;
  const info = parseCertificate(certPem);
  const caInfo = parseCertificate(ca.certPem);
  if (!info || !caInfo) throw new KubeadmError(`failed to load existing certificate ${h.leaf.name}: data does not contain a valid certificate`);
  const text = run.fs.read(h.path)!;
  const keyPem = h.leaf.kubeconfig ? kubeconfigData(text, "client-key-data") : run.fs.read(h.path.replace(/\.crt$/, ".key"));
  if (!keyPem) throw new KubeadmError(`failed to load existing key for ${h.leaf.name}: open ${h.path.replace(/\.crt$/, ".key")}: no such file or directory`);
  const now = run.now();
  const serialHex = createHash("sha256").update(`${run.nodeName}|${h.leaf.name}|${now}`).digest("hex").slice(0, 16);
  const serial = (BigInt(`0x${serialHex}`) % ((1n << 63n) - 1n)) + 1n;
  const pem = issueCertificate({
    commonName: info.commonName,
    organizations: info.organizations,
    dnsNames: info.dnsNames,
    ipAddresses: info.ipAddresses,
    notBefore: caInfo.notBefore,
    notAfter: Math.floor(now / 1000) * 1000 + CERTIFICATE_VALIDITY_MS,
    serialNumber: serial,
    isCA: false,
    keyUsage: ["digitalSignature", "keyEncipherment"],
    extKeyUsage: h.leaf.extKeyUsage,
    subjectKey: keyPem,
    issuer: { certPem: ca.certPem, keyPem: ca.keyPem },
  });
  if (h.leaf.kubeconfig) {
    const b64 = Buffer.from(pem, "utf8").toString("base64");
    run.fs.write(h.path, text.replace(/^(\s*client-certificate-data:\s*)\S+/m, `$1${b64}`));
  } else run.fs.write(h.path, pem);
  return true;
}

// ------------------------------------------------------------------ the commands

const RENEW_LONG = (longName: string) => `Renew the ${longName}.

Renewals run unconditionally, regardless of certificate expiration date; extra attributes such as SANs will
be based on the existing file/certificates, there is no need to resupply them.

Renewal by default tries to use the certificate authority in the local PKI managed by kubeadm; as alternative
it is possible to use K8s certificate API for certificate renewal, or as a last option, to generate a CSR request.

After renewal, in order to make changes effective, is required to restart control-plane components and
eventually re-distribute the renewed certificate in case the file is used elsewhere.`;

const CERT_FLAGS: KFlag[] = [
  { name: "cert-dir", type: "string", default: DEFAULT_CERT_DIR, usage: "The path where to save the certificates" },
  CONFIG_FLAG,
  KUBECONFIG_FLAG,
];

/** getInternalCfg: the cluster's configuration when the API answers, else kubeadm's defaults. */
function internalConfig(run: KubeadmRun, flags: Record<string, unknown>, prefix: string): ClusterConfig {
  const configPath = String(flags.config ?? "");
  if (configPath && !run.fs.exists(configPath)) throw new KubeadmError(`unable to read config from ${JSON.stringify(configPath)} : open ${configPath}: no such file or directory`);
  let cfg: ClusterConfig = { certificatesDir: DEFAULT_CERT_DIR, localEtcd: true, kubernetesVersion: "" };
  if (!configPath) {
    let client;
    try {
      client = run.clientFromFile(String(flags.kubeconfig || ADMIN_KUBECONFIG));
    } catch {
      client = undefined;
    }
    if (client) {
      try {
        cfg = fetchClusterConfiguration(run, client, prefix);
        run.println();
      } catch {
        run.println(`[${prefix}] Error reading configuration from the Cluster. Falling back to default configuration`);
        run.println();
      }
    }
  }
  if (flags["cert-dir"] && flags["cert-dir"] !== DEFAULT_CERT_DIR) cfg = { ...cfg, certificatesDir: String(flags["cert-dir"]) };
  return cfg;
}

function checkExpiration(run: KubeadmRun, flags: Record<string, unknown>): void {
  const cfg = internalConfig(run, flags, "check-expiration");
  const certDir = cfg.certificatesDir;
  const now = run.now();
  let text = "";
  const w = new TabWriter((s) => (text += s), { minWidth: 10, padding: 3, rememberWidths: false });
  const yesNo = (b: boolean) => (b ? "yes" : "no").padEnd(8);
  w.write("CERTIFICATE\tEXPIRES\tRESIDUAL TIME\tCERTIFICATE AUTHORITY\tEXTERNALLY MANAGED\n");
  for (const h of certHandlers(certDir, cfg.localEtcd)) {
    const pem = readCertPem(run, h);
    const info = pem ? parseCertificate(pem) : undefined;
    if (!info) {
      w.write(`!MISSING! ${h.leaf.name}\t\t\t\t\n`);
      continue;
    }
    const external = externalCa(run, certDir, h.ca);
    w.write(`${h.leaf.name}\t${expiryDate(info.notAfter)}\t${shortHumanDuration(info.notAfter - now)}\t${h.ca.name}\t${yesNo(external)}\n`);
  }
  w.write("\n");
  w.write("CERTIFICATE AUTHORITY\tEXPIRES\tRESIDUAL TIME\tEXTERNALLY MANAGED\n");
  for (const ca of KUBEADM_CAS.filter((c) => cfg.localEtcd || c.name !== "etcd-ca")) {
    const caPem = run.read(`${certDir}/${ca.baseName}.crt`);
    const info: CertificateInfo | undefined = caPem ? parseCertificate(caPem) : undefined;
    if (!info) {
      w.write(`!MISSING! ${ca.name}\t\t\t\n`);
      continue;
    }
    w.write(`${ca.name}\t${expiryDate(info.notAfter)}\t${shortHumanDuration(info.notAfter - now)}\t${yesNo(externalCa(run, certDir, ca))}\n`);
  }
  w.flush();
  run.print(text);
}

/** renewCert: "<long name> renewed", "MISSING! <long name>" or "Detected external <ca>, ... can't be renewed". */
function renewOne(run: KubeadmRun, certDir: string, h: CertHandler): void {
  if (!readCertPem(run, h)) {
    run.println(`MISSING! ${h.leaf.longName}`);
    return;
  }
  if (!renewCertificate(run, certDir, h)) {
    run.println(`Detected external ${h.ca.baseName}, ${h.leaf.longName} can't be renewed`);
    return;
  }
  run.println(`${h.leaf.longName} renewed`);
}

export function certsCommand(): KCommand<KubeadmRun> {
  const renewals: KCommand<KubeadmRun>[] = certHandlers(DEFAULT_CERT_DIR).map((template) => ({
    use: template.leaf.name,
    short: `Renew the ${template.leaf.longName}`,
    long: RENEW_LONG(template.leaf.longName),
    flags: CERT_FLAGS,
    noArgs: true,
    run: ({ run, flags }) => {
      const cfg = internalConfig(run, flags.values, "renew");
      const h = certHandlers(cfg.certificatesDir, cfg.localEtcd).find((x) => x.leaf.name === template.leaf.name);
      if (!h) throw new KubeadmError(`${template.leaf.name} is not a valid certificate for this cluster`);
      renewOne(run, cfg.certificatesDir, h);
    },
  }));
  renewals.push({
    use: "all",
    short: "Renew all available certificates",
    long: "Renew all known certificates necessary to run the control plane. Renewals are run unconditionally, regardless\nof expiration date. Renewals can also be run individually for more control.",
    flags: CERT_FLAGS,
    noArgs: true,
    run: ({ run, flags }) => {
      const cfg = internalConfig(run, flags.values, "renew");
      for (const h of certHandlers(cfg.certificatesDir, cfg.localEtcd)) renewOne(run, cfg.certificatesDir, h);
      run.println();
      run.println("Done renewing certificates. You must restart the kube-apiserver, kube-controller-manager, kube-scheduler and etcd, so that they can use the new certificates.");
    },
  });
  return {
    use: "certs",
    aliases: ["certificates"],
    short: "Commands related to handling kubernetes certificates",
    group: "SubCmdRun",
    children: [
      {
        use: "renew",
        short: "Renew certificates for a Kubernetes cluster",
        long: "This command is not meant to be run on its own. See list of available subcommands.",
        group: "SubCmdRun",
        children: renewals,
      },
      {
        use: "check-expiration",
        short: "Check certificates expiration for a Kubernetes cluster",
        long: "Checks expiration for the certificates in the local PKI managed by kubeadm.",
        flags: [...CERT_FLAGS, { name: "output", short: "o", type: "string", default: "text", usage: "Output format. One of: text|json|yaml|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file." }, { name: "show-managed-fields", type: "bool", usage: "If true, keep the managedFields when printing objects in JSON or YAML format." }, { name: "allow-missing-template-keys", type: "bool", default: true, usage: "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats." }],
        noArgs: true,
        run: ({ run, flags }) => {
          const output = String(flags.values.output ?? "text");
          if (output !== "text") throw new KubeadmError(`unable to match a printer suitable for the output format "${output}", allowed formats are: text`);
          checkExpiration(run, flags.values);
        },
      },
      {
        use: "certificate-key",
        short: "Generate certificate keys",
        long: 'This command will print out a secure randomly-generated certificate key that can be used with\nthe "init" command.\n\nYou can also use "kubeadm init --upload-certs" without specifying a certificate key and it will\ngenerate and print one for you.',
        noArgs: true,
        run: ({ run }) => run.println(createHash("sha256").update(`certificate-key|${run.now()}|${run.nodeName}`).digest("hex")),
      },
      {
        use: "generate-csr",
        short: "Generate keys and certificate signing requests",
        flags: [{ name: "cert-dir", type: "string", usage: "The path where to save the certificates" }, CONFIG_FLAG, { name: "kubeconfig-dir", type: "string", default: KUBERNETES_DIR, usage: "The path where to save the kubeconfig file." }],
        noArgs: true,
        run: () => {
          throw new KubeadmError("generating CSRs is not supported in this environment");
        },
      },
    ],
  };
}
