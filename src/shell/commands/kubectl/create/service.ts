/**
 * kubectl create service clusterip|nodeport|loadbalancer|externalname NAME
 * (pkg/cmd/create/create_service.go): one builder, four service types.
 */
import type { FlagSpec } from "../../../flags.js";
import { isDns1123Subdomain } from "../../../../cluster/apiserver/validation/metadata.js";
import { KubectlError } from "../errors.js";
import { intFlag, listFlag, stringFlag } from "../common/flags.js";
import type { Subcommand } from "../types.js";
import { defineGenerator, defineGeneratorGroup, type GeneratorInput } from "./generator.js";
import { objectMeta } from "./objects.js";

type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";

const TCP_FLAG: FlagSpec = { name: "tcp", type: "stringSlice", usage: "Port pairs can be specified as '<port>:<targetPort>'." };

/** utilsnet.ParsePort(s, true): strconv.ParseUint(s, 10, 16). */
function parsePort(s: string): number {
  if (!/^\d+$/.test(s)) throw new KubectlError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) throw new KubectlError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** validation.IsValidPortName. */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push("must be no more than 15 characters");
  if (!/^[-a-z0-9]+$/.test(name)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(name)) errs.push("must contain at least one letter (a-z)");
  if (name.includes("--")) errs.push("must not contain consecutive hyphens");
  if (name.length > 0 && (name.startsWith("-") || name.endsWith("-"))) errs.push("must not begin or end with a hyphen");
  return errs;
}

/** `port[:targetPort]`, targetPort a number or a port name. */
function parsePorts(spec: string): { port: number; targetPort: number | string } {
  const parts = spec.split(":");
  const port = parsePort(parts[0]);
  if (parts.length === 1) return { port, targetPort: port };
  const target = parts[1];
  if (!/^[+-]?\d+$/.test(target)) {
    const errs = portNameErrors(target);
    if (errs.length) throw new KubectlError(errs.join(","));
    return { port, targetPort: target };
  }
  const n = Number(target);
  if (n < 1 || n > 65535) throw new KubectlError("must be between 1 and 65535, inclusive");
  return { port, targetPort: n };
}

function serviceGenerator(type: ServiceType, opts: { name: string; short: string; long: string; examples: string; usage: string; flags: FlagSpec[]; required?: string[] }): Subcommand {
  const clusterIP = (input: GeneratorInput) => (type === "ClusterIP" ? stringFlag(input.k, "clusterip") : "");
  return defineGenerator({
    ...opts,
    resource: "services",
    createErrorPrefix: `failed to create ${type} service: `,
    validate(input) {
      const ip = clusterIP(input);
      const tcp = listFlag(input.k, "tcp");
      if (ip === "None" && type !== "ClusterIP") throw new KubectlError("ClusterIP=None can only be used with ClusterIP service type");
      if (ip !== "None" && tcp.length === 0 && type !== "ExternalName") throw new KubectlError("at least one tcp port specifier must be provided");
      if (type === "ExternalName" && !isDns1123Subdomain(stringFlag(input.k, "external-name"))) {
        throw new KubectlError(`invalid service external name ${stringFlag(input.k, "external-name")}`);
      }
    },
    build(input) {
      const { k, name } = input;
      const nodePort = type === "NodePort" ? intFlag(k, "node-port") : 0;
      const ports = listFlag(k, "tcp").map((spec) => {
        const { port, targetPort } = parsePorts(spec);
        return { name: spec.replace(/:/g, "-"), protocol: "TCP", port, targetPort, nodePort: nodePort || undefined };
      });
      const ip = clusterIP(input);
      return {
        kind: "Service",
        apiVersion: "v1",
        metadata: objectMeta({ name, namespace: input.namespaceExplicit ? input.namespace : undefined, labels: { app: name } }),
        spec: {
          ports: ports.length ? ports : undefined,
          selector: { app: name },
          clusterIP: ip || undefined,
          type,
          externalName: type === "ExternalName" ? stringFlag(k, "external-name") || undefined : undefined,
        },
        status: { loadBalancer: {} },
      };
    },
  });
}

const clusterIPCommand = serviceGenerator("ClusterIP", {
  name: "clusterip",
  short: "Create a ClusterIP service",
  long: "Create a ClusterIP service with the specified name.",
  examples:
    '  # Create a new ClusterIP service named my-cs\n  kubectl create service clusterip my-cs --tcp=5678:8080\n  \n  # Create a new ClusterIP service named my-cs (in headless mode)\n  kubectl create service clusterip my-cs --clusterip="None"',
  usage: "kubectl create service clusterip NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [options]",
  flags: [TCP_FLAG, { name: "clusterip", type: "string", usage: "Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing)." }],
});

const nodePortCommand = serviceGenerator("NodePort", {
  name: "nodeport",
  short: "Create a NodePort service",
  long: "Create a NodePort service with the specified name.",
  examples: "  # Create a new NodePort service named my-ns\n  kubectl create service nodeport my-ns --tcp=5678:8080",
  usage: "kubectl create service nodeport NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
  flags: [TCP_FLAG, { name: "node-port", type: "int", usage: "Port used to expose the service on each node in a cluster." }],
});

const loadBalancerCommand = serviceGenerator("LoadBalancer", {
  name: "loadbalancer",
  short: "Create a LoadBalancer service",
  long: "Create a LoadBalancer service with the specified name.",
  examples: "  # Create a new LoadBalancer service named my-lbs\n  kubectl create service loadbalancer my-lbs --tcp=5678:8080",
  usage: "kubectl create service loadbalancer NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
  flags: [TCP_FLAG],
});

const externalNameCommand = serviceGenerator("ExternalName", {
  name: "externalname",
  short: "Create an ExternalName service",
  long: "Create an ExternalName service with the specified name.\n\n ExternalName service references to an external DNS address instead of only pods, which will allow application authors to reference services that exist off platform, on other clusters, or locally.",
  examples: "  # Create a new ExternalName service named my-ns\n  kubectl create service externalname my-ns --external-name bar.com",
  usage: "kubectl create service externalname NAME --external-name external.name [--dry-run=server|client|none] [options]",
  flags: [TCP_FLAG, { name: "external-name", type: "string", usage: "External name of service" }],
  required: ["external-name"],
});

export const createServiceCommand = defineGeneratorGroup({
  name: "service",
  aliases: ["svc"],
  short: "Create a service using a specified subcommand",
  long: "Create a service using a specified subcommand.",
  usage: "kubectl create service [flags] [options]",
  subcommands: [clusterIPCommand, externalNameCommand, loadBalancerCommand, nodePortCommand],
});
