/** kubectl create serviceaccount NAME (pkg/cmd/create/create_serviceaccount.go). */
import { defineGenerator } from "./generator.js";
import { objectMeta } from "./objects.js";

export const createServiceAccountCommand = defineGenerator({
  name: "serviceaccount",
  aliases: ["sa"],
  short: "Create a service account with the specified name",
  long: "Create a service account with the specified name.",
  examples: "  # Create a new service account named my-service-account\n  kubectl create serviceaccount my-service-account",
  usage: "kubectl create serviceaccount NAME [--dry-run=server|client|none] [options]",
  flags: [],
  resource: "serviceaccounts",
  createErrorPrefix: "failed to create serviceaccount: ",
  build: ({ name, namespace, namespaceExplicit }) => ({
    kind: "ServiceAccount",
    apiVersion: "v1",
    metadata: objectMeta({ name, namespace: namespaceExplicit ? namespace : undefined }),
  }),
});
