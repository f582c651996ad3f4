/**
 * What every `kubectl create <generator>` shares (CreateSubcommandOptions and
 * the per-generator Complete/Validate/Run in pkg/cmd/create): one NAME
 * argument, --dry-run, -o, --save-config, --validate, --field-manager; the
 * generator builds the object, kubectl sends it (or, with --dry-run=client,
 * only prints it) and prints `kind.group/name created`.
 *
 * Generators build objects the way Go marshals structs: keys in field
 * order, empty optional fields left out, empty structs kept as `{}`.
 */
import { ApiError, ConnectionRefusedError } from "../../../../cluster/api/errors.js";
import type { KubeObject } from "../../../../cluster/api/types.js";
import type { FlagSpec } from "../../../flags.js";
import { KubectlError, UsageError } from "../errors.js";
import type { KubectlContext, Subcommand } from "../types.js";
import {
  DRY_RUN_FLAG,
  PRINT_FLAGS,
  SAVE_CONFIG_FLAG,
  VALIDATE_FLAG,
  dryRunStrategy,
  fieldManagerFlag,
  requireFlags,
  sortedFlags,
  validationDirective,
} from "../common/flags.js";
import { setLastAppliedTyped } from "../common/last-applied.js";
import { ObjectPrinter } from "../common/print.js";
import { compact } from "./objects.js";

export interface GeneratorInput {
  k: KubectlContext;
  name: string;
  /** Arguments after `--` (the container command). */
  command: string[];
  /** The namespace the object is created in. */
  namespace: string;
  /** -n given explicitly: generators then put it into the object's metadata. */
  namespaceExplicit: boolean;
}

export interface GeneratorSpec {
  name: string;
  aliases?: string[];
  short: string;
  long?: string;
  examples?: string;
  usage: string;
  /** The generator's own flags (the common ones are added). */
  flags: FlagSpec[];
  /** Flags cobra marks required. */
  required?: string[];
  /** Without the common -o/--dry-run/--save-config/--validate flags (create token). */
  bare?: boolean;
  /** Resource the object is POSTed to. */
  resource: string;
  /**
   * How the generator wraps a failed create, e.g. `failed to create deployment: `;
   * undefined when the API error is returned as is (namespace, role).
   */
  createErrorPrefix?: string;
  /** Checks flags (the generator's Validate); throw KubectlError with kubectl's message. */
  validate?(input: GeneratorInput): void | Promise<void>;
  /** Builds the object in Go field order. */
  build(input: GeneratorInput): KubeObject | Promise<KubeObject>;
  /** Replaces the default send-and-print (create token). */
  run?(input: GeneratorInput): Promise<number> | number;
}

export const GENERATOR_COMMON_FLAGS: FlagSpec[] = [...PRINT_FLAGS, DRY_RUN_FLAG, fieldManagerFlag("kubectl-create"), SAVE_CONFIG_FLAG, VALIDATE_FLAG];

/** create.NameFromCommandArgs: exactly one argument before `--`. */
export function nameFromArgs(k: KubectlContext): string {
  if (k.args.length !== 1) throw new UsageError(`exactly one NAME is required, got ${k.args.length}`, k.commandPath);
  return k.args[0];
}

/** The REST path kubectl would have POSTed to, for a connection failure message. */
function postUrl(k: KubectlContext, resource: string, namespace: string): string {
  const r = k.client.resources().find((x) => x.plural === resource);
  const base = r?.group ? `/apis/${r.group}/${r.version}` : "/api/v1";
  const ns = r?.namespaced === false ? "" : `/namespaces/${namespace}`;
  return `https://${k.client.address}${base}${ns}/${resource}?fieldManager=kubectl-create&fieldValidation=Strict`;
}

export function defineGenerator(spec: GeneratorSpec): Subcommand {
  return {
    name: spec.name,
    aliases: spec.aliases,
    short: spec.short,
    long: spec.long,
    examples: spec.examples,
    usage: spec.usage,
    flags: sortedFlags(spec.bare ? spec.flags : [...spec.flags, ...GENERATOR_COMMON_FLAGS]),
    async run(k) {
      requireFlags(k, spec.required ?? []);
      const name = nameFromArgs(k);
      const input: GeneratorInput = { k, name, command: k.flags.afterDash, namespace: k.namespace, namespaceExplicit: k.namespaceExplicit };
      if (spec.run) return spec.run(input);
      const dryRun = dryRunStrategy(k);
      const printer = await ObjectPrinter.create(k, { operation: "created", dryRun });
      const fieldValidation = validationDirective(k);
      await spec.validate?.(input);
      let obj = compact(await spec.build(input));
      if (k.flags.values["save-config"] === true) setLastAppliedTyped(obj);
      if (dryRun === "client") {
        printer.print(obj, { typed: true });
        return 0;
      }
      try {
        obj = k.client.create(spec.resource, k.namespace, obj, { dryRun: dryRun === "server", fieldValidation });
      } catch (e) {
        const prefix = spec.createErrorPrefix;
        if (prefix === undefined) throw e;
        if (e instanceof ApiError) throw new KubectlError(prefix + e.message);
        if (e instanceof ConnectionRefusedError) {
          throw new KubectlError(`${prefix}Post "${postUrl(k, spec.resource, k.namespace)}": dial tcp ${e.server}: connect: connection refused`);
        }
        throw e;
      }
      printer.print(obj);
      return 0;
    },
  };
}

/** cobra's help for a command that only groups subcommands. */
function groupHelp(group: Omit<Subcommand, "run">, path: string): string {
  const subs = group.subcommands ?? [];
  // cobra's NamePadding (at least 11) plus kubectl's template's three spaces.
  const pad = Math.max(11, ...subs.map((s) => s.name.length)) + 3;
  const lines = [(group.long ?? group.short).trimEnd(), ""];
  if (group.aliases?.length) lines.push("Aliases:", [group.name, ...group.aliases].join(", "), "");
  lines.push("Available Commands:", ...subs.map((s) => `  ${s.name.padEnd(pad)}${s.short}`), "");
  lines.push("Usage:", `  ${group.usage ?? `${path} [flags] [options]`}`, "");
  lines.push(`Use "${path} <command> --help" for more information about a given command.`);
  lines.push('Use "kubectl options" for a list of global command-line options (applies to all commands).', "");
  return lines.join("\n");
}

/** A group of generators (`create service`, `create secret`): help on stderr, exit 1 (cmdutil.DefaultSubCommandRun). */
export function defineGeneratorGroup(group: Omit<Subcommand, "run">): Subcommand {
  return {
    ...group,
    run(k) {
      if (k.args.length > 0) throw new UsageError(`unknown command "${k.args.join(" ")}"`, k.commandPath);
      k.out.err(groupHelp(group, k.commandPath));
      return 1;
    },
  };
}
