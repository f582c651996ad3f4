/**
 * kubectl cp <file-spec-src> <file-spec-dest> (pkg/cmd/cp/cp.go): copies
 * files and directories between the session's filesystem and a container's,
 * the way kubectl does it: `tar cf - SRC` or `tar -xmf - -C DIR` run in the
 * container through pods/exec. So the image needs tar (a distroless one
 * fails as exec does), tar's own messages appear (busybox or GNU wording;
 * when copying out they arrive on stdout, as kubectl wires them), and the
 * local side follows untarAll: a single file becomes the destination path.
 */
import type { KubeObject } from "../../../cluster/api/types.js";
import type { Filesystem } from "../../../cluster/kubelet/runtime/filesystem.js";
import { normalizePath } from "../../../cluster/kubelet/runtime/filesystem.js";
import type { OsFamily } from "../../../cluster/kubelet/runtime/images.js";
import { resolvePath } from "../../tool.js";
import { KubectlError, RawError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";
import { sortedFlags, stringFlag } from "./common/flags.js";
import { findContainer, findOrDefaultContainer } from "./common/container-select.js";
import { connectContainer, containerFiles, execIn, type ContainerStream } from "./common/kubelet-connection.js";
import { CONTAINER_FLAG_USAGE } from "./exec.js";

interface FileSpec {
  namespace?: string;
  pod?: string;
  file: string;
}

const BAD_FILESPEC = "filespec must match the canonical format: [[namespace/]pod:]file/path";

/** extractFileSpec: `[[namespace/]pod:]file/path`. */
function fileSpec(arg: string): FileSpec {
  const i = arg.indexOf(":");
  if (i === 0) throw new KubectlError(BAD_FILESPEC);
  if (i < 0) return { file: arg };
  const pieces = arg.slice(0, i).split("/");
  const file = arg.slice(i + 1);
  if (pieces.length === 1) return { pod: pieces[0], file };
  if (pieces.length === 2) return { namespace: pieces[0], pod: pieces[1], file };
  throw new KubectlError(BAD_FILESPEC);
}

/** The container's tar: busybox's applet or GNU tar; none in a distroless image. */
type TarFlavour = "busybox" | "gnu";

function tarOf(os: OsFamily): TarFlavour | undefined {
  if (os === "distroless") return undefined;
  return os === "busybox" || os === "alpine" ? "busybox" : "gnu";
}

const LEADING_SLASH: Record<TarFlavour, string> = {
  busybox: "tar: removing leading '/' from member names\n",
  gnu: "tar: Removing leading `/' from member names\n",
};

/** A container to copy with: running, reached through pods/exec, with the tar its image has (or the exec error of a missing one). */
function tarContainer(k: KubectlContext, spec: FileSpec, out: (line: string) => void, argv: string[]): { stream: ContainerStream; fs: Filesystem; tar: TarFlavour; cwd: string } {
  const ns = spec.namespace || k.namespace;
  const pod: KubeObject = k.client.get("pods", ns, spec.pod!);
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") throw new KubectlError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const name = stringFlag(k, "container") || findOrDefaultContainer(pod, "", false, out).name;
  if (!findContainer(pod, name)) throw new KubectlError(`unable to upgrade connection: container ${name} is not valid for pod ${pod.metadata.name}`);
  const stream = connectContainer(k, pod, name, "exec");
  const files = containerFiles(stream);
  const tar = files && tarOf(files.os);
  if (!files || !tar) {
    // No tar in the image: exec fails to start it, as it would.
    execIn(k, stream, argv, "");
    throw new KubectlError(`exec: "tar": executable file not found in $PATH`);
  }
  return { stream, fs: files.fs, tar, cwd: stream.machine.runtime.containerSpec(stream.container.id)?.cwd ?? "/" };
}

// ---------------------------------------------------------------- the session's files

async function isLocalDir(k: KubectlContext, path: string): Promise<boolean> {
  try {
    return (await k.tool.fs.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

/** The local files under a path (itself when a file), relative names with '/'. */
async function localTree(k: KubectlContext, path: string, rel = ""): Promise<Array<{ rel: string; content?: string }>> {
  if (!(await isLocalDir(k, path))) return [{ rel, content: await k.tool.fs.readFile(path) }];
  const names = (await k.tool.fs.readdir(path)).sort();
  if (names.length === 0) return [{ rel }];
  const out: Array<{ rel: string; content?: string }> = [];
  for (const n of names) out.push(...(await localTree(k, `${path}/${n}`, rel ? `${rel}/${n}` : n)));
  return out;
}

/** Files under a container path (itself when a file), with their contents; undefined when it does not exist. */
function containerTree(fs: Filesystem, path: string, rel = ""): Array<{ rel: string; content?: string }> | undefined {
  if (!fs.exists(path)) return undefined;
  if (!fs.isDir(path)) return [{ rel, content: fs.read(path) ?? "" }];
  const out: Array<{ rel: string; content?: string }> = [{ rel }];
  for (const n of fs.list(path)) out.push(...containerTree(fs, `${path === "/" ? "" : path}/${n}`, rel ? `${rel}/${n}` : n)!);
  return out;
}

// ---------------------------------------------------------------- directions

/** copyToPod: tar of the local path, extracted in the container (into the directory when the destination is one). */
async function copyToPod(k: KubectlContext, src: FileSpec, dest: FileSpec): Promise<void> {
  const local = resolvePath(k.tool.cwd, src.file);
  if (!(await k.tool.fs.exists(local))) throw new KubectlError(`${src.file} doesn't exist in local filesystem`);
  const argv = ["tar", "-xmf", "-"];
  const { fs, tar, cwd } = tarContainer(k, dest, (l) => k.out.errLine(l), argv);
  let target = normalizePath(dest.file, cwd);
  if (fs.isDir(target)) target = `${target === "/" ? "" : target}/${local.slice(local.lastIndexOf("/") + 1)}`;
  const dir = target.slice(0, target.lastIndexOf("/")) || "/";
  if (!fs.isDir(dir)) {
    k.out.err(tar === "busybox" ? `tar: can't change directory to '${dir}': No such file or directory\n` : `tar: ${dir}: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n`);
    const code = tar === "busybox" ? 1 : 2;
    throw new RawError(`command terminated with exit code ${code}`, code);
  }
  for (const f of await localTree(k, local)) {
    const path = f.rel ? `${target}/${f.rel}` : target;
    try {
      if (f.content === undefined) fs.mkdir(path);
      else fs.write(path, f.content);
    } catch (e) {
      const name = path.replace(/^\//, "");
      k.out.err(tar === "busybox" ? `tar: can't create '${name}': ${errText(e)}\n` : `tar: ${name}: Cannot open: ${errText(e)}\ntar: Exiting with failure status due to previous errors\n`);
      const code = tar === "busybox" ? 1 : 2;
      throw new RawError(`command terminated with exit code ${code}`, code);
    }
  }
}

function errText(e: unknown): string {
  const code = (e as { code?: string }).code;
  return code === "EROFS" ? "Read-only file system" : code === "ENOENT" ? "No such file or directory" : code === "EISDIR" ? "Is a directory" : "Permission denied";
}

/** copyFromPod: `tar cf - SRC` in the container (its stderr on our stdout), untarred under the destination. */
async function copyFromPod(k: KubectlContext, src: FileSpec, dest: FileSpec): Promise<void> {
  const toStdout = (l: string) => k.out.line(l);
  const { fs, tar, cwd } = tarContainer(k, src, toStdout, ["tar", "cf", "-", src.file]);
  const path = normalizePath(src.file, cwd);
  if (src.file.startsWith("/")) k.out.out(LEADING_SLASH[tar]);
  const tree = containerTree(fs, path);
  if (!tree) {
    const name = src.file;
    k.out.out(tar === "busybox" ? `tar: ${name}: No such file or directory\n` : `tar: ${name}: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n`);
    const code = tar === "busybox" ? 1 : 2;
    throw new RawError(`command terminated with exit code ${code}`, code);
  }
  const base = resolvePath(k.tool.cwd, dest.file);
  for (const f of tree) {
    const target = f.rel ? `${base}/${f.rel}` : base;
    if (f.content === undefined) {
      await k.tool.fs.mkdir(target, { recursive: true });
      continue;
    }
    const parent = target.slice(0, target.lastIndexOf("/")) || "/";
    await k.tool.fs.mkdir(parent, { recursive: true });
    if (await isLocalDir(k, target)) throw new KubectlError(`open ${f.rel ? `${dest.file}/${f.rel}` : dest.file}: is a directory`);
    await k.tool.fs.writeFile(target, f.content);
  }
}

export const cpCommand: Subcommand = {
  name: "cp",
  short: "Copy files and directories to and from containers",
  long: "Copy files and directories to and from containers.",
  examples: `  # !!!Important Note!!!
  # Requires that the 'tar' binary is present in your container
  # image.  If 'tar' is not present, 'kubectl cp' will fail.
  #
  # For advanced use cases, such as symlinks, wildcard expansion or
  # file mode preservation, consider using 'kubectl exec'.
  
  # Copy /tmp/foo local file to /tmp/bar in a remote pod in namespace <some-namespace>
  tar cf - /tmp/foo | kubectl exec -i -n <some-namespace> <some-pod> -- tar xf - -C /tmp/bar
  
  # Copy /tmp/foo from a remote pod to /tmp/bar locally
  kubectl exec -n <some-namespace> <some-pod> -- tar cf - /tmp/foo | tar xf - -C /tmp/bar
  
  # Copy /tmp/foo_dir local directory to /tmp/bar_dir in a remote pod in the default namespace
  kubectl cp /tmp/foo_dir <some-pod>:/tmp/bar_dir
  
  # Copy /tmp/foo local file to /tmp/bar in a remote pod in a specific container
  kubectl cp /tmp/foo <some-pod>:/tmp/bar -c <specific-container>
  
  # Copy /tmp/foo local file to /tmp/bar in a remote pod in namespace <some-namespace>
  kubectl cp /tmp/foo <some-namespace>/<some-pod>:/tmp/bar
  
  # Copy /tmp/foo from a remote pod to /tmp/bar locally
  kubectl cp <some-namespace>/<some-pod>:/tmp/foo /tmp/bar`,
  usage: "kubectl cp <file-spec-src> <file-spec-dest>",
  flags: sortedFlags([
    { name: "container", short: "c", type: "string", usage: CONTAINER_FLAG_USAGE },
    { name: "no-preserve", type: "bool", usage: "The copied file/directory's ownership and permissions will not be preserved in the container" },
    {
      name: "retries",
      type: "int",
      usage: "Set number of retries to complete a copy operation from a container. Specify 0 to disable or any negative value for infinite retrying. The default is 0 (no retry).",
    },
  ]),
  async run(k) {
    if (k.args.length !== 2) throw new KubectlError("source and destination are required");
    const src = fileSpec(k.args[0]);
    const dest = fileSpec(k.args[1]);
    if (src.pod && dest.pod) throw new KubectlError("one of src or dest must be a local file specification");
    if (!src.file || !dest.file) throw new KubectlError("filepath can not be empty");
    if (src.pod) await copyFromPod(k, src, dest);
    else if (dest.pod) await copyToPod(k, src, dest);
    else throw new KubectlError("one of src or dest must be a remote file specification");
    return 0;
  },
};
