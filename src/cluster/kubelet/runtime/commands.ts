/**
 * The everyday programs found in container images (busybox applets, GNU
 * coreutils): echo, sleep, cat, date, touch, ls, ... Each is a Program that
 * reads and writes the container's filesystem and prints with the wording of
 * its flavour (busybox on busybox/alpine images, GNU on Debian/Ubuntu).
 */
import { FsError, normalizePath } from "./filesystem.js";
import type { OsFamily } from "./images.js";
import type { Program, ProcessContext } from "./process.js";
import { curl, nslookup, wget } from "./net-tools.js";

export type Command = (ctx: ProcessContext, args: string[], name: string) => Program;

const isBusybox = (os: OsFamily) => os === "busybox" || os === "alpine";

/** Parses `sleep` durations: 5, 0.5, 2m, 1h, infinity. */
export function parseSleep(arg: string): number | undefined {
  if (arg === "infinity" || arg === "inf") return Infinity;
  const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const mult = { "": 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]]!;
  return Number(m[1]) * mult;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** strftime for the formats people pass to `date +...` (always UTC: containers have no TZ). */
export function strftime(ms: number, format: string): string {
  const d = new Date(ms);
  const f: Record<string, () => string> = {
    Y: () => String(d.getUTCFullYear()),
    y: () => pad(d.getUTCFullYear() % 100),
    m: () => pad(d.getUTCMonth() + 1),
    d: () => pad(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2, " "),
    H: () => pad(d.getUTCHours()),
    I: () => pad(((d.getUTCHours() + 11) % 12) + 1),
    M: () => pad(d.getUTCMinutes()),
    S: () => pad(d.getUTCSeconds()),
    N: () => pad(d.getUTCMilliseconds(), 3) + "000000",
    s: () => String(Math.floor(ms / 1000)),
    a: () => DAYS[d.getUTCDay()],
    A: () => ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][d.getUTCDay()],
    b: () => MONTHS[d.getUTCMonth()],
    h: () => MONTHS[d.getUTCMonth()],
    B: () => ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][d.getUTCMonth()],
    p: () => (d.getUTCHours() < 12 ? "AM" : "PM"),
    Z: () => "UTC",
    z: () => "+0000",
    j: () => pad(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3),
    T: () => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    R: () => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
    F: () => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    D: () => `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCFullYear() % 100)}`,
    c: () => strftime(ms, "%a %b %e %H:%M:%S %Y"),
    n: () => "\n",
    t: () => "\t",
    "%": () => "%",
  };
  return format.replace(/%(.)/g, (all, c: string) => (f[c] ? f[c]() : all));
}

/** `date` with no arguments: `Mon Jan 12 08:47:03 UTC 2026`. */
export function defaultDate(ms: number): string {
  return strftime(ms, "%a %b %e %H:%M:%S %Z %Y");
}

function fsMessage(e: unknown): string {
  if (e instanceof FsError) return e.message;
  return "I/O error";
}

/** Reads the files a command was given, or stdin when none; reports missing ones in the right wording. */
function readInputs(ctx: ProcessContext, name: string, files: string[]): { text: string; failed: boolean } {
  if (files.length === 0 || (files.length === 1 && files[0] === "-")) return { text: ctx.stdin, failed: false };
  let text = "";
  let failed = false;
  for (const f of files) {
    const p = normalizePath(f, ctx.cwd);
    if (ctx.fs.isDir(p)) {
      ctx.err(isBusybox(ctx.os) ? `${name}: read error: Is a directory\n` : `${name}: ${f}: Is a directory\n`);
      failed = true;
      continue;
    }
    const c = ctx.fs.read(p);
    if (c === undefined) {
      ctx.err(isBusybox(ctx.os) ? `${name}: can't open '${f}': No such file or directory\n` : `${name}: ${f}: No such file or directory\n`);
      failed = true;
      continue;
    }
    text += c;
  }
  return { text, failed };
}

function splitFlags(args: string[]): { flags: Set<string>; rest: string[] } {
  const flags = new Set<string>();
  const rest: string[] = [];
  let done = false;
  for (const a of args) {
    if (!done && a === "--") done = true;
    else if (!done && /^-[a-zA-Z]+$/.test(a)) for (const c of a.slice(1)) flags.add(c);
    else rest.push(a);
  }
  return { flags, rest };
}

