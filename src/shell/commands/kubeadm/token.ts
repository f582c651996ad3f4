/**
 * kubeadm token (cmd/kubeadm/app/cmd/token.go): create, list, delete and
 * generate bootstrap tokens, kept as bootstrap.kubernetes.io/token Secrets
 * named bootstrap-token-<id> in kube-system. `create --print-join-command`
 * prints the worker join line util/join.go builds, flattened onto one line
 * (with its trailing space): the server of the kubeconfig's cluster and the
 * sha256 pin of the CA's public key (pubkeypin.Hash).
 */
import { createHash, X509Certificate } from "node:crypto";
import { parse as parseYaml } from "yaml";
import { shortHumanDuration } from "../../../cluster/api/duration.js";
import type { KubeObject } from "../../../cluster/api/types.js";
import { parseDuration } from "../../../cluster/clock.js";
import { TabWriter } from "../kubectl/printers/tabwriter.js";
import { KubeadmError, type KCommand } from "./cobra.js";
import { CONFIG_FLAG } from "./options.js";
import { KubeadmApiError, TIMEOUT, type KubeadmRun } from "./context.js";

const TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const TOKEN_PATTERN = "\\A([a-z0-9]{6})\\.([a-z0-9]{16})\\z";
const TOKEN_ID_PATTERN = "\\A([a-z0-9]{6})\\z";
const DEFAULT_GROUP = "system:bootstrappers:kubeadm:default-node-token";
const SECRET_TYPE = "bootstrap.kubernetes.io/token";

/** cmdutil.GetKubeConfigPath: the flag, else the first existing of $KUBECONFIG, ~/.kube/config, admin.conf. */
function kubeconfigPath(run: KubeadmRun, flag: string): string {
  if (flag) return flag;
  const home = run.ctx.env.get("HOME") ?? "/root";
  const candidates = [...(run.ctx.env.get("KUBECONFIG") ?? "").split(":").filter(Boolean), `${home}/.kube/config`, "/etc/kubernetes/admin.conf"];
  return candidates.find((p) => run.fs.exists(p)) ?? candidates[0];
}

function generateToken(run: KubeadmRun): string {
  const r = run.ctx.cluster.random;
  return `${r.string(6, TOKEN_ALPHABET)}.${r.string(16, TOKEN_ALPHABET)}`;
}

function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const unb64 = (s: unknown) => (typeof s === "string" ? Buffer.from(s, "base64").toString("utf8") : "");

/** The join line for the kubeconfig's cluster: `kubeadm join <host:port> --token <t> --discovery-token-ca-cert-hash sha256:<pin> `. */
export function joinCommand(run: KubeadmRun, kubeconfigFile: string, token: string): string {
  const text = run.fs.read(kubeconfigFile);
  if (text === undefined) throw new KubeadmError(`failed to get join command: failed to load kubeconfig: open ${kubeconfigFile}: no such file or directory`);
  const raw: any = parseYaml(text) ?? {};
  const ctxName = raw["current-context"];
  const context = (raw.contexts ?? []).find((c: any) => c?.name === ctxName)?.context;
  const cluster = (raw.clusters ?? []).find((c: any) => c?.name === context?.cluster)?.cluster;
  if (!cluster) throw new KubeadmError("failed to get join command: failed to get default cluster config");
  const caPem = typeof cluster["certificate-authority-data"] === "string" ? unb64(cluster["certificate-authority-data"]) : typeof cluster["certificate-authority"] === "string" ? run.fs.read(cluster["certificate-authority"]) : undefined;
  if (!caPem) throw new KubeadmError("failed to get join command: no CA certificates found in kubeconfig");
  const pins = caPins(caPem);
  const hostPort = String(cluster.server ?? "").replace(/https:\/\//g, "");
  return `kubeadm join ${hostPort} --token ${token} ${pins.map((p) => `--discovery-token-ca-cert-hash ${p} `).join("")}`;
}

/** pubkeypin.Hash of each certificate: sha256 over its SubjectPublicKeyInfo. */
export function caPins(pem: string): string[] {
  const out: string[] = [];
  for (const m of pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)) {
    const spki = new X509Certificate(m[0]).publicKey.export({ type: "spki", format: "der" });
    out.push(`sha256:${createHash("sha256").update(spki).digest("hex")}`);
  }
  return out;
}

