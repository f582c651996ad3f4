/**
 * What runs inside a container: from the image config and the pod's
 * command/args, decide the program (a server with its real startup log, a
 * shell running a script, a one-shot tool) and whether it can start at all.
 * Servers listen on their ports so probes succeed, use memory so limits can
 * OOM-kill them, and react to the image's stop signal like the real ones.
 */
import { normalizePath } from "./filesystem.js";
import { findCommand } from "./commands.js";
import { nginxVersionOf, type OsFamily, type RemoteImage } from "./images.js";
import type { Program, ProcessContext, Step } from "./process.js";
import { shellProgram, type Dialect } from "./shell.js";
import { parseQuantity } from "../quantity.js";
import { klogLine, type KlogSeverity } from "../../klog.js";
import { binaryVersionOf, etcd, kubeApiServer, kubeControllerManager, kubeScheduler } from "../../controlplane/programs.js";
import { kubeProxyProgram } from "../../proxy/program.js";

const MiB = 1024 * 1024;

/** The argv a container runs: command/args override the image's ENTRYPOINT/CMD as Kubernetes defines. */
export function effectiveArgv(image: RemoteImage, command?: string[], args?: string[]): string[] {
  const c = image.config;
  if (command && command.length) return [...command, ...(args ?? [])];
  if (args && args.length) return [...(c.entrypoint ?? []), ...args];
  return [...(c.entrypoint ?? []), ...(c.cmd ?? [])];
}

const STANDARD_DIRS = ["/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/usr/sbin", "/usr/local/sbin"];

function shellsOf(os: OsFamily): Record<string, Dialect> {
  switch (os) {
    case "busybox":
    case "alpine":
      return { sh: "ash", ash: "ash" };
    case "debian":
    case "ubuntu":
      return { sh: "dash", dash: "dash", bash: "bash" };
    default:
      return {};
  }
}

export type Launch = { program: Program } | { startError: string };

/**
 * Finds argv[0] as runc's exec would: a path must exist, a bare name must be
 * on PATH. Returns the program, or the OCI error containerd reports.
 */
export function launch(argv: string[], ctx: ProcessContext, image: RemoteImage): Launch {
  if (argv.length === 0) return { startError: ociError('exec: "": executable file not found in $PATH') };
  const p = lookupProgram(argv, ctx, image);
  if (p) return { program: p };
  const name = argv[0];
  if (name.includes("/")) return { startError: ociError(`exec: "${name}": stat ${name}: no such file or directory`) };
  return { startError: ociError(`exec: "${name}": executable file not found in $PATH`) };
}

function ociError(detail: string): string {
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${detail}: unknown`;
}

/** Is `name` (bare or a path) an executable in this image? */
function inImage(name: string, image: RemoteImage, ctx: ProcessContext): { base: string } | undefined {
  const bins = new Set(image.config.bins ?? []);
  const base = name.slice(name.lastIndexOf("/") + 1);
  // ENTRYPOINT and CMD[0] of the image are there by construction.
  if (bins.has(name) || image.config.entrypoint?.[0] === name || image.config.cmd?.[0] === name) return { base };
  if (name.includes("/")) {
    const dir = name.slice(0, name.lastIndexOf("/")) || "/";
    if (bins.has(base) && STANDARD_DIRS.includes(dir)) return { base };
    if ((shellsOf(ctx.os)[base] || findCommand(base, ctx.os, bins)) && STANDARD_DIRS.includes(dir)) return { base };
    return undefined;
  }
  if (bins.has(base) || shellsOf(ctx.os)[base] || findCommand(base, ctx.os, bins)) return { base };
  return undefined;
}

/**
 * The program for argv inside this image, or undefined when no such
 * executable exists. Used for PID 1 and for what a shell script runs.
 */
export function lookupProgram(argv: string[], ctx: ProcessContext, image: RemoteImage): Program | undefined {
  const [name, ...args] = argv;
  // A script file in the container (a ConfigMap-mounted start.sh): run it with its interpreter.
  if (name.includes("/") && !inImage(name, image, ctx)) {
    const text = ctx.fs.read(normalizePath(name, ctx.cwd));
    if (text === undefined || ctx.fs.isDir(normalizePath(name, ctx.cwd))) return undefined;
    const shebang = /^#!\s*(\S+)/.exec(text)?.[1] ?? "/bin/sh";
    const dialect = shellsOf(ctx.os)[shebang.slice(shebang.lastIndexOf("/") + 1)];
    if (!dialect) return undefined;
    return shellProgram(ctx, text, { dialect, argv0: name, args, invokedAs: name, lookup: (a, c) => lookupProgram(a, c, image) });
  }
  const found = inImage(name, image, ctx);
  if (!found) return undefined;
  const base = found.base;
  const dialect = shellsOf(ctx.os)[base];
  if (dialect) return shell(ctx, image, dialect, name, args);
  const app = APPS[base];
  if (app) return app(ctx, args, image, name);
  const cmd = findCommand(base, ctx.os, new Set(image.config.bins ?? []));
  if (cmd) return cmd(ctx, args, base);
  // An application binary we have no model for: it starts and keeps running.
  return serve(ctx, [], 20 * MiB);
}

function shell(ctx: ProcessContext, image: RemoteImage, dialect: Dialect, name: string, args: string[]): Program {
  const lookup = (a: string[], c: ProcessContext) => lookupProgram(a, c, image);
  const invokedAs = dialect === "bash" ? "bash" : dialect === "ash" ? "sh" : name;
  if (args[0] === "-c" || args[0] === "-ec" || args[0] === "-xc" || args[0] === "-euc" || args[0] === "-exc") {
    if (args.length < 2) {
      ctx.err(dialect === "bash" ? "bash: -c: option requires an argument\n" : dialect === "dash" ? `${name}: 0: -c requires an argument\n` : "sh: -c requires an argument\n");
      return done(2);
    }
    const script = (args[0].includes("e") ? "set -e\n" : "") + args[1];
    const argv0 = args[2] ?? name;
    return shellProgram(ctx, script, { dialect, argv0, args: args.slice(3), lookup, invokedAs: dialect === "dash" ? argv0 : invokedAs });
  }
  if (args.length > 0 && !args[0].startsWith("-")) {
    const path = normalizePath(args[0], ctx.cwd);
    const text = ctx.fs.read(path);
    if (text === undefined) {
      ctx.err(dialect === "bash" ? `bash: ${args[0]}: No such file or directory\n` : dialect === "dash" ? `${name}: 0: cannot open ${args[0]}: No such file\n` : `sh: can't open '${args[0]}': No such file or directory\n`);
      return done(dialect === "bash" ? 127 : 2);
    }
    return shellProgram(ctx, text, { dialect, argv0: args[0], args: args.slice(1), lookup, invokedAs: args[0] });
  }
  // An interactive shell with no terminal reads EOF on stdin and exits.
  return shellProgram(ctx, ctx.stdin, { dialect, argv0: name, args: [], lookup, invokedAs });
}

