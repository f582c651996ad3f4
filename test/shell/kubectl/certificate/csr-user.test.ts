/**
 * The CKA "create a user with a CertificateSigningRequest" task, end to end:
 * a key and a PKCS#10 request (made here with node's crypto, as openssl
 * would), the CSR object, `kubectl certificate approve`, the certificate the
 * controller manager's signer issues with the cluster CA, and a kubeconfig
 * user that then authenticates as that subject.
 */
import { generateKeyPairSync } from "node:crypto";
import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from "@peculiar/asn1-x509";
import { describe, expect, it } from "vitest";
import { buildCertificationRequest } from "../../../../src/pki/csr.js";
import { parseCertificate, verifiedBy } from "../../../../src/pki/inspect.js";
import { newCluster, sh } from "../../../helpers.js";

/** What `openssl genrsa` and `openssl req -new -subj "/CN=<cn>/O=<o>"` write. */
function keyAndRequest(cn: string, o: string) {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const rdn = (type: string, text: string) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: text }) })]);
  const subject = new Name([rdn("2.5.4.3", cn), rdn("2.5.4.10", o)]);
  return { keyPem: privateKey.export({ type: "pkcs1", format: "pem" }).toString(), csrPem: buildCertificationRequest({ subject, key: privateKey }) };
}

/** Writes a file through the shell. */
const file = (path: string, text: string) => `cat > ${path} <<'PEM'\n${text}PEM\n`;

/** The CertificateSigningRequest manifest of the Kubernetes docs, applied from stdin. */
const csrObject = (name: string, signer = "kubernetes.io/kube-apiserver-client", usages = ["client auth"]) =>
  [
    "cat <<EOF | kubectl apply -f -",
    "apiVersion: certificates.k8s.io/v1",
    "kind: CertificateSigningRequest",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    `  request: $(cat ${name}.csr | base64 | tr -d "\\n")`,
    `  signerName: ${signer}`,
    "  expirationSeconds: 86400",
    "  usages:",
    ...usages.map((u) => `  - ${u}`),
    "EOF",
    "",
  ].join("\n");

