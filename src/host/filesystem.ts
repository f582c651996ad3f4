/**
 * A node's filesystem: one in-memory tree that the node's components use
 * synchronously (the kubelet reading /etc/kubernetes/manifests, containers'
 * hostPath volumes, etcd's data dir) and the bash session uses through
 * just-bash's asynchronous IFileSystem interface. Times come from the
 * virtual clock (so `ls -l` is deterministic), symlinks work as on Linux
 * (kubelet-client-current.pem), and directory watchers stand in for inotify.
 */
import type { BufferEncoding, CpOptions, FileContent, FsStat, IFileSystem, MkdirOptions, RmOptions } from "just-bash";

// just-bash's option types that its index does not re-export.
type ReadFileOptions = Parameters<IFileSystem["readFile"]>[1];
type WriteFileOptions = Parameters<IFileSystem["writeFile"]>[2];
type DirentEntry = Awaited<ReturnType<NonNullable<IFileSystem["readdirWithFileTypes"]>>>[number];
import { FsError, normalizePath, type Filesystem } from "../cluster/kubelet/runtime/filesystem.js";

type Entry =
  | { type: "file"; content: string; mode: number; mtime: number }
  | { type: "directory"; mode: number; mtime: number }
  | { type: "symlink"; target: string; mode: number; mtime: number };

/** What changed in a watched directory (inotify's IN_CREATE/IN_MODIFY/IN_DELETE/IN_MOVED_*). */
export type FsChange = "create" | "modify" | "delete";
export type FsWatcher = (dir: string, name: string, change: FsChange) => void;

export interface FileInit {
  content: string;
  mode?: number;
}

const MAX_SYMLINK_DEPTH = 40;

function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function errno(code: string, syscall: string, path: string): Error {
  const text: Record<string, string> = {
    ENOENT: "no such file or directory",
    EISDIR: "illegal operation on a directory",
    ENOTDIR: "not a directory",
    ENOTEMPTY: "directory not empty",
    EEXIST: "file already exists",
    ELOOP: "too many symbolic links encountered",
    EINVAL: "invalid argument",
  };
  const e = new Error(`${code}: ${text[code] ?? code}, ${syscall} '${path}'`) as Error & { code: string };
  e.code = code;
  return e;
}

function toText(content: FileContent, encoding?: BufferEncoding | null): string {
  if (typeof content === "string") return encoding && encoding !== "utf8" && encoding !== "utf-8" ? Buffer.from(content, encoding).toString("utf8") : content;
  return Buffer.from(content).toString("utf8");
}

export class HostFilesystem implements Filesystem {
  /** @internal the tree itself (the bash view edits it directly) */
  readonly entries = new Map<string, Entry>();
  private watchers = new Map<string, Set<FsWatcher>>();
  generation = 0;

  constructor(
    private readonly now: () => number,
    initial: Record<string, string | FileInit> = {},
  ) {
    this.entries.set("/", { type: "directory", mode: 0o755, mtime: now() });
    for (const [p, c] of Object.entries(initial)) {
      if (p.endsWith("/")) this.mkdirp(p);
      else if (typeof c === "string") this.put(p, c);
      else this.put(p, c.content, c.mode);
    }
  }

  // ---------------------------------------------------------------- path resolution

  /** Follows symlinks in every component (and the last one unless followLast is false). */
  resolve(path: string, followLast = true): string {
    let p = normalizePath(path);
    for (let depth = 0; depth < MAX_SYMLINK_DEPTH; depth++) {
      const parts = p.split("/").filter(Boolean);
      let cur = "";
      let redirected = false;
      for (let i = 0; i < parts.length; i++) {
        const next = `${cur}/${parts[i]}`;
        const e = this.entries.get(next);
        const last = i === parts.length - 1;
        if (e?.type === "symlink" && (!last || followLast)) {
          const target = e.target.startsWith("/") ? e.target : `${cur || ""}/${e.target}`;
          p = normalizePath([target, ...parts.slice(i + 1)].join("/"));
          redirected = true;
          break;
        }
        cur = next;
      }
      if (!redirected) return p;
    }
    throw errno("ELOOP", "stat", path);
  }

  entry(path: string, followLast = true): Entry | undefined {
    return this.entries.get(this.resolve(path, followLast));
  }

  // ---------------------------------------------------------------- watchers (inotify)