// ------------------------------------------------------------------ helpers

function* done(code: number): Program {
  return code;
}

/** Waits for requests until signalled. */
function* forever(): Generator<Step, void, void> {
  yield { forever: true };
}

type StopHandler = (signal: string) => { lines?: string[]; afterMs: number; code: number } | undefined;

/** A server: uses memory, listens, and on its stop signal logs its goodbye (to stdout or stderr) and exits. */
function* serve(ctx: ProcessContext, ports: number[], memory: number, onStop?: StopHandler, logTo: "out" | "err" = "out"): Program {
  ctx.useMemory(memory);
  for (const p of ports) ctx.listen(p);
  if (onStop) {
    ctx.onSignal((sig) => {
      const r = onStop(sig);
      if (!r) return "ignore";
      for (const l of r.lines ?? []) ctx[logTo](`${l}\n`);
      return { exitAfterMs: r.afterMs, exitCode: r.code };
    });
  }
  yield* forever();
  return 0;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** klog's header: `I0112 08:47:03.123456       1 server.go:123] `. */
export function klog(ctx: ProcessContext, severity: KlogSeverity, file: string, msg: string): string {
  return klogLine(ctx.now(), severity, 1, file, msg);
}

function nginxTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Flag value `--name=value` or `--name value`. */
function flag(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}` || args[i] === `-${name}`) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

type App = (ctx: ProcessContext, args: string[], image: RemoteImage, name: string) => Program;

// ------------------------------------------------------------------ servers

function* nginx(ctx: ProcessContext, args: string[], image: RemoteImage): Program {
  const version = nginxVersionOf(image.tag);
  const alpine = image.config.os === "alpine";
  if (args.includes("-v") || args.includes("-V")) {
    ctx.err(`nginx version: nginx/${version}\n`);
    return 0;
  }
  if (args.includes("-t")) {
    ctx.err("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n");
    return 0;
  }
  if (args.includes("-s")) return 0;
  const t = nginxTime(ctx.now());
  const workers = Math.max(1, ctx.system.cpus);
  const lines = [
    `${t} [notice] 1#1: using the "epoll" event method`,
    `${t} [notice] 1#1: nginx/${version}`,
    `${t} [notice] 1#1: built by gcc ${alpine ? "14.2.0 (Alpine 14.2.0) " : "12.2.0 (Debian 12.2.0-14+deb12u1) "}`,
    `${t} [notice] 1#1: OS: Linux ${ctx.system.kernel}`,
    `${t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
    `${t} [notice] 1#1: start worker processes`,
    ...Array.from({ length: workers }, (_, i) => `${t} [notice] 1#1: start worker process ${29 + i}`),
  ];
  ctx.err(lines.join("\n") + "\n");
  const foreground = args.some((a) => a.includes("daemon off"));
  if (!foreground) return 0;
  const port = nginxPort(ctx);
  return yield* serve(ctx, [port], (6 + 2 * workers) * MiB, (sig) => {
    const s = nginxTime(ctx.now());
    if (sig !== "SIGQUIT" && sig !== "SIGTERM" && sig !== "SIGINT") return undefined;
    const quit = sig === "SIGQUIT";
    const w = Array.from({ length: workers }, (_, i) => 29 + i);
    return {
      lines: [
        `${s} [notice] 1#1: signal ${SIGNUM[sig]} (${sig}) received, ${quit ? "shutting down" : "exiting"}`,
        ...w.flatMap((pid) => (quit ? [`${s} [notice] ${pid}#${pid}: gracefully shutting down`, `${s} [notice] ${pid}#${pid}: exiting`, `${s} [notice] ${pid}#${pid}: exit`] : [`${s} [notice] ${pid}#${pid}: exiting`, `${s} [notice] ${pid}#${pid}: exit`])),
        ...w.flatMap((pid) => [`${s} [notice] 1#1: signal 17 (SIGCHLD) received from ${pid}`, `${s} [notice] 1#1: worker process ${pid} exited with code 0`]),
        `${s} [notice] 1#1: exit`,
      ],
      afterMs: 40,
      code: 0,
    };
  }, "err");
}

const SIGNUM: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15, SIGWINCH: 28 };

/** The port nginx's config listens on (default.conf can be replaced by a ConfigMap). */
function nginxPort(ctx: ProcessContext): number {
  const conf = ctx.fs.read("/etc/nginx/conf.d/default.conf") ?? "";
  const m = /listen\s+(?:[\d.]+:)?(\d+)/.exec(conf);
  return m ? Number(m[1]) : 80;
}

