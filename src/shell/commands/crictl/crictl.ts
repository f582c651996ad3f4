/**
 * crictl v1.34 (cri-tools, as kubeadm's packages install it at
 * /usr/bin/crictl) on a cluster node. The flow of cmd/crictl/main.go:
 * urfave/cli parses the global flags, `Before` reads /etc/crictl.yaml
 * (warning when it is missing), the command runs and connects to the CRI
 * endpoint (warning when it has to fall back to the default endpoints), and
 * an error ends as `FATA[0000] <error>` with exit code 1.
 *
 * Commands: containers.ts, sandboxes.ts, images.ts, info.ts; the containerd
 * side of the CRI: cri.ts; the client side: remote.ts; urfave/cli: cli.ts.
 */
import { Output, resolvePath, type Tool, type ToolContext } from "../../tool.js";
import { appHelp, commandHelp, FlagError, HELP_COMMAND, HELP_FLAG, names, parseFlags, sortFlags, VERSION_FLAG, type FlagSpec, type ParsedFlags } from "./cli.js";
import { readConfig, serverConfig, type ServerConfig } from "./config-file.js";
import { CONTAINER_COMMANDS } from "./containers.js";
import { ExitCoder, Fatal, GoLogFatal, type CrictlCommand, type CrictlContext } from "./context.js";
import { bool, dur, int, str } from "./flags.js";
import { IMAGE_COMMANDS } from "./images.js";
import { completionSource, RUNTIME_COMMANDS } from "./info.js";
import { machineFor, type CrictlMachine } from "./machine.js";
import { goLogLine, logrusLine } from "./output.js";
import { connect, DEFAULT_RUNTIME_ENDPOINTS, type RemoteCri } from "./remote.js";
import { SANDBOX_COMMANDS } from "./sandboxes.js";

const APP = { name: "crictl", usage: "client for CRI", version: "v1.34.0" };
const DEFAULT_CONFIG_PATH = "/etc/crictl.yaml";
/** filepath.Join(filepath.Dir(os.Executable()), "crictl.yaml"). */
const NEXT_CONFIG_PATH = "/usr/bin/crictl.yaml";
const DEFAULT_TIMEOUT_MS = 2000;

const GLOBAL_FLAGS: FlagSpec[] = sortFlags([
  str("config", "Location of the client config file. If not specified and the default does not exist, the program's directory is searched as well", { aliases: ["c"], envVars: ["CRI_CONFIG_FILE"], value: DEFAULT_CONFIG_PATH }),
  str("runtime-endpoint", `Endpoint of CRI container runtime service (default: uses in order the first successful one of [${DEFAULT_RUNTIME_ENDPOINTS.join(" ")}]). Default is now deprecated and the endpoint should be set instead.`, { aliases: ["r"], envVars: ["CONTAINER_RUNTIME_ENDPOINT"] }),
  str("image-endpoint", "Endpoint of CRI image manager service (default: uses 'runtime-endpoint' setting)", { aliases: ["i"], envVars: ["IMAGE_SERVICE_ENDPOINT"] }),
  dur("timeout", "Timeout of connecting to the server in seconds (e.g. 2s, 20s.). 0 or less is set to default", { aliases: ["t"], value: DEFAULT_TIMEOUT_MS }),
  bool("debug", "Enable debug mode", { aliases: ["D"] }),
  bool("enable-tracing", "Enable OpenTelemetry tracing."),
  int("tracing-sampling-rate-per-million", "Number of samples to collect per million OpenTelemetry spans. Set to 1000000 or -1 to always sample.", { value: -1 }),
  str("tracing-endpoint", "Address to which the gRPC tracing collector will send spans to.", { value: "127.0.0.1:4317" }),
  str("profile-cpu", "Write a pprof CPU profile to the provided path."),
  str("profile-mem", "Write a pprof memory profile to the provided path."),
]);

/** Every command, flags sorted by name and commands by name, as main.go arranges them. */
const COMMANDS: CrictlCommand[] = [...CONTAINER_COMMANDS, ...SANDBOX_COMMANDS, ...IMAGE_COMMANDS, ...RUNTIME_COMMANDS]
  .map((c) => ({ ...c, flags: sortFlags(c.flags) }))
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

completionSource.commands = [...COMMANDS, HELP_COMMAND];
completionSource.flags = [...GLOBAL_FLAGS, HELP_FLAG, VERSION_FLAG];

const APP_INFO = { ...APP, commands: COMMANDS, flags: GLOBAL_FLAGS };

export const crictl: Tool = async (args, ctx) => {
  const machine = machineFor(ctx);
  // cri-tools is installed on cluster nodes only.
  if (!machine) return { stdout: "", stderr: "bash: crictl: command not found\n", exitCode: 127 };
  const run = new CrictlRun(ctx, machine);
  const code = await run.main(args);
  return run.out.result(code);
};