function unescape(s: string): string {
  return s.replace(/\\(n|t|\\|r|a|b|e|0\d{0,3}|c)/g, (_, c: string) => {
    if (c === "n") return "\n";
    if (c === "t") return "\t";
    if (c === "r") return "\r";
    if (c === "\\") return "\\";
    if (c === "a") return "\x07";
    if (c === "b") return "\b";
    if (c === "e") return "\x1b";
    if (c === "c") return "";
    return String.fromCharCode(parseInt(c.slice(1) || "0", 8));
  });
}

/** printf's format, reused for leftover arguments as the real one does. */
export function formatPrintf(format: string, args: string[]): string {
  let out = "";
  let i = 0;
  do {
    let used = 0;
    out += unescape(format).replace(/%([-0-9.]*)([sdifxXoc%])/g, (_all, width: string, conv: string) => {
      if (conv === "%") return "%";
      const a = args[i + used++] ?? "";
      let v: string;
      switch (conv) {
        case "d":
        case "i":
          v = String(Math.trunc(Number(a) || 0));
          break;
        case "f": {
          const prec = width.includes(".") ? Number(width.split(".")[1]) : 6;
          v = (Number(a) || 0).toFixed(prec);
          width = width.split(".")[0];
          break;
        }
        case "x":
          v = (Number(a) || 0).toString(16);
          break;
        case "X":
          v = (Number(a) || 0).toString(16).toUpperCase();
          break;
        case "o":
          v = (Number(a) || 0).toString(8);
          break;
        case "c":
          v = a.slice(0, 1);
          break;
        default:
          v = a;
      }
      const w = Number(width.replace("-", "").replace(/^0/, "")) || 0;
      if (width.startsWith("-")) return v.padEnd(w);
      return v.padStart(w, width.startsWith("0") && conv !== "s" ? "0" : " ");
    });
    i += used;
    if (used === 0) break;
  } while (i < args.length);
  return out;
}

function* echo(ctx: ProcessContext, args: string[]): Program {
  let newline = true;
  let escapes = false;
  let i = 0;
  while (i < args.length && /^-[neE]+$/.test(args[i])) {
    if (args[i].includes("n")) newline = false;
    if (args[i].includes("e")) escapes = true;
    if (args[i].includes("E")) escapes = false;
    i++;
  }
  const text = args.slice(i).join(" ");
  ctx.out((escapes ? unescape(text) : text) + (newline ? "\n" : ""));
  return 0;
}