/** The nginx image's /docker-entrypoint.sh: configuration notes, then exec. */
function* nginxEntrypoint(ctx: ProcessContext, args: string[], image: RemoteImage): Program {
  if (args[0] === "nginx" || args[0] === "nginx-debug") {
    if (!/NGINX_ENTRYPOINT_QUIET_LOGS/.test(Object.keys(ctx.env).join(" "))) {
      const ipv6 = ctx.fs.exists("/etc/nginx/conf.d/default.conf") && /listen\s+80;/.test(ctx.fs.read("/etc/nginx/conf.d/default.conf") ?? "");
      ctx.out(
        [
          "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
          "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
          "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
          ipv6 ? "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf" : "10-listen-on-ipv6-by-default.sh: info: /etc/nginx/conf.d/default.conf differs from the packaged version",
          ...(ipv6 ? ["10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf"] : []),
          "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
          "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
          "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
          "/docker-entrypoint.sh: Configuration complete; ready for start up",
        ].join("\n") + "\n",
      );
    }
  }
  return yield* execArgs(ctx, args, image);
}

/** `exec "$@"` at the end of an entrypoint script. */
function* execArgs(ctx: ProcessContext, args: string[], image: RemoteImage): Program {
  if (args.length === 0) return 0;
  const p = lookupProgram(args, ctx, image);
  if (!p) {
    ctx.err(`/usr/local/bin/docker-entrypoint.sh: line 1: exec: ${args[0]}: not found\n`);
    return 127;
  }
  return yield* p;
}

/** docker-entrypoint.sh of redis, postgres, mysql, mongo, memcached, node: `-flag` args go to the main binary. */
function entrypointFor(main: string): App {
  return function* (ctx, args, image) {
    const argv = args.length === 0 || args[0].startsWith("-") ? [main, ...args] : args;
    return yield* execArgs(ctx, argv, image);
  };
}

function redisTime(ms: number): string {
  const d = new Date(ms);
  const mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  return `${pad(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

function* redis(ctx: ProcessContext, args: string[], image: RemoteImage): Program {
  const version = /^\d/.test(image.tag) ? ({ "6": "6.2.20", "7": "7.4.5", "8": "8.2.1" } as Record<string, string>)[image.tag.split(".")[0]] ?? image.tag.split("-")[0] : "8.2.1";
  const port = Number(flag(args, "port") ?? 6379);
  const t = redisTime(ctx.now());
  ctx.out(
    [
      `1:C ${t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
      `1:C ${t} * Redis version=${version}, bits=64, commit=00000000, modified=1, pid=1, just started`,
      `1:C ${t} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
      `1:M ${t} * monotonic clock: POSIX clock_gettime`,
      `1:M ${t} * Running mode=standalone, port=${port}.`,
      `1:M ${t} * Server initialized`,
      `1:M ${t} * Ready to accept connections tcp`,
    ].join("\n") + "\n",
  );
  return yield* serve(ctx, [port], 9 * MiB, (sig) => {
    if (sig !== "SIGTERM" && sig !== "SIGINT") return undefined;
    const s = redisTime(ctx.now());
    return {
      lines: [`1:signal-handler (${Math.floor(ctx.now() / 1000)}) Received SIG${sig === "SIGTERM" ? "TERM" : "INT"} scheduling shutdown...`, `1:M ${s} * User requested shutdown...`, `1:M ${s} * Saving the final RDB snapshot before exiting.`, `1:M ${s} * DB saved on disk`, `1:M ${s} # Redis is now ready to exit, bye bye...`],
      afterMs: 100,
      code: 0,
    };
  });
}

function* httpd(ctx: ProcessContext, _args: string[], image: RemoteImage, name: string): Program {
  const d = new Date(ctx.now());
  const stamp = `[${["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()]} ${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${pad(Math.floor((ctx.now() % 1) * 1000), 3)} ${d.getUTCFullYear()}]`;
  const fqdn = `AH00558: ${name === "apache2-foreground" ? "apache2" : "httpd"}: Could not reliably determine the server's fully qualified domain name, using ${ctx.system.podIP}. Set the 'ServerName' directive globally to suppress this message`;
  const apache = name === "apache2-foreground" ? "Apache/2.4.62 (Debian) PHP/8.2.29 configured" : `Apache/2.4.65 (Unix) configured`;
  ctx.err(`${fqdn}\n${fqdn}\n${stamp} [mpm_${name === "apache2-foreground" ? "prefork" : "event"}:notice] [pid 1:tid 1] AH00489: ${apache} -- resuming normal operations\n${stamp} [core:notice] [pid 1:tid 1] AH00094: Command line: '${name === "apache2-foreground" ? "apache2 -D FOREGROUND" : "httpd -D FOREGROUND"}'\n`);
  void image;
  return yield* serve(ctx, [80], 12 * MiB, (sig) => {
    if (sig !== "SIGWINCH" && sig !== "SIGTERM") return undefined;
    return { lines: [`${stamp} [mpm_event:notice] [pid 1:tid 1] AH00492: caught SIGWINCH, shutting down gracefully`], afterMs: 200, code: 0 };
  });
}

function pgTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} UTC`;
}

function* postgres(ctx: ProcessContext, _args: string[], image: RemoteImage): Program {
  const initialised = ctx.fs.exists("/var/lib/postgresql/data/PG_VERSION");
  if (!initialised && !ctx.env.POSTGRES_PASSWORD && ctx.env.POSTGRES_HOST_AUTH_METHOD !== "trust") {
    ctx.err(
      [
        "Error: Database is uninitialized and superuser password is not specified.",
        "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
        '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
        "",
        '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
        "       connections without a password. This is *not* recommended.",
        "",
        '       See PostgreSQL documentation about "trust":',
        "       https://www.postgresql.org/docs/current/auth-trust.html",
      ].join("\n") + "\n",
    );
    return 1;
  }
  const major = /^\d+/.exec(image.tag)?.[0] ?? "17";
  const full = ({ "13": "13.22", "14": "14.19", "15": "15.14", "16": "16.10", "17": "17.6", "18": "18.0" } as Record<string, string>)[major] ?? "17.6";
  ctx.useMemory(40 * MiB);
  if (!initialised) {
    ctx.out("The files belonging to this database system will be owned by user \"postgres\".\nThis user must also own the server process.\n\nThe database cluster will be initialized with locale \"en_US.utf8\".\nThe default database encoding has accordingly been set to \"UTF8\".\nThe default text search configuration will be set to \"english\".\n\nData page checksums are disabled.\n\nfixing permissions on existing directory /var/lib/postgresql/data ... ok\ncreating subdirectories ... ok\nselecting dynamic shared memory implementation ... posix\nselecting default \"max_connections\" ... 100\nselecting default \"shared_buffers\" ... 128MB\nselecting default time zone ... Etc/UTC\ncreating configuration files ... ok\nrunning bootstrap script ... ok\nperforming post-bootstrap initialization ... ok\nsyncing data to disk ... ok\n\n\nSuccess. You can now start the database server using:\n\n    pg_ctl -D /var/lib/postgresql/data -l logfile start\n\n");
    yield { sleep: 1500 };
    try {
      ctx.fs.write("/var/lib/postgresql/data/PG_VERSION", `${major}\n`);
    } catch {
      // read-only data dir: the init would have failed earlier in reality; keep going
    }
    ctx.out("PostgreSQL init process complete; ready for start up.\n\n");
  } else ctx.out("\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n");
  const t = pgTime(ctx.now());
  ctx.err(
    [
      `${t} [1] LOG:  starting PostgreSQL ${full} (Debian ${full}-1.pgdg12+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14+deb12u1) 12.2.0, 64-bit`,
      `${t} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432`,
      `${t} [1] LOG:  listening on IPv6 address "::", port 5432`,
      `${t} [1] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"`,
      `${t} [62] LOG:  database system was shut down at ${t}`,
      `${t} [1] LOG:  database system is ready to accept connections`,
    ].join("\n") + "\n",
  );
  return yield* serve(ctx, [5432], 40 * MiB, (sig) => {
    if (sig !== "SIGINT" && sig !== "SIGTERM") return undefined;
    const s = pgTime(ctx.now());
    return { lines: [`${s} [1] LOG:  received ${sig === "SIGINT" ? "fast" : "smart"} shutdown request`, `${s} [1] LOG:  aborting any active transactions`, `${s} [1] LOG:  background worker "logical replication launcher" (PID 65) exited with exit code 1`, `${s} [60] LOG:  shutting down`, `${s} [1] LOG:  database system is shut down`], afterMs: 300, code: 0 };
  }, "err");
}

function* mysqld(ctx: ProcessContext, _args: string[], image: RemoteImage): Program {
  const v = image.tag.startsWith("5.7") ? "5.7.44-1.el7" : image.tag.startsWith("8.0") ? "8.0.43-1.el9" : image.tag.startsWith("8") ? "8.4.6-1.el9" : "9.4.0-1.el9";
  const t = new Date(ctx.now()).toISOString().replace("T", " ").replace(/\.\d+Z$/, "+00:00");
  ctx.out(`${t} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${v} started.\n${t} [Note] [Entrypoint]: Switching to dedicated user 'mysql'\n${t} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${v} started.\n`);
  if (!ctx.env.MYSQL_ROOT_PASSWORD && !ctx.env.MYSQL_ALLOW_EMPTY_PASSWORD && !ctx.env.MYSQL_RANDOM_ROOT_PASSWORD && !ctx.fs.exists("/var/lib/mysql/mysql")) {
    ctx.err(`${t} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n`);
    return 1;
  }
  ctx.useMemory(360 * MiB);
  yield { sleep: 4000 };
  const ts = new Date(ctx.now()).toISOString().replace(/Z$/, "000Z");
  ctx.out(`${ts} 0 [System] [MY-015015] [Server] MySQL Server - start.\n${ts} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld ${v.split("-")[0]}) starting as process 1\n${ts} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '${v.split("-")[0]}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.\n`);
  return yield* serve(ctx, [3306, 33060], 360 * MiB, (sig) => (sig === "SIGTERM" ? { lines: [`${new Date(ctx.now()).toISOString()} 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: ${v.split("-")[0]}).`], afterMs: 1500, code: 0 } : undefined));
}

function* mongod(ctx: ProcessContext): Program {
  const t = new Date(ctx.now()).toISOString().replace("Z", "+00:00");
  ctx.out(`{"t":{"$date":"${t}"},"s":"I",  "c":"NETWORK",  "id":4915701, "ctx":"main","msg":"Initialized wire specification"}\n{"t":{"$date":"${t}"},"s":"I",  "c":"CONTROL",  "id":4615611, "ctx":"initandlisten","msg":"MongoDB starting","attr":{"pid":1,"port":27017,"dbPath":"/data/db","architecture":"64-bit","host":"${ctx.system.hostname}"}}\n{"t":{"$date":"${t}"},"s":"I",  "c":"NETWORK",  "id":23016,   "ctx":"listener","msg":"Waiting for connections","attr":{"port":27017,"ssl":"off"}}\n`);
  return yield* serve(ctx, [27017], 160 * MiB, (sig) => (sig === "SIGTERM" ? { lines: [`{"t":{"$date":"${new Date(ctx.now()).toISOString().replace("Z", "+00:00")}"},"s":"I",  "c":"CONTROL",  "id":23377,   "ctx":"SignalHandler","msg":"Received signal","attr":{"signal":15,"error":"Terminated"}}`], afterMs: 500, code: 0 } : undefined));
}