interface Endpoints {
  runtime: string;
  runtimeSet: boolean;
  image: string;
  imageSet: boolean;
}

/** One crictl process. */
class CrictlRun {
  readonly out = new Output();
  private endpoints!: Endpoints;
  private configPath = DEFAULT_CONFIG_PATH;
  /** The pid klog prints (derived from the clock, so runs stay reproducible). */
  private readonly pid: number;

  constructor(
    private readonly ctx: ToolContext,
    private readonly machine: CrictlMachine,
  ) {
    this.pid = 2000 + (Math.floor(ctx.cluster.clock.now() / 1000) % 60_000);
  }

  private now(): number {
    return this.ctx.cluster.clock.now();
  }

  private log(level: "INFO" | "WARN" | "ERRO" | "FATA", msg: string): void {
    this.out.err(logrusLine(level, msg));
  }

  async main(args: string[]): Promise<number> {
    try {
      return await this.dispatch(args);
    } catch (e) {
      return this.fail(e);
    }
  }

  private fail(e: unknown): number {
    if (e instanceof ExitCoder) {
      this.out.errLine(e.message);
      return e.code;
    }
    if (e instanceof GoLogFatal) {
      this.out.err(goLogLine(this.now(), e.message));
      return 1;
    }
    this.log("FATA", e instanceof Error ? e.message : String(e));
    return 1;
  }

  private async dispatch(args: string[]): Promise<number> {
    let global: ParsedFlags;
    try {
      global = parseFlags([...GLOBAL_FLAGS, HELP_FLAG, VERSION_FLAG], args, false, this.ctx.env);
    } catch (e) {
      if (!(e instanceof FlagError)) throw e;
      this.out.out(`Incorrect Usage: ${e.message}\n\n${appHelp(APP_INFO)}`);
      throw new Fatal(e.message);
    }
    if (global.bool("help")) {
      this.out.out(appHelp(APP_INFO));
      return 0;
    }
    if (global.bool("version")) {
      this.out.line(`${APP.name} version ${APP.version}`);
      return 0;
    }
    await this.before(global);
    const [name, ...rest] = global.args;
    if (name === undefined) {
      this.out.out(appHelp(APP_INFO));
      return 0;
    }
    if (name === "help" || name === "h") return this.helpTopic(rest[0]);
    const cmd = COMMANDS.find((c) => names(c).includes(name));
    if (!cmd) throw new ExitCoder(`No help topic for '${name}'`, 3);
    return this.runCommand(cmd, rest);
  }

  /** `crictl help [command]`: ShowCommandHelp. */
  private helpTopic(topic: string | undefined): number {
    if (topic === undefined) {
      this.out.out(appHelp(APP_INFO));
      return 0;
    }
    const cmd = [...COMMANDS, HELP_COMMAND].find((c) => names(c).includes(topic));
    if (!cmd) throw new ExitCoder(`No help topic for '${topic}'`, 3);
    this.out.out(commandHelp(APP.name, cmd as CrictlCommand, (cmd.subcommands?.length ?? 0) > 0));
    return 0;
  }

  /**
   * app.Before: the config file (a missing one is only a warning unless
   * --config named it), then the command line overrides it.
   */
  private async before(g: ParsedFlags): Promise<void> {
    this.configPath = g.string("config");
    let config: ServerConfig | undefined;
    try {
      config = await this.loadConfig(this.configPath);
    } catch (e) {
      if (g.isSet("config")) throw new Fatal((e as Error).message);
    }
    const flag = (n: string) => ({ value: g.string(n), set: g.isSet(n) });
    const rt = flag("runtime-endpoint");
    const im = flag("image-endpoint");
    if (!config) {
      this.endpoints = { runtime: rt.value, runtimeSet: rt.set, image: im.value, imageSet: im.set };
      return;
    }
    this.endpoints = {
      runtime: rt.set ? rt.value : config.runtimeEndpoint || rt.value,
      runtimeSet: rt.set || config.runtimeEndpoint !== "",
      image: im.set ? im.value : config.imageEndpoint || im.value,
      imageSet: im.set || config.imageEndpoint !== "",
    };
  }

