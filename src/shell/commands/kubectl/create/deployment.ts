/**
 * kubectl create deployment NAME --image=IMAGE [--replicas] [--port] [-- COMMAND...]
 * (pkg/cmd/create/create_deployment.go).
 */
import { SeededRandom } from "../../../../cluster/random.js";
import { KubectlError } from "../errors.js";
import { listFlag, intFlag } from "../common/flags.js";
import { defineGenerator, type GeneratorInput } from "./generator.js";
import { objectMeta } from "./objects.js";

/** A container name from an image reference: last path element, without tag or digest. */
function containerName(image: string, random: () => SeededRandom): string {
  let name = image.split("/").pop() ?? image;
  if (name.includes(":")) name = name.split(":")[0];
  if (name.includes("@")) name = name.split("@")[0];
  // sanitizeAndUniquify: "." and "_" are not allowed in a DNS-1123 label.
  if (/[_.]/.test(name)) name = `${name.replace(/[_.]/g, "-")}-${random().string(5)}`;
  return name;
}

function build({ k, name, command, namespace, namespaceExplicit }: GeneratorInput) {
  const images = listFlag(k, "image");
  const labels = { app: name };
  let rng: SeededRandom | undefined;
  const random = () => (rng ??= new SeededRandom(`kubectl-create:${k.now()}:${name}`));
  const port = intFlag(k, "port");
  const containers = images.map((image, i) => ({
    name: containerName(image, random),
    image,
    command: command.length ? command : undefined,
    ports: i === 0 && port >= 0 ? [{ containerPort: port }] : undefined,
    resources: {},
  }));
  return {
    kind: "Deployment",
    apiVersion: "apps/v1",
    metadata: objectMeta({ name, namespace: namespaceExplicit ? namespace : undefined, labels }),
    spec: {
      replicas: intFlag(k, "replicas"),
      selector: { matchLabels: { ...labels } },
      template: { metadata: objectMeta({ labels: { ...labels } }), spec: { containers } },
      strategy: {},
    },
    status: {},
  };
}

export const createDeploymentCommand = defineGenerator({
  name: "deployment",
  aliases: ["deploy"],
  short: "Create a deployment with the specified name",
  long: "Create a deployment with the specified name.",
  examples:
    "  # Create a deployment named my-dep that runs the busybox image\n  kubectl create deployment my-dep --image=busybox\n  \n  # Create a deployment with a command\n  kubectl create deployment my-dep --image=busybox -- date\n  \n  # Create a deployment named my-dep that runs the nginx image with 3 replicas\n  kubectl create deployment my-dep --image=nginx --replicas=3\n  \n  # Create a deployment named my-dep that runs the busybox image and expose port 5701\n  kubectl create deployment my-dep --image=busybox --port=5701\n  \n  # Create a deployment named my-dep that runs multiple containers\n  kubectl create deployment my-dep --image=busybox:latest --image=ubuntu:latest --image=nginx",
  usage: "kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]",
  flags: [
    { name: "image", type: "stringSlice", usage: "Image names to run. A deployment can have multiple images set for multi-container pod." },
    { name: "port", type: "int", default: -1, usage: "The containerPort that this deployment exposes." },
    { name: "replicas", short: "r", type: "int", default: 1, usage: "Number of replicas to create. Default is 1." },
  ],
  required: ["image"],
  resource: "deployments",
  createErrorPrefix: "failed to create deployment: ",
  validate({ k, command }) {
    if (listFlag(k, "image").length > 1 && command.length > 0) throw new KubectlError("cannot specify multiple --image options and command");
  },
  build,
});
