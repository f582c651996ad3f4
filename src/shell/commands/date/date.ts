/**
 * date (GNU coreutils 9.4) on the virtual clock: the default
 * "Mon Jan 12 08:47:03 UTC 2026", +FORMAT, -u, -d/--date, -r FILE,
 * -I/--iso-8601[=date|hours|minutes|seconds|ns], -R/--rfc-email,
 * --rfc-3339=date|seconds|ns, TZ from the environment. The nodes' clock is
 * the cluster's and cannot be set from the shell.
 */
import { Output, resolvePath, type Tool } from "../../tool.js";
import { parseDate } from "./parse-date.js";
import { strftime, zonedTime } from "./strftime.js";

const DEFAULT_FORMAT = "%a %b %e %H:%M:%S %Z %Y";

const ISO_FORMATS: Record<string, string> = {
  date: "%Y-%m-%d",
  hours: "%Y-%m-%dT%H%:z",
  minutes: "%Y-%m-%dT%H:%M%:z",
  seconds: "%Y-%m-%dT%H:%M:%S%:z",
  ns: "%Y-%m-%dT%H:%M:%S,%N%:z",
};

const RFC3339_FORMATS: Record<string, string> = {
  date: "%Y-%m-%d",
  seconds: "%Y-%m-%d %H:%M:%S%:z",
  ns: "%Y-%m-%d %H:%M:%S.%N%:z",
};

/** coreutils quotes operands with ‘’ in a UTF-8 locale. */
const q = (s: string) => `‘${s}’`;

const TRY = "Try 'date --help' for more information.\n";

/** Matches a --long option or its unambiguous prefix (getopt_long). */
function longName(arg: string, names: string[]): string | undefined {
  const name = arg.slice(2).split("=")[0];
  if (names.includes(name)) return name;
  const hits = names.filter((n) => n.startsWith(name));
  return hits.length === 1 ? hits[0] : undefined;
}