  /** GetServerConfigFromFile. */
  private async loadConfig(path: string): Promise<ServerConfig> {
    const fs = this.ctx.fs;
    const abs = resolvePath(this.ctx.cwd, path);
    let file = abs;
    if (!(await fs.exists(abs))) {
      this.log("WARN", `Config ${JSON.stringify(path)} does not exist, trying next: ${JSON.stringify(NEXT_CONFIG_PATH)}`);
      if (!(await fs.exists(NEXT_CONFIG_PATH))) throw new Error(`load config file: stat ${NEXT_CONFIG_PATH}: no such file or directory`);
      file = NEXT_CONFIG_PATH;
    }
    if ((await fs.stat(file)).isDirectory) throw new Error(`load config file: read ${file === abs ? path : file}: is a directory`);
    const text = await fs.readFile(file);
    try {
      return serverConfig(readConfig(text));
    } catch (e) {
      throw new Error(`load config file: ${(e as Error).message}`);
    }
  }

  private async runCommand(cmd: CrictlCommand, args: string[]): Promise<number> {
    let flags: ParsedFlags;
    try {
      flags = parseFlags([...cmd.flags, HELP_FLAG], args, !!cmd.shortOptions, this.ctx.env);
    } catch (e) {
      if (!(e instanceof FlagError)) throw e;
      this.out.out(`Incorrect Usage: ${e.message}\n\n${commandHelp(APP.name, cmd, true)}`);
      throw new Fatal(e.message);
    }
    const first = flags.args[0];
    // -h, or the `help` subcommand urfave gives every command.
    if (flags.bool("help") || first === "help" || first === "h") {
      this.out.out(commandHelp(APP.name, cmd, (cmd.subcommands?.length ?? 0) > 0));
      return 0;
    }
    const sub = cmd.subcommands?.find((s) => names(s).includes(first ?? ""));
    if (sub) throw new Fatal(`crictl ${cmd.name} ${sub.name} is not available in this simulated cluster`);
    await cmd.action!(this.context(cmd, flags));
    return 0;
  }

  private context(cmd: CrictlCommand, flags: ParsedFlags): CrictlContext {
    const cluster = this.ctx.cluster;
    const fs = this.ctx.fs;
    return {
      flags,
      args: flags.args,
      out: this.out,
      now: () => this.now(),
      log: (level, msg) => this.log(level, msg),
      runtimeService: () => this.service("runtime"),
      imageService: () => this.service("image"),
      showHelp: () => this.out.out(commandHelp(APP.name, cmd, true)),
      wait: (ms) => {
        if (ms > 0) cluster.advance(ms);
      },
      waitUntil: (done, maxMs) => {
        const deadline = this.now() + maxMs;
        cluster.settle();
        while (!done() && this.now() < deadline) cluster.advance(Math.min(100, deadline - this.now()));
      },
      readFile: async (path) => {
        const abs = resolvePath(this.ctx.cwd, path);
        return (await fs.exists(abs)) ? fs.readFile(abs) : undefined;
      },
      writeFile: async (path, content) => {
        const abs = resolvePath(this.ctx.cwd, path);
        const dir = abs.slice(0, abs.lastIndexOf("/")) || "/";
        if (!(await fs.exists(dir))) await fs.mkdir(dir, { recursive: true });
        await fs.writeFile(abs, content);
      },
      configPath: this.configPath,
    };
  }

  /** getRuntimeService / getImageService: the configured endpoint, or each default in turn. */
  private async service(kind: "runtime" | "image"): Promise<RemoteCri> {
    const e = this.endpoints;
    let endpoint: string;
    let isSet: boolean;
    if (kind === "runtime") {
      if (e.runtimeSet && e.runtime === "") throw new Fatal("--runtime-endpoint is not set");
      [endpoint, isSet] = [e.runtime, e.runtimeSet];
    } else {
      if (e.image === "") {
        if (e.runtimeSet && e.runtime === "") throw new Fatal("--image-endpoint is not set");
        e.image = e.runtime;
        e.imageSet = e.runtimeSet;
      }
      [endpoint, isSet] = [e.image, e.imageSet];
    }
    const dial = {
      machine: this.machine,
      user: this.ctx.user,
      now: () => this.now(),
      exists: (p: string) => this.ctx.fs.exists(p),
      klog: (line: string) => this.out.err(line),
      pid: this.pid,
    };
    if (isSet) {
      const r = await connect(endpoint, kind, dial);
      if (r instanceof Error) throw new Fatal(r.message);
      return r;
    }
    this.log(
      "WARN",
      `${kind === "runtime" ? "runtime" : "Image"} connect using default endpoints: [${DEFAULT_RUNTIME_ENDPOINTS.join(" ")}]. As the default settings are now deprecated, you should set the endpoint instead.`,
    );
    let last: Error | undefined;
    for (const ep of DEFAULT_RUNTIME_ENDPOINTS) {
      const r = await connect(ep, kind, dial);
      if (!(r instanceof Error)) return r;
      this.log("ERRO", r.message);
      last = r;
    }
    throw new Fatal(last!.message);
  }
}
