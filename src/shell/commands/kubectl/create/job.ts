/**
 * kubectl create job NAME --image=IMAGE [-- COMMAND...] | --from=cronjob/NAME
 * (pkg/cmd/create/create_job.go).
 */
import { parseResourceArgs } from "../builder.js";
import { KubectlError } from "../errors.js";
import { stringFlag } from "../common/flags.js";
import type { KubectlContext } from "../types.js";
import { defineGenerator, type GeneratorInput } from "./generator.js";
import { objectMeta } from "./objects.js";

/** The CronJob --from names, read from the server. */
function fromCronJob(k: KubectlContext, from: string, namespace: string) {
  const selections = parseResourceArgs(k.client, [from]);
  const names = selections.flatMap((s) => s.names.map((n) => ({ resource: s.resource, name: n })));
  if (names.length === 0) throw new KubectlError("resource(s) were provided, but no name was specified");
  if (names.length !== 1) throw new KubectlError("from must be an existing cronjob");
  const { resource, name } = names[0];
  const obj = k.client.get(resource, resource.namespaced ? namespace : undefined, name);
  if (resource.kind !== "CronJob" || resource.group !== "batch") {
    throw new KubectlError(`unknown object type ${resource.custom ? "*unstructured.Unstructured" : `*${resource.version}.${resource.kind}`}`);
  }
  return obj;
}

function build({ k, name, command, namespace, namespaceExplicit }: GeneratorInput) {
  const ns = namespaceExplicit ? namespace : undefined;
  const from = stringFlag(k, "from");
  if (from) {
    const cronJob = fromCronJob(k, from, namespace);
    const template = cronJob.spec?.jobTemplate ?? {};
    return {
      kind: "Job",
      apiVersion: "batch/v1",
      metadata: objectMeta({
        name,
        namespace: ns,
        labels: template.metadata?.labels,
        annotations: { "cronjob.kubernetes.io/instantiate": "manual", ...(template.metadata?.annotations ?? {}) },
        ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: cronJob.metadata.name!, uid: cronJob.metadata.uid!, controller: true }],
      }),
      spec: template.spec ?? {},
      status: {},
    };
  }
  return {
    kind: "Job",
    apiVersion: "batch/v1",
    metadata: objectMeta({ name, namespace: ns }),
    spec: {
      template: {
        metadata: {},
        spec: {
          containers: [{ name, image: stringFlag(k, "image"), command: command.length ? command : undefined, resources: {} }],
          restartPolicy: "Never",
        },
      },
    },
    status: {},
  };
}

export const createJobCommand = defineGenerator({
  name: "job",
  short: "Create a job with the specified name",
  long: "Create a job with the specified name.",
  examples:
    '  # Create a job\n  kubectl create job my-job --image=busybox\n  \n  # Create a job with a command\n  kubectl create job my-job --image=busybox -- date\n  \n  # Create a job from a cron job named "a-cronjob"\n  kubectl create job test-job --from=cronjob/a-cronjob',
  usage: "kubectl create job NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...] [options]",
  flags: [
    { name: "from", type: "string", usage: "The name of the resource to create a Job from (only cronjob is supported)." },
    { name: "image", type: "string", usage: "Image name to run." },
  ],
  resource: "jobs",
  createErrorPrefix: "failed to create job: ",
  validate({ k, command }) {
    if (!stringFlag(k, "image") === !stringFlag(k, "from")) throw new KubectlError("either --image or --from must be specified");
    if (command.length > 0 && stringFlag(k, "from")) throw new KubectlError("cannot specify --from and command");
  },
  build,
});

