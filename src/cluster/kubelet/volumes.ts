/**
 * The kubelet's volume manager, reduced to what a learner can observe: every
 * volume of a pod is set up before its sandbox (configMap, secret,
 * downwardAPI and projected volumes get their files, emptyDir a scratch
 * directory, hostPath and hostPath/local PVs the node's own directories),
 * and a missing ConfigMap or unbound claim keeps the pod in
 * ContainerCreating with FailedMount events, as in a real cluster.
 */
import type { KubeObject } from "../api/types.js";
import type { Client } from "../client/client.js";
import { dataOf, fieldRefValue, resourceFieldValue } from "./container-env.js";
import type { Container } from "./pod-spec.js";
import { MemoryFilesystem, SubtreeFilesystem, normalizePath, type Filesystem, type Mount } from "./runtime/filesystem.js";

export interface VolumeContext {
  client: Client;
  pod: KubeObject;
  nodeFs: Filesystem;
  podIP: string;
  hostIP: string;
  allocatable: Record<string, string>;
  /** Where network volumes (nfs, csi, ...) keep their data on this node, by PV name. */
  sharedVolumes: Map<string, MemoryFilesystem>;
  now(): number;
}

/** How long the kubelet serves a ConfigMap/Secret volume from its cache before looking again (about its sync period). */
const REFRESH_MS = 60_000;

/**
 * A ConfigMap/Secret/projected volume: its files come from the API and are
 * refreshed when read after the cache period, as the kubelet's periodic
 * sync updates mounted ConfigMaps (about a minute after an edit).
 */
class RefreshingVolume implements Filesystem {
  constructor(
    readonly files: MemoryFilesystem,
    private compute: () => Record<string, string>,
    private readonly now: () => number,
    private refreshedAt: number,
  ) {}

  /** New content source (the pod was synced again). */
  reset(compute: () => Record<string, string>): void {
    this.compute = compute;
  }

  private fresh(): void {
    if (this.now() - this.refreshedAt < REFRESH_MS) return;
    this.refreshedAt = this.now();
    try {
      this.files.replaceAll(this.compute());
    } catch {
      // the source went away or the API is down: the volume keeps its last content
    }
  }

  read(path: string): string | undefined {
    this.fresh();
    return this.files.read(path);
  }

  write(path: string, data: string, append?: boolean): void {
    this.files.write(path, data, append);
  }

  exists(path: string): boolean {
    this.fresh();
    return this.files.exists(path);
  }

  isDir(path: string): boolean {
    this.fresh();
    return this.files.isDir(path);
  }

  mkdir(path: string): void {
    this.files.mkdir(path);
  }

  remove(path: string, recursive?: boolean): boolean {
    return this.files.remove(path, recursive);
  }

  list(dir: string): string[] {
    this.fresh();
    return this.files.list(dir);
  }
}

export type MountResult = { ok: true } | { ok: false; message: string };

class MountError extends Error {}

/** A fake but well-formed service account JWT (header.claims.signature). */
function serviceAccountToken(pod: KubeObject, now: number, expirationSeconds: number): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const iat = Math.floor(now / 1000);
  const sa = pod.spec?.serviceAccountName ?? "default";
  const claims = {
    aud: ["https://kubernetes.default.svc.cluster.local"],
    exp: iat + expirationSeconds,
    iat,
    iss: "https://kubernetes.default.svc.cluster.local",
    jti: pod.metadata.uid,
    "kubernetes.io": { namespace: pod.metadata.namespace, node: { name: pod.spec?.nodeName }, pod: { name: pod.metadata.name, uid: pod.metadata.uid }, serviceaccount: { name: sa } },
    nbf: iat,
    sub: `system:serviceaccount:${pod.metadata.namespace}:${sa}`,
  };
  const sig = Buffer.from(`${pod.metadata.uid}:${iat}`).toString("base64url").padEnd(342, "A").slice(0, 342);
  return `${b64({ alg: "RS256", kid: "kubedojo" })}.${b64(claims)}.${sig}`;
}

/** Files of a ConfigMap/Secret volume: every key, or only `items` under their paths. */
function keyFiles(data: Record<string, string>, items: Array<{ key: string; path: string }> | undefined, what: string, optional: boolean): Record<string, string> {
  if (!items || items.length === 0) return Object.fromEntries(Object.entries(data).map(([k, v]) => [`/${k}`, v]));
  const out: Record<string, string> = {};
  for (const it of items) {
    if (!(it.key in data)) {
      if (optional) continue;
      throw new MountError(`${what} references non-existent config key: ${it.key}`);
    }
    out[`/${it.path}`] = data[it.key];
  }
  return out;
}

