/**
 * kubectl port-forward TYPE/NAME [LOCAL_PORT:]REMOTE_PORT...
 * (pkg/cmd/portforward/portforward.go): every check the real command makes
 * before it listens runs with its own error (the pod or workload, named
 * ports of the pod or the Service, UDP ports, a running pod, the port
 * numbers), then kubedojo refuses plainly: the simulated cluster opens no
 * port on this machine. The refusal says how to reach the same port from
 * inside the cluster instead.
 */
import type { KubeObject } from "../../../cluster/api/types.js";
import { KubectlError, UsageError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";
import { sortedFlags } from "./common/flags.js";
import { interruptible } from "./common/interruptible.js";
import { POD_RUNNING_TIMEOUT_FLAG, objectForArg, podForObject, podRunningTimeoutMs } from "./common/pod-for-object.js";

interface Port {
  name?: string;
  port?: number;
  containerPort?: number;
  protocol?: string;
  targetPort?: number | string;
}

function splitPort(spec: string): [string, string] {
  const parts = spec.split(":");
  return parts.length === 2 ? [parts[0], parts[1]] : [parts[0], parts[0]];
}

const isNumber = (s: string) => /^[+-]?\d+$/.test(s);

function containerPorts(pod: KubeObject, kinds: string[] = ["containers", "initContainers"]): Port[] {
  return kinds.flatMap((kind) => ((pod.spec?.[kind] ?? []) as Array<{ ports?: Port[] }>).flatMap((c) => c.ports ?? []));
}

/** util.LookupContainerPortNumberByName. */
function podPortByName(pod: KubeObject, name: string): number {
  const p = containerPorts(pod).find((x) => x.name === name);
  if (!p) throw new KubectlError(`Pod '${pod.metadata.name}' does not have a named port '${name}'`);
  return p.containerPort!;
}

/** util.LookupServicePortNumberByName. */
function servicePortByName(svc: KubeObject, name: string): number {
  const p = ((svc.spec?.ports ?? []) as Port[]).find((x) => x.name === name);
  if (!p) throw new KubectlError(`Service '${svc.metadata.name}' does not have a named port '${name}'`);
  return p.port!;
}

/** checkUDPPortInService / checkUDPPortInPod: ports only served over UDP cannot be forwarded. */
function checkUdp(ports: string[], declared: Port[], portOf: (p: Port) => number | undefined, byName: (name: string) => number): void {
  const udp = new Set<number>();
  const tcp = new Set<number>();
  for (const p of declared) {
    const n = portOf(p);
    if (n === undefined) continue;
    if (p.protocol === "UDP") udp.add(n);
    else if ((p.protocol ?? "TCP") === "TCP") tcp.add(n);
  }
  for (const spec of ports) {
    const [, remote] = splitPort(spec);
    const n = isNumber(remote) ? Number(remote) : byName(remote);
    if (udp.has(n) && !tcp.has(n)) throw new KubectlError(`UDP protocol is not supported for ${remote}`);
  }
}

/** translateServicePortToTargetPort: a Service port becomes the container port behind it. */
function serviceToPodPorts(ports: string[], svc: KubeObject, pod: KubeObject): string[] {
  return ports.map((spec) => {
    let [local, remote] = splitPort(spec);
    let portnum: number;
    if (isNumber(remote)) portnum = Number(remote);
    else {
      portnum = servicePortByName(svc, remote);
      if (local === remote) local = String(portnum);
    }
    const sp = ((svc.spec?.ports ?? []) as Port[]).find((p) => p.port === portnum);
    if (!sp) throw new KubectlError(`Service ${svc.metadata.name} does not have a service port ${portnum}`);
    let container: number;
    if (svc.spec?.clusterIP === "None") container = portnum;
    else if (typeof sp.targetPort === "string" && !isNumber(sp.targetPort)) container = podPortByName(pod, sp.targetPort);
    else container = Number(sp.targetPort ?? 0) || sp.port!;
    remote = String(container);
    return local !== remote ? `${local}:${remote}` : remote;
  });
}

/** convertPodNamedPortToNumber. */
function podPorts(ports: string[], pod: KubeObject): string[] {
  return ports.map((spec) => {
    const [local, remote] = splitPort(spec);
    if (remote === "") throw new KubectlError("remote port cannot be empty");
    const number = isNumber(remote) ? remote : String(podPortByName(pod, remote));
    return local !== remote ? `${local}:${number}` : number;
  });
}

/** client-go portforward.parsePorts: 16-bit numbers, a remote port above zero. */
function parsePorts(ports: string[]): Array<{ local: number; remote: number }> {
  return ports.map((spec) => {
    const parts = spec.split(":");
    const [localText, remoteText] = parts.length === 2 ? [parts[0] === "" ? "0" : parts[0], parts[1]] : [parts[0], parts[0]];
    const parse = (s: string, which: string): number => {
      if (!/^\d+$/.test(s)) throw new KubectlError(`error parsing ${which} port '${s}': strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
      if (Number(s) > 65535) throw new KubectlError(`error parsing ${which} port '${s}': strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
      return Number(s);
    };
    const local = parse(localText, "local");
    const remote = parse(remoteText, "remote");
    if (remote === 0) throw new KubectlError("remote port must be > 0");
    return { local, remote };
  });
}

/** The explained refusal (printed after `error: `), with the in-cluster ways to the same port. */
function refusal(k: KubectlContext, pod: KubeObject, ports: Array<{ local: number; remote: number }>): string {
  const name = pod.metadata.name;
  const ns = pod.metadata.namespace !== k.namespace ? ` -n ${pod.metadata.namespace}` : "";
  const { local, remote } = ports[0];
  const lines = [
    `kubedojo does not forward ports: the simulated cluster cannot listen on ${local ? `127.0.0.1:${local}` : "a local port"} of this machine.`,
    `To reach port ${remote} of pod/${name}, work from inside the cluster:`,
    `  kubectl exec${ns} ${name} -- wget -qO- http://localhost:${remote}`,
  ];
  if (pod.status?.podIP) lines.push(`  curl http://${pod.status.podIP}:${remote}        (on a node, e.g. after 'ssh controlplane')`);
  return lines.join("\n");
}

export const portForwardCommand: Subcommand = {
  name: "port-forward",
  short: "Forward one or more local ports to a pod",
  long: `Forward one or more local ports to a pod.

 Use resource type/name such as deployment/mydeployment to select a pod. Resource type defaults to 'pod' if omitted.

 If there are multiple pods matching the criteria, a pod will be selected automatically. The forwarding session ends when the selected pod terminates, and a rerun of the command is needed to resume forwarding.`,
  examples: `  # Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in the pod
  kubectl port-forward pod/mypod 5000 6000
  
  # Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in a pod selected by the deployment
  kubectl port-forward deployment/mydeployment 5000 6000
  
  # Listen on port 8443 locally, forwarding to the targetPort of the service's port named "https" in a pod selected by the service
  kubectl port-forward service/myservice 8443:https
  
  # Listen on port 8888 locally, forwarding to 5000 in the pod
  kubectl port-forward pod/mypod 8888:5000
  
  # Listen on port 8888 on all addresses, forwarding to 5000 in the pod
  kubectl port-forward --address 0.0.0.0 pod/mypod 8888:5000
  
  # Listen on port 8888 on localhost and selected IP, forwarding to 5000 in the pod
  kubectl port-forward --address localhost,10.19.21.23 pod/mypod 8888:5000
  
  # Listen on a random port locally, forwarding to 5000 in the pod
  kubectl port-forward pod/mypod :5000`,
  usage: "kubectl port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]",
  flags: sortedFlags([
    {
      name: "address",
      type: "stringSlice",
      default: ["localhost"],
      usage:
        "Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, kubectl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.",
    },
    POD_RUNNING_TIMEOUT_FLAG("1m0s"),
  ]),
  run(k) {
    return interruptible(async () => {
      if (k.args.length < 2) throw new UsageError("TYPE/NAME and list of ports are required for port-forward");
      const timeoutMs = podRunningTimeoutMs(k);
      const obj = objectForArg(k, k.args[0]);
      const { pod } = await podForObject(k, obj, timeoutMs, "active", "attach to");
      const requested = k.args.slice(1);
      let ports: string[];
      if (obj.kind === "Service") {
        checkUdp(requested, obj.spec?.ports ?? [], (p) => p.port, (n) => servicePortByName(obj, n));
        ports = serviceToPodPorts(requested, obj, pod);
      } else {
        checkUdp(requested, containerPorts(pod, ["containers"]), (p) => p.containerPort, (n) => podPortByName(pod, n));
        ports = podPorts(requested, pod);
      }
      if (ports.length < 1) throw new KubectlError("at least 1 PORT is required for port-forward");
      const live = k.client.get("pods", pod.metadata.namespace ?? k.namespace, pod.metadata.name!);
      if (live.status?.phase !== "Running") throw new KubectlError(`unable to forward port because pod is not running. Current status=${live.status?.phase ?? ""}`);
      k.client.connect("portforward", live.metadata.namespace!, live.metadata.name!);
      throw new KubectlError(refusal(k, live, parsePorts(ports)));
    });
  },
};
