/**
 * What tab completion reads from the shell the prompt is in: its commands,
 * aliases, variables and directories; kubectl run as that shell's user for
 * object names and contexts; the API server's resource registry for types.
 */
import { ADMIN_USER } from "../../cluster/api/types.js";
import { Client } from "../../cluster/client/client.js";
import type { ShellSession } from "../../shell/session.js";
import type { CompletionSource } from "./completion.js";

export function sessionCompletionSource(shell: ShellSession): CompletionSource {
  const vars = shell.variables();
  const kubectlLines = async (args: string[]): Promise<string[]> => {
    const r = await shell.runTool("kubectl", args);
    return r.exitCode === 0 ? r.stdout.split("\n").filter(Boolean) : [];
  };
  return {
    commandNames: () => shell.commandNames(),
    aliases: () => shell.aliases(),
    variables: () => vars,
    cwd: shell.cwd,
    home: vars.HOME ?? shell.account.home,
    listDir: async (dir) => {
      try {
        const names = await shell.fs.readdir(dir);
        return Promise.all(
          names.map(async (name) => {
            const path = dir.endsWith("/") ? dir + name : `${dir}/${name}`;
            const dirEntry = await shell.fs.stat(path).then(
              (s) => s.isDirectory,
              () => false,
            );
            return { name, dir: dirEntry };
          }),
        );
      } catch {
        return [];
      }
    },
    resourceTypes: () => {
      try {
        const resources = new Client(shell.cluster.endpoint, ADMIN_USER).resources();
        return resources.flatMap((r) => [r.group ? `${r.plural}.${r.group}` : r.plural, ...r.shortNames]);
      } catch {
        return []; // the API server is down
      }
    },
    objectNames: async (type, namespace) => {
      const ns = namespace === "*" ? ["-A"] : namespace ? ["-n", namespace] : [];
      return (await kubectlLines(["get", type, "-o", "name", ...ns])).map((l) => l.slice(l.indexOf("/") + 1));
    },
    contexts: () => kubectlLines(["config", "get-contexts", "-o", "name"]),
  };
}
