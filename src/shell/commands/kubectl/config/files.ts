/**
 * The files set-cluster and set-credentials read or point to: paths made
 * absolute against the working directory (filepath.Abs), contents read for
 * --embed-certs, and the stat error kubectl reports for a missing one.
 */
import { KubectlError } from "../errors.js";
import { resolvePath } from "../../../tool.js";
import type { KubectlContext } from "../types.js";

export function absolutePath(k: KubectlContext, path: string): string {
  return path ? resolvePath(k.tool.cwd, path) : path;
}

/** `could not stat <flag> file <path>: stat <path>: no such file or directory` when it is missing. */
export async function mustExist(k: KubectlContext, flag: string, path: string): Promise<void> {
  if (!(await k.tool.fs.exists(absolutePath(k, path)))) {
    throw new KubectlError(`could not stat ${flag} file ${path}: stat ${path}: no such file or directory`);
  }
}

/** The file's bytes as base64 (os.ReadFile into a []byte field); empty when unreadable. */
export async function embed(k: KubectlContext, path: string): Promise<string | undefined> {
  const p = absolutePath(k, path);
  if (!(await k.tool.fs.exists(p))) return undefined;
  return Buffer.from(await k.tool.fs.readFileBuffer(p)).toString("base64");
}
