/**
 * kubectl create secret generic|tls|docker-registry NAME
 * (pkg/cmd/create/create_secret*.go): one Secret builder; the three
 * generators differ in where the data comes from and in the type.
 */
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { resolvePath } from "../../../tool.js";
import { KubectlError } from "../errors.js";
import { boolFlag, listFlag, stringFlag } from "../common/flags.js";
import { goJsonMarshal } from "../printers/gofmt.js";
import type { KubectlContext } from "../types.js";
import { defineGenerator, defineGeneratorGroup, type GeneratorInput } from "./generator.js";
import { objectMeta, sortedMap } from "./objects.js";
import { base64, configMapKeyErrors, contentHash, parseLiteralSource, readEnvFile, readFileSources } from "./sources.js";

const APPEND_HASH_FLAG = { name: "append-hash", type: "bool", usage: "Append a hash of the secret to its name." } as const;

/** Secret data: keys validated as ConfigMap keys, no duplicates, values base64. */
class SecretData {
  readonly data: Record<string, string> = {};

  add(key: string, value: Uint8Array | string): void {
    const errs = configMapKeyErrors(key);
    if (errs.length) throw new KubectlError(`${JSON.stringify(key)} is not valid key name for a Secret ${errs.join(";")}`);
    if (key in this.data) throw new KubectlError(`cannot add key ${key}, another key by that name already exists`);
    this.data[key] = base64(value);
  }

  async addFiles(k: KubectlContext, sources: string[]): Promise<void> {
    for (const f of await readFileSources(k.tool, sources)) this.add(f.key, f.bytes);
  }
}

function secretObject(input: GeneratorInput, type: string, data: SecretData) {
  let name = input.name;
  if (boolFlag(input.k, "append-hash")) name = `${name}-${contentHash({ data: data.data, kind: "Secret", name, type })}`;
  return {
    kind: "Secret",
    apiVersion: "v1",
    metadata: objectMeta({ name, namespace: input.namespaceExplicit ? input.namespace : undefined }),
    data: sortedMap(data.data),
    type: type || undefined,
  };
}

const createPrefix = "failed to create secret ";

const genericCommand = defineGenerator({
  name: "generic",
  short: "Create a secret from a local file, directory, or literal value",
  long: "Create a secret based on a file, directory, or specified literal value.\n\n A single secret may package one or more key/value pairs.\n\n When creating a secret based on a file, the key will default to the basename of the file, and the value will default to the file content. If the basename is an invalid key or you wish to chose your own, you may specify an alternate key.\n\n When creating a secret based on a directory, each file whose basename is a valid key in the directory will be packaged into the secret. Any directory entries except regular files are ignored (e.g. subdirectories, symlinks, devices, pipes, etc).",
  examples:
    "  # Create a new secret named my-secret with keys for each file in folder bar\n  kubectl create secret generic my-secret --from-file=path/to/bar\n  \n  # Create a new secret named my-secret with specified keys instead of names on disk\n  kubectl create secret generic my-secret --from-file=ssh-privatekey=path/to/id_rsa --from-file=ssh-publickey=path/to/id_rsa.pub\n  \n  # Create a new secret named my-secret with key1=supersecret and key2=topsecret\n  kubectl create secret generic my-secret --from-literal=key1=supersecret --from-literal=key2=topsecret\n  \n  # Create a new secret named my-secret using a combination of a file and a literal\n  kubectl create secret generic my-secret --from-file=ssh-privatekey=path/to/id_rsa --from-literal=passphrase=topsecret\n  \n  # Create a new secret named my-secret from env files\n  kubectl create secret generic my-secret --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env",
  usage: "kubectl create secret generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]",
  flags: [
    APPEND_HASH_FLAG,
    { name: "from-env-file", type: "stringSlice", usage: "Specify the path to a file to read lines of key=val pairs to create a secret." },
    {
      name: "from-file",
      type: "stringSlice",
      usage:
        "Key files can be specified using their file path, in which case a default name will be given to them, or optionally with a name and file path, in which case the given name will be used.  Specifying a directory will iterate each named file in the directory that is a valid secret key.",
    },
    { name: "from-literal", type: "stringArray", usage: "Specify a key and literal value to insert in secret (i.e. mykey=somevalue)" },
    { name: "type", type: "string", usage: "The type of secret to create" },
  ],
  resource: "secrets",
  createErrorPrefix: createPrefix,
  validate({ k }) {
    if (listFlag(k, "from-env-file").length > 0 && (listFlag(k, "from-file").length > 0 || listFlag(k, "from-literal").length > 0)) {
      throw new KubectlError("from-env-file cannot be combined with from-file or from-literal");
    }
  },
  async build(input) {
    const { k } = input;
    const data = new SecretData();
    for (const source of listFlag(k, "from-literal")) data.add(...parseLiteralSource(source));
    await data.addFiles(k, listFlag(k, "from-file"));
    for (const path of listFlag(k, "from-env-file")) {
      for (const [key, value] of await readEnvFile(k.tool, path, "env secret file cannot be a directory")) data.add(key, value);
    }
    return secretObject(input, stringFlag(k, "type"), data);
  },
});