  /** Watches a directory for files created, modified or deleted directly inside it. */
  watch(dir: string, watcher: FsWatcher): () => void {
    const d = normalizePath(dir);
    let set = this.watchers.get(d);
    if (!set) this.watchers.set(d, (set = new Set()));
    set.add(watcher);
    return () => set!.delete(watcher);
  }

  changed(path: string, change: FsChange): void {
    this.generation++;
    const dir = parentOf(path);
    const set = this.watchers.get(dir);
    if (set) for (const w of [...set]) w(dir, baseOf(path), change);
  }

  // ---------------------------------------------------------------- sync API (components)

  /** Writes a file, creating parent directories (how fixtures and kubeadm lay files down). */
  put(path: string, content: string, mode = 0o644): void {
    const p = this.resolve(path);
    this.mkdirp(parentOf(p));
    const existed = this.entries.get(p);
    if (existed?.type === "directory") throw new FsError("EISDIR", "Is a directory");
    this.entries.set(p, { type: "file", content, mode: existed?.mode ?? mode, mtime: this.now() });
    this.changed(p, existed ? "modify" : "create");
  }

  mkdirp(path: string, mode = 0o755): void {
    const p = this.resolve(path);
    if (p === "/") return;
    const e = this.entries.get(p);
    if (e?.type === "directory") return;
    if (e) throw new FsError("ENOTDIR", "Not a directory");
    this.mkdirp(parentOf(p));
    this.entries.set(p, { type: "directory", mode, mtime: this.now() });
    this.changed(p, "create");
  }

  read(path: string): string | undefined {
    const e = this.entry(path);
    return e?.type === "file" ? e.content : undefined;
  }

  write(path: string, data: string, append = false): void {
    const p = this.resolve(path);
    const e = this.entries.get(p);
    if (e?.type === "directory") throw new FsError("EISDIR", "Is a directory");
    this.put(p, append && e?.type === "file" ? e.content + data : data);
  }

  exists(path: string): boolean {
    try {
      return this.entry(path) !== undefined;
    } catch {
      return false;
    }
  }

  isDir(path: string): boolean {
    return this.entry(path)?.type === "directory";
  }

  isSymlink(path: string): boolean {
    return this.entries.get(this.resolve(path, false))?.type === "symlink";
  }

  mkdir(path: string): void {
    this.mkdirp(path);
  }

  /** mkdir(2) semantics: the parent must exist unless recursive; an existing path is EEXIST. */
  mkdirChecked(path: string, options: MkdirOptions): void {
    const p = this.resolve(path);
    const e = this.entries.get(p);
    if (e) {
      if (options.recursive && e.type === "directory") return;
      throw errno("EEXIST", "mkdir", path);
    }
    const parent = this.entries.get(parentOf(p));
    if (!parent && !options.recursive) throw errno("ENOENT", "mkdir", path);
    if (parent && parent.type !== "directory") throw errno("ENOTDIR", "mkdir", path);
    this.mkdirp(p);
  }

  remove(path: string, recursive = false): boolean {
    const p = this.resolve(path, false);
    const e = this.entries.get(p);
    if (!e || p === "/") return false;
    if (e.type === "directory") {
      const prefix = `${p}/`;
      const inside = [...this.entries.keys()].filter((k) => k.startsWith(prefix));
      if (inside.length && !recursive) throw new FsError("ENOTEMPTY", "Directory not empty");
      for (const k of inside.sort().reverse()) {
        this.entries.delete(k);
        this.changed(k, "delete");
      }
    }
    this.entries.delete(p);
    this.changed(p, "delete");
    return true;
  }

  list(dir: string): string[] {
    const d = this.resolve(dir);
    const prefix = d === "/" ? "/" : `${d}/`;
    const names: string[] = [];
    for (const k of this.entries.keys()) {
      if (k !== d && k.startsWith(prefix) && !k.slice(prefix.length).includes("/")) names.push(k.slice(prefix.length));
    }
    return names.sort();
  }

  symlinkSync(target: string, path: string): void {
    const p = normalizePath(path);
    if (this.entries.has(p)) throw errno("EEXIST", "symlink", path);
    this.mkdirp(parentOf(p));
    this.entries.set(p, { type: "symlink", target, mode: 0o777, mtime: this.now() });
    this.changed(p, "create");
  }

