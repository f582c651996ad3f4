/**
 * kubectl expose (-f FILENAME | TYPE NAME) [--port] [--target-port] [--type]
 * (pkg/cmd/expose/expose.go, polymorphichelpers): builds a Service for a
 * pod, service, replication controller, deployment or replica set, taking
 * the selector, the ports (and their protocols) and the labels from the
 * object unless flags give them, then creates it and prints
 * `service/NAME exposed`.
 */
import type { KubeObject } from "../../../cluster/api/types.js";
import { KubectlError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";
import { ErrorList } from "./common/errors.js";
import { filenameOptions } from "./common/file-objects.js";
import { DRY_RUN_FLAG, PRINT_FLAGS, SAVE_CONFIG_FLAG, dryRunStrategy, fieldManagerFlag, filenameFlags, sortedFlags, stringFlag } from "./common/flags.js";
import { setLastAppliedTyped } from "./common/last-applied.js";
import { OVERRIDE_FLAGS, applyOverrides } from "./common/overrides.js";
import { parseLabelSpec } from "./common/pairs.js";
import { ObjectPrinter } from "./common/print.js";
import { objectMeta } from "./create/objects.js";
import { RECORD_FLAG, record, warnRecordDeprecated } from "./record.js";
import { asTyped, checkErrors, findObjects, goError } from "./visit.js";

/** The state RunExpose keeps across the objects it visits (a selector or port found for the first is reused). */
interface ExposeState {
  selector: string;
  port: string;
  ports: string;
  protocols: string;
  labels: string;
}

/** polymorphichelpers.canBeExposed. */
const EXPOSABLE = new Set(["/ReplicationController", "/Service", "/Pod", "apps/Deployment", "apps/ReplicaSet"]);

/** MakeLabels: `k=v,k2=v2` (Go's map order; the result is parsed back into a map). */
function makeLabels(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
}

/** mapBasedSelectorForObject. */
function selectorForObject(obj: KubeObject): string {
  switch (obj.kind) {
    case "ReplicationController":
      return makeLabels(obj.spec?.selector);
    case "Pod":
      if (Object.keys(obj.metadata.labels ?? {}).length === 0) throw new Error("the pod has no labels and cannot be exposed");
      return makeLabels(obj.metadata.labels);
    case "Service":
      if (!obj.spec?.selector) throw new Error("the service has no pod selector set");
      return makeLabels(obj.spec.selector);
    case "Deployment":
    case "ReplicaSet": {
      const what = obj.kind === "Deployment" ? "deployment" : "replicaset";
      const sel = obj.spec?.selector;
      if (!sel || Object.keys(sel.matchLabels ?? {}).length === 0) throw new Error(`invalid ${what}: no selectors, therefore cannot be exposed`);
      if ((sel.matchExpressions ?? []).length > 0) {
        const exprs = sel.matchExpressions.map((e: any) => `{Key:${e.key} Operator:${e.operator} Values:[${(e.values ?? []).join(" ")}]}`).join(" ");
        throw new Error(`couldn't convert expressions - "[${exprs}]" to map-based selector format`);
      }
      return makeLabels(sel.matchLabels);
    }
    default:
      throw new Error(`cannot extract pod selector from *v1.${obj.kind}`);
  }
}

/** The pod spec a workload runs, for its ports. */
function podSpec(obj: KubeObject): any {
  return obj.kind === "Pod" ? obj.spec : obj.spec?.template?.spec;
}

/** portsForObject: container ports (or a service's ports), duplicates removed. */
function portsForObject(obj: KubeObject): string[] {
  const ports: number[] =
    obj.kind === "Service"
      ? (obj.spec?.ports ?? []).map((p: any) => p.port)
      : (podSpec(obj)?.containers ?? []).flatMap((c: any) => (c.ports ?? []).map((p: any) => p.containerPort));
  return [...new Set(ports.map(String))];
}

/** multiProtocolsForObject: port -> protocols (TCP when unset). */
function protocolsForObject(obj: KubeObject): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (port: number, protocol: string | undefined) => out.set(String(port), [...(out.get(String(port)) ?? []), protocol || "TCP"]);
  if (obj.kind === "Service") for (const p of obj.spec?.ports ?? []) add(p.port, p.protocol);
  else for (const c of podSpec(obj)?.containers ?? []) for (const p of c.ports ?? []) add(p.containerPort, p.protocol);
  return out;
}

/** parseProtocols: `port/protocol,...` into port -> protocols. */
function parseProtocols(spec: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const item of spec.split(",")) {
    const pp = item.split("/");
    if (pp.length !== 2) throw new KubectlError(`unexpected port protocol mapping: ${item}`);
    if (pp[0].length === 0) throw new KubectlError("unexpected empty port");
    if (pp[1].length === 0) throw new KubectlError("unexpected empty protocol");
    out.set(pp[0], [...(out.get(pp[0]) ?? []), pp[1]]);
  }
  return out;
}

