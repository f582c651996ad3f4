/**
 * The machine's filesystem as one shell sees it:
 *  - for a user other than root, with Unix permissions: a file is read when
 *    its mode lets others read it, written when it lets others write it, and
 *    a directory's entries created or removed when others may write there;
 *    the user owns their home and what is under /tmp. The simulated
 *    filesystem records modes but no owners, so everything else belongs to
 *    root (as on a fresh node: /etc/kubernetes/manifests and the pki keys
 *    are 0600). Failures are EACCES/EPERM errors with the path, as Node's
 *    fs reports them.
 *  - two write-only devices for the interactive terminal (see streaming.ts):
 *    what is written to them appears on the terminal at once. They never
 *    show up in the tree.
 *  - what is read is reported (onRead), so that functions in a sourced
 *    script outlive the line (see state.ts).
 */
import type { CpOptions, FileContent, FsStat, IFileSystem, MkdirOptions, RmOptions } from "just-bash";
import type { Account } from "./users.js";

type WriteOptions = Parameters<IFileSystem["writeFile"]>[2];
type ReadOptions = Parameters<IFileSystem["readFile"]>[1];

/** Where a terminal device's writes go. */
export interface DeviceSink {
  write(path: string, text: string): void;
}

function errno(code: "EACCES" | "EPERM", syscall: string, path: string): Error {
  const text = code === "EACCES" ? "permission denied" : "operation not permitted";
  return Object.assign(new Error(`${code}: ${text}, ${syscall} '${path}'`), { code, path, syscall });
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: "No such file or directory",
  EACCES: "Permission denied",
  EISDIR: "Is a directory",
  ENOTDIR: "Not a directory",
  EPERM: "Operation not permitted",
};

/**
 * just-bash prints a redirection it could not open as the bare Node error
 * ("EACCES: permission denied, open '/etc/x'"); bash says
 * "bash: /etc/x: Permission denied". Rewrites such whole lines of stderr.
 */
export function bashErrorLines(stderr: string): string {
  if (!stderr.includes(", ")) return stderr;
  return stderr.replace(/^(ENOENT|EACCES|EISDIR|ENOTDIR|EPERM): [^,\n]*, \w+ '([^'\n]*)'$/gm, (_all, code: string, path: string) => `bash: ${path}: ${ERRNO_TEXT[code]}`);
}

function parentOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}

function decode(content: FileContent, options: WriteOptions): string {
  const enc = typeof options === "string" ? options : options?.encoding;
  if (typeof content !== "string") return Buffer.from(content).toString("utf8");
  return enc === "binary" || enc === "latin1" ? Buffer.from(content, "latin1").toString("utf8") : content;
}

export class SessionFilesystem implements IFileSystem {
  constructor(
    private readonly inner: IFileSystem,
    private readonly user: Account,
    private readonly hooks: {
      /** The terminal devices' paths, and where their writes go now. */
      devicePaths: ReadonlySet<string>;
      sink: () => DeviceSink | undefined;
      /** Every file text read (a sourced script is read this way). */
      onRead?: (text: string) => void;
    },
  ) {}

  // just-bash lays down /bin, /usr/bin and /dev through these when the filesystem has them (as the system, not the user).
  mkdirSync(path: string, options?: MkdirOptions): void {
    (this.inner as unknown as { mkdirSync?(p: string, o?: MkdirOptions): void }).mkdirSync?.(path, options);
  }

  writeFileSync(path: string, content: FileContent): void {
    (this.inner as unknown as { writeFileSync?(p: string, c: FileContent): void }).writeFileSync?.(path, content);
  }

  private get root(): boolean {
    return this.user.uid === 0;
  }

  private owned(p: string): boolean {
    const home = this.user.home;
    return p === home || p.startsWith(`${home}/`) || /^\/(tmp|var\/tmp|dev\/shm)(\/|$)/.test(p) || p.startsWith("/dev/");
  }

  private async mode(p: string): Promise<number | undefined> {
    try {
      return (await this.inner.stat(p)).mode;
    } catch {
      return undefined;
    }
  }

  private async readable(p: string): Promise<boolean> {
    if (this.root || this.owned(p)) return true;
    const m = await this.mode(p);
    return m === undefined || (m & 0o004) !== 0;
  }

  /** May the user write this existing file, or create it (write its directory) when it does not exist? */
  private async writable(p: string): Promise<boolean> {
    if (this.root || this.owned(p)) return true;
    const m = await this.mode(p);
    if (m !== undefined) return (m & 0o002) !== 0;
    return this.dirWritable(parentOf(p));
  }

