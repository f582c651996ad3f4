/**
 * kubectl certificate approve|deny (-f FILENAME | NAME...)
 * (pkg/cmd/certificates/certificates.go): adds the Approved or Denied
 * condition to each CertificateSigningRequest through its approval
 * subresource; the signer in kube-controller-manager then issues (or not)
 * the certificate.
 */
import { isConflict } from "../../../../cluster/api/errors.js";
import type { KubeObject } from "../../../../cluster/api/types.js";
import { KubectlError } from "../errors.js";
import { commandHelp } from "../help.js";
import { ErrorList } from "../common/errors.js";
import { filenameOptions } from "../common/file-objects.js";
import { PRINT_FLAGS, filenameFlags, sortedFlags } from "../common/flags.js";
import { ObjectPrinter } from "../common/print.js";
import { resolveTargets } from "../common/targets.js";
import type { KubectlContext, Subcommand } from "../types.js";

interface Decision {
  verb: "approve" | "deny";
  /** The condition type added, and the one that must not be there already. */
  type: "Approved" | "Denied";
  opposite: "Approved" | "Denied";
  reason: string;
  message: string;
  operation: string;
}

const APPROVE: Decision = {
  verb: "approve",
  type: "Approved",
  opposite: "Denied",
  reason: "KubectlApprove",
  message: "This CSR was approved by kubectl certificate approve.",
  operation: "approved",
};
const DENY: Decision = {
  verb: "deny",
  type: "Denied",
  opposite: "Approved",
  reason: "KubectlDeny",
  message: "This CSR was denied by kubectl certificate deny.",
  operation: "denied",
};

/** addConditionIfNeeded: the request with the condition added, or whether it already has it. */
function withCondition(csr: KubeObject, d: Decision, now: string): { csr: KubeObject; had: boolean } {
  const conditions = (csr.status?.conditions ?? []) as Array<{ type: string }>;
  for (const c of conditions) if (c.type === d.opposite) throw new KubectlError(`certificate signing request "${csr.metadata.name}" is already ${c.type}`);
  if (conditions.some((c) => c.type === d.type)) return { csr, had: true };
  const next = structuredClone(csr) as KubeObject;
  next.status = { ...(next.status ?? {}), conditions: [...conditions, { type: d.type, status: "True", reason: d.reason, message: d.message, lastUpdateTime: now }] };
  return { csr: next, had: false };
}

async function modify(k: KubectlContext, d: Decision): Promise<number> {
  const printer = await ObjectPrinter.create(k, { operation: d.operation, dryRun: "none" });
  const files = filenameOptions(k);
  if (k.args.length < 1 && files.filenames.length === 0 && !files.kustomize) throw new KubectlError("one or more CSRs must be specified as <name> or -f <filename>");
  const force = k.flags.values.force === true;
  const errors = new ErrorList();
  const args = k.args.length ? ["certificatesigningrequests", ...k.args] : [];
  const targets = await resolveTargets(k, { args, files, labelSelector: "", fieldSelector: "", all: false, allNamespaces: false, requireObject: true }, errors);
  let found = 0;
  for (const t of targets) {
    try {
      if (t.resource.group !== "certificates.k8s.io" || t.resource.kind !== "CertificateSigningRequest") {
        throw new KubectlError(`can only handle CertificateSigningRequest.certificates.k8s.io objects, got ${t.resource.group ? `${t.resource.kind}.${t.resource.group}` : t.resource.kind}`);
      }
      for (let attempt = 0; ; attempt++) {
        const current = k.client.get("certificatesigningrequests", undefined, t.name);
        const { csr, had } = withCondition(current, d, new Date(k.now()).toISOString().replace(/\.\d{3}Z$/, "Z"));
        if (had && !force) break;
        try {
          k.client.update("certificatesigningrequests", undefined, csr, { subresource: "approval" });
          break;
        } catch (e) {
          if (!isConflict(e) || attempt >= 10) throw e;
        }
      }
      found++;
      printer.print(t.object ?? k.client.get("certificatesigningrequests", undefined, t.name));
    } catch (e) {
      errors.add(e);
    }
  }
  if (found === 0 && errors.empty) k.out.line("No resources found");
  errors.throwIfAny();
  return 0;
}

function decisionCommand(d: Decision, long: string): Subcommand {
  return {
    name: d.verb,
    short: `${d.verb === "approve" ? "Approve" : "Deny"} a certificate signing request`,
    long,
    examples: `  # ${d.verb === "approve" ? "Approve" : "Deny"} CSR 'csr-sqgzp'
  kubectl certificate ${d.verb} csr-sqgzp`,
    usage: `kubectl certificate ${d.verb} (-f FILENAME | NAME) [options]`,
    flags: sortedFlags([
      ...PRINT_FLAGS,
      ...filenameFlags("identifying the resource to update"),
      { name: "force", type: "bool", usage: `Update the CSR even if it is already ${d.operation}.` },
    ]),
    run: (k) => modify(k, d),
  };
}

export const certificateCommand: Subcommand = {
  name: "certificate",
  short: "Modify certificate resources",
  long: "Modify certificate resources.",
  usage: "kubectl certificate SUBCOMMAND [options]",
  subcommands: [
    decisionCommand(
      APPROVE,
      `Approve a certificate signing request.

 kubectl certificate approve allows a cluster admin to approve a certificate signing request (CSR). This action tells a certificate signing controller to issue a certificate to the requester with the attributes requested in the CSR.

 SECURITY NOTICE: Depending on the requested attributes, the issued certificate can potentially grant a requester access to cluster resources or to authenticate as a requested identity. Before approving a CSR, ensure you understand what the signed certificate can do.`,
    ),
    decisionCommand(
      DENY,
      `Deny a certificate signing request.

 kubectl certificate deny allows a cluster admin to deny a certificate signing request (CSR). This action tells a certificate signing controller to not to issue a certificate to the requester.`,
    ),
  ],
  // Its Run prints the help (on stdout, successfully), unlike config and auth.
  run: (k) => {
    k.out.out(commandHelp(certificateCommand, k.commandPath));
    return 0;
  },
};
