/**
 * kubectl set serviceaccount (-f FILENAME | TYPE NAME) SERVICE_ACCOUNT
 * (pkg/cmd/set/set_serviceaccount.go): sets spec.serviceAccountName of each
 * pod template. Unlike the other set commands it sends (and prints) the
 * patch even when nothing changes.
 */
import { KubectlError } from "../errors.js";
import type { KubectlContext, Subcommand } from "../types.js";
import { dryRunStrategy, sortedFlags } from "../common/flags.js";
import { ObjectPrinter } from "../common/print.js";
import { record, warnRecordDeprecated } from "../record.js";
import { checkErrors } from "../visit.js";
import { ALL_FLAG, IDENTIFYING_USAGE, localFlag, podSpecOf, setFlags, setTargets } from "./common.js";
import { calculatePatches, sendPatches } from "./patch-objects.js";

export const setServiceAccountCommand: Subcommand = {
  name: "serviceaccount",
  aliases: ["sa"],
  short: "Update the service account of a resource",
  long: "Update the service account of pod template resources.\n\n Possible resources (case insensitive) can be:\n\n replicationcontroller (rc), deployment (deploy), daemonset (ds), job, replicaset (rs), statefulset",
  examples:
    "  # Set deployment nginx-deployment's service account to serviceaccount1\n  kubectl set serviceaccount deployment nginx-deployment serviceaccount1\n  \n  # Print the result (in YAML format) of updated nginx deployment with the service account from local file, without hitting the API server\n  kubectl set sa -f nginx-deployment.yaml serviceaccount1 --local --dry-run=client -o yaml",
  usage: "kubectl set serviceaccount (-f FILENAME | TYPE NAME) SERVICE_ACCOUNT [options]",
  flags: sortedFlags([...setFlags(IDENTIFYING_USAGE), ALL_FLAG, localFlag("set serviceaccount")]),
  async run(k: KubectlContext) {
    warnRecordDeprecated(k);
    const dryRun = dryRunStrategy(k);
    const local = k.flags.values.local === true;
    if (local && dryRun === "server") throw new KubectlError("cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
    const printer = await ObjectPrinter.create(k, { operation: "serviceaccount updated", dryRun });
    if (k.args.length === 0) throw new KubectlError("serviceaccount is required");
    const serviceAccount = k.args[k.args.length - 1];
    const targets = await setTargets(k, k.args.slice(0, -1), { local, selector: false });
    const patches = calculatePatches(targets, (obj) => {
      podSpecOf(obj).serviceAccountName = serviceAccount;
      record(k, obj);
    });
    checkErrors(
      sendPatches(k, patches, {
        printer,
        dryRun,
        local,
        failure: "failed to patch ServiceAccountName ",
        skipUnchanged: false,
      }),
    );
    return 0;
  },
};