/** PEM blocks (type and base64 body) in a text. */
function pemBlocks(text: string): Array<{ type: string; pem: string }> {
  const blocks: Array<{ type: string; pem: string }> = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
  for (const m of text.matchAll(re)) blocks.push({ type: m[1], pem: m[0] });
  return blocks;
}

/** tls.X509KeyPair's checks: a certificate and a private key, in the right inputs, that belong together. */
function checkKeyPair(certPem: string, keyPem: string): void {
  const certBlocks = pemBlocks(certPem);
  const certs = certBlocks.filter((b) => b.type === "CERTIFICATE");
  if (certs.length === 0) {
    const skipped = certBlocks.map((b) => b.type);
    if (skipped.length === 0) throw new KubectlError("tls: failed to find any PEM data in certificate input");
    if (skipped.length === 1 && skipped[0].endsWith("PRIVATE KEY")) {
      throw new KubectlError("tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched");
    }
    throw new KubectlError(`tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${skipped.join(" ")}]`);
  }
  const keyBlocks = pemBlocks(keyPem);
  const key = keyBlocks.find((b) => b.type === "PRIVATE KEY" || b.type.endsWith(" PRIVATE KEY"));
  if (!key) {
    const skipped = keyBlocks.map((b) => b.type);
    if (skipped.length === 0) throw new KubectlError("tls: failed to find any PEM data in key input");
    if (skipped.length === 1 && skipped[0] === "CERTIFICATE") throw new KubectlError("tls: found a certificate rather than a key in the PEM for the private key");
    throw new KubectlError(`tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${skipped.join(" ")}]`);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certs[0].pem);
  } catch {
    throw new KubectlError("x509: malformed certificate");
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key.pem);
  } catch {
    throw new KubectlError("tls: failed to parse private key");
  }
  const der = (k: KeyObject) => k.export({ type: "spki", format: "der" }).toString("base64");
  if (der(cert.publicKey) !== der(createPublicKey(privateKey))) throw new KubectlError("tls: private key does not match public key");
}

async function readPemFile(k: KubectlContext, file: string): Promise<string> {
  const abs = resolvePath(k.tool.cwd, file);
  if (!(await k.tool.fs.exists(abs))) throw new KubectlError(`Cannot read file ${file}, open ${file}: no such file or directory`);
  if ((await k.tool.fs.stat(abs)).isDirectory) throw new KubectlError(`Cannot read file ${file}, read ${file}: is a directory`);
  return k.tool.fs.readFile(abs);
}

const tlsCommand = defineGenerator({
  name: "tls",
  short: "Create a TLS secret",
  long: "Create a TLS secret from the given public/private key pair.\n\n The public/private key pair must exist beforehand. The public key certificate must be .PEM encoded and match the given private key.",
  examples: "  # Create a new TLS secret named tls-secret with the given key pair\n  kubectl create secret tls tls-secret --cert=path/to/tls.crt --key=path/to/tls.key",
  usage: "kubectl create secret tls NAME --cert=path/to/cert/file --key=path/to/key/file [--dry-run=server|client|none] [options]",
  flags: [
    APPEND_HASH_FLAG,
    { name: "cert", type: "string", usage: "Path to PEM encoded public key certificate." },
    { name: "key", type: "string", usage: "Path to private key associated with given certificate." },
  ],
  resource: "secrets",
  createErrorPrefix: createPrefix,
  validate({ k }) {
    if (!stringFlag(k, "key") || !stringFlag(k, "cert")) throw new KubectlError("key and cert must be specified");
  },
  async build(input) {
    const { k } = input;
    const cert = await readPemFile(k, stringFlag(k, "cert"));
    const key = await readPemFile(k, stringFlag(k, "key"));
    checkKeyPair(cert, key);
    const data = new SecretData();
    data.add("tls.crt", cert);
    data.add("tls.key", key);
    return secretObject(input, "kubernetes.io/tls", data);
  },
});