/** strconv.Atoi. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new KubectlError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  return Number(s);
}

/** intstr.Parse: an integer when the text is one, else a port name. */
function intOrString(s: string): number | string {
  return /^[+-]?\d+$/.test(s) && Math.abs(Number(s)) <= 2147483647 ? Number(s) : s;
}

interface ServiceInputs extends ExposeState {
  name: string;
  protocol: string;
  targetPort: string;
  externalIP: string;
  type: string;
  loadBalancerIP: string;
  sessionAffinity: string;
  clusterIP: string;
}

/** createService: the Service as the Go struct is laid out (field order matters for -o json). */
function createService(o: ServiceInputs): KubeObject {
  if (o.selector.length === 0) throw new KubectlError("selector must be specified");
  const selector = parseLabelSpec(o.selector);
  const labels = o.labels.length > 0 ? parseLabelSpec(o.labels) : undefined;
  if (o.name.length === 0) throw new KubectlError("name must be specified");
  const portProtocols = o.protocols !== "" ? parseProtocols(o.protocols) : new Map<string, string[]>();
  const portString = o.ports || o.port;
  const ports: any[] = [];
  if (portString.length !== 0) {
    const list = portString.split(",");
    list.forEach((p, i) => {
      const port = atoi(p);
      const name = list.length > 1 ? `port-${i + 1}` : undefined;
      let protocol = o.protocol;
      if (protocol === "" && portProtocols.size === 0) protocol = "TCP";
      else if (protocol === "" && portProtocols.size > 0) {
        protocol = "TCP";
        const found = portProtocols.get(p);
        if (found) {
          if (found.length === 1) protocol = found[0];
          else {
            for (const proto of found) ports.push({ name: `port-${i + 1}-${proto.toLowerCase()}`, protocol: proto, port });
            return;
          }
        }
      }
      ports.push({ name, protocol, port });
    });
  }
  const target = o.targetPort.length > 0 ? intOrString(o.targetPort) : undefined;
  for (const p of ports) p.targetPort = target ?? p.port;
  const spec: Record<string, unknown> = { ports: ports.length ? ports : undefined, selector: sortedCopy(selector) };
  if (o.clusterIP.length !== 0) spec.clusterIP = o.clusterIP;
  if (o.type.length !== 0) spec.type = o.type;
  if (o.externalIP.length > 0) spec.externalIPs = [o.externalIP];
  if (o.sessionAffinity.length !== 0) {
    if (o.sessionAffinity !== "None" && o.sessionAffinity !== "ClientIP") throw new KubectlError(`unknown session affinity: ${o.sessionAffinity}`);
    spec.sessionAffinity = o.sessionAffinity;
  }
  if (o.type === "LoadBalancer" && o.loadBalancerIP) spec.loadBalancerIP = o.loadBalancerIP;
  return {
    kind: "Service",
    apiVersion: "v1",
    metadata: objectMeta({ name: o.name, labels }),
    spec: Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)),
    status: { loadBalancer: {} },
  };
}

function sortedCopy(m: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(m).sort().map((key) => [key, m[key]]));
}