  private async dirWritable(dir: string): Promise<boolean> {
    if (this.root || this.owned(dir)) return true;
    const m = await this.mode(dir);
    return m === undefined || (m & 0o002) !== 0;
  }

  private abs(path: string): string {
    return this.inner.resolvePath("/", path);
  }

  private async mustRead(path: string, syscall = "open"): Promise<void> {
    if (!(await this.readable(this.abs(path)))) throw errno("EACCES", syscall, path);
  }

  private async mustWrite(path: string, syscall = "open"): Promise<void> {
    if (!(await this.writable(this.abs(path)))) throw errno("EACCES", syscall, path);
  }

  private async mustChangeDir(path: string, syscall: string): Promise<void> {
    if (!(await this.dirWritable(parentOf(this.abs(path))))) throw errno("EACCES", syscall, path);
  }

  private device(path: string): DeviceSink | undefined {
    return this.hooks.devicePaths.has(path) ? (this.hooks.sink() ?? { write: () => {} }) : undefined;
  }

  async readFile(path: string, options?: ReadOptions): Promise<string> {
    await this.mustRead(path);
    const text = await this.inner.readFile(path, options);
    this.hooks.onRead?.(text);
    return text;
  }

  async readFileBuffer(path: string): Promise<Uint8Array> {
    await this.mustRead(path);
    return this.inner.readFileBuffer(path);
  }

  async writeFile(path: string, content: FileContent, options?: WriteOptions): Promise<void> {
    const dev = this.device(path);
    if (dev) return dev.write(path, decode(content, options));
    await this.mustWrite(path);
    return this.inner.writeFile(path, content, options);
  }

  async appendFile(path: string, content: FileContent, options?: WriteOptions): Promise<void> {
    const dev = this.device(path);
    if (dev) return dev.write(path, decode(content, options));
    await this.mustWrite(path);
    return this.inner.appendFile(path, content, options);
  }

  async exists(path: string): Promise<boolean> {
    if (this.hooks.devicePaths.has(path)) return false;
    return this.inner.exists(path);
  }

  stat(path: string): Promise<FsStat> {
    return this.inner.stat(path);
  }

  lstat(path: string): Promise<FsStat> {
    return this.inner.lstat(path);
  }

  async mkdir(path: string, options?: MkdirOptions): Promise<void> {
    if (!(await this.inner.exists(path))) await this.mustChangeDir(path, "mkdir");
    return this.inner.mkdir(path, options);
  }

  async readdir(path: string): Promise<string[]> {
    await this.mustRead(path, "scandir");
    return this.inner.readdir(path);
  }

  async readdirWithFileTypes(path: string) {
    await this.mustRead(path, "scandir");
    if (this.inner.readdirWithFileTypes) return this.inner.readdirWithFileTypes(path);
    throw new Error("readdirWithFileTypes not supported");
  }

  async rm(path: string, options?: RmOptions): Promise<void> {
    if (await this.inner.exists(path)) await this.mustChangeDir(path, "rm");
    return this.inner.rm(path, options);
  }

  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    await this.mustRead(src, "copyfile");
    await this.mustWrite(dest, "copyfile");
    return this.inner.cp(src, dest, options);
  }

  async mv(src: string, dest: string): Promise<void> {
    await this.mustChangeDir(src, "rename");
    await this.mustWrite(dest, "rename");
    return this.inner.mv(src, dest);
  }

  resolvePath(base: string, path: string): string {
    return this.inner.resolvePath(base, path);
  }

  getAllPaths(): string[] {
    return this.inner.getAllPaths();
  }

  async chmod(path: string, mode: number): Promise<void> {
    if (!this.root && !this.owned(this.abs(path))) throw errno("EPERM", "chmod", path);
    return this.inner.chmod(path, mode);
  }

  async symlink(target: string, linkPath: string): Promise<void> {
    await this.mustChangeDir(linkPath, "symlink");
    return this.inner.symlink(target, linkPath);
  }

  async link(existingPath: string, newPath: string): Promise<void> {
    await this.mustChangeDir(newPath, "link");
    return this.inner.link(existingPath, newPath);
  }

  readlink(path: string): Promise<string> {
    return this.inner.readlink(path);
  }

  realpath(path: string): Promise<string> {
    return this.inner.realpath(path);
  }

  async utimes(path: string, atime: Date, mtime: Date): Promise<void> {
    await this.mustWrite(path, "utime");
    return this.inner.utimes(path, atime, mtime);
  }
}
