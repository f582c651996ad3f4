/**
 * OpenSSL's command-line options (apps/lib/opt.c): single- or double-dash
 * names, a value as the next argument or after `=`, options and operands
 * in any order until `--`. The order of the options is kept, because some
 * commands print in the order they were given (x509's -subject -dates ...).
 */

export interface OptionSpec {
  /** Takes a value (the next argument). */
  value?: boolean;
}

export interface ParsedOptions {
  /** Every option as given, in order (a repeated option appears each time). */
  list: Array<{ name: string; value?: string }>;
  operands: string[];
}

export class OptionError extends Error {}

/** `-help`: the command's usage on stderr, exit 0. */
export class HelpRequested extends Error {}

/** Digest options every signing command accepts (-sha256 ...). */
export const DIGESTS = ["sha1", "sha224", "sha256", "sha384", "sha512", "md5"] as const;

/**
 * Parses `args` for command `cmd`. Unknown options fail with `unknown(name)`'s
 * text (commands word it differently: "Unknown option or message digest",
 * "Unknown cipher"), a missing value with opt.c's "Option -x needs a value".
 */
export function parseOptions(cmd: string, args: string[], specs: Record<string, OptionSpec>, unknown: (name: string) => string = (n) => `Unrecognized flag ${n}`): ParsedOptions {
  const list: ParsedOptions["list"] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      operands.push(a);
      continue;
    }
    let name = a.replace(/^--?/, "");
    let value: string | undefined;
    const eq = name.indexOf("=");
    if (eq > 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (name === "help" && !specs.help) {
      const lines = Object.entries(specs).map(([n, sp]) => ` -${n}${sp.value ? " val" : ""}`);
      throw new HelpRequested(`Usage: ${cmd} [options]\nValid options are:\n -help${" ".repeat(21)}Display this summary\n${lines.join("\n")}\n`);
    }
    const spec = specs[name];
    if (!spec) throw new OptionError(`${cmd}: ${unknown(name)}\n${cmd}: Use -help for summary.\n`);
    if (spec.value) {
      if (value === undefined) {
        if (i + 1 >= args.length) throw new OptionError(`${cmd}: Option -${name} needs a value\n${cmd}: Use -help for summary.\n`);
        value = args[++i];
      }
      list.push({ name, value });
    } else list.push({ name });
  }
  return { list, operands };
}

/** Helpers over a parse result. */
export class Options {
  constructor(readonly parsed: ParsedOptions) {}

  has(name: string): boolean {
    return this.parsed.list.some((o) => o.name === name);
  }

  /** The last value given for an option. */
  get(name: string): string | undefined {
    for (let i = this.parsed.list.length - 1; i >= 0; i--) if (this.parsed.list[i].name === name) return this.parsed.list[i].value;
    return undefined;
  }

  all(name: string): string[] {
    return this.parsed.list.filter((o) => o.name === name).map((o) => o.value ?? "");
  }

  /** The digest chosen with -sha256 and friends (the last one). */
  digest(): (typeof DIGESTS)[number] | undefined {
    for (let i = this.parsed.list.length - 1; i >= 0; i--) {
      const n = this.parsed.list[i].name as (typeof DIGESTS)[number];
      if (DIGESTS.includes(n)) return n;
    }
    return undefined;
  }
}
