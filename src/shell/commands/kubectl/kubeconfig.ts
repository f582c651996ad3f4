/**
 * kubectl's view of its kubeconfig: which file ($KUBECONFIG, else
 * ~/.kube/config), which context, which server, which user and namespace.
 * Without a kubeconfig kubectl talks to localhost:8080, which refuses, as on
 * a real worker node.
 */
import { parse as parseYaml } from "yaml";
import type { ToolContext } from "../../tool.js";
import { ADMIN_USER, type UserInfo } from "../../../cluster/api/types.js";

export interface KubeconfigView {
  path?: string;
  raw?: any;
  contextName?: string;
  server: string;
  /** host:port as shown in connection errors. */
  serverHostPort: string;
  user: UserInfo;
  namespace?: string;
}

export async function loadKubeconfig(tool: ToolContext, explicitPath?: string, contextOverride?: string): Promise<KubeconfigView> {
  const home = tool.env.get("HOME") ?? "/root";
  const candidates = explicitPath ? [explicitPath] : (tool.env.get("KUBECONFIG") ?? `${home}/.kube/config`).split(":").filter(Boolean);
  for (const p of candidates) {
    const path = p.startsWith("/") ? p : `${tool.cwd}/${p}`;
    if (!(await tool.fs.exists(path))) {
      if (explicitPath) throw new Error(`stat ${p}: no such file or directory`);
      continue;
    }
    const raw = parseYaml(await tool.fs.readFile(path)) ?? {};
    const contextName = contextOverride ?? raw["current-context"];
    const ctx = (raw.contexts ?? []).find((c: any) => c?.name === contextName)?.context ?? {};
    const cluster = (raw.clusters ?? []).find((c: any) => c?.name === ctx.cluster)?.cluster ?? {};
    const userName: string | undefined = ctx.user;
    const server: string = cluster.server ?? "http://localhost:8080";
    return {
      path,
      raw,
      contextName,
      server,
      serverHostPort: hostPort(server),
      user: identityFor(userName),
      namespace: ctx.namespace,
    };
  }
  return { server: "http://localhost:8080", serverHostPort: "localhost:8080", user: { username: "system:anonymous", groups: ["system:unauthenticated"] } };
}

function hostPort(server: string): string {
  const m = /^(https?):\/\/([^/]+)/.exec(server);
  if (!m) return server;
  if (m[2].includes(":")) return m[2];
  return `${m[2]}:${m[1] === "https" ? 443 : 80}`;
}

/** The identity a kubeconfig user stands for (its client certificate's CN and O). */
function identityFor(userName: string | undefined): UserInfo {
  if (!userName || userName === "kubernetes-admin") return ADMIN_USER;
  if (userName === "kubernetes-super-admin") return { username: "kubernetes-super-admin", groups: ["system:masters", "system:authenticated"] };
  return { username: userName, groups: ["system:authenticated"] };
}