export const date: Tool = async (args, ctx) => {
  const out = new Output();
  let utc = false;
  let dateStr: string | undefined;
  let refFile: string | undefined;
  let format: string | undefined;
  let setTo: string | undefined;
  const operands: string[] = [];
  const fail = (msg: string) => {
    out.err(`date: ${msg}\n`);
    return out.result(1);
  };
  const usage = (msg: string) => {
    out.err(`date: ${msg}\n${TRY}`);
    return out.result(1);
  };
  const longs = ["date", "file", "iso-8601", "rfc-email", "rfc-3339", "reference", "set", "universal", "utc", "debug", "help", "version", "resolution"];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const name = longName(a, longs);
      const inline = a.includes("=") ? a.slice(a.indexOf("=") + 1) : undefined;
      const need = () => {
        if (inline !== undefined) return inline;
        if (i + 1 >= args.length) throw new Error(`option '${a}' requires an argument`);
        return args[++i];
      };
      try {
        switch (name) {
          case "date":
            dateStr = need();
            break;
          case "reference":
            refFile = need();
            break;
          case "file":
            need();
            break;
          case "set":
            setTo = need();
            break;
          case "utc":
          case "universal":
            utc = true;
            break;
          case "rfc-email":
            format = "%a, %d %b %Y %H:%M:%S %z";
            break;
          case "iso-8601": {
            const v = inline ?? "date";
            const key = Object.keys(ISO_FORMATS).find((k) => k.startsWith(v));
            if (!key) return usage(`invalid argument ${q(v)} for '--iso-8601'\nValid arguments are:\n  - 'hours'\n  - 'minutes'\n  - 'date'\n  - 'seconds'\n  - 'ns'`);
            format = ISO_FORMATS[key];
            break;
          }
          case "rfc-3339": {
            if (inline === undefined) return usage("option '--rfc-3339' requires an argument");
            const key = Object.keys(RFC3339_FORMATS).find((k) => k.startsWith(inline));
            if (!key) return usage(`invalid argument ${q(inline)} for '--rfc-3339'\nValid arguments are:\n  - 'date'\n  - 'seconds'\n  - 'ns'`);
            format = RFC3339_FORMATS[key];
            break;
          }
          case "debug":
          case "resolution":
            break;
          case "version":
            out.out("date (GNU coreutils) 9.4\nCopyright (C) 2023 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by David MacKenzie.\n");
            return out.result(0);
          case "help":
            out.out("Usage: date [OPTION]... [+FORMAT]\n  or:  date [-u|--utc|--universal] [MMDDhhmm[[CC]YY][.ss]]\nDisplay date and time in the given FORMAT.\nWith -s, or with [MMDDhhmm[[CC]YY][.ss]], set the date and time.\n");
            return out.result(0);
          default:
            return usage(`unrecognized option '${a}'`);
        }
      } catch (e) {
        return usage((e as Error).message);
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const rest = a.slice(j + 1);
        const take = () => {
          if (rest) return rest;
          if (i + 1 >= args.length) throw new Error(`option requires an argument -- '${c}'`);
          return args[++i];
        };
        try {
          if (c === "u") utc = true;
          else if (c === "R") format = "%a, %d %b %Y %H:%M:%S %z";
          else if (c === "d") {
            dateStr = take();
            break;
          } else if (c === "r") {
            refFile = take();
            break;
          } else if (c === "s") {
            setTo = take();
            break;
          } else if (c === "f") {
            take();
            break;
          } else if (c === "I") {
            const key = rest ? Object.keys(ISO_FORMATS).find((k) => k.startsWith(rest)) : "date";
            if (!key) return usage(`invalid argument ${q(rest)} for '--iso-8601'`);
            format = ISO_FORMATS[key];
            break;
          } else return usage(`invalid option -- '${c}'`);
        } catch (e) {
          return usage((e as Error).message);
        }
      }
      continue;
    }
    operands.push(a);
  }
  const zone = utc ? "UTC" : (ctx.env.get("TZ") ?? "UTC").replace(/^:/, "");
  for (const op of operands) {
    if (op.startsWith("+")) {
      if (format !== undefined && !ISO_FORMATS_VALUES.has(format)) return usage(`extra operand ${q(op)}`);
      if (format !== undefined) return fail("multiple output formats specified");
      format = op.slice(1);
    } else if (operands.indexOf(op) > 0 || dateStr !== undefined) {
      return usage(`extra operand ${q(op)}`);
    } else {
      // MMDDhhmm[[CC]YY][.ss]: setting the clock.
      if (!/^\d{8}(\d{2}(\d{2})?)?(\.\d{2})?$/.test(op)) return fail(`invalid date ${q(op)}`);
      setTo = op;
    }
  }
  if (setTo !== undefined) {
    // The virtual clock belongs to the cluster; like a guest without CAP_SYS_TIME.
    out.err("date: cannot set date: Operation not permitted\n");
    const when = dateStr === undefined && /^\d/.test(setTo) ? ctx.cluster.clock.now() : parseDate(setTo, ctx.cluster.clock.now(), zone);
    if (when === undefined) return fail(`invalid date ${q(setTo)}`);
    out.out(`${strftime(format ?? DEFAULT_FORMAT, zonedTime(when, zone))}\n`);
    return out.result(1);
  }
  let when = ctx.cluster.clock.now();
  if (refFile !== undefined) {
    try {
      const st = await ctx.fs.stat(resolvePath(ctx.cwd, refFile));
      when = st.mtime.getTime();
    } catch {
      return fail(`${refFile}: No such file or directory`);
    }
  }
  if (dateStr !== undefined) {
    const parsed = parseDate(dateStr, when, zone);
    if (parsed === undefined) return fail(`invalid date ${q(dateStr)}`);
    when = parsed;
  }
  out.out(`${strftime(format ?? DEFAULT_FORMAT, zonedTime(when, zone))}\n`);
  return out.result(0);
};

const ISO_FORMATS_VALUES = new Set([...Object.values(ISO_FORMATS), ...Object.values(RFC3339_FORMATS), "%a, %d %b %Y %H:%M:%S %z"]);
