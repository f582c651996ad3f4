/**
 * What every kubeadm command runs with: the machine it runs on (its files,
 * runtime and packages), the version of /usr/bin/kubeadm there, stdout and
 * stderr (klog lines carry kubeadm's pid), and clients built from a
 * kubeconfig file as client-go's clientcmd would (the server, the CA and
 * the client certificate the file names). API failures read as client-go's
 * errors do: `Get "https://controlplane:6443/api/v1/...": dial tcp
 * 192.168.100.10:6443: connect: connection refused`.
 */
import { parse as parseYaml } from "yaml";
import { ApiError, ConnectionRefusedError } from "../../../cluster/api/errors.js";
import type { UserInfo } from "../../../cluster/api/types.js";
import { Client } from "../../../cluster/client/client.js";
import { klogLine, type KlogSeverity } from "../../../cluster/klog.js";
import type { HostFilesystem } from "../../../host/filesystem.js";
import type { Machine } from "../../../host/machine.js";
import { parseCertificate } from "../../../pki/inspect.js";
import type { Output, ToolContext } from "../../tool.js";
import { KubeadmError } from "./cobra.js";

export const KUBERNETES_DIR = "/etc/kubernetes";
export const ADMIN_KUBECONFIG = "/etc/kubernetes/admin.conf";
export const KUBELET_KUBECONFIG = "/etc/kubernetes/kubelet.conf";
export const MANIFESTS_DIR = "/etc/kubernetes/manifests";

/** How many kubeadm processes each machine has started. */
const RUNS = new WeakMap<Machine, number>();

export class KubeadmRun {
  readonly fs: HostFilesystem;
  readonly pid: number;
  private micros = 0;

  constructor(
    readonly ctx: ToolContext,
    readonly machine: Machine,
    /** The kubeadm binary's version (v1.34.1). */
    readonly version: string,
    readonly io: Output,
  ) {
    this.fs = machine.fs;
    // A new process each run: pids move on with time and with every process started, as on a busy machine.
    const started = (RUNS.get(machine) ?? 0) + 1;
    RUNS.set(machine, started);
    this.pid = 20_000 + ((Math.floor(this.now() / 997) + started * 53) % 40_000);
  }

  now(): number {
    return this.ctx.cluster.clock.now();
  }

  /** fmt.Println to stdout. */
  println(line = ""): void {
    this.io.line(line);
  }

  print(text: string): void {
    this.io.out(text);
  }

  /** A klog line on stderr, microseconds apart from the last. */
  klog(severity: KlogSeverity, file: string, msg: string): void {
    this.micros = (this.micros + 137_913) % 1_000_000;
    const t = Math.floor(this.now() / 1000) * 1000 + this.micros / 1000;
    this.io.errLine(klogLine(t, severity, this.pid, file, msg));
  }

  get root(): boolean {
    return this.ctx.user === "root";
  }

  /**
   * Reads a file as kubeadm's process would: undefined when it is missing;
   * for a user other than root, Go's "open <path>: permission denied" when
   * the file (root's, like everything kubeadm wrote) is not world-readable.
   */
  read(path: string): string | undefined {
    const e = this.fs.entry(path);
    if (!e) return undefined;
    if (!this.root && e.type === "file" && (e.mode & 0o004) === 0) throw new KubeadmError(`open ${path}: permission denied`);
    return this.fs.read(path);
  }

  sleep(ms: number): Promise<void> {
    return this.ctx.sleep(ms);
  }

  /** The node name this machine registered as. */
  get nodeName(): string {
    return this.machine.nodeName;
  }

  /** Whether this node runs the control plane (kubeadm's IsControlPlaneNode: the kube-apiserver manifest exists). */
  get isControlPlane(): boolean {
    return this.fs.exists(`${MANIFESTS_DIR}/kube-apiserver.yaml`);
  }

  /** kubeconfigutil.ClientSetFromFile: a client as the file's current context says, or its load error. */
  clientFromFile(path: string): KubeClient {
    let text: string | undefined;
    try {
      text = this.read(path);
    } catch (e) {
      throw e instanceof KubeadmError ? e.wrap("failed to load admin kubeconfig") : e;
    }
    if (text === undefined) throw new KubeadmError(`failed to load admin kubeconfig: open ${path}: no such file or directory`);
    let raw: any;
    try {
      raw = parseYaml(text) ?? {};
    } catch (e) {
      throw new KubeadmError(`failed to load admin kubeconfig: ${(e as Error).message.split("\n")[0]}`);
    }
    const ctxName = raw["current-context"];
    const context = (raw.contexts ?? []).find((c: any) => c?.name === ctxName)?.context;
    if (!context) throw new KubeadmError(`failed to create API client configuration from kubeconfig: invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable`);
    const cluster = (raw.clusters ?? []).find((c: any) => c?.name === context.cluster)?.cluster ?? {};
    const user = (raw.users ?? []).find((u: any) => u?.name === context.user)?.user ?? {};
    const pem = (data: unknown, file: unknown): string | undefined => {
      if (typeof data === "string") return Buffer.from(data, "base64").toString("utf8");
      if (typeof file === "string") return this.fs.read(file);
      return undefined;
    };
    const server: string = cluster.server ?? "http://localhost:8080";
    const tls = { caPem: pem(cluster["certificate-authority-data"], cluster["certificate-authority"]), certPem: pem(user["client-certificate-data"], user["client-certificate"]) };
    const cert = tls.certPem ? parseCertificate(tls.certPem) : undefined;
    const identity: UserInfo = cert ? { username: cert.commonName, groups: [...cert.organizations, "system:authenticated"] } : { username: "system:anonymous", groups: ["system:unauthenticated"] };
    const hostPort = server.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
    const endpoint = this.ctx.cluster.endpointAt(hostPort.includes(":") ? hostPort : `${hostPort}:443`, this.ctx.host, tls);
    return new KubeClient(new Client(endpoint, identity), server, this.resolve(hostPort));
  }

  /** A hostname as the node's resolver sees it (/etc/hosts: the cluster's nodes). */
  private resolve(hostPort: string): string {
    const [host, port = "443"] = hostPort.split(":");
    const node = this.ctx.cluster.fixture.nodes.find((n) => n.name === host);
    return `${node?.ip ?? host}:${port}`;
  }
}

/** A client and how its requests fail, in client-go's words. */
export class KubeClient {
  constructor(
    readonly client: Client,
    /** https://controlplane:6443 */
    readonly server: string,
    /** The dialed address, 192.168.100.10:6443. */
    readonly dialed: string,
  ) {}

  /** Runs a request; a transport failure becomes `Get "<url>": <dial error>`, an API error its message. */
  call<T>(method: "Get" | "Post" | "Put" | "Patch" | "Delete", path: string, fn: (c: Client) => T): T {
    try {
      return fn(this.client);
    } catch (e) {
      if (e instanceof ConnectionRefusedError) {
        const detail = /^Unable to connect to the server: (.*)$/.exec(e.message)?.[1] ?? `dial tcp ${this.dialed}: connect: connection refused`;
        throw new KubeadmError(`${method} "${this.server}${path}": ${detail}`);
      }
      if (e instanceof ApiError) throw new KubeadmApiError(e);
      throw e;
    }
  }
}

/** An error the API server answered (its status kept, so callers can tell NotFound). */
export class KubeadmApiError extends KubeadmError {
  constructor(readonly apiError: ApiError) {
    super(apiError.message);
  }
}

/** The timeout query kubeadm's clients add to their requests. */
export const TIMEOUT = "?timeout=10s";
