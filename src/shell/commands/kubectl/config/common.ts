/**
 * What the `kubectl config` subcommands share: the kubeconfig files they
 * read and write (clientcmd.PathOptions, with config's own --kubeconfig),
 * cobra's "help, then the error" for wrong arguments (helpErrorf), and the
 * file name their messages show.
 */
import { KubectlError } from "../errors.js";
import { commandHelp } from "../help.js";
import { defaultFilename, kubeconfigAccess, startingConfig, type Kubeconfig, type KubeconfigAccess } from "../kubeconfig.js";
import type { KubectlContext, Subcommand } from "../types.js";

export function accessOf(k: KubectlContext): KubeconfigAccess {
  return kubeconfigAccess(k.tool, String(k.flags.values.kubeconfig ?? ""));
}

export async function loadConfig(k: KubectlContext): Promise<{ access: KubeconfigAccess; config: Kubeconfig }> {
  const access = accessOf(k);
  return { access, config: await startingConfig(access) };
}

/** The file named in `deleted context x from <file>`: --kubeconfig, else the default file. */
export async function configFileName(access: KubeconfigAccess): Promise<string> {
  return access.explicit ?? (await defaultFilename(access));
}

/** Go's %v of a []string: `[a b]`. */
export function goList(items: string[]): string {
  return `[${items.join(" ")}]`;
}

/** helpErrorf: the command's help on stdout, then `error: <message>`. */
export function helpError(k: KubectlContext, cmd: Subcommand, message: string): never {
  k.out.out(commandHelp(cmd, k.commandPath));
  throw new KubectlError(message);
}

/** Whether a flag was given (cliflag.StringFlag / Tristate Provided()). */
export function provided(k: KubectlContext, name: string): boolean {
  return k.flags.changed.has(name);
}
