/**
 * Flags shared by the mutating kubectl commands (cmdutil.AddDryRunFlag,
 * AddValidateFlags, AddApplyAnnotationFlags, PrintFlags, FileNameFlags) and
 * how their values are read, with cmdutil's messages.
 */
import type { FlagSpec } from "../../../flags.js";
import { KubectlError } from "../errors.js";
import type { KubectlContext } from "../types.js";
import { klogWarning } from "./klog.js";

export type DryRunStrategy = "none" | "client" | "server";
export type ValidationDirective = "Strict" | "Warn" | "Ignore";

export const DRY_RUN_FLAG: FlagSpec = {
  name: "dry-run",
  type: "string",
  default: "none",
  noOptDefault: "unchanged",
  usage:
    'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
};

export const VALIDATE_FLAG: FlagSpec = {
  name: "validate",
  type: "string",
  default: "strict",
  noOptDefault: "strict",
  usage:
    'Must be one of: strict (or true), warn, ignore (or false). "true" or "strict" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. "warn" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as "ignore" otherwise. "false" or "ignore" will not perform any schema validation, silently dropping any unknown or duplicate fields.',
};

export const SAVE_CONFIG_FLAG: FlagSpec = {
  name: "save-config",
  type: "bool",
  usage:
    "If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.",
};

export function fieldManagerFlag(defaultManager: string): FlagSpec {
  return { name: "field-manager", type: "string", default: defaultManager, usage: "Name of the manager used to track field ownership." };
}

export const SELECTOR_FLAG: FlagSpec = {
  name: "selector",
  short: "l",
  type: "string",
  usage:
    "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
};

/** genericclioptions.PrintFlags: -o and the template options. */
export const PRINT_FLAGS: FlagSpec[] = [
  {
    name: "allow-missing-template-keys",
    type: "bool",
    default: true,
    usage: "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.",
  },
  {
    name: "output",
    short: "o",
    type: "string",
    usage: "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).",
  },
  { name: "show-managed-fields", type: "bool", usage: "If true, keep the managedFields when printing objects in JSON or YAML format." },
  {
    name: "template",
    type: "string",
    usage:
      "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].",
  },
];

/** -f, -k and -R (cmdutil.AddFilenameOptionFlags). */
export function filenameFlags(usage: string): FlagSpec[] {
  return [
    { name: "filename", short: "f", type: "stringSlice", usage: `Filename, directory, or URL to files ${usage}` },
    { name: "kustomize", short: "k", type: "string", usage: "Process the kustomization directory. This flag can't be used together with -f or -R." },
    {
      name: "recursive",
      short: "R",
      type: "bool",
      usage:
        "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.",
    },
  ];
}

/** Flags sorted by name, as cobra lists them in help. */
export function sortedFlags(flags: FlagSpec[]): FlagSpec[] {
  const seen = new Set<string>();
  return flags.filter((f) => !seen.has(f.name) && seen.add(f.name)).sort((a, b) => a.name.localeCompare(b.name));
}

const TRUE_STRINGS = ["1", "t", "T", "TRUE", "true", "True"];
const FALSE_STRINGS = ["0", "f", "F", "FALSE", "false", "False"];

/** cmdutil.GetDryRunStrategy, with its deprecation warnings (klog, on stderr). */
export function dryRunStrategy(k: KubectlContext): DryRunStrategy {
  const v = String(k.flags.values["dry-run"] ?? "none");
  if (TRUE_STRINGS.includes(v)) {
    k.out.err(klogWarning(k, "helpers.go:745", `--dry-run=${v} is deprecated (boolean value) and can be replaced with --dry-run=client.`));
    return "client";
  }
  if (FALSE_STRINGS.includes(v)) {
    k.out.err(klogWarning(k, "helpers.go:748", `--dry-run=${v} is deprecated (boolean value) and can be replaced with --dry-run=none.`));
    return "none";
  }
  switch (v) {
    case "unchanged":
      k.out.err(klogWarning(k, "helpers.go:731", "--dry-run is deprecated and can be replaced with --dry-run=client."));
      return "client";
    case "client":
    case "server":
    case "none":
      return v;
    default:
      throw new KubectlError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
  }
}

/** cmdutil.GetValidationDirective. */
export function validationDirective(k: KubectlContext): ValidationDirective {
  const v = String(k.flags.values.validate ?? "strict");
  if (TRUE_STRINGS.includes(v)) return "Strict";
  if (FALSE_STRINGS.includes(v)) return "Ignore";
  switch (v) {
    case "strict":
      return "Strict";
    case "warn":
      return "Warn";
    case "ignore":
      return "Ignore";
    default:
      throw new KubectlError(`invalid - validate option "${v}"; must be one of: strict (or true), warn, ignore (or false)`);
  }
}

/** cobra's check of flags marked required (run before the command's own checks). */
export function requireFlags(k: KubectlContext, names: readonly string[]): void {
  const missing = [...names].sort().filter((n) => !k.flags.changed.has(n));
  if (missing.length) throw new KubectlError(`required flag(s) "${missing.join('", "')}" not set`);
}

export function stringFlag(k: KubectlContext, name: string): string {
  return String(k.flags.values[name] ?? "");
}

export function boolFlag(k: KubectlContext, name: string): boolean {
  return k.flags.values[name] === true;
}

export function intFlag(k: KubectlContext, name: string): number {
  return Number(k.flags.values[name] ?? 0);
}

export function listFlag(k: KubectlContext, name: string): string[] {
  return (k.flags.values[name] as string[] | undefined) ?? [];
}
