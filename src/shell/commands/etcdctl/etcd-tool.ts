/**
 * What etcdctl and etcdutl share: the cluster's etcd they act on, the
 * per-run context their commands get, and how a command ends the process
 * early (cobrautl.ExitWithError: `Error: <msg>` and an exit code).
 */
import type { EtcdCluster } from "../../../cluster/etcd/etcd-cluster.js";
import { ZapClock } from "../../../cluster/etcd/zap.js";
import { Output, type Tool, type ToolContext, type ToolResult } from "../../tool.js";
import { HELP_COMMAND_SHORT, helpTopic, unknownHelpTopic } from "../../cobra/command.js";
import { executeCobra, type CobraOptions, type CommandDef } from "./cobra.js";

/** What every etcdctl/etcdutl command runs with. */
export interface EtcdRun {
  ctx: ToolContext;
  etcd: EtcdCluster;
  io: Output;
  /** Log timestamps: each line a few hundred microseconds after the last. */
  z: ZapClock;
}

/** Ends the command with this exit code (what the tool printed stays). */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export function exitWithError(r: EtcdRun, code: number, message: string): never {
  r.io.err(`Error: ${message}\n`);
  throw new Exit(code);
}

/** The EtcdCluster of the cluster the shell runs against (wired by the cluster as `etcd`). */
export function etcdOf(ctx: ToolContext): EtcdCluster | undefined {
  return (ctx.cluster as unknown as { etcd?: EtcdCluster }).etcd;
}

/**
 * cobra's `help [command]` (InitDefaultHelpCmd): the usage of the command
 * the words name (Root().Find, prefixes too), or "Unknown help topic" on
 * stderr and the root's usage where the tool's usage function writes it.
 */
function helpCommand(root: CommandDef<EtcdRun>, opts: CobraOptions<EtcdRun>): CommandDef<EtcdRun> {
  return {
    use: "help [command]",
    short: HELP_COMMAND_SHORT,
    run: ({ ctx: r, args }) => {
      const path = helpTopic(root, args, { prefixMatching: true });
      if (path) r.io.out(opts.usage(path));
      else {
        r.io.err(unknownHelpTopic(args));
        const usage = opts.usage([root]);
        if (opts.usageOnErrorTo === "stdout") r.io.out(usage);
        else r.io.err(usage);
      }
      return 0;
    },
  };
}

/**
 * A cobra program over the cluster's etcd: `run` executes it against a
 * given EtcdCluster (tests use their own), `tool` is the shell command.
 * The root gets cobra's help command.
 */
export function etcdCobraTool(
  name: string,
  root: CommandDef<EtcdRun>,
  opts: CobraOptions<EtcdRun> & { logSpacing: [baseUs: number, spreadUs: number] },
): { run(args: string[], ctx: ToolContext, etcd: EtcdCluster): Promise<ToolResult>; tool: Tool } {
  root.children = [...(root.children ?? []), helpCommand(root, opts)];
  const run = async (args: string[], ctx: ToolContext, etcd: EtcdCluster): Promise<ToolResult> => {
    const io = new Output();
    const [base, spread] = opts.logSpacing;
    const r: EtcdRun = { ctx, etcd, io, z: new ZapClock(etcd.clock.now(), () => base + etcd.random.int(spread)) };
    try {
      return io.result(await executeCobra(root, args, r, io, opts));
    } catch (e) {
      if (e instanceof Exit) return io.result(e.code);
      throw e;
    }
  };
  const tool: Tool = async (args, ctx) => {
    const etcd = etcdOf(ctx);
    if (!etcd) return { stdout: "", stderr: `bash: ${name}: command not found\n`, exitCode: 127 };
    return run(args, ctx, etcd);
  };
  return { run, tool };
}
