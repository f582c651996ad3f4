/**
 * kubectl cluster-info (pkg/cmd/clusterinfo/clusterinfo.go): the API
 * server's address and the proxy URL of each Service labelled
 * kubernetes.io/cluster-service=true (CoreDNS on a kubeadm cluster), then the
 * dump hint. Since v1.32 the names and links are no longer coloured.
 *
 * kubectl cluster-info dump (clusterinfo_dump.go): nodes, then per namespace
 * its events, replication controllers, services, daemon sets, deployments,
 * replica sets and pods, and every container's log, to stdout or as files
 * under --output-directory.
 */
import type { KubeObject } from "../../../cluster/api/types.js";
import { resolvePath } from "../../tool.js";
import { PRINT_FLAGS, sortedFlags } from "./common/flags.js";
import { podLogs } from "./common/kubelet-connection.js";
import { objectPrinter } from "./printers/output.js";
import { printFlagsFormat } from "./common/print.js";
import type { KubectlContext, Subcommand } from "./types.js";

/** utilnet.JoinSchemeNamePort. */
function joinSchemeNamePort(scheme: string, name: string, port: string): string {
  if (scheme) return port ? `${scheme}:${name}:${port}` : `${scheme}:${name}:`;
  return port ? `${name}:${port}` : name;
}

const dumpCommand: Subcommand = {
  name: "dump",
  short: "Dump relevant information for debugging and diagnosis",
  long: `Dump cluster information out suitable for debugging and diagnosing cluster problems.  By default, dumps everything to stdout. You can optionally specify a directory with --output-directory.  If you specify a directory, Kubernetes will build a set of files in that directory.  By default, only dumps things in the current namespace and 'kube-system' namespace, but you can switch to a different namespace with the --namespaces flag, or specify --all-namespaces to dump all namespaces.

 The command also dumps the logs of all of the pods in the cluster; these logs are dumped into different directories based on namespace and pod name.`,
  examples: `  # Dump current cluster state to stdout
  kubectl cluster-info dump
  
  # Dump current cluster state to /path/to/cluster-state
  kubectl cluster-info dump --output-directory=/path/to/cluster-state
  
  # Dump all namespaces to stdout
  kubectl cluster-info dump --all-namespaces
  
  # Dump a set of namespaces to /path/to/cluster-state
  kubectl cluster-info dump --namespaces default,kube-system --output-directory=/path/to/cluster-state`,
  usage: "kubectl cluster-info dump [flags] [options]",
  flags: sortedFlags([
    { name: "all-namespaces", short: "A", type: "bool", usage: "If true, dump all namespaces.  If true, --namespaces is ignored." },
    ...PRINT_FLAGS.map((f) => (f.name === "output" ? { ...f, default: "json" } : f)),
    { name: "namespaces", type: "stringSlice", usage: "A comma separated list of namespaces to dump." },
    {
      name: "output-directory",
      type: "string",
      usage: "Where to output the files.  If empty or '-' uses stdout, otherwise creates a directory hierarchy in that directory",
    },
    {
      name: "pod-running-timeout",
      type: "duration",
      default: "20s",
      usage: "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running",
    },
  ]),
  async run(k) {
    const output = String(k.flags.values.output ?? "json");
    const format = (await printFlagsFormat(k, "json")) ?? { kind: "name" };
    const printer = objectPrinter(format, { allowMissingKeys: k.flags.values["allow-missing-template-keys"] !== false });
    const dir = String(k.flags.values["output-directory"] ?? "");
    const toFiles = dir !== "" && dir !== "-";
    const ext = output === "json" ? ".json" : output === "yaml" ? ".yaml" : ".txt";
    const files = new Map<string, string>();
    const write = (name: string, extension: string, text: string) => {
      if (!toFiles) k.out.out(text);
      else files.set(`${name}${extension}`, (files.get(`${name}${extension}`) ?? "") + text);
    };
    const list = (resource: string, ns?: string) => k.client.list(resource, ns) as unknown as KubeObject;
    write("nodes", ext, printer.print(list("nodes")));
    let namespaces: string[];
    if (k.flags.values["all-namespaces"] === true) namespaces = k.client.list("namespaces").items.map((n) => n.metadata.name!);
    else namespaces = (k.flags.values.namespaces as string[]).length ? (k.flags.values.namespaces as string[]) : ["kube-system", k.namespace];
    for (const ns of namespaces) {
      for (const [resource, file] of [
        ["events", "events"],
        ["replicationcontrollers", "replication-controllers"],
        ["services", "services"],
        ["daemonsets", "daemonsets"],
        ["deployments", "deployments"],
        ["replicasets", "replicasets"],
      ]) {
        // The simulator does not serve replication controllers: an empty list, as a cluster without any shows.
        const items = k.client.resolve(resource) ? list(resource, ns) : ({ apiVersion: "v1", kind: "ReplicationControllerList", metadata: { resourceVersion: "" }, items: [] } as unknown as KubeObject);
        write(`${ns}/${file}`, ext, printer.print(items));
      }
      const pods = k.client.list("pods", ns);
      write(`${ns}/pods`, ext, printer.print(pods as unknown as KubeObject));
      for (const pod of pods.items) {
        for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
          const where = `container ${c.name} of pod ${ns}/${pod.metadata.name}`;
          let text: string;
          try {
            text = podLogs(k, pod, { container: c.name });
          } catch (e) {
            text = `Request log error: ${(e as Error).message}\n`;
          }
          write(`${ns}/${pod.metadata.name}/logs`, ".txt", `==== START logs for ${where} ====\n${text}==== END logs for ${where} ====\n`);
        }
      }
    }
    if (toFiles) {
      for (const [name, text] of files) {
        const p = resolvePath(k.tool.cwd, `${dir}/${name}`);
        await k.tool.fs.mkdir(p.slice(0, p.lastIndexOf("/")), { recursive: true });
        await k.tool.fs.writeFile(p, text);
      }
      k.out.line(`Cluster info dumped to ${dir}`);
    }
    return 0;
  },
};