function downwardFiles(ctx: VolumeContext, items: any[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const it of items ?? []) {
    if (it.fieldRef) out[`/${it.path}`] = fieldRefValue(ctx.pod, it.fieldRef.fieldPath, ctx.podIP, ctx.hostIP);
    else if (it.resourceFieldRef) {
      const c = (ctx.pod.spec?.containers ?? []).find((x: Container) => x.name === it.resourceFieldRef.containerName);
      out[`/${it.path}`] = resourceFieldValue(c, it.resourceFieldRef, ctx.allocatable);
    }
  }
  return out;
}

export class PodVolumes {
  private volumes = new Map<string, Filesystem>();

  /** Sets up (or refreshes) every volume of the pod; the first failure stops it. */
  mount(ctx: VolumeContext): MountResult {
    for (const v of ctx.pod.spec?.volumes ?? []) {
      try {
        this.setUp(ctx, v);
      } catch (e) {
        if (e instanceof MountError) return { ok: false, message: `MountVolume.SetUp failed for volume "${v.name}" : ${e.message}` };
        if (e instanceof ClaimError) return { ok: false, message: `Unable to attach or mount volumes: unmounted volumes=[${v.name}], unattached volumes=[], failed to process volumes=[${v.name}]: ${e.message}` };
        throw e;
      }
    }
    return { ok: true };
  }

  /** A volume whose files come from the API: computed now (errors surface as FailedMount), refreshed later on reads. */
  private apiVolume(ctx: VolumeContext, name: string, compute: () => Record<string, string>): void {
    const existing = this.volumes.get(name);
    if (existing instanceof RefreshingVolume) {
      existing.reset(compute);
      return;
    }
    this.volumes.set(name, new RefreshingVolume(new MemoryFilesystem(compute(), true), compute, ctx.now, ctx.now()));
  }

  private find(ctx: VolumeContext, kind: "configmaps" | "secrets", name: string, optional: boolean): KubeObject | undefined {
    const obj = ctx.client.find(kind, ctx.pod.metadata.namespace!, name);
    if (!obj && !optional) throw new MountError(`${kind === "configmaps" ? "configmap" : "secret"} "${name}" not found`);
    return obj;
  }

  private setUp(ctx: VolumeContext, v: any): void {
    if (v.emptyDir !== undefined) {
      if (!this.volumes.has(v.name)) this.volumes.set(v.name, new MemoryFilesystem());
      return;
    }
    if (v.hostPath) {
      this.volumes.set(v.name, hostPathVolume(ctx.nodeFs, v.hostPath.path, v.hostPath.type ?? ""));
      return;
    }
    if (v.configMap) {
      this.apiVolume(ctx, v.name, () => {
        const cm = this.find(ctx, "configmaps", v.configMap.name, !!v.configMap.optional);
        return cm ? keyFiles(dataOf(cm, "configmaps"), v.configMap.items, `configMap "${v.configMap.name}"`, !!v.configMap.optional) : {};
      });
      return;
    }
    if (v.secret) {
      this.apiVolume(ctx, v.name, () => {
        const s = this.find(ctx, "secrets", v.secret.secretName, !!v.secret.optional);
        return s ? keyFiles(dataOf(s, "secrets"), v.secret.items, `secret "${v.secret.secretName}"`, !!v.secret.optional) : {};
      });
      return;
    }
    if (v.downwardAPI) {
      this.apiVolume(ctx, v.name, () => downwardFiles(ctx, v.downwardAPI.items));
      return;
    }
    if (v.projected) {
      this.apiVolume(ctx, v.name, () => {
        const files: Record<string, string> = {};
        for (const src of v.projected.sources ?? []) {
          if (src.serviceAccountToken) files[`/${src.serviceAccountToken.path}`] = serviceAccountToken(ctx.pod, ctx.now(), src.serviceAccountToken.expirationSeconds ?? 3607);
          if (src.configMap) {
            const cm = this.find(ctx, "configmaps", src.configMap.name, !!src.configMap.optional);
            if (cm) Object.assign(files, keyFiles(dataOf(cm, "configmaps"), src.configMap.items, `configMap "${src.configMap.name}"`, !!src.configMap.optional));
          }
          if (src.secret) {
            const s = this.find(ctx, "secrets", src.secret.name, !!src.secret.optional);
            if (s) Object.assign(files, keyFiles(dataOf(s, "secrets"), src.secret.items, `secret "${src.secret.name}"`, !!src.secret.optional));
          }
          if (src.downwardAPI) Object.assign(files, downwardFiles(ctx, src.downwardAPI.items));
        }
        return files;
      });
      return;
    }
    if (v.persistentVolumeClaim) {
      this.volumes.set(v.name, claimVolume(ctx, v.persistentVolumeClaim.claimName));
      return;
    }
    // nfs, csi, ephemeral, ...: storage we do not model beyond keeping the data.
    if (!this.volumes.has(v.name)) this.volumes.set(v.name, new MemoryFilesystem());
  }