function* memcached(ctx: ProcessContext, args: string[]): Program {
  return yield* serve(ctx, [Number(flag(args, "p") ?? 11211)], 4 * MiB, (sig) => (sig === "SIGTERM" || sig === "SIGINT" ? { lines: ["Signal handled: Terminated."], afterMs: 10, code: 0 } : undefined));
}

function* node(ctx: ProcessContext, args: string[]): Program {
  if (args.length === 0) return 0;
  if (args[0] === "-e" || args[0] === "--eval") return 0;
  if (args[0] === "-v" || args[0] === "--version") {
    ctx.out("v22.19.0\n");
    return 0;
  }
  const file = normalizePath(args[0], ctx.cwd);
  if (!ctx.fs.exists(file) && !ctx.fs.exists(`${file}.js`)) {
    ctx.err(`node:internal/modules/cjs/loader:1386\n  throw err;\n  ^\n\nError: Cannot find module '${file}'\n    at Function._resolveFilename (node:internal/modules/cjs/loader:1383:15)\n    at defaultResolveImpl (node:internal/modules/cjs/loader:1025:19)\n    at resolveForCJSWithHooks (node:internal/modules/cjs/loader:1030:22)\n    at Function._load (node:internal/modules/cjs/loader:1192:37)\n    at TracingChannel.traceSync (node:diagnostics_channel:328:14)\n    at wrapModuleLoad (node:internal/modules/cjs/loader:237:24)\n    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:171:5)\n    at node:internal/main/run_main_module:36:49 {\n  code: 'MODULE_NOT_FOUND',\n  requireStack: []\n}\n\nNode.js v22.19.0\n`);
    return 1;
  }
  return yield* serve(ctx, [], 40 * MiB);
}

function* python(ctx: ProcessContext, args: string[], image: RemoteImage, name: string): Program {
  if (args.length === 0) return 0;
  if (args[0] === "-c") return 0;
  if (args[0] === "-V" || args[0] === "--version") {
    ctx.out("Python 3.13.7\n");
    return 0;
  }
  if (args[0] === "-m" && args[1] === "http.server") {
    const port = Number(args[2] ?? 8000);
    ctx.out(`Serving HTTP on 0.0.0.0 port ${port} (http://0.0.0.0:${port}/) ...\n`);
    return yield* serve(ctx, [port], 15 * MiB);
  }
  const file = normalizePath(args[0], ctx.cwd);
  if (image.name.includes("kodekloud/event-simulator")) return yield* eventSimulator(ctx);
  if (image.name.includes("kodekloud/webapp-color")) {
    const color = ctx.env.APP_COLOR ?? "pink";
    ctx.out(` Color from environment variable - ${color}\n * Serving Flask app 'app' (lazy loading)\n * Environment: production\n   WARNING: This is a development server. Do not use it in a production deployment.\n   Use a production WSGI server instead.\n * Debug mode: off\n * Running on all addresses (0.0.0.0)\n * Running on http://127.0.0.1:8080\n * Running on http://${ctx.system.podIP}:8080 (Press CTRL+C to quit)\n`);
    return yield* serve(ctx, [8080], 25 * MiB);
  }
  if (!ctx.fs.exists(file)) {
    ctx.err(`${name}: can't open file '${file}': [Errno 2] No such file or directory\n`);
    return 2;
  }
  return yield* serve(ctx, [], 15 * MiB);
}

