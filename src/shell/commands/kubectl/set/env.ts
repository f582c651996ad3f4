/**
 * kubectl set env RESOURCE/NAME KEY=VAL ... KEY- (pkg/cmd/set/set_env.go and
 * set/env): adds, replaces or removes variables in the selected containers
 * (-c, wildcards allowed), imports the keys of a ConfigMap or Secret with
 * --from (and --keys, --prefix), or lists them with --list (--resolve shows
 * the referenced values).
 */
import { isNotFound } from "../../../../cluster/api/errors.js";
import type { KubeObject } from "../../../../cluster/api/types.js";
import { Quantity } from "../../../../cluster/api/quantity.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext, Subcommand } from "../types.js";
import { ErrorList } from "../common/errors.js";
import { filenameOptions } from "../common/file-objects.js";
import { DRY_RUN_FLAG, PRINT_FLAGS, dryRunStrategy, fieldManagerFlag, filenameFlags, sortedFlags, stringFlag } from "../common/flags.js";
import { ObjectPrinter } from "../common/print.js";
import { checkErrors, findObjects, goError } from "../visit.js";
import { LABEL_SELECTOR_FLAG, localFlag, podSpecOf, selectContainers, setTargets } from "./common.js";
import { calculatePatches, sendPatches } from "./patch-objects.js";

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: any;
}

/** IsEnvironmentArgument: `anything=anything`. */
function isEnvArgument(s: string): boolean {
  return /^[\s\S]+=[\s\S]*$/.test(s);
}

/** SplitEnvironmentFromResources: resources first, then KEY=VAL or KEY-. */
function splitEnvFromResources(args: string[]): { resources: string[]; envArgs: string[] } | undefined {
  const resources: string[] = [];
  const envArgs: string[] = [];
  for (const s of args) {
    const isEnv = isEnvArgument(s) || s.endsWith("-");
    if (isEnv) envArgs.push(s);
    else if (envArgs.length > 0) return undefined;
    else resources.push(s);
  }
  return { resources, envArgs };
}

const ENV_VAR_NAME_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*";

/** validation.IsEnvVarName. */
function envVarNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (!new RegExp(`^${ENV_VAR_NAME_FMT}$`).test(name)) {
    errs.push(
      `a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '${ENV_VAR_NAME_FMT}')`,
    );
  }
  if (name === ".") errs.push("must not be '.'");
  else if (name === "..") errs.push("must not be '..'");
  else if (name.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

/** readEnv: KEY=VALUE lines of stdin, `#` starting a comment. */
function readEnv(text: string): EnvVar[] {
  const out: EnvVar[] = [];
  for (let line of text.split("\n")) {
    const hash = line.indexOf("#");
    if (hash !== -1) line = line.slice(0, hash);
    const eq = line.indexOf("=");
    if (eq !== -1) out.push({ name: line.slice(0, eq), value: line.slice(eq + 1) });
  }
  return out;
}

/** ParseEnv: variables to set, names to remove; `-` reads stdin. */
function parseEnv(specs: string[], stdin: string): { env: EnvVar[]; remove: string[] } {
  const env: EnvVar[] = [];
  const remove: string[] = [];
  const set = new Set<string>();
  for (const spec of specs) {
    if (spec === "-") env.push(...readEnv(stdin));
    else if (spec.includes("=")) {
      const i = spec.indexOf("=");
      const name = spec.slice(0, i);
      const errs = envVarNameErrors(name);
      if (errs.length) throw new KubectlError(`"${name}" is not a valid key name: ${errs.join(";")}`);
      set.add(name);
      env.push({ name, value: spec.slice(i + 1) });
    } else if (spec.endsWith("-")) remove.push(spec.slice(0, -1));
    else throw new KubectlError(`unknown environment variable: ${spec}`);
  }
  if (remove.some((r) => set.has(r))) throw new KubectlError("can not both modify and remove the same environment variable in the same command");
  return { env, remove };
}

/** updateEnv: replaces variables in place, drops removed ones, appends new ones. */
function updateEnv(existing: EnvVar[], env: EnvVar[], remove: string[]): EnvVar[] {
  const out: EnvVar[] = [];
  const covered = new Set(remove);
  for (const e of existing) {
    if (covered.has(e.name)) continue;
    const newer = env.find((n) => n.name === e.name);
    if (newer) {
      covered.add(e.name);
      out.push(newer);
    } else out.push(e);
  }
  for (const e of env) {
    if (covered.has(e.name)) continue;
    covered.add(e.name);
    out.push(e);
  }
  return out;
}

/** GetEnvVarRefString. */
function refString(from: any): string {
  if (from.configMapKeyRef) return `configmap ${from.configMapKeyRef.name}, key ${from.configMapKeyRef.key}`;
  if (from.secretKeyRef) return `secret ${from.secretKeyRef.name}, key ${from.secretKeyRef.key}`;
  if (from.fieldRef) return `field path ${from.fieldRef.fieldPath}`;
  if (from.resourceFieldRef) return `resource field ${from.resourceFieldRef.containerName ? `${from.resourceFieldRef.containerName}/` : ""}${from.resourceFieldRef.resource}`;
  return "invalid valueFrom";
}

/** formatMap: `key="value"` lines, sorted. */
function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((key) => `${key}=${JSON.stringify(m![key])}`)
    .join("\n");
}