function* sleep(ctx: ProcessContext, args: string[]): Program {
  if (args.length === 0) {
    ctx.err(isBusybox(ctx.os) ? "sleep: missing operand\n" : "sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let total = 0;
  for (const a of args) {
    const ms = parseSleep(a);
    if (ms === undefined) {
      ctx.err(isBusybox(ctx.os) ? `sleep: invalid number '${a}'\n` : `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`);
      return 1;
    }
    total += ms;
  }
  if (total === Infinity) {
    yield { forever: true };
    return 0;
  }
  yield { sleep: total };
  return 0;
}

function* cat(ctx: ProcessContext, args: string[]): Program {
  const { rest } = splitFlags(args);
  const r = readInputs(ctx, "cat", rest);
  ctx.out(r.text);
  return r.failed ? 1 : 0;
}

function* touch(ctx: ProcessContext, args: string[]): Program {
  const { rest } = splitFlags(args);
  let code = 0;
  for (const f of rest) {
    const p = normalizePath(f, ctx.cwd);
    try {
      if (!ctx.fs.exists(p)) ctx.fs.write(p, "");
    } catch (e) {
      ctx.err(isBusybox(ctx.os) ? `touch: ${f}: ${fsMessage(e)}\n` : `touch: cannot touch '${f}': ${fsMessage(e)}\n`);
      code = 1;
    }
  }
  return code;
}

function* rm(ctx: ProcessContext, args: string[]): Program {
  const { flags, rest } = splitFlags(args);
  const force = flags.has("f");
  const recursive = flags.has("r") || flags.has("R");
  let code = 0;
  for (const f of rest) {
    const p = normalizePath(f, ctx.cwd);
    try {
      if (ctx.fs.isDir(p) && !recursive) {
        ctx.err(isBusybox(ctx.os) ? `rm: '${f}' is a directory\n` : `rm: cannot remove '${f}': Is a directory\n`);
        code = 1;
        continue;
      }
      if (!ctx.fs.remove(p, recursive) && !force) {
        ctx.err(isBusybox(ctx.os) ? `rm: can't remove '${f}': No such file or directory\n` : `rm: cannot remove '${f}': No such file or directory\n`);
        code = 1;
      }
    } catch (e) {
      ctx.err(isBusybox(ctx.os) ? `rm: can't remove '${f}': ${fsMessage(e)}\n` : `rm: cannot remove '${f}': ${fsMessage(e)}\n`);
      code = 1;
    }
  }
  return code;
}

function* mkdir(ctx: ProcessContext, args: string[]): Program {
  const { flags, rest } = splitFlags(args);
  let code = 0;
  for (const f of rest) {
    const p = normalizePath(f, ctx.cwd);
    if (ctx.fs.exists(p) && !flags.has("p")) {
      ctx.err(isBusybox(ctx.os) ? `mkdir: can't create directory '${f}': File exists\n` : `mkdir: cannot create directory '${f}': File exists\n`);
      code = 1;
      continue;
    }
    try {
      ctx.fs.mkdir(p);
    } catch (e) {
      ctx.err(`mkdir: cannot create directory '${f}': ${fsMessage(e)}\n`);
      code = 1;
    }
  }
  return code;
}

function* ls(ctx: ProcessContext, args: string[]): Program {
  const { flags, rest } = splitFlags(args);
  const targets = rest.length ? rest : ["."];
  let code = 0;
  const out: string[] = [];
  for (const t of targets) {
    const p = normalizePath(t, ctx.cwd);
    if (!ctx.fs.exists(p)) {
      ctx.err(isBusybox(ctx.os) ? `ls: ${t}: No such file or directory\n` : `ls: cannot access '${t}': No such file or directory\n`);
      code = isBusybox(ctx.os) ? 1 : 2;
      continue;
    }
    if (!ctx.fs.isDir(p)) {
      out.push(t);
      continue;
    }
    let names = ctx.fs.list(p);
    if (!flags.has("a")) names = names.filter((n) => !n.startsWith("."));
    if (targets.length > 1) out.push(`${t}:`);
    if (flags.has("l")) {
      for (const n of names) {
        const child = `${p === "/" ? "" : p}/${n}`;
        const dir = ctx.fs.isDir(child);
        const size = dir ? 4096 : (ctx.fs.read(child) ?? "").length;
        out.push(`${dir ? "drwxr-xr-x" : "-rw-r--r--"}    1 root     root    ${String(size).padStart(8)} ${strftime(ctx.now(), "%b %e %H:%M")} ${n}`);
      }
    } else out.push(...names);
  }
  if (out.length) ctx.out(out.join("\n") + "\n");
  return code;
}

function* date(ctx: ProcessContext, args: string[]): Program {
  const fmt = args.find((a) => a.startsWith("+"));
  ctx.out((fmt ? strftime(ctx.now(), fmt.slice(1)) : defaultDate(ctx.now())) + "\n");
  return 0;
}

function* env(ctx: ProcessContext, args: string[]): Program {
  if (args.length > 0 && !args[0].startsWith("-")) {
    // `env VAR=x cmd` is handled by the shell; plain `env cmd` just runs cmd there too.
    ctx.err(`env: can't execute '${args[0]}': No such file or directory\n`);
    return 127;
  }
  ctx.out(
    Object.entries(ctx.env)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(""),
  );
  return 0;
}

function* printenv(ctx: ProcessContext, args: string[]): Program {
  if (args.length === 0) return yield* env(ctx, []);
  let code = 0;
  for (const a of args) {
    if (a in ctx.env) ctx.out(`${ctx.env[a]}\n`);
    else code = 1;
  }
  return code;
}

function* hostname(ctx: ProcessContext, args: string[]): Program {
  ctx.out(`${args.includes("-i") ? ctx.system.podIP : ctx.system.hostname}\n`);
  return 0;
}

function* trueCmd(): Program {
  return 0;
}

function* falseCmd(): Program {
  return 1;
}

function* tail(ctx: ProcessContext, args: string[]): Program {
  let follow = false;
  let n = 10;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-f" || a === "-F" || a === "--follow") follow = true;
    else if (a === "-n") n = Number(args[++i]);
    else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else files.push(a);
  }
  if (!(files.length === 1 && files[0] === "/dev/null")) {
    const r = readInputs(ctx, "tail", files);
    const lines = r.text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    const shown = lines.slice(Math.max(0, lines.length - n));
    if (shown.length) ctx.out(shown.join("\n") + "\n");
    if (r.failed && !follow) return 1;
  }
  if (follow) yield { forever: true };
  return 0;
}

function* head(ctx: ProcessContext, args: string[]): Program {
  let n = 10;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-n") n = Number(args[++i]);
    else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else files.push(a);
  }
  const r = readInputs(ctx, "head", files);
  const lines = r.text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const shown = lines.slice(0, n);
  if (shown.length) ctx.out(shown.join("\n") + "\n");
  return r.failed ? 1 : 0;
}