const dockerRegistryCommand = defineGenerator({
  name: "docker-registry",
  short: "Create a secret for use with a Docker registry",
  long: "Create a new secret for use with Docker registries.\n        \n        Dockercfg secrets are used to authenticate against Docker registries.\n        \n        When using the Docker command line to push images, you can authenticate to a given registry by running:\n        '$ docker login DOCKER_REGISTRY_SERVER --username=DOCKER_USER --password=DOCKER_PASSWORD --email=DOCKER_EMAIL'.\n        \n That produces a ~/.dockercfg file that is used by subsequent 'docker push' and 'docker pull' commands to authenticate to the registry. The email address is optional.\n\n        When creating applications, you may have a Docker registry that requires authentication.  In order for the\n        nodes to pull images on your behalf, they must have the credentials.  You can provide this information\n        by creating a dockercfg secret and attaching it to your service account.",
  examples:
    "  # If you do not already have a .dockercfg file, create a dockercfg secret directly\n  kubectl create secret docker-registry my-secret --docker-server=DOCKER_REGISTRY_SERVER --docker-username=DOCKER_USER --docker-password=DOCKER_PASSWORD --docker-email=DOCKER_EMAIL\n  \n  # Create a new secret named my-secret from ~/.docker/config.json\n  kubectl create secret docker-registry my-secret --from-file=path/to/.docker/config.json",
  usage:
    "kubectl create secret docker-registry NAME --docker-username=user --docker-password=password --docker-email=email [--docker-server=string] [--from-file=[key=]source] [--dry-run=server|client|none] [options]",
  flags: [
    APPEND_HASH_FLAG,
    { name: "docker-email", type: "string", usage: "Email for Docker registry" },
    { name: "docker-password", type: "string", usage: "Password for Docker registry authentication" },
    { name: "docker-server", type: "string", default: "https://index.docker.io/v1/", usage: "Server location for Docker registry" },
    { name: "docker-username", type: "string", usage: "Username for Docker registry authentication" },
    {
      name: "from-file",
      type: "stringSlice",
      usage:
        "Key files can be specified using their file path, in which case a default name of .dockerconfigjson will be given to them, or optionally with a name and file path, in which case the given name will be used. Specifying a directory will iterate each named file in the directory that is a valid secret key. For this command, the key should always be .dockerconfigjson.",
    },
  ],
  resource: "secrets",
  createErrorPrefix: createPrefix,
  validate({ k }) {
    if (listFlag(k, "from-file").length === 0 && (!stringFlag(k, "docker-username") || !stringFlag(k, "docker-password") || !stringFlag(k, "docker-server"))) {
      throw new KubectlError("either --from-file or the combination of --docker-username, --docker-password and --docker-server is required");
    }
  },
  async build(input) {
    const { k } = input;
    const data = new SecretData();
    const files = listFlag(k, "from-file").map((s) => (s.includes("=") ? s : `.dockerconfigjson=${s}`));
    if (files.length) {
      await data.addFiles(k, files);
    } else {
      const username = stringFlag(k, "docker-username");
      const password = stringFlag(k, "docker-password");
      const entry = { username, password, email: stringFlag(k, "docker-email") || undefined, auth: base64(`${username}:${password}`) };
      data.add(".dockerconfigjson", goJsonMarshal({ auths: { [stringFlag(k, "docker-server")]: entry } }, "", 0, false));
    }
    return secretObject(input, "kubernetes.io/dockerconfigjson", data);
  },
});

export const createSecretCommand = defineGeneratorGroup({
  name: "secret",
  short: "Create a secret using a specified subcommand",
  long: "Create a secret with specified type.\n\n A docker-registry type secret is for accessing a container registry.\n\n A generic type secret indicate an Opaque secret type.\n\n A tls type secret holds TLS certificate and its associated key.",
  usage: "kubectl create secret (docker-registry | generic | tls) [options]",
  subcommands: [dockerRegistryCommand, genericCommand, tlsCommand],
});
