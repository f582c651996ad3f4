/** kubectl api-versions (pkg/cmd/apiresources/apiversions.go): every group/version discovery reports, sorted. */
import { apiVersionOf } from "../../../cluster/apiserver/resources.js";
import { UsageError } from "./errors.js";
import type { Subcommand } from "./types.js";

export const apiVersionsCommand: Subcommand = {
  name: "api-versions",
  short: 'Print the supported API versions on the server, in the form of "group/version"',
  long: 'Print the supported API versions on the server, in the form of "group/version".',
  examples: `  # Print the supported API versions
  kubectl api-versions`,
  usage: "kubectl api-versions [options]",
  run(k) {
    if (k.args.length) throw new UsageError(`unexpected arguments: [${k.args.join(" ")}]`);
    const versions = [...new Set(k.client.resources().map(apiVersionOf))].sort();
    k.out.out(versions.map((v) => v + "\n").join(""));
    return 0;
  },
};