export const exposeCommand: Subcommand = {
  name: "expose",
  short: "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service",
  long: "Expose a resource as a new Kubernetes service.\n\n Looks up a deployment, service, replica set, replication controller or pod by name and uses the selector for that resource as the selector for a new service on the specified port. A deployment or replica set will be exposed as a service only if its selector is convertible to a selector that service supports, i.e. when the selector contains only the matchLabels component. Note that if no port is specified via --port and the exposed resource has multiple ports, all will be re-used by the new service. Also if no labels are specified, the new service will re-use the labels from the resource it exposes.\n\n Possible resources include (case insensitive):\n\n pod (po), service (svc), replicationcontroller (rc), deployment (deploy), replicaset (rs)",
  examples:
    '  # Create a service for a replicated nginx, which serves on port 80 and connects to the containers on port 8000\n  kubectl expose rc nginx --port=80 --target-port=8000\n  \n  # Create a service for a replication controller identified by type and name specified in "nginx-controller.yaml", which serves on port 80 and connects to the containers on port 8000\n  kubectl expose -f nginx-controller.yaml --port=80 --target-port=8000\n  \n  # Create a service for a pod valid-pod, which serves on port 444 with the name "frontend"\n  kubectl expose pod valid-pod --port=444 --name=frontend\n  \n  # Create a second service based on the above service, exposing the container port 8443 as port 443 with the name "nginx-https"\n  kubectl expose service nginx --port=443 --target-port=8443 --name=nginx-https\n  \n  # Create a service for a replicated streaming application on port 4100 balancing UDP traffic and named \'video-stream\'.\n  kubectl expose rc streamer --port=4100 --protocol=UDP --name=video-stream\n  \n  # Create a service for a replicated nginx using replica set, which serves on port 80 and connects to the containers on port 8000\n  kubectl expose rs nginx --port=80 --target-port=8000\n  \n  # Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000\n  kubectl expose deployment nginx --port=80 --target-port=8000',
  usage:
    "kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]",
  flags: sortedFlags([
    ...PRINT_FLAGS,
    RECORD_FLAG,
    DRY_RUN_FLAG,
    SAVE_CONFIG_FLAG,
    fieldManagerFlag("kubectl-expose"),
    ...filenameFlags("identifying the resource to expose a service"),
    { name: "cluster-ip", type: "string", usage: "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service." },
    {
      name: "external-ip",
      type: "string",
      usage:
        "Additional external IP address (not managed by Kubernetes) to accept for the service. If this IP is routed to a node, the service can be accessed by this IP in addition to its generated service IP.",
    },
    { name: "labels", short: "l", type: "string", usage: "Labels to apply to the service created by this call." },
    { name: "load-balancer-ip", type: "string", usage: "IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific)." },
    { name: "name", type: "string", usage: "The name for the newly created object." },
    ...OVERRIDE_FLAGS,
    { name: "port", type: "string", usage: "The port that the service should serve on. Copied from the resource being exposed, if unspecified" },
    { name: "protocol", type: "string", usage: "The network protocol for the service to be created. Default is 'TCP'." },
    {
      name: "selector",
      type: "string",
      usage:
        "A label selector to use for this service. Only equality-based selector requirements are supported. If empty (the default) infer the selector from the replication controller or replica set.)",
    },
    { name: "session-affinity", type: "string", usage: "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'" },
    { name: "target-port", type: "string", usage: "Name or number for the port on the container that the service should direct traffic to. Optional." },
    { name: "type", type: "string", usage: "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'." },
  ]),
  async run(k: KubectlContext) {
    warnRecordDeprecated(k);
    const dryRun = dryRunStrategy(k);
    const printer = await ObjectPrinter.create(k, { operation: "exposed", dryRun });
    const errors = new ErrorList();
    const targets = await findObjects(k, { args: k.args, files: filenameOptions(k) }, errors);
    const state: ExposeState = {
      selector: stringFlag(k, "selector"),
      port: stringFlag(k, "port"),
      ports: "",
      protocols: "",
      labels: stringFlag(k, "labels"),
    };
    const clusterIP = stringFlag(k, "cluster-ip");
    const errs: unknown[] = [...errors.errors];
    for (const t of targets) {
      try {
        const obj = t.object as KubeObject;
        const groupKind = `${t.resource.group}/${t.resource.kind}`;
        if (!EXPOSABLE.has(groupKind)) throw goError(`cannot expose a ${t.resource.group ? `${t.resource.kind}.${t.resource.group}` : t.resource.kind}`);
        if (state.selector.length === 0) {
          try {
            state.selector = selectorForObject(obj);
          } catch (e) {
            throw goError(`couldn't retrieve selectors via --selector flag or introspection: ${(e as Error).message}`);
          }
        }
        if (state.port.length === 0) {
          const ports = portsForObject(obj);
          if (ports.length === 0 && clusterIP !== "None") throw goError("couldn't find port via --port flag or introspection");
          if (ports.length === 1) state.port = ports[0];
          else if (ports.length > 1) state.ports = ports.join(",");
        }
        const protocols = [...protocolsForObject(obj)].flatMap(([port, list]) => list.map((p) => `${port}/${p}`)).join(",");
        if (protocols.length > 0) state.protocols = protocols;
        if (state.labels.length === 0) state.labels = makeLabels(obj.metadata.labels);

        let service = createService({
          ...state,
          name: stringFlag(k, "name") || t.name.slice(0, 63),
          protocol: stringFlag(k, "protocol"),
          targetPort: stringFlag(k, "target-port"),
          externalIP: stringFlag(k, "external-ip"),
          type: stringFlag(k, "type"),
          loadBalancerIP: stringFlag(k, "load-balancer-ip"),
          sessionAffinity: stringFlag(k, "session-affinity"),
          clusterIP,
        });
        service = applyOverrides(k, service, "/Service");
        // The typed Service again: ServicePort.targetPort is a non-pointer IntOrString, written even when zero.
        for (const p of service.spec?.ports ?? []) p.targetPort ??= 0;
        record(k, service);
        if (dryRun === "client") {
          if (k.namespaceExplicit) service.metadata = objectMeta({ ...service.metadata, namespace: k.namespace });
          printer.print(service, { typed: true });
          continue;
        }
        if (k.flags.values["save-config"] === true) setLastAppliedTyped(service);
        const created = k.client.create("services", k.namespace, asTyped(k.client.resolve("services")!, service), { dryRun: dryRun === "server" });
        printer.print(created);
      } catch (e) {
        errs.push(e);
      }
    }
    checkErrors(errs);
    return 0;
  },
};
