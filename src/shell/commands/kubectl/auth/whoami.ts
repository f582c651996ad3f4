/**
 * kubectl auth whoami [-o ...] (pkg/cmd/auth/whoami.go): a
 * SelfSubjectReview, printed as an ATTRIBUTE/VALUE table or with -o.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import { ApiError } from "../../../../cluster/api/errors.js";
import { resolvePath } from "../../../tool.js";
import { KubectlError } from "../errors.js";
import { PRINT_FLAGS } from "../common/flags.js";
import { noCompatiblePrinter, objectPrinter, parseOutputFormat, type OutputFormat } from "../printers/output.js";
import { tabulate } from "../printers/tabwriter.js";
import type { Subcommand } from "../types.js";

const ALLOWED_FORMATS = ["go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile", "yaml"];

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
    const output = String(k.flags.values.output ?? "");
    const template = String(k.flags.values.template ?? "");
    let format: Exclude<OutputFormat, { kind: "table" }> | undefined;
    if (k.flags.changed.has("output")) {
      if (!ALLOWED_FORMATS.includes(output.split("=")[0])) throw noCompatiblePrinter(output, ALLOWED_FORMATS);
      format = (await parseOutputFormat(output, {
        template,
        allowedFormats: ALLOWED_FORMATS,
        humanReadable: false,
        readFile: async (path) => {
          const p = resolvePath(k.tool.cwd, path);
          if (!(await k.tool.fs.exists(p))) throw new Error(`open ${path}: no such file or directory`);
          return k.tool.fs.readFile(p);
        },
      })) as Exclude<OutputFormat, { kind: "table" }>;
    }
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
    if (!format) {
      k.out.out(table(review));
      return 0;
    }
    const printer = objectPrinter(format, { allowMissingKeys: k.flags.values["allow-missing-template-keys"] !== false, showManagedFields: true });
    k.out.out(printer.print(review));
    return 0;
  },
};
