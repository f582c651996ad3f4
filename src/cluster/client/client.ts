/**
 * A client of the API server, bound to one identity, as client-go's
 * clientset is. Controllers, the scheduler, kubelets and kubectl all go
 * through one of these; none touches the store directly. When the API
 * server is not serving (its static pod is down), every call fails with the
 * connection-refused error kubectl prints.
 */
import type { KubeObject, ObjectList, UserInfo, WatchEvent } from "../api/types.js";
import { ConnectionRefusedError } from "../api/errors.js";
import type { ApiServer, DeleteOptions, ListOptions, WatchOptions, WriteOptions } from "../apiserver/apiserver.js";
import type { PatchType } from "../apiserver/patch/index.js";
import type { ResourceType } from "../apiserver/resources.js";
import type { Table } from "../apiserver/table.js";
import type { VersionInfo } from "../apiserver/version.js";

/** Where a client reaches the API server; `server` is null while it is down. */
export interface ApiEndpoint {
  readonly address: string;
  server(): ApiServer | null;
}

export class Client {
  constructor(
    private readonly endpoint: ApiEndpoint,
    readonly user: UserInfo,
    /** Receives the Warning the server sends with an answer (kubectl prints "Warning: ..."). */
    private readonly onWarning?: (warning: string) => void,
  ) {}

  /** The server's Warning for reads of a deprecated resource. */
  private warn(api: ApiServer, resource: string | ResourceType): void {
    if (!this.onWarning) return;
    const warning = (typeof resource === "string" ? api.registry.resolve(resource) : resource)?.warning;
    if (warning) this.onWarning(warning);
  }

  private api(): ApiServer {
    const s = this.endpoint.server();
    if (!s) throw new ConnectionRefusedError(this.endpoint.address);
    return s;
  }

  get address(): string {
    return this.endpoint.address;
  }

  /** GET /version. */
  serverVersion(): VersionInfo {
    return this.api().version();
  }

  /** The resource a name refers to (plural, short name, kind, `deployments.apps`), or undefined. */
  resolve(resource: string): ResourceType | undefined {
    return this.api().registry.resolve(resource);
  }

  resources(): readonly ResourceType[] {
    return this.api().registry.all();
  }

  get<T extends KubeObject = KubeObject>(resource: string | ResourceType, namespace: string | undefined, name: string): T {
    const api = this.api();
    this.warn(api, resource);
    return api.get(this.user, resource, namespace, name) as T;
  }

  /** get, or undefined when NotFound. */
  find<T extends KubeObject = KubeObject>(resource: string | ResourceType, namespace: string | undefined, name: string): T | undefined {
    try {
      return this.get<T>(resource, namespace, name);
    } catch (e) {
      if ((e as { reason?: string }).reason === "NotFound") return undefined;
      throw e;
    }
  }

  list<T extends KubeObject = KubeObject>(resource: string | ResourceType, namespace?: string, opts?: ListOptions): ObjectList<T> {
    const api = this.api();
    this.warn(api, resource);
    return api.list(this.user, resource, namespace, opts) as ObjectList<T>;
  }

  create<T extends KubeObject = KubeObject>(resource: string | ResourceType, namespace: string | undefined, obj: KubeObject, opts?: WriteOptions): T {
    return this.api().create(this.user, resource, namespace, obj, opts) as T;
  }

  update<T extends KubeObject = KubeObject>(resource: string | ResourceType, namespace: string | undefined, obj: KubeObject, opts?: WriteOptions): T {
    return this.api().update(this.user, resource, namespace, obj, opts) as T;
  }

  updateStatus<T extends KubeObject = KubeObject>(resource: string | ResourceType, namespace: string | undefined, obj: KubeObject): T {
    return this.api().update(this.user, resource, namespace, obj, { subresource: "status" }) as T;
  }

  patch<T extends KubeObject = KubeObject>(
    resource: string | ResourceType,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts?: WriteOptions,
  ): T {
    return this.api().patch(this.user, resource, namespace, name, type, patch, opts) as T;
  }

  delete(resource: string | ResourceType, namespace: string | undefined, name: string, opts?: DeleteOptions): KubeObject {
    return this.api().delete(this.user, resource, namespace, name, opts);
  }

  deleteCollection(resource: string | ResourceType, namespace: string | undefined, list: ListOptions, opts?: DeleteOptions): KubeObject[] {
    return this.api().deleteCollection(this.user, resource, namespace, list, opts);
  }

  watch(resource: string | ResourceType, namespace: string | undefined, opts: WatchOptions, handler: (ev: WatchEvent) => void): () => void {
    return this.api().watch(this.user, resource, namespace, opts, handler);
  }

  getScale(resource: string | ResourceType, namespace: string | undefined, name: string): KubeObject {
    return this.api().getScale(this.user, resource, namespace, name);
  }

  updateScale(resource: string | ResourceType, namespace: string | undefined, scale: KubeObject, opts?: WriteOptions): KubeObject {
    return this.api().updateScale(this.user, resource, namespace, scale, opts);
  }

  /** A pod's streaming subresource (log, exec, attach, portforward): authorizes it and returns the pod whose kubelet serves it. */
  connect(subresource: "log" | "exec" | "attach" | "portforward", namespace: string, name: string): KubeObject {
    return this.api().connect(this.user, subresource, namespace, name);
  }

  /** POST pods/<name>/eviction. */
  evict(namespace: string, name: string, eviction: KubeObject = {} as KubeObject, opts?: { dryRun?: boolean }): KubeObject {
    const body = { apiVersion: "policy/v1", kind: "Eviction", ...eviction, metadata: { name, namespace } };
    return this.api().create(this.user, "pods", namespace, body, { subresource: "eviction", dryRun: opts?.dryRun });
  }

  /** POST pods/<name>/binding. */
  bind(namespace: string, name: string, node: string): KubeObject {
    const body = { apiVersion: "v1", kind: "Binding", metadata: { name, namespace }, target: { apiVersion: "v1", kind: "Node", name: node } };
    return this.api().create(this.user, "pods", namespace, body, { subresource: "binding" });
  }

  /** Server-side printing (Accept: application/json;as=Table). */
  table(resource: string | ResourceType, objects: KubeObject[]): Table {
    return this.api().table(resource, objects);
  }

  /** Same endpoint, another identity (for --as, or a component's own credentials). */
  as(user: UserInfo): Client {
    return new Client(this.endpoint, user, this.onWarning);
  }
}