function* seq(ctx: ProcessContext, args: string[]): Program {
  const nums = args.map(Number);
  const [first, inc, last] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : [nums[0], nums[1], nums[2]];
  if ([first, inc, last].some((x) => !Number.isFinite(x)) || inc === 0) {
    ctx.err(`seq: invalid floating point argument: '${args.find((a) => !Number.isFinite(Number(a))) ?? ""}'\n`);
    return 1;
  }
  const out: string[] = [];
  for (let x = first; inc > 0 ? x <= last : x >= last; x += inc) {
    out.push(String(x));
    if (out.length > 100_000) break;
  }
  if (out.length) ctx.out(out.join("\n") + "\n");
  return 0;
}

function* wc(ctx: ProcessContext, args: string[]): Program {
  const { flags, rest } = splitFlags(args);
  const r = readInputs(ctx, "wc", rest);
  const lines = (r.text.match(/\n/g) ?? []).length;
  const words = r.text.split(/\s+/).filter(Boolean).length;
  const chars = r.text.length;
  const parts: number[] = [];
  if (flags.size === 0 || flags.has("l")) parts.push(lines);
  if (flags.size === 0 || flags.has("w")) parts.push(words);
  if (flags.size === 0 || flags.has("c") || flags.has("m")) parts.push(chars);
  const cells = parts.map((p) => (parts.length === 1 ? String(p) : String(p).padStart(7)));
  ctx.out(cells.join(parts.length === 1 ? "" : " ") + (rest.length ? ` ${rest[0]}` : "") + "\n");
  return r.failed ? 1 : 0;
}

