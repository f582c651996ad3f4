/** kubectl create namespace NAME (pkg/cmd/create/create_namespace.go). */
import { defineGenerator } from "./generator.js";
import { objectMeta } from "./objects.js";

export const createNamespaceCommand = defineGenerator({
  name: "namespace",
  aliases: ["ns"],
  short: "Create a namespace with the specified name",
  long: "Create a namespace with the specified name.",
  examples: "  # Create a new namespace named my-namespace\n  kubectl create namespace my-namespace",
  usage: "kubectl create namespace NAME [--dry-run=server|client|none] [options]",
  flags: [],
  resource: "namespaces",
  // The API error is reported as is: `Error from server (AlreadyExists): namespaces "x" already exists`.
  build: ({ name }) => ({ kind: "Namespace", apiVersion: "v1", metadata: objectMeta({ name }), spec: {}, status: {} }),
});
