/**
 * kubectl create -f FILENAME (pkg/cmd/create/create.go), and the generator
 * subcommands (`kubectl create deployment ...`), one file each.
 */
import { UsageError, KubectlError } from "../errors.js";
import type { Subcommand } from "../types.js";
import { ErrorList, withSource } from "../common/errors.js";
import { filenameOptions, readFileObjects, requireFilenames } from "../common/file-objects.js";
import {
  DRY_RUN_FLAG,
  PRINT_FLAGS,
  SAVE_CONFIG_FLAG,
  SELECTOR_FLAG,
  VALIDATE_FLAG,
  dryRunStrategy,
  fieldManagerFlag,
  filenameFlags,
  sortedFlags,
  stringFlag,
  validationDirective,
} from "../common/flags.js";
import { lastApplied, setLastAppliedFromFile } from "../common/last-applied.js";
import { ObjectPrinter } from "../common/print.js";
import { createClusterRoleCommand } from "./clusterrole.js";
import { createClusterRoleBindingCommand } from "./clusterrolebinding.js";
import { createConfigMapCommand } from "./configmap.js";
import { createCronJobCommand } from "./cronjob.js";
import { createDeploymentCommand } from "./deployment.js";
import { createIngressCommand } from "./ingress.js";
import { createJobCommand } from "./job.js";
import { createNamespaceCommand } from "./namespace.js";
import { createPodDisruptionBudgetCommand } from "./poddisruptionbudget.js";
import { createPriorityClassCommand } from "./priorityclass.js";
import { createQuotaCommand } from "./quota.js";
import { createRoleCommand } from "./role.js";
import { createRoleBindingCommand } from "./rolebinding.js";
import { createSecretCommand } from "./secret.js";
import { createServiceCommand } from "./service.js";
import { createServiceAccountCommand } from "./serviceaccount.js";
import { createTokenCommand } from "./token.js";

export const createCommand: Subcommand = {
  name: "create",
  short: "Create a resource from a file or from stdin",
  long: "Create a resource from a file or from stdin.\n\n JSON and YAML formats are accepted.",
  examples:
    "  # Create a pod using the data in pod.json\n  kubectl create -f ./pod.json\n  \n  # Create a pod based on the JSON passed into stdin\n  cat pod.json | kubectl create -f -\n  \n  # Edit the data in registry.yaml in JSON then create the resource using the edited data\n  kubectl create -f registry.yaml --edit -o json",
  usage: "kubectl create -f FILENAME [options]",
  flags: sortedFlags([
    ...PRINT_FLAGS,
    DRY_RUN_FLAG,
    { name: "edit", type: "bool", usage: "Edit the API resource before creating" },
    fieldManagerFlag("kubectl-create"),
    ...filenameFlags("to use to create the resource"),
    { name: "raw", type: "string", usage: "Raw URI to POST to the server.  Uses the transport specified by the kubeconfig file." },
    SAVE_CONFIG_FLAG,
    SELECTOR_FLAG,
    VALIDATE_FLAG,
    { name: "windows-line-endings", type: "bool", usage: "Only relevant if --edit=true. Defaults to the line ending native to your platform." },
  ]),
  subcommands: [
    createClusterRoleCommand,
    createClusterRoleBindingCommand,
    createConfigMapCommand,
    createCronJobCommand,
    createDeploymentCommand,
    createIngressCommand,
    createJobCommand,
    createNamespaceCommand,
    createPodDisruptionBudgetCommand,
    createPriorityClassCommand,
    createQuotaCommand,
    createRoleCommand,
    createRoleBindingCommand,
    createSecretCommand,
    createServiceCommand,
    createServiceAccountCommand,
    createTokenCommand,
  ],
  async run(k) {
    if (k.args.length > 0) throw new UsageError(`Unexpected args: [${k.args.join(" ")}]`, k.commandPath);
    const dryRun = dryRunStrategy(k);
    const printer = await ObjectPrinter.create(k, { operation: "created", dryRun });
    const fieldValidation = validationDirective(k);
    const files = filenameOptions(k);
    requireFilenames(files);
    if (k.flags.values.edit === true) throw new KubectlError("--edit is not available in this simulator; edit the file, then run kubectl create -f");
    if (stringFlag(k, "raw")) throw new KubectlError("--raw is not available in this simulator");

    const errors = new ErrorList();
    const objects = await readFileObjects(k, files, errors, stringFlag(k, "selector"));
    let count = 0;
    for (const info of objects) {
      let obj = info.object;
      // util.CreateOrUpdateAnnotation: --save-config writes the annotation; an existing one is refreshed.
      if (k.flags.values["save-config"] === true || lastApplied(obj) !== undefined) setLastAppliedFromFile(obj);
      if (dryRun !== "client") {
        try {
          obj = k.client.create(info.resource, info.namespace, obj, { dryRun: dryRun === "server", fieldValidation });
        } catch (e) {
          errors.add(withSource("creating", info.source, e));
          continue;
        }
      }
      count++;
      printer.print(obj);
    }
    errors.throwIfAny();
    if (count === 0) throw new KubectlError("no objects passed to create");
    return 0;
  },
};