function* grep(ctx: ProcessContext, args: string[]): Program {
  const { flags, rest } = splitFlags(args);
  const [pattern, ...files] = rest;
  if (pattern === undefined) {
    ctx.err(isBusybox(ctx.os) ? "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n" : "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    return 2;
  }
  let re: RegExp;
  try {
    re = new RegExp(flags.has("F") ? pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : pattern, flags.has("i") ? "i" : "");
  } catch {
    re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  }
  const r = readInputs(ctx, "grep", files);
  const lines = r.text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const hits = lines.filter((l) => re.test(l) !== flags.has("v"));
  if (flags.has("c")) ctx.out(`${hits.length}\n`);
  else if (!flags.has("q") && hits.length) ctx.out(hits.join("\n") + "\n");
  if (r.failed) return 2;
  return hits.length ? 0 : 1;
}

function* sort(ctx: ProcessContext, args: string[]): Program {
  const { flags, rest } = splitFlags(args);
  const r = readInputs(ctx, "sort", rest);
  const lines = r.text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  lines.sort(flags.has("n") ? (a, b) => Number(a) - Number(b) : undefined);
  if (flags.has("r")) lines.reverse();
  const out = flags.has("u") ? [...new Set(lines)] : lines;
  if (out.length) ctx.out(out.join("\n") + "\n");
  return 0;
}

function* uniq(ctx: ProcessContext, args: string[]): Program {
  const r = readInputs(ctx, "uniq", splitFlags(args).rest);
  const lines = r.text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const out = lines.filter((l, i) => i === 0 || lines[i - 1] !== l);
  if (out.length) ctx.out(out.join("\n") + "\n");
  return 0;
}

function* id(ctx: ProcessContext, args: string[]): Program {
  if (args.includes("-u")) ctx.out("0\n");
  else if (args.includes("-g")) ctx.out("0\n");
  else if (args.includes("-un")) ctx.out("root\n");
  else ctx.out(isBusybox(ctx.os) ? "uid=0(root) gid=0(root) groups=0(root),10(wheel)\n" : "uid=0(root) gid=0(root) groups=0(root)\n");
  return 0;
}

function* whoami(ctx: ProcessContext): Program {
  ctx.out("root\n");
  return 0;
}

function* uname(ctx: ProcessContext, args: string[]): Program {
  const s = ctx.system;
  if (args.includes("-a")) ctx.out(`Linux ${s.hostname} ${s.kernel} #52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024 x86_64${isBusybox(ctx.os) ? " Linux" : " GNU/Linux"}\n`);
  else if (args.includes("-r")) ctx.out(`${s.kernel}\n`);
  else if (args.includes("-n")) ctx.out(`${s.hostname}\n`);
  else if (args.includes("-m")) ctx.out("x86_64\n");
  else ctx.out("Linux\n");
  return 0;
}

function* cp(ctx: ProcessContext, args: string[]): Program {
  const { rest } = splitFlags(args);
  if (rest.length < 2) {
    ctx.err("cp: missing file operand\n");
    return 1;
  }
  const dest = normalizePath(rest[rest.length - 1], ctx.cwd);
  let code = 0;
  for (const src of rest.slice(0, -1)) {
    const data = ctx.fs.read(normalizePath(src, ctx.cwd));
    if (data === undefined) {
      ctx.err(isBusybox(ctx.os) ? `cp: can't stat '${src}': No such file or directory\n` : `cp: cannot stat '${src}': No such file or directory\n`);
      code = 1;
      continue;
    }
    const target = ctx.fs.isDir(dest) ? `${dest}/${src.slice(src.lastIndexOf("/") + 1)}` : dest;
    try {
      ctx.fs.write(target, data);
    } catch (e) {
      ctx.err(isBusybox(ctx.os) ? `cp: can't create '${rest[rest.length - 1]}': ${fsMessage(e)}\n` : `cp: cannot create regular file '${rest[rest.length - 1]}': ${fsMessage(e)}\n`);
      code = 1;
    }
  }
  return code;
}

function* mv(ctx: ProcessContext, args: string[]): Program {
  const code = yield* cp(ctx, args);
  if (code !== 0) return code;
  const { rest } = splitFlags(args);
  for (const src of rest.slice(0, -1)) ctx.fs.remove(normalizePath(src, ctx.cwd));
  return 0;
}

function* chmod(): Program {
  return 0;
}

function* ps(ctx: ProcessContext): Program {
  ctx.out(isBusybox(ctx.os) ? "PID   USER     TIME  COMMAND\n    1 root      0:00 sh\n" : "    PID TTY          TIME CMD\n      1 ?        00:00:00 sh\n");
  return 0;
}

/** Programs every base image of a flavour has. */
const COREUTILS: Record<string, Command> = {
  echo,
  sleep,
  cat,
  touch,
  rm,
  mkdir,
  ls,
  date,
  env,
  printenv,
  hostname,
  true: trueCmd,
  false: falseCmd,
  tail,
  head,
  seq,
  wc,
  grep,
  sort,
  uniq,
  id,
  whoami,
  uname,
  cp,
  mv,
  chmod,
  printf: function* (ctx, args) {
    if (args.length === 0) {
      ctx.err("printf: missing operand\n");
      return 1;
    }
    ctx.out(formatPrintf(args[0], args.slice(1)));
    return 0;
  },
};

/** Extra busybox applets (busybox and alpine images). */
const BUSYBOX_EXTRA: Record<string, Command> = { ps, wget, nslookup };

/** Network tools some images add. */
const TOOLS: Record<string, Command> = { curl, wget, nslookup, ps };

/** The program called `name` in an image of this flavour with these extra binaries, if it exists there. */
export function findCommand(name: string, os: OsFamily, bins: ReadonlySet<string>): Command | undefined {
  const base = name.slice(name.lastIndexOf("/") + 1);
  if (os === "distroless") return undefined;
  if (COREUTILS[base]) return COREUTILS[base];
  if (isBusybox(os) && BUSYBOX_EXTRA[base]) return BUSYBOX_EXTRA[base];
  if ((bins.has(base) || bins.has(name)) && TOOLS[base]) return TOOLS[base];
  return undefined;
}