function* eventSimulator(ctx: ProcessContext): Program {
  const users = ["USER1", "USER2", "USER3", "USER4"];
  const actions = ["logged in", "logged out", "is viewing page1", "is viewing page2", "is viewing page3"];
  for (let i = 0; ; i++) {
    const d = new Date(ctx.now());
    const t = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())},${pad(d.getUTCMilliseconds(), 3)}`;
    if (i % 7 === 5) ctx.out(`[${t}] WARNING in event-simulator: USER5 Failed to Login as the account is locked due to MANY FAILED ATTEMPTS.\n`);
    else if (i % 11 === 8) ctx.out(`[${t}] WARNING in event-simulator: USER7 Order failed as the item is OUT OF STOCK.\n`);
    else ctx.out(`[${t}] INFO in event-simulator: ${users[i % 4]} ${actions[(i * 3) % actions.length]}\n`);
    yield { sleep: 1000 };
  }
}

/** `perl -Mbignum=bpi -wle 'print bpi(2000)'`: the Job example of the Kubernetes docs. */
function* perl(ctx: ProcessContext, args: string[]): Program {
  const script = args.join(" ");
  const m = /bpi\((\d+)\)/.exec(script);
  if (m) {
    ctx.out(`${piDigits(Number(m[1]))}\n`);
    return 0;
  }
  const print = /print\s+["'](.*?)["']/.exec(script);
  if (print) ctx.out(`${print[1].replace(/\\n/g, "\n")}${args.includes("-l") || /-\w*l/.test(args[0] ?? "") ? "\n" : ""}`);
  return 0;
}

/** π to n significant digits (Machin's formula with BigInt). */
export function piDigits(n: number): string {
  const extra = 10n;
  const scale = 10n ** (BigInt(n - 1) + extra);
  const atanInv = (x: bigint): bigint => {
    let sum = 0n;
    let term = scale / x;
    const x2 = x * x;
    for (let k = 1n; term !== 0n; k += 2n) {
      sum += ((k / 2n) % 2n === 0n ? 1n : -1n) * (term / k);
      term /= x2;
    }
    return sum;
  };
  const pi = 16n * atanInv(5n) - 4n * atanInv(239n);
  const digits = (pi / 10n ** extra).toString();
  // bignum rounds the last digit
  const next = Number((pi / 10n ** (extra - 1n)) % 10n);
  let body = digits.slice(0, n);
  if (next >= 5) body = (BigInt(body) + 1n).toString();
  return `${body[0]}.${body.slice(1)}`;
}

function* traefik(ctx: ProcessContext): Program {
  const t = new Date(ctx.now()).toISOString().replace(/\.\d+Z$/, "Z");
  ctx.out(`${t} INF Traefik version 3.5.2 built on 2025-09-09T10:23:40Z version=3.5.2\n${t} INF Starting provider aggregator *aggregator.ProviderAggregator\n${t} INF Starting provider *traefik.Provider\n`);
  return yield* serve(ctx, [80, 8080], 30 * MiB, (sig) => (sig === "SIGTERM" ? { lines: [`${new Date(ctx.now()).toISOString().replace(/\.\d+Z$/, "Z")} INF I have to go... signal=terminated`, `${new Date(ctx.now()).toISOString().replace(/\.\d+Z$/, "Z")} INF Stopping server gracefully`], afterMs: 100, code: 0 } : undefined));
}

function* helloWorld(ctx: ProcessContext): Program {
  ctx.out(
    "\nHello from Docker!\nThis message shows that your installation appears to be working correctly.\n\nTo generate this message, Docker took the following steps:\n 1. The Docker client contacted the Docker daemon.\n 2. The Docker daemon pulled the \"hello-world\" image from the Docker Hub.\n    (amd64)\n 3. The Docker daemon created a new container from that image which runs the\n    executable that produces the output you are currently reading.\n 4. The Docker daemon streamed that output to the Docker client, which sent it\n    to your terminal.\n\nTo try something more ambitious, you can run an Ubuntu container with:\n $ docker run -it ubuntu bash\n\nShare images, automate workflows, and more with a free Docker ID:\n https://hub.docker.com/\n\nFor more examples and ideas, visit:\n https://docs.docker.com/get-started/\n\n",
  );
  return 0;
}

function* pause(ctx: ProcessContext): Program {
  return yield* serve(ctx, [], 0.3 * MiB, () => ({ afterMs: 0, code: 0 }));
}

function* coredns(ctx: ProcessContext, args: string[], image: RemoteImage): Program {
  const conf = flag(args, "conf") ?? "Corefile";
  const path = normalizePath(conf, ctx.cwd);
  const text = ctx.fs.read(path);
  if (text === undefined) {
    ctx.out(`Error: open ${conf}: no such file or directory\n`);
    return 1;
  }
  const version = image.tag.replace(/^v/, "");
  ctx.out(`.:53\n[INFO] plugin/reload: Running configuration SHA512 = ${"591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908".slice(0, 128)}\nCoreDNS-${version}\nlinux/amd64, go1.24.1, 707c7c1\n`);
  ctx.useMemory(20 * MiB);
  ctx.listen(53);
  ctx.listen(9153);
  ctx.listen(8080, (p) => (p === "/health" ? 200 : 404));
  ctx.listen(8181, (p) => (p === "/ready" ? 200 : 404));
  ctx.onSignal((sig) => {
    if (sig !== "SIGTERM") return "ignore";
    ctx.out("[INFO] SIGTERM: Shutting down servers then terminating\n[INFO] plugin/health: Going into lameduck mode for 5s\n");
    return { exitAfterMs: 5000, exitCode: 0 };
  });
  yield* forever();
  return 0;
}

/** flanneld --kube-subnet-mgr: needs the node's podCIDR, writes /run/flannel/subnet.env. */
function* flanneld(ctx: ProcessContext): Program {
  const node = ctx.system.nodeName;
  ctx.err(
    [
      klog(ctx, "I", "main.go:211", "CLI flags config: {etcdEndpoints:http://127.0.0.1:4001,http://127.0.0.1:2379 etcdPrefix:/coreos.com/network etcdKeyfile: etcdCertfile: etcdCAFile: etcdUsername: etcdPassword: version:false kubeSubnetMgr:true kubeApiUrl: kubeAnnotationPrefix:flannel.alpha.coreos.com kubeConfigFile: iface:[] ifaceRegex:[] ipMasq:true ipMasqRandomFullyDisable:false ifaceCanReach: subnetFile:/run/flannel/subnet.env publicIP: publicIPv6: subnetLeaseRenewMargin:60 healthzIP:0.0.0.0 healthzPort:0 iptablesResyncSeconds:5 iptablesForwardRules:true netConfPath:/etc/kube-flannel/net-conf.json setNodeNetworkUnavailable:true}"),
      klog(ctx, "W", "client_config.go:659", "Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work."),
      klog(ctx, "I", "kube.go:139", "Waiting 10m0s for node controller to sync"),
      klog(ctx, "I", "kube.go:469", "Starting kube subnet manager"),
    ].join("\n") + "\n",
  );
  yield { sleep: 1000 };
  const cidr = ctx.system.nodePodCIDR();
  if (!cidr) {
    ctx.err(klog(ctx, "E", "main.go:359", `Error registering network: failed to acquire lease: node "${node}" pod cidr not assigned`) + "\n" + klog(ctx, "I", "main.go:439", "Stopping shutdownHandler...") + "\n");
    return 1;
  }
  const conf = ctx.fs.read("/etc/kube-flannel/net-conf.json");
  const network = conf ? /"Network":\s*"([^"]+)"/.exec(conf)?.[1] : undefined;
  if (!network) {
    ctx.err(klog(ctx, "E", "main.go:332", "Failed to create SubnetManager: error parsing subnet config: open /etc/kube-flannel/net-conf.json: no such file or directory") + "\n");
    return 1;
  }
  const [base] = cidr.split("/");
  const gw = base.replace(/\.0$/, ".1");
  ctx.err(
    [
      klog(ctx, "I", "kube.go:146", "Node controller sync successful"),
      klog(ctx, "I", "main.go:231", `Created subnet manager: Kubernetes Subnet Manager - ${node}`),
      klog(ctx, "I", "main.go:234", "Installing signal handlers"),
      klog(ctx, "I", "main.go:452", "Found network config - Backend type: vxlan"),
      klog(ctx, "I", "match.go:210", "Determining IP address of default interface"),
      klog(ctx, "I", "match.go:263", `Using interface with name eth0 and address ${ctx.system.nodeIP}`),
      klog(ctx, "I", "match.go:285", `Defaulting external address to interface address (${ctx.system.nodeIP})`),
      klog(ctx, "I", "vxlan.go:141", "VXLAN config: VNI=1 Port=0 GBP=false Learning=false DirectRouting=false"),
      klog(ctx, "I", "main.go:355", "Setting up masking rules"),
      klog(ctx, "I", "main.go:406", "Changing default FORWARD chain policy to ACCEPT"),
      klog(ctx, "I", "main.go:420", "Wrote subnet file to /run/flannel/subnet.env"),
      klog(ctx, "I", "main.go:424", "Running backend."),
      klog(ctx, "I", "vxlan_network.go:65", "watching for new subnet leases"),
      klog(ctx, "I", "main.go:445", "Waiting for all goroutines to exit"),
    ].join("\n") + "\n",
  );
  try {
    ctx.fs.write("/run/flannel/subnet.env", `FLANNEL_NETWORK=${network}\nFLANNEL_SUBNET=${gw}/${cidr.split("/")[1]}\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n`);
  } catch {
    // /run/flannel not mounted writable: pods on the node will fail to get a network
  }
  return yield* serve(ctx, [], 15 * MiB, (sig) => (sig === "SIGTERM" ? { lines: [klog(ctx, "I", "main.go:558", "shutdownHandler sent cancel signal...")], afterMs: 100, code: 0 } : undefined));
}

function* metricsServer(ctx: ProcessContext, args: string[]): Program {
  const insecure = args.includes("--kubelet-insecure-tls") || args.includes("--kubelet-insecure-tls=true");
  ctx.err(klog(ctx, "I", "serving.go:374", "Generated self-signed cert (/tmp/apiserver.crt, /tmp/apiserver.key)") + "\n" + klog(ctx, "I", "handler.go:288", "Adding GroupVersion metrics.k8s.io v1beta1 to ResourceManager") + "\n" + klog(ctx, "I", "secure_serving.go:213", "Serving securely on [::]:10250") + "\n");
  if (!insecure) ctx.err(klog(ctx, "E", "scraper.go:149", `"Failed to scrape node" err="Get \\"https://${ctx.system.nodeIP}:10250/metrics/resource\\": tls: failed to verify certificate: x509: cannot validate certificate for ${ctx.system.nodeIP} because it doesn't contain any IP SANs" node="${ctx.system.nodeName}"`) + "\n");
  ctx.listen(10250, (p) => (p === "/readyz" ? (insecure ? 200 : 500) : p === "/livez" ? 200 : 404));
  return yield* serve(ctx, [], 25 * MiB, (sig) => (sig === "SIGTERM" ? { afterMs: 100, code: 0 } : undefined));
}