function tokenFromSecret(s: KubeObject): { id: string; secret: string; description: string; expires?: number; usages: string[]; groups: string[] } | undefined {
  const d = s.data ?? {};
  const id = unb64(d["token-id"]);
  const secret = unb64(d["token-secret"]);
  if (!id || !secret) return undefined;
  const exp = unb64(d.expiration);
  const usages = Object.keys(d)
    .filter((k) => k.startsWith("usage-bootstrap-") && unb64(d[k]) === "true")
    .map((k) => k.slice("usage-bootstrap-".length))
    .sort();
  const groups = unb64(d["auth-extra-groups"]).split(",").filter(Boolean);
  return { id, secret, description: unb64(d.description), expires: exp ? Date.parse(exp) : undefined, usages, groups };
}

export function tokenCommand(): KCommand<KubeadmRun> {
  return {
    use: "token",
    short: "Manage bootstrap tokens",
    long: `This command manages bootstrap tokens. It is optional and needed only for advanced use cases.

In short, bootstrap tokens are used for establishing bidirectional trust between a client and a server.
A bootstrap token can be used when a client (for example a node that is about to join the cluster) needs
to trust the server it is talking to. Then a bootstrap token with the "signing" usage can be used.
bootstrap tokens can also function as a way to allow short-lived authentication to the API Server
(the token serves as a way for the API Server to trust the client), for example for doing the TLS Bootstrap.

What is a bootstrap token more exactly?
 - It is a Secret in the kube-system namespace of type "bootstrap.kubernetes.io/token".
 - A bootstrap token must be of the form "[a-z0-9]{6}.[a-z0-9]{16}". The former part is the public token ID,
   while the latter is the Token Secret and it must be kept private at all circumstances!
 - The name of the Secret must be named "bootstrap-token-(token-id)".

You can read more about bootstrap tokens here:
  https://kubernetes.io/docs/admin/bootstrap-tokens/`,
    group: "SubCmdRun",
    persistentFlags: [
      { name: "dry-run", type: "bool", usage: "Whether to enable dry-run mode or not" },
      { name: "kubeconfig", type: "string", usage: "The kubeconfig file to use when talking to the cluster. If the flag is not set, a set of standard locations can be searched for an existing kubeconfig file." },
    ],
    children: [
      {
        use: "create [token]",
        noFlagsInUse: true,
        short: "Create bootstrap tokens on the server",
        long: `This command will create a bootstrap token for you.
You can specify the usages for this token, the "time to live" and an optional human friendly description.

The [token] is the actual token to write.
This should be a securely generated random token of the form "[a-z0-9]{6}.[a-z0-9]{16}".
If no [token] is given, kubeadm will generate a random token instead.`,
        flags: [
          { name: "certificate-key", type: "string", usage: "When used together with '--print-join-command', print the full 'kubeadm join' flag needed to join the cluster as a control-plane. To create a new certificate key you must use 'kubeadm init phase upload-certs --upload-certs'." },
          CONFIG_FLAG,
          { name: "description", type: "string", usage: "A human friendly description of how this token is used." },
          { name: "groups", type: "stringSlice", default: [DEFAULT_GROUP], usage: "Extra groups that this token will authenticate as when used for authentication. Must match \"\\\\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\\\\z\"" },
          { name: "print-join-command", type: "bool", usage: "Instead of printing only the token, print the full 'kubeadm join' flag needed to join the cluster using the token." },
          { name: "ttl", type: "duration", default: "24h0m0s", usage: "The duration before the token is automatically deleted (e.g. 1s, 2m, 3h). If set to '0', the token will never expire" },
          { name: "usages", type: "stringSlice", default: ["signing", "authentication"], usage: "Describes the ways in which this token can be used. You can pass --usages multiple times or provide a comma separated list of options. Valid options: [signing,authentication]" },
        ],
        run: async ({ run, flags, args }) => {
          const v = flags.values;
          let token = args[0];
          if (token !== undefined && !/^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(token)) throw new KubeadmError(`the bootstrap token ${JSON.stringify(token)} was not of the form ${JSON.stringify(TOKEN_PATTERN)}`);
          for (const u of v.usages as string[]) if (u !== "signing" && u !== "authentication") throw new KubeadmError(`invalid bootstrap token usage string: ${u}, valid options: [signing authentication]`);
          for (const g of v.groups as string[]) if (!/^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/.test(g)) throw new KubeadmError(`bootstrap group ${JSON.stringify(g)} is invalid (must match \\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\\z)`);
          if (v["certificate-key"] && !v["print-join-command"]) throw new KubeadmError("cannot use --certificate-key without --print-join-command");
          const file = kubeconfigPath(run, String(v.kubeconfig ?? ""));
          const client = run.clientFromFile(file);
          token ??= generateToken(run);
          const [id, secret] = token.split(".");
          const ttlMs = parseDuration(String(v.ttl)) ?? 24 * 3600_000;
          const data: Record<string, string> = {
            "auth-extra-groups": b64((v.groups as string[]).join(",")),
            "token-id": b64(id),
            "token-secret": b64(secret),
          };
          if (v.description) data.description = b64(String(v.description));
          if (ttlMs > 0) data.expiration = b64(rfc3339(run.now() + ttlMs));
          for (const u of v.usages as string[]) data[`usage-bootstrap-${u}`] = b64("true");
          const name = `bootstrap-token-${id}`;
          const secretObj: KubeObject = { apiVersion: "v1", kind: "Secret", metadata: { name, namespace: "kube-system" }, type: SECRET_TYPE, data };
          if (!v["dry-run"]) {
            try {
              const existing = (() => {
                try {
                  return client.call("Get", `/api/v1/namespaces/kube-system/secrets/${name}${TIMEOUT}`, (c) => c.get("secrets", "kube-system", name));
                } catch (e) {
                  if (e instanceof KubeadmApiError && e.apiError.code === 404) return undefined;
                  throw e;
                }
              })();
              if (existing) throw new KubeadmError(`a token with id ${JSON.stringify(id)} already exists`);
              client.call("Post", `/api/v1/namespaces/kube-system/secrets${TIMEOUT}`, (c) => c.create("secrets", "kube-system", secretObj));
            } catch (e) {
              if (e instanceof KubeadmError && !/already exists/.test(e.message)) throw e.wrap(`failed to create or update bootstrap token with name ${name}`);
              throw e;
            }
          }
          if (v["print-join-command"]) {
            let line = joinCommand(run, file, token);
            if (v["certificate-key"]) line += `--control-plane --certificate-key ${v["certificate-key"]}`;
            run.println(line);
          } else run.println(token);
        },
      },
      {
        use: "list",
        short: "List bootstrap tokens on the server",
        long: "This command will list all bootstrap tokens for you.",
        flags: [
          { name: "allow-missing-template-keys", type: "bool", default: true, usage: "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats." },
          { name: "output", short: "o", type: "string", default: "text", usage: "Output format. One of: text|json|yaml|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file." },
          { name: "show-managed-fields", type: "bool", usage: "If true, keep the managedFields when printing objects in JSON or YAML format." },
        ],
        noArgs: true,
        run: ({ run, flags }) => {
          const output = String(flags.values.output ?? "text");
          if (output !== "text") throw new KubeadmError(`could not construct output printer: unable to match a printer suitable for the output format "${output}", allowed formats are: text`);
          const client = run.clientFromFile(kubeconfigPath(run, String(flags.values.kubeconfig ?? "")));
          let secrets: KubeObject[];
          try {
            secrets = client.call("Get", `/api/v1/namespaces/kube-system/secrets?fieldSelector=type%3Dbootstrap.kubernetes.io%2Ftoken${TIMEOUT.replace("?", "&")}`, (c) => c.list("secrets", "kube-system").items);
          } catch (e) {
            throw e instanceof KubeadmError ? e.wrap("failed to list bootstrap tokens") : e;
          }
          let header = false;
          for (const s of secrets.filter((x) => x.type === SECRET_TYPE)) {
            const t = tokenFromSecret(s);
            if (!t) continue;
            let text = "";
            const w = new TabWriter((x) => (text += x), { minWidth: 10, padding: 3, rememberWidths: false });
            if (!header) {
              w.write("TOKEN\tTTL\tEXPIRES\tUSAGES\tDESCRIPTION\tEXTRA GROUPS\n");
              header = true;
            }
            const ttl = t.expires === undefined ? "<forever>" : shortHumanDuration(t.expires - run.now());
            const expires = t.expires === undefined ? "<never>" : rfc3339(t.expires);
            w.write(`${t.id}.${t.secret}\t${ttl.padEnd(9)}\t${expires}\t${(t.usages.join(",") || "<none>").padEnd(22)}\t${(t.description || "<none>").padEnd(56)}\t${t.groups.join(",") || "<none>"}\n`);
            w.flush();
            run.print(text);
          }
        },
      },
      {
        use: "delete [token-value] ...",
        noFlagsInUse: true,
        short: "Delete bootstrap tokens on the server",
        long: `This command will delete a list of bootstrap tokens for you.

The [token-value] is the full Token of the form "[a-z0-9]{6}.[a-z0-9]{16}" or the
Token ID of the form "[a-z0-9]{6}" to delete.`,
        run: ({ run, flags, args }) => {
          if (args.length < 1) throw new KubeadmError(`missing argument; 'token delete' is missing token of form ${JSON.stringify(TOKEN_PATTERN)} or ${JSON.stringify(TOKEN_ID_PATTERN)}`);
          const client = run.clientFromFile(kubeconfigPath(run, String(flags.values.kubeconfig ?? "")));
          for (const a of args) {
            let id = a;
            if (!/^[a-z0-9]{6}$/.test(a)) {
              const m = /^([a-z0-9]{6})\.[a-z0-9]{16}$/.exec(a);
              if (!m) throw new KubeadmError(`given token didn't match pattern ${JSON.stringify(TOKEN_PATTERN)} or ${JSON.stringify(TOKEN_ID_PATTERN)}`);
              id = m[1];
            }
            const name = `bootstrap-token-${id}`;
            try {
              client.call("Delete", `/api/v1/namespaces/kube-system/secrets/${name}${TIMEOUT}`, (c) => c.delete("secrets", "kube-system", name));
            } catch (e) {
              throw e instanceof KubeadmError ? e.wrap(`failed to delete bootstrap token ${JSON.stringify(id)}`) : e;
            }
            run.println(`bootstrap token ${JSON.stringify(id)} deleted`);
          }
        },
      },
      {
        use: "generate",
        short: "Generate and print a bootstrap token, but do not create it on the server",
        long: `This command will print out a randomly-generated bootstrap token that can be used with
the "init" and "join" commands.

You don't have to use this command in order to generate a token. You can do so
yourself as long as it is in the format "[a-z0-9]{6}.[a-z0-9]{16}". This
command is provided for convenience to generate tokens in the given format.

You can also use "kubeadm init" without specifying a token and it will
generate and print one for you.`,
        noArgs: true,
        run: ({ run }) => run.println(generateToken(run)),
      },
    ],
  };
}