/** GetEnvVarRefValue: what a reference resolves to (--list --resolve). */
function refValue(k: KubectlContext, namespace: string, cache: Map<string, KubeObject>, from: any, obj: KubeObject, c: any): string {
  const fetch = (resource: string, name: string) => {
    const key = `${resource}/${name}`;
    if (!cache.has(key)) cache.set(key, k.client.get(resource, namespace, name));
    return cache.get(key)!;
  };
  if (from.secretKeyRef) {
    const s = fetch("secrets", from.secretKeyRef.name);
    const data = s.data?.[from.secretKeyRef.key];
    if (data !== undefined) return Buffer.from(data, "base64").toString("utf8");
    throw new Error(`key ${from.secretKeyRef.key} not found in secret ${from.secretKeyRef.name}`);
  }
  if (from.configMapKeyRef) {
    const cm = fetch("configmaps", from.configMapKeyRef.name);
    const data = cm.data?.[from.configMapKeyRef.key];
    if (data !== undefined) return data;
    throw new Error(`key ${from.configMapKeyRef.key} not found in config map ${from.configMapKeyRef.name}`);
  }
  if (from.fieldRef) {
    const path: string = from.fieldRef.fieldPath ?? "";
    const sub = /^(metadata\.(?:annotations|labels))\['(.*)'\]$/.exec(path);
    if (sub) return (sub[1] === "metadata.labels" ? obj.metadata.labels : obj.metadata.annotations)?.[sub[2]] ?? "";
    switch (path) {
      case "metadata.annotations":
        return formatMap(obj.metadata.annotations);
      case "metadata.labels":
        return formatMap(obj.metadata.labels);
      case "metadata.name":
        return obj.metadata.name ?? "";
      case "metadata.namespace":
        return obj.metadata.namespace ?? "";
      case "metadata.uid":
        return obj.metadata.uid ?? "";
    }
    throw new Error(`unsupported fieldPath: ${path}`);
  }
  if (from.resourceFieldRef) {
    const fs = from.resourceFieldRef;
    const divisor = Quantity.tryParse(String(fs.divisor ?? "1")) ?? Quantity.fromInt(1);
    const [kind, name] = String(fs.resource).split(".");
    const q = Quantity.tryParse(String(c.resources?.[kind === "limits" ? "limits" : "requests"]?.[name] ?? "0")) ?? Quantity.zero();
    if (fs.resource === "limits.cpu" || fs.resource === "requests.cpu") return String(Math.ceil(q.milliValue() / divisor.milliValue()));
    if (["limits.memory", "requests.memory", "limits.ephemeral-storage", "requests.ephemeral-storage"].includes(fs.resource)) return String(Math.ceil(q.value() / divisor.value()));
    throw new Error(`Unsupported container resource : ${fs.resource}`);
  }
  throw new Error("invalid valueFrom");
}

/** `Deployment`, `Pod`: the kind --list headers name. */
function kindOf(obj: KubeObject): string {
  return obj.kind ?? "";
}