function* stress(ctx: ProcessContext, args: string[]): Program {
  if (args.length === 0 || args.includes("--help") || args.includes("-?")) {
    ctx.out("`stress' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n -?, --help         show this help statement\n     --version      show version statement\n -v, --verbose      be verbose\n -q, --quiet        be quiet\n -n, --dry-run      show what would have been done\n -t, --timeout N    timeout after N seconds\n     --backoff N    wait factor of N microseconds before work starts\n -c, --cpu N        spawn N workers spinning on sqrt()\n -i, --io N         spawn N workers spinning on sync()\n -m, --vm N         spawn N workers spinning on malloc()/free()\n     --vm-bytes B   malloc B bytes per vm worker (default is 256MB)\n     --vm-stride B  touch a byte every B bytes (default is 4096)\n     --vm-hang N    sleep N secs before free (default none, 0 is inf)\n     --vm-keep      redirty memory instead of freeing and reallocating\n -d, --hdd N        spawn N workers spinning on write()/unlink()\n     --hdd-bytes B  write B bytes per hdd worker (default is 1GB)\n\nExample: stress --cpu 8 --io 4 --vm 2 --vm-bytes 128M --timeout 10s\n\nNote: Numbers may be suffixed with s,m,h,d,y (time) or B,K,M,G (size).\n");
    return 0;
  }
  const cpu = Number(flag(args, "cpu") ?? flag(args, "c") ?? 0);
  const io = Number(flag(args, "io") ?? flag(args, "i") ?? 0);
  const vm = Number(flag(args, "vm") ?? flag(args, "m") ?? 0);
  const hdd = Number(flag(args, "hdd") ?? flag(args, "d") ?? 0);
  const bytesText = flag(args, "vm-bytes") ?? "256M";
  const bytes = parseQuantity(bytesText.replace(/([KMG])B?$/i, (_m, u: string) => `${u.toUpperCase()}i`)) ?? 256 * MiB;
  const timeout = flag(args, "timeout") ?? flag(args, "t");
  ctx.out(`stress: info: [1] dispatching hogs: ${cpu} cpu, ${io} io, ${vm} vm, ${hdd} hdd\n`);
  yield { sleep: 200 };
  ctx.useMemory(vm * bytes + 1 * MiB);
  if (timeout) {
    const secs = Number(timeout.replace(/s$/, ""));
    yield { sleep: secs * 1000 };
    ctx.out(`stress: info: [1] successful run completed in ${secs}s\n`);
    return 0;
  }
  yield* forever();
  return 0;
}