export const clusterInfoCommand: Subcommand = {
  name: "cluster-info",
  short: "Display cluster information",
  long: `Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.`,
  examples: `  # Print the address of the control plane and cluster services
  kubectl cluster-info`,
  usage: "kubectl cluster-info [flags] [options]",
  subcommands: [dumpCommand],
  async run(k) {
    // A kubeconfig that cannot be used fails before anything is printed.
    const client = k.client;
    const host = k.server;
    // Only --namespace counts here; the context's namespace does not.
    const namespace = String(k.flags.values.namespace ?? "") || "kube-system";
    let error: unknown;
    try {
      const services = client.list("services", namespace, { labelSelector: "kubernetes.io/cluster-service=true" }).items;
      k.out.line(`Kubernetes control plane is running at ${host}`);
      for (const svc of services) {
        let link = "";
        const ingress = svc.status?.loadBalancer?.ingress?.[0];
        if (ingress) {
          const ip = ingress.ip || ingress.hostname;
          for (const p of svc.spec?.ports ?? []) link += `http://${ip}:${p.port} `;
        } else {
          let name = svc.metadata.name!;
          const port = svc.spec?.ports?.[0];
          if (port) name = joinSchemeNamePort(port.name === "https" || port.port === 443 ? "https" : "", name, port.name ?? "");
          link = `${host}/api/v1/namespaces/${svc.metadata.namespace}/services/${name}/proxy`;
        }
        k.out.line(`${svc.metadata.labels?.["kubernetes.io/name"] || svc.metadata.name} is running at ${link}`);
      }
    } catch (e) {
      error = e;
    }
    k.out.out("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
    if (error) throw error;
    return 0;
  },
};
