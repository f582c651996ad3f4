/**
 * Small in-memory filesystems: a node's (what hostPath volumes and the CNI
 * plugin see) and a container's (its image files plus mounted volumes), so
 * that `touch /tmp/healthy`, `cat /etc/config/app.conf`, flannel writing
 * /etc/cni/net.d/10-flannel.conflist and exec probes all act on real state.
 */

export interface Filesystem {
  read(path: string): string | undefined;
  /** Throws FsError (EROFS, ENOENT for a missing parent is not modelled: parents are created). */
  write(path: string, data: string, append?: boolean): void;
  exists(path: string): boolean;
  isDir(path: string): boolean;
  mkdir(path: string): void;
  /** Removes a file or (recursively) a directory; false when nothing was there. */
  remove(path: string, recursive?: boolean): boolean;
  /** Names directly inside a directory, sorted. */
  list(dir: string): string[];
  /** Bumped on every change, when the filesystem tracks it (lets readers cache what they parsed). */
  readonly generation?: number;
}

export class FsError extends Error {
  constructor(readonly code: "EROFS" | "ENOENT" | "EISDIR" | "ENOTDIR" | "ENOTEMPTY", message: string) {
    super(message);
  }
}

/** Normalises a path: absolute, no `.`/`..`, no trailing slash. */
export function normalizePath(path: string, cwd = "/"): string {
  const parts = (path.startsWith("/") ? path : `${cwd}/${path}`).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "" || p === ".") continue;
    if (p === "..") out.pop();
    else out.push(p);
  }
  return `/${out.join("/")}`;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

export class MemoryFilesystem implements Filesystem {
  private files = new Map<string, string>();
  private dirs = new Set<string>(["/"]);
  generation = 0;

  constructor(
    initial: Record<string, string> = {},
    readonly readOnly = false,
  ) {
    // Keys ending in "/" are directories.
    for (const [p, c] of Object.entries(initial)) {
      if (p.endsWith("/")) this.mkdirs(normalizePath(p));
      else this.put(normalizePath(p), c);
    }
  }

  /** Writes regardless of readOnly: how the kubelet fills configMap/secret volumes. */
  put(path: string, data: string): void {
    const p = normalizePath(path);
    this.mkdirs(parentOf(p));
    this.files.set(p, data);
    this.generation++;
  }

  /** Every file and its content (a frozen copy for subPath mounts). */
  snapshot(): Record<string, string> {
    return Object.fromEntries(this.files);
  }

  /** Replaces the whole content (a ConfigMap volume refreshed after an update). */
  replaceAll(files: Record<string, string>): void {
    this.files.clear();
    this.dirs = new Set(["/"]);
    this.generation++;
    for (const [p, c] of Object.entries(files)) this.put(p, c);
  }

  /** Creates a directory regardless of readOnly (mount points, volume layout). */
  mkdirp(path: string): void {
    this.mkdirs(normalizePath(path));
  }

  read(path: string): string | undefined {
    return this.files.get(normalizePath(path));
  }

  write(path: string, data: string, append = false): void {
    const p = normalizePath(path);
    if (this.readOnly) throw new FsError("EROFS", "Read-only file system");
    if (this.dirs.has(p)) throw new FsError("EISDIR", "Is a directory");
    this.mkdirs(parentOf(p));
    this.files.set(p, append ? (this.files.get(p) ?? "") + data : data);
    this.generation++;
  }

  exists(path: string): boolean {
    const p = normalizePath(path);
    return this.files.has(p) || this.dirs.has(p);
  }

  isDir(path: string): boolean {
    return this.dirs.has(normalizePath(path));
  }

  mkdir(path: string): void {
    if (this.readOnly) throw new FsError("EROFS", "Read-only file system");
    this.mkdirs(normalizePath(path));
  }

  remove(path: string, recursive = false): boolean {
    const p = normalizePath(path);
    if (this.readOnly) throw new FsError("EROFS", "Read-only file system");
    this.generation++;
    if (this.files.delete(p)) return true;
    if (!this.dirs.has(p) || p === "/") return false;
    const prefix = `${p}/`;
    const inside = [...this.files.keys(), ...this.dirs].some((k) => k.startsWith(prefix));
    if (inside && !recursive) throw new FsError("ENOTEMPTY", "Directory not empty");
    for (const k of [...this.files.keys()]) if (k.startsWith(prefix)) this.files.delete(k);
    for (const k of [...this.dirs]) if (k.startsWith(prefix)) this.dirs.delete(k);
    this.dirs.delete(p);
    return true;
  }

