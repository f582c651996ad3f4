/**
 * kubectl set image (-f FILENAME | TYPE NAME) CONTAINER=IMAGE ...
 * (pkg/cmd/set/set_image.go): changes the image of the named containers
 * (init containers too; `*` means all) in each pod template.
 */
import { KubectlError } from "../errors.js";
import type { KubectlContext, Subcommand } from "../types.js";
import { dryRunStrategy, sortedFlags, stringFlag } from "../common/flags.js";
import { parsePairs, resourcesAndPairs } from "../common/pairs.js";
import { ObjectPrinter } from "../common/print.js";
import { record, warnRecordDeprecated } from "../record.js";
import { checkErrors, goError } from "../visit.js";
import { ALL_FLAG, IDENTIFYING_USAGE, LABEL_SELECTOR_FLAG, localFlag, podSpecOf, setFlags, setTargets } from "./common.js";
import { calculatePatches, sendPatches } from "./patch-objects.js";

/** setImage: true when a container of that name (or any, for `*`) exists. */
function setImage(containers: any[] | undefined, name: string, image: string): boolean {
  let found = false;
  for (const c of containers ?? []) {
    if (c.name === name || name === "*") {
      found = true;
      c.image = image;
    }
  }
  return found;
}

export const setImageCommand: Subcommand = {
  name: "image",
  short: "Update the image of a pod template",
  long: "Update existing container image(s) of resources.\n\n Possible resources include (case insensitive):\n\n        pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), cronjob (cj), replicaset (rs)",
  examples:
    "  # Set a deployment's nginx container image to 'nginx:1.9.1', and its busybox container image to 'busybox'\n  kubectl set image deployment/nginx busybox=busybox nginx=nginx:1.9.1\n  \n  # Update all deployments' and rc's nginx container's image to 'nginx:1.9.1'\n  kubectl set image deployments,rc nginx=nginx:1.9.1 --all\n  \n  # Update image of all containers of daemonset abc to 'nginx:1.9.1'\n  kubectl set image daemonset abc *=nginx:1.9.1\n  \n  # Print result (in yaml format) of updating nginx container image from local file, without hitting the server\n  kubectl set image -f path/to/file.yaml nginx=nginx:1.9.1 --local -o yaml",
  usage: "kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]",
  flags: sortedFlags([...setFlags(IDENTIFYING_USAGE), ALL_FLAG, localFlag("set image"), LABEL_SELECTOR_FLAG]),
  async run(k: KubectlContext) {
    warnRecordDeprecated(k);
    const dryRun = dryRunStrategy(k);
    const printer = await ObjectPrinter.create(k, { operation: "image updated", dryRun });
    const local = k.flags.values.local === true;
    const { resources, pairs } = resourcesAndPairs(k.args, "image");
    const images = parsePairs(pairs, "image", false).set;
    const targets = await setTargets(k, resources, { local });

    const problems: string[] = [];
    if (k.flags.values.all === true && stringFlag(k, "selector")) problems.push("cannot set --all and --selector at the same time");
    const files = (k.flags.values.filename as string[]) ?? [];
    if (resources.length < 1 && files.length === 0 && !stringFlag(k, "kustomize")) problems.push("one or more resources must be specified as <resource> <name> or <resource>/<name>");
    if (images.size < 1) problems.push("at least one image update is required");
    else if (images.size > 1 && images.has("*")) problems.push("all containers are already specified by *, but saw more than one container_name=container_image pairs");
    if (local && dryRun === "server") problems.push("cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
    checkErrors(problems.map(goError));

    const errs: unknown[] = [];
    const patches = calculatePatches(targets, (obj) => {
      const spec = podSpecOf(obj);
      for (const [name, image] of images) {
        const inInit = setImage(spec.initContainers, name, image);
        const inContainers = setImage(spec.containers, name, image);
        if (!inInit && !inContainers) errs.push(goError(`error: unable to find container named "${name}"`));
      }
      record(k, obj);
    });
    errs.push(
      ...sendPatches(k, patches, {
        printer,
        dryRun,
        local,
        failure: "failed to patch image update to pod template: ",
        skipUnchanged: true,
      }),
    );
    checkErrors(errs);
    return 0;
  },
};
