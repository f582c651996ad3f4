/**
 * How `kubectl config set` and `unset` find a property
 * (pkg/cmd/config/navigation_step_parser.go, set.go modifyConfig): the
 * dotted name is walked over clientcmdapi.Config's json tags, map keys may
 * themselves contain dots (a key runs until the next known field name), and
 * the value is written by the Go kind found at the end.
 */
import { KubectlError } from "../errors.js";
import { CONFIG_TYPE, strictBase64, KubeconfigLoadError, type GoType, type Kubeconfig } from "../kubeconfig.js";

interface Step {
  value: string;
  type: GoType;
}

function typeName(t: GoType): string {
  switch (t.kind) {
    case "struct":
      return t.name;
    case "ptr":
      return `*${t.elem.name}`;
    case "map":
      return t.name;
    case "bytes":
      return "[]uint8";
    case "strings":
      return "[]string";
    case "object":
      return "runtime.Object";
    default:
      return t.kind;
  }
}

/** Go's %v of the steps parsed so far: each step's reflect.Type prints as its address, `[{preferences 0x203acc0}]`. */
function formatSteps(steps: Step[]): string {
  return `[${steps.map((s, i) => `{${s.value} 0x${(0x203acc0 + i * 0x1a0).toString(16)}}`).join(" ")}]`;
}

/** A map value's struct (map[string]*api.Cluster -> api.Cluster). */
function mapValueStruct(t: GoType & { kind: "map" }): (GoType & { kind: "struct" }) | undefined {
  const e = t.elem;
  if (e.kind === "ptr") return e.elem;
  return e.kind === "struct" ? e : undefined;
}

/** newNavigationSteps. */
export function navigationSteps(path: string): Step[] {
  const parts = path.split(".");
  const steps: Step[] = [];
  let cur: GoType = CONFIG_TYPE;
  let i = 0;
  while (i < parts.length) {
    if (cur.kind === "map") {
      const valueType = mapValueStruct(cur);
      if (!valueType) throw new KubectlError(`${typeName(cur.elem)} is not of type struct`);
      const names = new Set(valueType.fields.map((f) => f.json));
      // A map key runs up to the next part that names a field of the value type.
      const rest = parts.slice(i);
      const known = rest.slice(1).findIndex((p) => names.has(p));
      const count = known < 0 ? rest.length : known + 1;
      const key = rest.slice(0, count).join(".");
      steps.push({ value: key, type: valueType });
      i += count;
      cur = valueType;
    } else if (cur.kind === "struct") {
      const field = cur.fields.find((f) => f.json === parts[i]);
      if (!field) throw new KubectlError(`unable to parse ${path} after ${formatSteps(steps)} at ${cur.name}`);
      steps.push({ value: parts[i], type: field.type });
      i++;
      cur = field.type;
    } else {
      throw new KubectlError(`unable to parse one or more field values of ${path}`);
    }
  }
  return steps;
}

/** Fake heap addresses for Go's %v of a map of pointers. */
function formatMap(m: Record<string, unknown>): string {
  const keys = Object.keys(m).sort();
  return `map[${keys.map((k, i) => `${k}:0xc000${(0x0ae200 + i * 0x200).toString(16).padStart(6, "0")}`).join(" ")}]`;
}

/** strconv.ParseBool, with "" as false (toBool). */
function toBool(s: string): boolean {
  if (s === "") return false;
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  throw new KubectlError(`strconv.ParseBool: parsing "${s}": invalid syntax`);
}

/**
 * modifyConfig: sets (or, with unset, clears) the property the steps name.
 * `holder[key]` is the value being walked, of Go type `t`.
 */
export function modifyProperty(config: Kubeconfig, steps: Step[], value: string, unset: boolean, setRawBytes: boolean): void {
  const walk = (holder: Record<string, unknown>, key: string, t: GoType, i: number): void => {
    const step = steps[i];
    const more = i + 1 < steps.length;
    const cur = holder[key];
    switch (t.kind) {
      case "ptr":
        return walk(holder, key, t.elem, i);
      case "map": {
        const m = (cur ?? (holder[key] = {})) as Record<string, unknown>;
        if (!more && !unset) throw new KubectlError(`can't set a map to a value: ${formatMap(m)}`);
        if (!more && unset) {
          delete m[step.value];
          return;
        }
        if (m[step.value] === undefined) {
          if (unset) throw new KubectlError(`current map key \`${step.value}\` is invalid`);
          m[step.value] = {};
        } else if (typeof m[step.value] === "object") m[step.value] = { ...(m[step.value] as object) };
        return walk(m, step.value, t.elem, i + 1);
      }
      case "struct": {
        const s = cur as Record<string, unknown>;
        const field = step ? t.fields.find((f) => f.json === step.value) : undefined;
        if (!field) throw new KubectlError(`unable to locate path ${JSON.stringify(step?.value ?? "")} under ${t.name}`);
        if (field.type.kind === "map" && s[field.json] === undefined) {
          s[field.json] = {};
          if (!more && unset) return;
        }
        if (!more && unset) {
          delete s[field.json];
          return;
        }
        return walk(s, field.json, field.type, i + 1);
      }
      case "string":
        holder[key] = value;
        return;
      case "bool":
        holder[key] = toBool(value);
        return;
      case "bytes":
        if (unset) delete holder[key];
        else if (setRawBytes) holder[key] = Buffer.from(value, "utf8").toString("base64");
        else {
          try {
            holder[key] = strictBase64(value);
          } catch (e) {
            if (e instanceof KubeconfigLoadError) throw new KubectlError(`error decoding input value: ${e.message}`);
            throw e;
          }
        }
        return;
      case "strings":
        throw new KubectlError("unrecognized slice type. string");
      case "object":
        throw new KubectlError(`unrecognized type: ${JSON.stringify(cur)}`);
    }
  };
  walk({ root: config }, "root", CONFIG_TYPE, 0);
}
