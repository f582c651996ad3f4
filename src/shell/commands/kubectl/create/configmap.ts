/**
 * kubectl create configmap NAME [--from-literal] [--from-file] [--from-env-file]
 * [--append-hash] (pkg/cmd/create/create_configmap.go).
 */
import { KubectlError } from "../errors.js";
import { boolFlag, listFlag } from "../common/flags.js";
import { defineGenerator } from "./generator.js";
import { objectMeta, sortedMap } from "./objects.js";
import { base64, configMapKeyErrors, contentHash, isUtf8, parseLiteralSource, readEnvFile, readFileSources } from "./sources.js";

export const createConfigMapCommand = defineGenerator({
  name: "configmap",
  aliases: ["cm"],
  short: "Create a config map from a local file, directory or literal value",
  long: "Create a config map based on a file, directory, or specified literal value.\n\n A single config map may package one or more key/value pairs.\n\n When creating a config map based on a file, the key will default to the basename of the file, and the value will default to the file content.  If the basename is an invalid key, you may specify an alternate key.\n\n When creating a config map based on a directory, each file whose basename is a valid key in the directory will be packaged into the config map.  Any directory entries except regular files are ignored (e.g. subdirectories, symlinks, devices, pipes, etc).",
  examples:
    "  # Create a new config map named my-config based on folder bar\n  kubectl create configmap my-config --from-file=path/to/bar\n  \n  # Create a new config map named my-config with specified keys instead of file basenames on disk\n  kubectl create configmap my-config --from-file=key1=/path/to/bar/file1.txt --from-file=key2=/path/to/bar/file2.txt\n  \n  # Create a new config map named my-config with key1=config1 and key2=config2\n  kubectl create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2\n  \n  # Create a new config map named my-config from the key=value pairs in the file\n  kubectl create configmap my-config --from-file=path/to/bar\n  \n  # Create a new config map named my-config from an env file\n  kubectl create configmap my-config --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env",
  usage: "kubectl create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]",
  flags: [
    { name: "append-hash", type: "bool", usage: "Append a hash of the configmap to its name." },
    { name: "from-env-file", type: "stringSlice", usage: "Specify the path to a file to read lines of key=val pairs to create a configmap." },
    {
      name: "from-file",
      type: "stringSlice",
      usage:
        "Key file can be specified using its file path, in which case file basename will be used as configmap key, or optionally with a key and file path, in which case the given key will be used.  Specifying a directory will iterate each named file in the directory whose basename is a valid configmap key.",
    },
    { name: "from-literal", type: "stringArray", usage: "Specify a key and literal value to insert in configmap (i.e. mykey=somevalue)" },
  ],
  resource: "configmaps",
  createErrorPrefix: "failed to create configmap: ",
  validate({ k }) {
    if (listFlag(k, "from-env-file").length > 0 && (listFlag(k, "from-file").length > 0 || listFlag(k, "from-literal").length > 0)) {
      throw new KubectlError("from-env-file cannot be combined with from-file or from-literal");
    }
  },
  async build({ k, name, namespace, namespaceExplicit }) {
    const data: Record<string, string> = {};
    const binaryData: Record<string, string> = {};
    const add = (key: string, value: string, binary = false) => {
      const errs = configMapKeyErrors(key);
      if (errs.length) throw new KubectlError(`${JSON.stringify(key)} is not a valid key name for a ConfigMap: ${errs.join(",")}`);
      if (key in data) throw new KubectlError(`cannot add key ${JSON.stringify(key)}, another key by that name already exists in Data for ConfigMap ${JSON.stringify(name)}`);
      if (key in binaryData) {
        throw new KubectlError(`cannot add key ${JSON.stringify(key)}, another key by that name already exists in BinaryData for ConfigMap ${JSON.stringify(name)}`);
      }
      (binary ? binaryData : data)[key] = value;
    };
    for (const f of await readFileSources(k.tool, listFlag(k, "from-file"))) {
      if (isUtf8(f.bytes)) add(f.key, new TextDecoder().decode(f.bytes));
      else add(f.key, base64(f.bytes), true);
    }
    for (const source of listFlag(k, "from-literal")) add(...parseLiteralSource(source));
    for (const path of listFlag(k, "from-env-file")) {
      for (const [key, value] of await readEnvFile(k.tool, path, "env config file cannot be a directory")) add(key, value);
    }
    let finalName = name;
    if (boolFlag(k, "append-hash")) {
      const encoded: Record<string, unknown> = { kind: "ConfigMap", name, data };
      if (Object.keys(binaryData).length) encoded.binaryData = binaryData;
      finalName = `${name}-${contentHash(encoded)}`;
    }
    return {
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: objectMeta({ name: finalName, namespace: namespaceExplicit ? namespace : undefined }),
      data: sortedMap(data),
      binaryData: sortedMap(binaryData),
    };
  },
});
