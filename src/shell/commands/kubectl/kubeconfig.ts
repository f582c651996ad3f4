/**
 * kubectl's view of its kubeconfig: which file ($KUBECONFIG, else
 * ~/.kube/config), which context, which server, which user and namespace.
 * Without a kubeconfig kubectl talks to localhost:8080, which refuses, as on
 * a real worker node.
 */
import { parse as parseYaml } from "yaml";
import type { ToolContext } from "../../tool.js";
import { ADMIN_USER, type UserInfo } from "../../../cluster/api/types.js";
import { parseCertificate } from "../../../pki/inspect.js";

export interface KubeconfigView {
  path?: string;
  raw?: any;
  contextName?: string;
  server: string;
  /** host:port as shown in connection errors. */
  serverHostPort: string;
  user: UserInfo;
  namespace?: string;
  /** The CA and client certificate the kubeconfig names (data or files), for the TLS handshake. */
  tls?: { caPem?: string; certPem?: string };
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
    const userEntry = (raw.users ?? []).find((u: any) => u?.name === userName)?.user ?? {};
    const pem = async (data: unknown, file: unknown): Promise<string | undefined> => {
      if (typeof data === "string") return Buffer.from(data, "base64").toString("utf8");
      if (typeof file === "string" && (await tool.fs.exists(file))) return tool.fs.readFile(file);
      return undefined;
    };
    const tls = { caPem: await pem(cluster["certificate-authority-data"], cluster["certificate-authority"]), certPem: await pem(userEntry["client-certificate-data"], userEntry["client-certificate"]) };
    const cert = tls.certPem ? parseCertificate(tls.certPem) : undefined;
    return {
      path,
      raw,
      contextName,
      server,
      serverHostPort: hostPort(server),
      // The API server knows the user by its client certificate: CN is the name, O the groups.
      user: cert ? { username: cert.commonName, groups: [...cert.organizations, "system:authenticated"] } : identityFor(userName),
      namespace: ctx.namespace,
      tls,
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