  statSync(path: string, followLast = true): FsStat {
    const p = this.resolve(path, followLast);
    const e = this.entries.get(p);
    if (!e) throw errno("ENOENT", followLast ? "stat" : "lstat", path);
    return {
      isFile: e.type === "file",
      isDirectory: e.type === "directory",
      isSymbolicLink: e.type === "symlink",
      mode: e.mode | (e.type === "directory" ? 0o040000 : e.type === "symlink" ? 0o120000 : 0o100000),
      size: e.type === "file" ? Buffer.byteLength(e.content) : e.type === "symlink" ? e.target.length : 4096,
      mtime: new Date(e.mtime),
    };
  }
}

/** The same filesystem as just-bash sees it (its asynchronous IFileSystem), for the bash session. */
export class BashFilesystem implements IFileSystem {
  constructor(readonly host: HostFilesystem) {}

  // just-bash lays down /bin, /usr/bin, /dev and /proc (and a stub per command) through these when they exist.
  mkdirSync(path: string, options?: MkdirOptions): void {
    this.host.mkdirChecked(path, options ?? {});
  }

  writeFileSync(path: string, content: FileContent): void {
    this.host.put(path, toText(content));
  }


  private async<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (e) {
      return Promise.reject(e);
    }
  }

  readFile(path: string, options?: ReadFileOptions | BufferEncoding): Promise<string> {
    return this.async(() => {
      const e = this.host.entry(path);
      if (!e) throw errno("ENOENT", "open", path);
      if (e.type === "directory") throw errno("EISDIR", "read", path);
      const enc = typeof options === "string" ? options : options?.encoding;
      if (e.type !== "file") throw errno("ENOENT", "open", path);
      return enc && enc !== "utf8" && enc !== "utf-8" ? Buffer.from(e.content, "utf8").toString(enc) : e.content;
    });
  }

  readFileBuffer(path: string): Promise<Uint8Array> {
    return this.readFile(path).then((s) => new Uint8Array(Buffer.from(s, "utf8")));
  }

  writeFile(path: string, content: FileContent, options?: WriteFileOptions | BufferEncoding): Promise<void> {
    return this.async(() => {
      const p = this.host.resolve(path);
      const parent = this.host.entries.get(parentOf(p));
      if (!parent) throw errno("ENOENT", "open", path);
      if (parent.type !== "directory") throw errno("ENOTDIR", "open", path);
      if (this.host.entries.get(p)?.type === "directory") throw errno("EISDIR", "open", path);
      const enc = typeof options === "string" ? options : options?.encoding;
      this.host.put(p, toText(content, enc));
    });
  }

  appendFile(path: string, content: FileContent, options?: WriteFileOptions | BufferEncoding): Promise<void> {
    return this.async(() => {
      const old = this.host.read(path);
      if (old === undefined && !this.host.entries.get(parentOf(this.host.resolve(path)))) throw errno("ENOENT", "open", path);
      const enc = typeof options === "string" ? options : options?.encoding;
      this.host.write(path, (old ?? "") + toText(content, enc));
    });
  }

  stat(path: string): Promise<FsStat> {
    return this.async(() => this.host.statSync(path));
  }

  lstat(path: string): Promise<FsStat> {
    return this.async(() => this.host.statSync(path, false));
  }

  readdir(path: string): Promise<string[]> {
    return this.async(() => {
      const e = this.host.entry(path);
      if (!e) throw errno("ENOENT", "scandir", path);
      if (e.type !== "directory") throw errno("ENOTDIR", "scandir", path);
      return this.host.list(path);
    });
  }

  readdirWithFileTypes(path: string): Promise<DirentEntry[]> {
    return this.readdir(path).then((names) => {
      const d = this.host.resolve(path);
      return names.map((name) => {
        const e = this.host.entries.get(d === "/" ? `/${name}` : `${d}/${name}`)!;
        return { name, isFile: e.type === "file", isDirectory: e.type === "directory", isSymbolicLink: e.type === "symlink" };
      });
    });
  }

  rm(path: string, options?: RmOptions): Promise<void> {
    return this.async(() => {
      const p = this.host.resolve(path, false);
      const e = this.host.entries.get(p);
      if (!e) {
        if (options?.force) return;
        throw errno("ENOENT", "rm", path);
      }
      if (e.type === "directory" && !options?.recursive) {
        if (this.host.list(p).length) throw errno("ENOTEMPTY", "rm", path);
      }
      this.host.remove(p, true);
    });
  }

  cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    return this.async(() => this.copy(src, dest, options?.recursive ?? false));
  }

  private copy(src: string, dest: string, recursive: boolean): void {
    const s = this.host.resolve(src);
    const e = this.host.entries.get(s);
    if (!e) throw errno("ENOENT", "cp", src);
    let d = this.host.resolve(dest);
    if (this.host.entries.get(d)?.type === "directory" && e.type !== "directory") d = `${d === "/" ? "" : d}/${baseOf(s)}`;
    if (e.type === "file") return this.host.put(d, e.content, e.mode);
    if (e.type === "symlink") return this.host.symlinkSync(e.target, d);
    if (!recursive) throw errno("EISDIR", "cp", src);
    this.host.mkdirp(d, e.mode);
    for (const name of this.host.list(s)) this.copy(`${s}/${name}`, `${d}/${name}`, true);
  }

  mv(src: string, dest: string): Promise<void> {
    return this.async(() => {
      const s = this.host.resolve(src, false);
      const e = this.host.entries.get(s);
      if (!e) throw errno("ENOENT", "rename", src);
      let d = normalizePath(dest);
      if (this.host.entries.get(this.host.resolve(d))?.type === "directory") d = `${this.host.resolve(d) === "/" ? "" : this.host.resolve(d)}/${baseOf(s)}`;
      if (d === s) return;
      if (d.startsWith(`${s}/`)) throw errno("EINVAL", "rename", src);
      if (!this.host.entries.get(parentOf(d))) throw errno("ENOENT", "rename", dest);
      const moved = [...this.host.entries.entries()].filter(([k]) => k === s || k.startsWith(`${s}/`));
      for (const [k] of moved.slice().reverse()) {
        this.host.entries.delete(k);
        this.host.changed(k, "delete");
      }
      if (this.host.entries.get(d)?.type === "file" || this.host.entries.get(d)?.type === "symlink") this.host.entries.delete(d);
      for (const [k, v] of moved) {
        const nk = d + k.slice(s.length);
        const existed = this.host.entries.has(nk);
        this.host.entries.set(nk, v);
        this.host.changed(nk, existed ? "modify" : "create");
      }
    });
  }

  resolvePath(base: string, path: string): string {
    return normalizePath(path, base);
  }

  getAllPaths(): string[] {
    return [...this.host.entries.keys()].sort();
  }

  chmod(path: string, mode: number): Promise<void> {
    return this.async(() => {
      const p = this.host.resolve(path);
      const e = this.host.entries.get(p);
      if (!e) throw errno("ENOENT", "chmod", path);
      e.mode = mode & 0o7777;
      this.host.generation++;
    });
  }

  link(existingPath: string, newPath: string): Promise<void> {
    return this.async(() => {
      const content = this.host.read(existingPath);
      if (content === undefined) throw errno("ENOENT", "link", existingPath);
      if (this.host.exists(newPath)) throw errno("EEXIST", "link", newPath);
      this.host.put(newPath, content);
    });
  }

  mkdir(path: string, options?: MkdirOptions): Promise<void> {
    return this.async(() => this.host.mkdirChecked(path, options ?? {}));
  }

  exists(path: string): Promise<boolean> {
    return this.async(() => this.host.exists(path));
  }

  symlink(target: string, linkPath: string): Promise<void> {
    return this.async(() => this.host.symlinkSync(target, linkPath));
  }

  readlink(path: string): Promise<string> {
    return this.async(() => {
      const e = this.host.entries.get(this.host.resolve(path, false));
      if (!e) throw errno("ENOENT", "readlink", path);
      if (e.type !== "symlink") throw errno("EINVAL", "readlink", path);
      return e.target;
    });
  }

  realpath(path: string): Promise<string> {
    return this.async(() => {
      const p = this.host.resolve(path);
      if (!this.host.entries.has(p)) throw errno("ENOENT", "realpath", path);
      return p;
    });
  }

  utimes(path: string, _atime: Date, mtime: Date): Promise<void> {
    return this.async(() => {
      const e = this.host.entry(path);
      if (!e) throw errno("ENOENT", "utime", path);
      e.mtime = mtime.getTime();
      this.host.changed(this.host.resolve(path), "modify");
    });
  }
}
