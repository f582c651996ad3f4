/**
 * kubectl auth whoami [-o ...] (pkg/cmd/auth/whoami.go): a
 * SelfSubjectReview, printed as an ATTRIBUTE/VALUE table or with -o.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import { ApiError } from "../../../../cluster/api/errors.js";
import { KubectlError } from "../errors.js";
import { PRINT_FLAGS } from "../common/flags.js";
import { printFlagsFormat } from "../common/print.js";
import { objectPrinter } from "../printers/output.js";
import { tabulate } from "../printers/tabwriter.js";
import type { Subcommand } from "../types.js";

function table(review: KubeObject): string {
  const ui = review.status?.userInfo ?? {};
  const rows = ["ATTRIBUTE\tVALUE"];
  if (ui.username) rows.push(`Username\t${ui.username}`);
  if (ui.uid) rows.push(`UID\t${ui.uid}`);
  if (ui.groups?.length) rows.push(`Groups\t[${ui.groups.join(" ")}]`);
  for (const key of Object.keys(ui.extra ?? {}).sort()) rows.push(`Extra: ${key}\t[${ui.extra[key].join(" ")}]`);
  return tabulate(rows.map((r) => r + "\n").join(""));
}

export const whoamiCommand: Subcommand = {
  name: "whoami",
  short: "Experimental: Check self subject attributes",
  long: `Experimental: Check who you are and your attributes (groups, extra).

        This command is helpful to get yourself aware of the current user attributes,
        especially when dynamic authentication, e.g., token webhook, auth proxy, or OIDC provider,
        is enabled in the Kubernetes cluster.`,
  examples: `  # Get your subject attributes
  kubectl auth whoami
  
  # Get your subject attributes in JSON format
  kubectl auth whoami -o json`,
  usage: "kubectl auth whoami [options]",
  flags: PRINT_FLAGS,
  async run(k) {
    // OutputFlagSpecified: the ATTRIBUTE/VALUE table unless -o was given.
    const format = k.flags.changed.has("output") ? ((await printFlagsFormat(k)) ?? { kind: "name" }) : undefined;
    let review: KubeObject;
    try {
      review = k.client.create("selfsubjectreviews.authentication.k8s.io", undefined, {
        apiVersion: "authentication.k8s.io/v1",
        kind: "SelfSubjectReview",
        metadata: {},
      } as KubeObject);
    } catch (e) {
      if (e instanceof ApiError && e.reason === "Forbidden") throw new KubectlError("the selfsubjectreviews API is not enabled in the cluster or you do not have permission to call it");
      throw e;
    }
    if (!format) k.out.out(table(review));
    else k.out.out(objectPrinter(format, { allowMissingKeys: k.flags.values["allow-missing-template-keys"] !== false, showManagedFields: k.flags.values["show-managed-fields"] === true }).print(review));
    return 0;
  },
};
