/**
 * kubectl config set-credentials NAME [--client-certificate] [--client-key]
 * [--embed-certs] [--token] [--username --password] [--auth-provider ...]
 * [--exec-command ...] (pkg/cmd/config/set_credentials.go).
 */
import { KubectlError } from "../errors.js";
import { modifyConfig, type Stanza } from "../kubeconfig.js";
import { goQuote } from "../printers/gofmt.js";
import { parsePairs } from "../common/pairs.js";
import type { KubectlContext, Subcommand } from "../types.js";
import { goList, helpError, loadConfig, provided } from "./common.js";
import { absolutePath, embed, mustExist } from "./files.js";

const list = (k: KubectlContext, name: string) => (k.flags.values[name] as string[] | undefined) ?? [];
const str = (k: KubectlContext, name: string) => String(k.flags.values[name] ?? "");

async function validate(k: KubectlContext, name: string): Promise<void> {
  if (!name) throw new KubectlError("you must specify a non-empty user name");
  const methods: string[] = [];
  if (str(k, "token")) methods.push("--token");
  if (str(k, "username") || str(k, "password")) methods.push("--username/--password");
  if (methods.length > 1) throw new KubectlError(`you cannot specify more than one authentication method at the same time: ${methods.join(", ")}`);
  if (k.flags.values["embed-certs"] === true) {
    const cert = str(k, "client-certificate");
    const key = str(k, "client-key");
    if (!cert && !key) throw new KubectlError("you must specify a --client-certificate or --client-key to embed");
    if (cert) await mustExist(k, "client-certificate", cert);
    if (key) await mustExist(k, "client-key", key);
  }
  if (provided(k, "exec-interactive-mode") && !["IfAvailable", "Always", "Never"].includes(str(k, "exec-interactive-mode"))) {
    throw new KubectlError("invalid interactive mode type, can be only IfAvailable, Never, Always");
  }
}

/** modifyAuthInfo: the flags given, merged onto the existing entry. */
async function modifyAuthInfo(k: KubectlContext, existing: Stanza): Promise<Stanza> {
  const u: Stanza = { ...existing };
  const embedCerts = k.flags.values["embed-certs"] === true;
  for (const [flag, pathField, dataField] of [
    ["client-certificate", "client-certificate", "client-certificate-data"],
    ["client-key", "client-key", "client-key-data"],
  ]) {
    if (!provided(k, flag)) continue;
    if (embedCerts) {
      u[dataField] = await embed(k, str(k, flag));
      delete u[pathField];
    } else {
      u[pathField] = absolutePath(k, str(k, flag));
      if (u[pathField]) delete u[dataField];
    }
  }
  let setToken = false;
  let setBasic = false;
  if (provided(k, "token")) {
    u.token = str(k, "token");
    setToken = !!u.token;
  }
  for (const field of ["username", "password"]) {
    if (!provided(k, field)) continue;
    u[field] = str(k, field);
    setBasic = setBasic || !!u[field];
  }
  const providerArgs = parsePairs(list(k, "auth-provider-arg"), "auth-provider-arg", true);
  let provider = u["auth-provider"] as { name: string; config?: Record<string, string> } | undefined;
  if (provided(k, "auth-provider") && provider?.name !== str(k, "auth-provider")) provider = { name: str(k, "auth-provider") };
  if (provider) {
    const config = { ...(provider.config ?? {}) };
    for (const r of providerArgs.remove) delete config[r];
    for (const [key, value] of providerArgs.set) config[key] = value;
    u["auth-provider"] = { ...provider, config };
  }
  const env = parsePairs(list(k, "exec-env"), "exec-env", true);
  let exec = u.exec as Record<string, unknown> | undefined;
  if (provided(k, "exec-command")) exec = exec ? { ...exec, command: str(k, "exec-command"), args: undefined } : { command: str(k, "exec-command") };
  if (exec) {
    exec = { ...exec };
    if (provided(k, "exec-api-version")) exec.apiVersion = str(k, "exec-api-version");
    if (list(k, "exec-arg").length) exec.args = list(k, "exec-arg");
    if (provided(k, "exec-interactive-mode")) exec.interactiveMode = str(k, "exec-interactive-mode");
    if (provided(k, "exec-provide-cluster-info")) exec.provideClusterInfo = k.flags.values["exec-provide-cluster-info"] === true;
    let vars = [...((exec.env as Array<{ name: string; value: string }> | undefined) ?? [])];
    if (env.remove.length) vars = vars.filter((e) => !env.remove.includes(e.name));
    for (const [name, value] of env.set) {
      const existing = vars.find((e) => e.name === name);
      if (existing) existing.value = value;
      else vars.push({ name, value });
    }
    if (env.remove.length || env.set.size) exec.env = vars;
    u.exec = exec;
  }
  // A bearer token and basic auth exclude each other: setting one clears the other.
  if (setToken || setBasic) {
    if (!setToken) delete u.token;
    if (!setBasic) {
      delete u.username;
      delete u.password;
    }
  }
  return u;
}