describe("a user from a CertificateSigningRequest", () => {
  const cluster = newCluster();
  const { keyPem, csrPem } = keyAndRequest("john", "developers");

  it("creates the CSR, pending, with the requester recorded", async () => {
    const r = await sh(`${file("john.key", keyPem)}${file("john.csr", csrPem)}${csrObject("john")}kubectl get csr john\nkubectl get csr john -o jsonpath='{.spec.username}{"\\n"}'`, { cluster });
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("certificatesigningrequest.certificates.k8s.io/john created");
    expect(lines[1]).toMatch(/^NAME\s+AGE\s+SIGNERNAME\s+REQUESTOR\s+REQUESTEDDURATION\s+CONDITION$/);
    expect(lines[2]).toMatch(/^john\s+0s\s+kubernetes.io\/kube-apiserver-client\s+kubernetes-admin\s+24h\s+Pending$/);
    expect(lines[3]).toBe("kubernetes-admin");
  });

  it("approves it; the signer issues a certificate signed by the cluster CA for CN=john, O=developers", async () => {
    const r = await sh(`kubectl certificate approve john\nkubectl get csr john\nkubectl get csr john -o jsonpath='{.status.certificate}' | base64 -d > john.crt\ncat john.crt`, { cluster });
    expect(r.stderr).toBe("");
    const [approved, , row] = r.stdout.split("\n");
    expect(approved).toBe("certificatesigningrequest.certificates.k8s.io/john approved");
    expect(row).toMatch(/^john\s+\S+\s+kubernetes.io\/kube-apiserver-client\s+kubernetes-admin\s+24h\s+Approved,Issued$/);
    const pem = r.stdout.slice(r.stdout.indexOf("-----BEGIN CERTIFICATE-----"));
    const cert = parseCertificate(pem)!;
    expect(cert.commonName).toBe("john");
    expect(cert.organizations).toEqual(["developers"]);
    // Backdated five minutes; expirationSeconds (24h) is past the 8h "short" mark, so the end is backdated too.
    expect(cert.notAfter - cert.notBefore).toBe(86_400_000);
    expect(cert.notBefore).toBeLessThanOrEqual(cluster.clock.now() - 5 * 60_000);
    const ca = cluster.machine("controlplane")!.fs.read("/etc/kubernetes/pki/ca.crt")!;
    expect(verifiedBy(pem, ca)).toBe(true);
  });

  it("a second approve says approved again; deny refuses an approved request", async () => {
    const r = await sh("kubectl certificate approve john; kubectl certificate deny john; echo rc=$?", { cluster });
    expect(r.stdout).toBe("certificatesigningrequest.certificates.k8s.io/john approved\nrc=1\n");
    expect(r.stderr).toBe('error: certificate signing request "john" is already Approved\n');
  });

  it("the certificate works as a kubeconfig user: whoami, then RBAC decides", async () => {
    const r = await sh(
      [
        "kubectl config set-credentials john --client-key=john.key --client-certificate=john.crt --embed-certs=true",
        "kubectl config set-context john --cluster=kubernetes --user=john",
        "kubectl --context john auth whoami | head -3",
        "kubectl --context john get pods; echo rc=$?",
        "kubectl auth can-i list pods --as john; echo rc=$?",
        "kubectl create role developer --verb=create,get,list --resource=pods",
        "kubectl create rolebinding developer-binding-john --role=developer --user=john",
        "kubectl auth can-i list pods --as john",
        "kubectl --context john get pods",
        "kubectl --context john auth can-i delete pods",
      ].join("\n"),
      { cluster },
    );
    expect(r.stdout).toBe(
      [
        'User "john" set.',
        'Context "john" created.',
        "ATTRIBUTE                                           VALUE",
        "Username                                            john",
        "Groups                                              [developers system:authenticated]",
        "rc=1",
        "no",
        "rc=1",
        "role.rbac.authorization.k8s.io/developer created",
        "rolebinding.rbac.authorization.k8s.io/developer-binding-john created",
        "yes",
        "no",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toBe(
      'Error from server (Forbidden): pods is forbidden: User "john" cannot list resource "pods" in API group "" in the namespace "default"\nNo resources found in default namespace.\n',
    );
  });

  it("deny marks a new request Denied and nothing is issued", async () => {
    const other = keyAndRequest("jane", "developers");
    const r = await sh(
      `${file("jane.csr", other.csrPem)}${csrObject("jane")}kubectl certificate deny jane\nkubectl get csr jane -o jsonpath='{.status.conditions[0].type} {.status.conditions[0].reason} {.status.certificate}'`,
      { cluster },
    );
    expect(r.stdout).toBe("certificatesigningrequest.certificates.k8s.io/jane created\ncertificatesigningrequest.certificates.k8s.io/jane denied\nDenied KubectlDeny ");
  });

  it("a request its signer refuses gets a Failed condition", async () => {
    const other = keyAndRequest("srv", "developers");
    const r = await sh(
      `${file("srv.csr", other.csrPem)}${csrObject("srv", "kubernetes.io/kube-apiserver-client", ["server auth"])}kubectl certificate approve srv\nkubectl get csr srv -o jsonpath='{range .status.conditions[*]}{.type}:{.reason}:{.message}{"\\n"}{end}'\nkubectl get csr srv`,
      { cluster },
    );
    expect(r.stdout.split("\n").slice(2, 4)).toEqual([
      "Approved:KubectlApprove:This CSR was approved by kubectl certificate approve.",
      "Failed:SignerValidationFailure:invalid usage for client certificate: server auth",
    ]);
    expect(r.stdout).toMatch(/\nsrv\s+\S+\s+kubernetes.io\/kube-apiserver-client\s+kubernetes-admin\s+24h\s+Approved,Failed\n$/);
  });

  it("errors: no name, a missing CSR, and the group command's help", async () => {
    const r = await sh("kubectl certificate approve; echo rc=$?; kubectl certificate approve nope; echo rc=$?; kubectl certificate | head -3", { cluster });
    expect(r.stdout).toBe("rc=1\nrc=1\nModify certificate resources.\n\nAvailable Commands:\n");
    expect(r.stderr).toBe(
      'error: one or more CSRs must be specified as <name> or -f <filename>\nError from server (NotFound): certificatesigningrequests.certificates.k8s.io "nope" not found\n',
    );
  });
});
