/**
 * Defaulting per kind, as the API server's SetObjectDefaults_* functions do
 * (e.g. a Deployment's strategy, a container's imagePullPolicy and
 * terminationMessagePath), wrapped in what decoding into the Go types does:
 * values of the wrong type are rejected, unknown fields dropped, and the
 * object normalised to what the Go types write back (schema/go-encoding.ts).
 * One file per API group; this index maps `group/Kind` to its defaulter.
 * Custom resources get theirs from their CustomResourceDefinition (../crd.ts).
 */
import type { KubeObject } from "../../api/types.js";
import type { Defaulter } from "../strategy.js";
import { BUILTIN_RESOURCES } from "../resources.js";
import { decodeError, decodeFailure, normalize } from "../schema/index.js";
import { appsDefaulters } from "./apps.js";
import { batchDefaulters } from "./batch.js";
import { clusterDefaulters } from "./cluster.js";
import { coreDefaulters } from "./core.js";

const kindDefaults: Record<string, (obj: KubeObject) => void> = {
  ...coreDefaulters,
  ...appsDefaulters,
  ...batchDefaulters,
  ...clusterDefaulters,
};

/** Decode (type check + normalise), apply the kind's defaults, normalise what they added. */
function builtinDefaulter(key: string): Defaulter {
  const defaults = kindDefaults[key];
  return (obj) => {
    const failure = decodeFailure(key, obj);
    if (failure) throw decodeError(key, failure);
    normalize(key, obj);
    if (defaults) {
      defaults(obj);
      normalize(key, obj);
    }
  };
}

export const defaulters: Record<string, Defaulter> = Object.fromEntries(
  BUILTIN_RESOURCES.map((r) => {
    const key = `${r.group}/${r.kind}`;
    return [key, builtinDefaulter(key)];
  }),
);

/** The defaults of one kind alone, without decoding (for objects built in code, e.g. templates). */
export function applyKindDefaults(key: string, obj: KubeObject): void {
  kindDefaults[key]?.(obj);
}