export const setCredentialsCommand: Subcommand = {
  name: "set-credentials",
  short: "Set a user entry in kubeconfig",
  long: `Set a user entry in kubeconfig.

 Specifying a name that already exists will merge new fields on top of existing values.

        Client-certificate flags:
        --client-certificate=certfile --client-key=keyfile
        
        Bearer token flags:
        --token=bearer_token
        
        Basic auth flags:
        --username=basic_user --password=basic_password
        
 Bearer token and basic auth are mutually exclusive.`,
  examples: `  # Set only the "client-key" field on the "cluster-admin"
  # entry, without touching other values
  kubectl config set-credentials cluster-admin --client-key=~/.kube/admin.key
  
  # Set basic auth for the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --username=admin --password=uXFGweU9l35qcif
  
  # Embed client certificate data in the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --client-certificate=~/.kube/admin.crt --embed-certs=true
  
  # Enable the Google Compute Platform auth provider for the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --auth-provider=gcp
  
  # Enable the OpenID Connect auth provider for the "cluster-admin" entry with additional arguments
  kubectl config set-credentials cluster-admin --auth-provider=oidc --auth-provider-arg=client-id=foo --auth-provider-arg=client-secret=bar
  
  # Remove the "client-secret" config value for the OpenID Connect auth provider for the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --auth-provider=oidc --auth-provider-arg=client-secret-
  
  # Enable new exec auth plugin for the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --exec-command=/path/to/the/executable --exec-api-version=client.authentication.k8s.io/v1beta1
  
  # Enable new exec auth plugin for the "cluster-admin" entry with interactive mode
  kubectl config set-credentials cluster-admin --exec-command=/path/to/the/executable --exec-api-version=client.authentication.k8s.io/v1beta1 --exec-interactive-mode=Never
  
  # Define new exec auth plugin arguments for the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --exec-arg=arg1 --exec-arg=arg2
  
  # Create or update exec auth plugin environment variables for the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --exec-env=key1=val1 --exec-env=key2=val2
  
  # Remove exec auth plugin environment variables for the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --exec-env=var-to-remove-`,
  usage:
    "kubectl config set-credentials NAME [--client-certificate=path/to/certfile] [--client-key=path/to/keyfile] [--token=bearer_token] [--username=basic_user] [--password=basic_password] [--auth-provider=provider_name] [--auth-provider-arg=key=value] [--exec-command=exec_command] [--exec-api-version=exec_api_version] [--exec-arg=arg] [--exec-env=key=value] [options]",
  flags: [
    { name: "auth-provider", type: "string", usage: "Auth provider for the user entry in kubeconfig" },
    { name: "auth-provider-arg", type: "stringSlice", usage: "'key=value' arguments for the auth provider" },
    { name: "client-certificate", type: "string", usage: "Path to client-certificate file for the user entry in kubeconfig" },
    { name: "client-key", type: "string", usage: "Path to client-key file for the user entry in kubeconfig" },
    { name: "embed-certs", type: "bool", usage: "Embed client cert/key for the user entry in kubeconfig" },
    { name: "exec-api-version", type: "string", usage: "API version of the exec credential plugin for the user entry in kubeconfig" },
    { name: "exec-arg", type: "stringSlice", usage: "New arguments for the exec credential plugin command for the user entry in kubeconfig" },
    { name: "exec-command", type: "string", usage: "Command for the exec credential plugin for the user entry in kubeconfig" },
    { name: "exec-env", type: "stringArray", usage: "'key=value' environment values for the exec credential plugin" },
    { name: "exec-interactive-mode", type: "string", usage: "InteractiveMode of the exec credentials plugin for the user entry in kubeconfig" },
    { name: "exec-provide-cluster-info", type: "bool", usage: "ProvideClusterInfo of the exec credentials plugin for the user entry in kubeconfig" },
    { name: "password", type: "string", usage: "password for the user entry in kubeconfig" },
    { name: "token", type: "string", usage: "token for the user entry in kubeconfig" },
    { name: "username", type: "string", usage: "username for the user entry in kubeconfig" },
  ],
  async run(k) {
    if (k.args.length !== 1) helpError(k, setCredentialsCommand, `unexpected args: ${goList(k.args)}`);
    const name = k.args[0];
    // complete() parses the pairs (and fails with the help printed) before validation.
    try {
      parsePairs(list(k, "auth-provider-arg"), "auth-provider-arg", true);
      parsePairs(list(k, "exec-env"), "exec-env", true);
    } catch (e) {
      helpError(k, setCredentialsCommand, (e as Error).message);
    }
    await validate(k, name);
    const { access, config } = await loadConfig(k);
    config.users[name] = await modifyAuthInfo(k, config.users[name] ?? {});
    await modifyConfig(access, config, true);
    k.out.line(`User ${goQuote(name)} set.`);
    return 0;
  },
};
