/**
 * kubectl create cronjob NAME --image=IMAGE --schedule='*\/1 * * * *' [--restart]
 * [-- COMMAND...] (pkg/cmd/create/create_cronjob.go).
 */
import { stringFlag } from "../common/flags.js";
import { defineGenerator } from "./generator.js";
import { objectMeta } from "./objects.js";

export const createCronJobCommand = defineGenerator({
  name: "cronjob",
  aliases: ["cj"],
  short: "Create a cron job with the specified name",
  long: "Create a cron job with the specified name.",
  examples:
    '  # Create a cron job\n  kubectl create cronjob my-job --image=busybox --schedule="*/1 * * * *"\n  \n  # Create a cron job with a command\n  kubectl create cronjob my-job --image=busybox --schedule="*/1 * * * *" -- date',
  usage: "kubectl create cronjob NAME --image=image --schedule='0/5 * * * ?' -- [COMMAND] [args...] [flags] [options]",
  flags: [
    { name: "image", type: "string", usage: "Image name to run." },
    { name: "restart", type: "string", usage: "job's restart policy. supported values: OnFailure, Never" },
    { name: "schedule", type: "string", usage: "A schedule in the Cron format the job should be run with." },
  ],
  required: ["image", "schedule"],
  resource: "cronjobs",
  createErrorPrefix: "failed to create cronjob: ",
  build: ({ k, name, command, namespace, namespaceExplicit }) => ({
    kind: "CronJob",
    apiVersion: "batch/v1",
    metadata: objectMeta({ name, namespace: namespaceExplicit ? namespace : undefined }),
    spec: {
      schedule: stringFlag(k, "schedule"),
      jobTemplate: {
        metadata: objectMeta({ name }),
        spec: {
          template: {
            metadata: {},
            spec: {
              containers: [{ name, image: stringFlag(k, "image"), command: command.length ? command : undefined, resources: {} }],
              restartPolicy: stringFlag(k, "restart") || "OnFailure",
            },
          },
        },
      },
    },
    status: {},
  }),
});