  /** The mounts of one container, with subPath and readOnly applied. */
  mountsFor(c: Container): Mount[] | { error: string } {
    const out: Mount[] = [];
    for (const m of c.volumeMounts ?? []) {
      const fs = this.volumes.get(m.name);
      if (!fs) return { error: `cannot find volume "${m.name}" to mount into container "${c.name}"` };
      let view: Filesystem = fs;
      // A subPath mount of a ConfigMap is a copy taken at container start: it never sees updates.
      if (m.subPath && fs instanceof RefreshingVolume) {
        const file = fs.files.read(`/${m.subPath}`);
        const frozen = new MemoryFilesystem(file !== undefined ? { "/file": file } : {}, true);
        out.push({ path: m.mountPath, fs: file !== undefined ? new SubtreeFilesystem(frozen, "/file", true) : new SubtreeFilesystem(new MemoryFilesystem(fs.files.snapshot(), true), `/${m.subPath}`, true) });
        continue;
      }
      if (m.subPath) {
        if (m.subPath.startsWith("/") || m.subPath.split("/").includes("..")) return { error: `failed to prepare subPath for volumeMount "${m.name}" of container "${c.name}"` };
        if (!fs.exists(`/${m.subPath}`)) {
          try {
            fs.mkdir(`/${m.subPath}`);
          } catch {
            return { error: `failed to prepare subPath for volumeMount "${m.name}" of container "${c.name}"` };
          }
        }
        view = new SubtreeFilesystem(fs, `/${m.subPath}`, !!m.readOnly);
      } else if (m.readOnly) view = new SubtreeFilesystem(fs, "/", true);
      out.push({ path: m.mountPath, fs: view });
    }
    return out;
  }

  /** The backing store of a volume (tests and `kubectl exec` views). */
  volume(name: string): Filesystem | undefined {
    return this.volumes.get(name);
  }
}

class ClaimError extends Error {}

function hostPathVolume(nodeFs: Filesystem, path: string, type: string): Filesystem {
  const p = normalizePath(path);
  switch (type) {
    case "DirectoryOrCreate":
    case "":
      if (!nodeFs.exists(p)) nodeFs.mkdir(p);
      break;
    case "Directory":
      if (!nodeFs.isDir(p)) throw new MountError(`hostPath type check failed: ${p} is not a directory`);
      break;
    case "FileOrCreate":
      if (!nodeFs.exists(p)) nodeFs.write(p, "");
      break;
    case "File":
      if (!nodeFs.exists(p) || nodeFs.isDir(p)) throw new MountError(`hostPath type check failed: ${p} is not a file`);
      break;
    default:
      if (!nodeFs.exists(p)) throw new MountError(`hostPath type check failed: ${p} is not a ${type === "Socket" ? "socket file" : type === "CharDevice" ? "character device" : "block device"}`);
  }
  return new SubtreeFilesystem(nodeFs, p);
}

function claimVolume(ctx: VolumeContext, claimName: string): Filesystem {
  const ns = ctx.pod.metadata.namespace!;
  const pvc = ctx.client.find("persistentvolumeclaims", ns, claimName);
  if (!pvc) throw new ClaimError(`error processing PVC ${ns}/${claimName}: failed to fetch PVC from API server: persistentvolumeclaims "${claimName}" not found`);
  const pvName = pvc.spec?.volumeName;
  if (pvc.status?.phase !== "Bound" || !pvName) throw new ClaimError(`error processing PVC ${ns}/${claimName}: PVC is not bound`);
  const pv = ctx.client.find("persistentvolumes", undefined, pvName);
  if (!pv) throw new ClaimError(`error processing PVC ${ns}/${claimName}: failed to fetch PV ${pvName} from API server: persistentvolumes "${pvName}" not found`);
  if (pv.spec?.hostPath) return hostPathVolume(ctx.nodeFs, pv.spec.hostPath.path, pv.spec.hostPath.type ?? "");
  if (pv.spec?.local) {
    const p = normalizePath(pv.spec.local.path);
    if (!ctx.nodeFs.exists(p)) throw new MountError(`path "${p}" does not exist`);
    return new SubtreeFilesystem(ctx.nodeFs, p);
  }
  let shared = ctx.sharedVolumes.get(pvName);
  if (!shared) {
    shared = new MemoryFilesystem();
    ctx.sharedVolumes.set(pvName, shared);
  }
  return shared;
}
