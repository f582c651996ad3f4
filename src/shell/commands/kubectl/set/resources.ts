/**
 * kubectl set resources (-f FILENAME | TYPE NAME) --limits=... --requests=...
 * (pkg/cmd/set/set_resources.go): sets resource limits and requests on the
 * selected containers (-c, wildcards allowed) of each pod template.
 */
import { Quantity, QuantityError } from "../../../../cluster/api/quantity.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext, Subcommand } from "../types.js";
import { dryRunStrategy, sortedFlags, stringFlag } from "../common/flags.js";
import { ObjectPrinter } from "../common/print.js";
import { record, warnRecordDeprecated } from "../record.js";
import { checkErrors, goError } from "../visit.js";
import { ALL_FLAG, IDENTIFYING_USAGE, LABEL_SELECTOR_FLAG, localFlag, podSpecOf, selectContainers, setFlags, setTargets } from "./common.js";
import { calculatePatches, sendPatches } from "./patch-objects.js";

const REQUIREMENT_USAGE =
  "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges.";

/** populateResourceListV1: `cpu=100m,memory=256Mi` into canonical quantities. */
function resourceList(spec: string): Record<string, string> | undefined {
  if (spec === "") return undefined;
  const out: Record<string, string> = {};
  for (const statement of spec.split(",")) {
    const parts = statement.split("=");
    if (parts.length !== 2) throw new KubectlError(`Invalid argument syntax ${statement}, expected <resource>=<value>`);
    try {
      out[parts[0]] = Quantity.parse(parts[1]).toString();
    } catch (e) {
      if (e instanceof QuantityError) throw new KubectlError(e.message);
      throw e;
    }
  }
  return out;
}

export const setResourcesCommand: Subcommand = {
  name: "resources",
  short: "Update resource requests/limits on objects with pod templates",
  long: 'Specify compute resource requirements (CPU, memory) for any resource that defines a pod template.  If a pod is successfully scheduled, it is guaranteed the amount of resource requested, but may burst up to its specified limits.\n\n For each compute resource, if a limit is specified and a request is omitted, the request will default to the limit.\n\n Possible resources include (case insensitive): Use "kubectl api-resources" for a complete list of supported resources..',
  examples:
    '  # Set a deployments nginx container cpu limits to "200m" and memory to "512Mi"\n  kubectl set resources deployment nginx -c=nginx --limits=cpu=200m,memory=512Mi\n  \n  # Set the resource request and limits for all containers in nginx\n  kubectl set resources deployment nginx --limits=cpu=200m,memory=512Mi --requests=cpu=100m,memory=256Mi\n  \n  # Remove the resource requests for resources on containers in nginx\n  kubectl set resources deployment nginx --limits=cpu=0,memory=0 --requests=cpu=0,memory=0\n  \n  # Print the result (in yaml format) of updating nginx container limits from a local, without hitting the server\n  kubectl set resources -f path/to/file.yaml --limits=cpu=200m,memory=512Mi --local -o yaml',
  usage: "kubectl set resources (-f FILENAME | TYPE NAME)  ([--limits=LIMITS & --requests=REQUESTS] [options]",
  flags: sortedFlags([
    ...setFlags(IDENTIFYING_USAGE),
    ALL_FLAG,
    LABEL_SELECTOR_FLAG,
    {
      name: "containers",
      short: "c",
      type: "string",
      default: "*",
      usage: "The names of containers in the selected pod templates to change, all containers are selected by default - may use wildcards",
    },
    localFlag("set resources"),
    { name: "limits", type: "string", usage: REQUIREMENT_USAGE },
    { name: "requests", type: "string", usage: REQUIREMENT_USAGE },
  ]),
  async run(k: KubectlContext) {
    warnRecordDeprecated(k);
    const dryRun = dryRunStrategy(k);
    const printer = await ObjectPrinter.create(k, { operation: "resource requirements updated", dryRun });
    const local = k.flags.values.local === true;
    const targets = await setTargets(k, k.args, { local });
    const limitsFlag = stringFlag(k, "limits");
    const requestsFlag = stringFlag(k, "requests");
    if (local && dryRun === "server") throw new KubectlError("cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
    if (k.flags.values.all === true && stringFlag(k, "selector")) throw new KubectlError("cannot set --all and --selector at the same time");
    if (!limitsFlag && !requestsFlag) throw new KubectlError("you must specify an update to requests or limits (in the form of --requests/--limits)");
    const limits = resourceList(limitsFlag);
    const requests = resourceList(requestsFlag);

    const selector = stringFlag(k, "containers");
    const errs: unknown[] = [];
    const patches = calculatePatches(targets, (obj) => {
      const containers = selectContainers(podSpecOf(obj), selector);
      if (containers.length === 0) {
        errs.push(goError(`error: unable to find container named ${selector}`));
        return false;
      }
      for (const c of containers) {
        c.resources ??= {};
        if (limits) c.resources.limits = { ...(c.resources.limits ?? {}), ...limits };
        if (requests) c.resources.requests = { ...(c.resources.requests ?? {}), ...requests };
      }
      record(k, obj);
    });
    errs.push(
      ...sendPatches(k, patches, {
        printer,
        dryRun,
        local,
        failure: "failed to patch resources update to pod template ",
        skipUnchanged: true,
      }),
    );
    checkErrors(errs);
    return 0;
  },
};
