/**
 * kubedojo's command line: `kubedojo sh` runs a script against a fresh
 * simulated cluster; `kubedojo shell` (the default) is the interactive
 * exam terminal, on the control plane as root or, with --host base, on the
 * exam's jump host as candidate. More modes (exam, lesson, practice) follow.
 */
import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import { Cluster } from "../cluster/cluster.js";
import { FixtureError } from "../cluster/fixture.js";
import { BASE_HOST } from "../host/base-host.js";
import { ShellSession } from "../shell/session.js";
import { CANDIDATE, validUserName } from "../shell/session/users.js";
import { interactiveShell } from "./interactive.js";

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program.name("kubedojo").description("Offline CKA practice: a whole kubeadm cluster in memory, at a bash prompt").exitOverride();
  let exitCode = 0;
  program
    .command("sh")
    .description("run a bash script against a fresh simulated cluster and print its output")
    .option("--fixture <name>", "cluster fixture (a name under fixtures/ or a path)", "default")
    .option("--seed <n>", "seed for generated names and ids", "1")
    .option("-c <script>", "the script to run (default: read it from stdin)")
    .action(async (opts: { fixture: string; seed: string; c?: string }) => {
      const script = opts.c ?? readFileSync(0, "utf8");
      const cluster = Cluster.create({ fixture: opts.fixture, seed: seedOf(opts.seed) });
      const session = new ShellSession(cluster, { scripted: true });
      const r = await session.exec(script);
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      exitCode = r.exitCode;
    });
  program
    .command("shell", { isDefault: true })
    .description("a free sandbox: a bash prompt on a fresh simulated cluster (the default)")
    .option("--fixture <name>", "cluster fixture (a name under fixtures/ or a path)", "default")
    .option("--seed <n>", "seed for generated names and ids", "1")
    .option("--host <name>", `the machine the prompt starts on: a node, or "${BASE_HOST}" (the exam's jump host, as candidate)`)
    .option("--user <name>", `who is logged in (default: candidate on ${BASE_HOST}, root on a node)`)
    .action(async (opts: { fixture: string; seed: string; host?: string; user?: string }) => {
      const cluster = Cluster.create({ fixture: opts.fixture, seed: seedOf(opts.seed) });
      const nodes = cluster.fixture.nodes.map((n) => n.name);
      if (opts.host !== undefined && opts.host !== BASE_HOST && !nodes.includes(opts.host)) {
        process.stderr.write(`kubedojo: no machine named "${opts.host}" (the nodes are ${nodes.join(", ")}; the jump host is ${BASE_HOST})\n`);
        exitCode = 2;
        return;
      }
      if (opts.user !== undefined && !validUserName(opts.user)) {
        process.stderr.write(`kubedojo: invalid user name "${opts.user}"\n`);
        exitCode = 2;
        return;
      }
      const user = opts.user ?? (opts.host === BASE_HOST ? CANDIDATE : "root");
      exitCode = await interactiveShell(cluster, { host: opts.host, user });
    });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof FixtureError) {
      process.stderr.write(`kubedojo: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  return exitCode;
}

function seedOf(s: string): number | string {
  return /^\d+$/.test(s) ? Number(s) : s;
}