  list(dir: string): string[] {
    const d = normalizePath(dir);
    const prefix = d === "/" ? "/" : `${d}/`;
    const names = new Set<string>();
    for (const k of [...this.files.keys(), ...this.dirs]) {
      if (k !== d && k.startsWith(prefix)) names.add(k.slice(prefix.length).split("/")[0]);
    }
    return [...names].sort();
  }

  private mkdirs(path: string): void {
    this.generation++;
    let p = path;
    while (!this.dirs.has(p)) {
      this.dirs.add(p);
      p = parentOf(p);
    }
  }
}

/** A directory of another filesystem seen as a filesystem of its own (a hostPath or subPath mount). */
export class SubtreeFilesystem implements Filesystem {
  constructor(
    private readonly base: Filesystem,
    private readonly root: string,
    private readonly readOnly = false,
  ) {}

  get generation(): number | undefined {
    return this.base.generation;
  }

  private at(path: string): string {
    return normalizePath(`${this.root}/${normalizePath(path)}`);
  }

  read(path: string): string | undefined {
    return this.base.read(this.at(path));
  }

  write(path: string, data: string, append?: boolean): void {
    if (this.readOnly) throw new FsError("EROFS", "Read-only file system");
    this.base.write(this.at(path), data, append);
  }

  exists(path: string): boolean {
    return this.base.exists(this.at(path));
  }

  isDir(path: string): boolean {
    return this.base.isDir(this.at(path));
  }

  mkdir(path: string): void {
    if (this.readOnly) throw new FsError("EROFS", "Read-only file system");
    this.base.mkdir(this.at(path));
  }

  remove(path: string, recursive?: boolean): boolean {
    if (this.readOnly) throw new FsError("EROFS", "Read-only file system");
    return this.base.remove(this.at(path), recursive);
  }

  list(dir: string): string[] {
    return this.base.list(this.at(dir));
  }
}

export interface Mount {
  /** Where it appears in the container. */
  path: string;
  fs: Filesystem;
}

/**
 * A container's view: its own writable layer (the image's files), with
 * volumes mounted over it. The longest mount prefix wins, as in the kernel.
 */
export class ContainerFilesystem implements Filesystem {
  private mounts: Mount[];

  constructor(
    readonly rootfs: MemoryFilesystem,
    mounts: Mount[] = [],
  ) {
    this.mounts = [...mounts].map((m) => ({ path: normalizePath(m.path), fs: m.fs })).sort((a, b) => b.path.length - a.path.length);
    for (const m of this.mounts) rootfs.mkdirp(m.path);
  }

  private route(path: string): { fs: Filesystem; inner: string } {
    const p = normalizePath(path);
    for (const m of this.mounts) {
      if (p === m.path) return { fs: m.fs, inner: "/" };
      if (p.startsWith(`${m.path}/`)) return { fs: m.fs, inner: p.slice(m.path.length) };
    }
    return { fs: this.rootfs, inner: p };
  }

  read(path: string): string | undefined {
    const r = this.route(path);
    return r.fs.read(r.inner);
  }

  write(path: string, data: string, append?: boolean): void {
    const r = this.route(path);
    r.fs.write(r.inner, data, append);
  }

  exists(path: string): boolean {
    const r = this.route(path);
    return r.fs.exists(r.inner);
  }

  isDir(path: string): boolean {
    const r = this.route(path);
    return r.fs.isDir(r.inner);
  }

  mkdir(path: string): void {
    const r = this.route(path);
    r.fs.mkdir(r.inner);
  }

  remove(path: string, recursive?: boolean): boolean {
    const r = this.route(path);
    return r.fs.remove(r.inner, recursive);
  }

  list(dir: string): string[] {
    const d = normalizePath(dir);
    const r = this.route(d);
    const names = new Set(r.fs.list(r.inner));
    // Mount points directly under dir show up as entries too.
    for (const m of this.mounts) {
      const parent = m.path.slice(0, m.path.lastIndexOf("/")) || "/";
      if (parent === d) names.add(m.path.slice(m.path.lastIndexOf("/") + 1));
    }
    return [...names].sort();
  }
}