function* agnhost(ctx: ProcessContext, args: string[]): Program {
  const sub = args[0];
  switch (sub) {
    case "netexec": {
      const port = Number(flag(args, "http-port") ?? 8080);
      ctx.err(klog(ctx, "I", "log.go:245", `Started HTTP server on port ${port}`) + "\n" + klog(ctx, "I", "log.go:245", "Started UDP server on port  8081") + "\n");
      return yield* serve(ctx, [port, 8081], 10 * MiB);
    }
    case "serve-hostname": {
      const port = Number(flag(args, "port") ?? 9376);
      ctx.err(`${new Date(ctx.now()).toISOString().replace("T", " ").replace(/\.\d+Z/, "")} Serving on port ${port}.\n`);
      return yield* serve(ctx, [port], 5 * MiB);
    }
    case "liveness": {
      // The docs' liveness example: /healthz answers 200 for 10 seconds, then 500.
      const started = ctx.now();
      ctx.err(klog(ctx, "I", "server.go:60", "Started HTTP server on port 8080") + "\n");
      ctx.listen(8080, (p) => (p === "/healthz" ? (ctx.now() - started < 10_000 ? 200 : 500) : 404));
      return yield* serve(ctx, [], 5 * MiB);
    }
    case "test-webserver":
      return yield* serve(ctx, [Number(flag(args, "port") ?? 80)], 5 * MiB);
    case "pause":
      ctx.out("Paused\n");
      return yield* serve(ctx, [], 1 * MiB);
    case undefined:
      ctx.out("Usage:\n  agnhost [command]\n\nAvailable Commands:\n  netexec, serve-hostname, liveness, pause, test-webserver, ...\n");
      return 0;
    default:
      return yield* serve(ctx, [], 5 * MiB);
  }
}

function* helloApp(ctx: ProcessContext): Program {
  const d = new Date(ctx.now());
  ctx.out(`${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} Server listening on port ${ctx.env.PORT ?? "8080"}\n`);
  return yield* serve(ctx, [Number(ctx.env.PORT ?? 8080)], 5 * MiB);
}

function* haproxy(ctx: ProcessContext, args: string[]): Program {
  const cfg = flag(args, "f") ?? "/usr/local/etc/haproxy/haproxy.cfg";
  if (!ctx.fs.exists(cfg)) {
    ctx.err(`[NOTICE]   (1) : haproxy version is 3.2.4-98813a1\n[ALERT]    (1) : config : Cannot open configuration file/directory ${cfg} : No such file or directory\n`);
    return 1;
  }
  return yield* serve(ctx, [80], 10 * MiB, (sig) => (sig === "SIGTERM" || sig === "SIGUSR1" ? { afterMs: 100, code: 0 } : undefined));
}

/** Any web UI style server listening on one port. */
function listener(port: number, memoryMiB: number): App {
  return function* (ctx) {
    return yield* serve(ctx, [port], memoryMiB * MiB, (sig) => (sig === "SIGTERM" ? { afterMs: 100, code: 0 } : undefined));
  };
}

function* shellOnly(): Program {
  return 0;
}

function* zeroExit(): Program {
  return 0;
}

function* curlEntrypoint(ctx: ProcessContext, args: string[], image: RemoteImage): Program {
  const argv = args.length === 0 || args[0].startsWith("-") || args[0].includes("://") ? ["curl", ...args] : args;
  return yield* execArgs(ctx, argv, image);
}

function* calicoNode(ctx: ProcessContext): Program {
  ctx.out(`${new Date(ctx.now()).toISOString().replace("T", " ").replace("Z", "")} [INFO][1] startup/startup.go 432: Early log level set to info\n`);
  return yield* serve(ctx, [9099], 60 * MiB, (sig) => (sig === "SIGTERM" ? { afterMs: 500, code: 0 } : undefined));
}

const APPS: Record<string, App> = {
  nginx,
  "nginx-debug": nginx,
  "docker-entrypoint.sh": (ctx, args, image, name) => {
    if (image.name.endsWith("/nginx")) return nginxEntrypoint(ctx, args, image);
    const main = image.config.cmd?.[0] ?? "";
    return entrypointFor(main)(ctx, args, image, name);
  },
  "redis-server": redis,
  "httpd-foreground": httpd,
  "apache2-foreground": httpd,
  httpd: (ctx, args, image, name) => (args.includes("-f") || args.includes("-DFOREGROUND") || args.includes("FOREGROUND") ? httpd(ctx, args, image, name) : zeroExit()),
  postgres,
  mysqld,
  mongod,
  memcached,
  node,
  python,
  python3: python,
  perl,
  traefik,
  "entrypoint.sh": (ctx, args, image) => (image.name.includes("curl") ? curlEntrypoint(ctx, args, image) : traefik(ctx)),
  hello: helloWorld,
  pause,
  coredns,
  etcd: (ctx, args) => etcd(ctx, args),
  "kube-apiserver": (ctx, args, image) => kubeApiServer(ctx, args, binaryVersionOf(image)),
  "kube-controller-manager": (ctx, args, image) => kubeControllerManager(ctx, args, binaryVersionOf(image)),
  "kube-scheduler": (ctx, args, image) => kubeScheduler(ctx, args, binaryVersionOf(image)),
  "kube-proxy": kubeProxyProgram,
  flanneld,
  "metrics-server": metricsServer,
  dashboard: listener(8443, 30),
  "metrics-sidecar": listener(8000, 10),
  stress,
  agnhost,
  "hello-app": helloApp,
  "run.sh": listener(8080, 10),
  haproxy,
  "calico-node": calicoNode,
  "kube-controllers": listener(9094, 25),
  zsh: shellOnly,
  go: zeroExit,
};
