/**
 * What a crictl command's action gets: its parsed flags and arguments, the
 * output, and the CRI connections (made on demand, as getRuntimeService and
 * getImageService make them, with their warnings). Actions end badly by
 * throwing: Fatal is logrus.Fatal (`FATA[0000] msg`, exit 1), ExitCoder is
 * urfave's cli.Exit (the message alone, its own exit code), GoLogFatal is
 * the standard library's log.Fatalf.
 */
import type { Output } from "../../tool.js";
import type { CommandSpec, ParsedFlags } from "./cli.js";
import type { RemoteCri } from "./remote.js";

export class Fatal extends Error {}

export class ExitCoder extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

export class GoLogFatal extends Error {}

export interface CrictlContext {
  flags: ParsedFlags;
  args: string[];
  out: Output;
  now(): number;
  /** A logrus line on stderr. */
  log(level: "INFO" | "WARN" | "ERRO", msg: string): void;
  runtimeService(): Promise<RemoteCri>;
  imageService(): Promise<RemoteCri>;
  /** cli.ShowSubcommandHelp: the command's help on stdout. */
  showHelp(): void;
  /** Lets virtual time pass while the command waits (pulls, stops, exec'd commands). */
  wait(ms: number): void;
  /** Runs the cluster until `done` holds or `maxMs` of virtual time has passed. */
  waitUntil(done: () => boolean, maxMs: number): void;
  /** The node's files (crictl config). */
  readFile(path: string): Promise<string | undefined>;
  writeFile(path: string, content: string): Promise<void>;
  /** The --config path crictl was started with. */
  configPath: string;
}

export type Action = (c: CrictlContext) => Promise<void> | void;
export type CrictlCommand = CommandSpec<Action>;

/** A command the simulation does not run (it needs a streaming session or a config file workflow). */
export function notSimulated(name: string): Action {
  return async (c) => {
    await c.runtimeService();
    throw new Fatal(`crictl ${name} is not available in this simulated cluster`);
  };
}