export const setEnvCommand: Subcommand = {
  name: "env",
  short: "Update environment variables on a pod template",
  long: "Update environment variables on a pod template.\n\n List environment variable definitions in one or more pods, pod templates. Add, update, or remove container environment variable definitions in one or more pod templates (within replication controllers or deployment configurations). View or modify the environment variable definitions on all containers in the specified pods or pod templates, or just those that match a wildcard.\n\n If \"--env -\" is passed, environment variables can be read from STDIN using the standard env syntax.\n\n Possible resources include (case insensitive):\n\n        pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), cronjob (cj), replicaset (rs)",
  examples:
    "  # Update deployment 'registry' with a new environment variable\n  kubectl set env deployment/registry STORAGE_DIR=/local\n  \n  # List the environment variables defined on a deployments 'sample-build'\n  kubectl set env deployment/sample-build --list\n  \n  # List the environment variables defined on all pods\n  kubectl set env pods --all --list\n  \n  # Output modified deployment in YAML, and does not alter the object on the server\n  kubectl set env deployment/sample-build STORAGE_DIR=/data -o yaml\n  \n  # Update all containers in all replication controllers in the project to have ENV=prod\n  kubectl set env rc --all ENV=prod\n  \n  # Import environment from a secret\n  kubectl set env --from=secret/mysecret deployment/myapp\n  \n  # Import environment from a config map with a prefix\n  kubectl set env --from=configmap/myconfigmap --prefix=MYSQL_ deployment/myapp\n  \n  # Import specific keys from a config map\n  kubectl set env --keys=my-example-key --from=configmap/myconfigmap deployment/myapp\n  \n  # Remove the environment variable ENV from container 'c1' in all deployment configs\n  kubectl set env deployments --all --containers=\"c1\" ENV-\n  \n  # Remove the environment variable ENV from a deployment definition on disk and\n  # update the deployment config on the server\n  kubectl set env -f deploy.json ENV-\n  \n  # Set some of the local shell environment into a deployment config on the server\n  env | grep RAILS_ | kubectl set env -e - deployment/registry",
  usage: "kubectl set env RESOURCE/NAME KEY_1=VAL_1 ... KEY_N=VAL_N [options]",
  flags: sortedFlags([
    ...PRINT_FLAGS,
    DRY_RUN_FLAG,
    fieldManagerFlag("kubectl-set"),
    ...filenameFlags("the resource to update the env"),
    { name: "all", type: "bool", usage: "If true, select all resources in the namespace of the specified resource types" },
    { name: "containers", short: "c", type: "string", default: "*", usage: "The names of containers in the selected pod templates to change - may use wildcards" },
    { name: "env", short: "e", type: "stringArray", usage: "Specify a key-value pair for an environment variable to set into each container." },
    { name: "from", type: "string", usage: "The name of a resource from which to inject environment variables" },
    { name: "keys", type: "stringSlice", usage: "Comma-separated list of keys to import from specified resource" },
    { name: "list", type: "bool", usage: "If true, display the environment and any changes in the standard format. this flag will removed when we have kubectl view env." },
    localFlag("set env"),
    { name: "overwrite", type: "bool", default: true, usage: "If true, allow environment to be overwritten, otherwise reject updates that overwrite existing environment." },
    { name: "prefix", type: "string", usage: "Prefix to append to variable names" },
    { name: "resolve", type: "bool", usage: "If true, show secret or configmap references when listing variables" },
    LABEL_SELECTOR_FLAG,
  ]),
  async run(k: KubectlContext) {
    const all = k.flags.values.all === true;
    if (all && stringFlag(k, "selector")) throw new KubectlError("cannot set --all and --selector at the same time");
    const split = splitEnvFromResources(k.args);
    if (!split) throw new KubectlError(`all resources must be specified before environment changes: ${k.args.join(" ")}`);
    const { resources, envArgs } = split;
    const dryRun = dryRunStrategy(k);
    const printer = await ObjectPrinter.create(k, { operation: "env updated", dryRun });
    const local = k.flags.values.local === true;
    const list = k.flags.values.list === true;
    const from = stringFlag(k, "from");
    const keys = (k.flags.values.keys as string[]) ?? [];
    const files = filenameOptions(k);
    if (local && dryRun === "server") throw new KubectlError("cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
    if (files.filenames.length === 0 && resources.length < 1) throw new KubectlError("one or more resources must be specified as <resource> <name> or <resource>/<name>");
    if (list && stringFlag(k, "output")) throw new KubectlError("--list and --output may not be specified together");
    if (keys.length > 0 && !from) throw new KubectlError("when specifying --keys, a configmap or secret must be provided with --from");

    const { env, remove } = parseEnv([...((k.flags.values.env as string[]) ?? []), ...envArgs], k.tool.stdin);
    if (from) {
      const errors = new ErrorList();
      const sources = await findObjects(k, { args: [from], files, labelSelector: stringFlag(k, "selector"), all, local, latest: true }, errors);
      checkErrors(errors.errors);
      for (const t of sources) {
        const src = t.object as KubeObject;
        const ref = src.kind === "Secret" ? "secretKeyRef" : src.kind === "ConfigMap" ? "configMapKeyRef" : undefined;
        if (!ref) throw new KubectlError("unsupported resource specified in --from");
        // Go ranges over the map in random order; sorted keys keep runs reproducible.
        for (const key of Object.keys(src.data ?? {}).sort()) {
          if (keys.length > 0 && !keys.includes(key)) continue;
          const name = key.replace(/[^a-zA-Z0-9_]/g, "_").toUpperCase();
          if (name !== key) k.out.err(`Warning: key ${key} transferred to ${name}\n`);
          env.push({ name, valueFrom: { [ref]: { name: src.metadata.name, key } } });
        }
      }
    }
    const prefix = stringFlag(k, "prefix");
    if (prefix) for (const e of env) e.name = prefix + e.name;

    const targets = await setTargets(k, resources, { local });
    const selector = stringFlag(k, "containers");
    const overwrite = k.flags.values.overwrite !== false;
    const resolve = k.flags.values.resolve === true;
    const patches = calculatePatches(targets, (obj) => {
      const spec = podSpecOf(obj);
      const containers = selectContainers(spec, selector);
      if (containers.length === 0) {
        k.out.err(`Warning: ${kindOf(obj)}/${obj.metadata.name} does not have any containers matching "${selector}"\n`);
        return;
      }
      let resolutionFailed = false;
      for (const c of containers) {
        if (!overwrite) {
          for (const e of env) {
            const current = (c.env ?? []).find((x: EnvVar) => x.name === e.name);
            if (current && current.value !== e.value) throw new Error(`'${current.name}' already has a value (${current.value ?? ""}), and --overwrite is false`);
          }
        }
        const updated = updateEnv(c.env ?? [], env, remove);
        if (updated.length) c.env = updated;
        else delete c.env;
        if (!list) continue;
        k.out.out(`# ${kindOf(obj)} ${obj.metadata.name}, container ${c.name}\n`);
        const failures = new Map<string, string[]>();
        const cache = new Map<string, KubeObject>();
        for (const e of updated) {
          if (!e.valueFrom) {
            k.out.out(`${e.name}=${e.value ?? ""}\n`);
            continue;
          }
          if (!resolve) {
            k.out.out(`# ${e.name} from ${refString(e.valueFrom)}\n`);
            continue;
          }
          try {
            k.out.out(`${e.name}=${refValue(k, k.namespace, cache, e.valueFrom, obj, c)}\n`);
          } catch (err) {
            k.out.out(`# ${e.name} from ${refString(e.valueFrom)}\n`);
            const why = isNotFound(err) ? (err as Error).message : err instanceof Error ? err.message : String(err);
            failures.set(why, [...(failures.get(why) ?? []), e.name]);
            resolutionFailed = true;
          }
        }
        const lines = [...failures].map(([why, vars]) => `error retrieving reference for ${[...vars].sort().join(", ")}: ${why}`).sort();
        for (const line of lines) k.out.err(`${line}\n`);
      }
      if (resolutionFailed) throw new Error("failed to retrieve valueFrom references");
    });
    if (list) return 0;

    const errs = sendPatches(k, patches, {
      printer,
      dryRun,
      local,
      failure: "failed to patch env update to pod template: ",
      skipUnchanged: true,
    });
    // The real command checks this only after a patch was sent.
    if (env.length === 0 && envArgs.length === 0 && !local && dryRun !== "client" && patches.some((p) => !p.err && Object.keys(p.patch).length > 0)) {
      throw new KubectlError("at least one environment variable must be provided");
    }
    checkErrors(errs);
    return 0;
  },
};
