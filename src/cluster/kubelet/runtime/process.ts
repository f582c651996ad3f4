/**
 * A process inside a simulated container. Programs are generators that run
 * synchronously until they need time to pass: they yield `{ sleep: ms }`
 * (or `{ forever: true }` for a server waiting for requests) and the process
 * resumes them on the virtual clock. What a program prints goes to the
 * container log with the time it was printed.
 */
import type { TimerHandle, VirtualClock } from "../../clock.js";
import type { ControlPlaneHooks } from "../../controlplane/hooks.js";
import type { Filesystem } from "./filesystem.js";
import type { OsFamily } from "./images.js";

export type Step = { sleep: number } | { forever: true };
export type Program = Generator<Step, number, void>;

/** What a request to a listening port gets back (HTTP-level view for probes). */
export type HttpHandler = (path: string) => number;

/** How a program reacts to a signal: exit after a while, or ignore it (PID 1 without a handler). */
export type SignalResponse = { exitAfterMs: number; exitCode: number } | "ignore";

/** Outbound network requests (curl, wget, nslookup). A later networking layer can answer them. */
export interface NetworkAccess {
  /** An HTTP GET; either a status and body, or a curl-style error text. */
  httpGet(url: string): { status: number; body: string } | { error: string };
  /** A DNS lookup of a name; undefined when it does not resolve. */
  lookup(name: string): string | undefined;
}

/** The machine as a program sees it. */
export interface SystemInfo {
  hostname: string;
  podIP: string;
  nodeName: string;
  nodeIP: string;
  kernel: string;
  cpus: number;
  /** The node's spec.podCIDR as the kubelet last saw it (flanneld's subnet lease). */
  nodePodCIDR(): string | undefined;
  network: NetworkAccess;
  /** How control-plane programs in static pods reach the cluster they serve (absent: they just serve). */
  controlPlane?: ControlPlaneHooks;
}

export interface ProcessContext {
  env: Record<string, string>;
  fs: Filesystem;
  cwd: string;
  /** What the image is built on (decides shells, tool wording). */
  os: OsFamily;
  /** Programs installed in the image beyond its OS base. */
  bins: ReadonlySet<string>;
  system: SystemInfo;
  now(): number;
  stdin: string;
  out(text: string): void;
  err(text: string): void;
  /** Starts listening on a TCP port (probes and requests now connect). */
  listen(port: number, handler?: HttpHandler): void;
  /** Installs a signal handler for SIGTERM and friends. */
  onSignal(handler: (signal: string) => SignalResponse): void;
  /** Sets how much memory the process uses; above the limit the kernel OOM-kills it. */
  useMemory(bytes: number): void;
  /** True for PID 1 of a container (signals without handlers are ignored there). */
  readonly pid1: boolean;
}

export type ProcessState = "running" | "exited";

export interface ExitInfo {
  exitCode: number;
  reason: "Completed" | "Error" | "OOMKilled";
  finishedAt: number;
}

/** Signal numbers for exit codes of killed processes (128 + n). */
export const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGTERM: 15, SIGWINCH: 28 };

/**
 * PID 1 of a running container: steps its program on the clock, keeps the
 * ports it listens on, reacts to signals and reports its exit once.
 */
export class Process {
  state: ProcessState = "running";
  exit?: ExitInfo;
  readonly listening = new Map<number, HttpHandler | undefined>();
  private signalHandler?: (signal: string) => SignalResponse;
  private program?: Program;
  private timer?: TimerHandle;
  private pendingExit?: TimerHandle;
  private memory = 0;

  constructor(
    private readonly clock: VirtualClock,
    private readonly memoryLimit: number | undefined,
    private readonly onExit: (info: ExitInfo) => void,
  ) {}

  /** The hooks a program's context delegates to. */
  hooks(): Pick<ProcessContext, "listen" | "onSignal" | "useMemory"> {
    return {
      listen: (port, handler) => {
        if (this.state === "running") this.listening.set(port, handler);
      },
      onSignal: (handler) => {
        this.signalHandler = handler;
      },
      useMemory: (bytes) => {
        this.memory = bytes;
        if (this.memoryLimit !== undefined && bytes > this.memoryLimit && this.state === "running") {
          // The cgroup OOM killer acts as soon as the allocation crosses the limit.
          this.pendingExit = this.clock.setTimer(0, () => this.finish(137, "OOMKilled"));
        }
      },
    };
  }

  get memoryUsage(): number {
    return this.memory;
  }

  /** Runs the program until it first waits. */
  run(program: Program): void {
    this.program = program;
    this.step();
  }

  private step(): void {
    if (this.state !== "running" || !this.program) return;
    let r: IteratorResult<Step, number>;
    try {
      r = this.program.next();
    } catch {
      return this.finish(2, "Error");
    }
    if (this.state !== "running") return;
    if (r.done) return this.finish(r.value ?? 0);
    const s = r.value;
    if ("sleep" in s) this.timer = this.clock.setTimer(Math.max(0, s.sleep), () => this.step());
  }

  /** Delivers a signal; returns false when the program ignores it. */
  signal(signal: string): boolean {
    if (this.state !== "running") return true;
    if (signal === "SIGKILL") {
      this.finish(137);
      return true;
    }
    const response = this.signalHandler?.(signal) ?? "ignore";
    if (response === "ignore") return false;
    this.clock.cancel(this.pendingExit);
    this.pendingExit = this.clock.setTimer(response.exitAfterMs, () => this.finish(response.exitCode));
    return true;
  }

  private finish(exitCode: number, reason?: ExitInfo["reason"]): void {
    if (this.state !== "running") return;
    this.state = "exited";
    this.clock.cancel(this.timer);
    this.clock.cancel(this.pendingExit);
    this.listening.clear();
    try {
      this.program?.return(exitCode);
    } catch {
      // a program's finally blocks do not matter once it is dead
    }
    this.exit = { exitCode, reason: reason ?? (exitCode === 0 ? "Completed" : "Error"), finishedAt: this.clock.now() };
    this.onExit(this.exit);
  }
}

/**
 * Runs a program to completion without waiting (exec probes, preStop hooks,
 * `kubectl exec`): sleeps add to the elapsed time instead of blocking (the
 * program's clock should read now + elapsed, see onElapsed), and a program
 * still running after `budgetMs` is cut off there.
 */
export function runToCompletion(program: Program, budgetMs: number, onElapsed?: (elapsedMs: number) => void): { exitCode: number; elapsedMs: number; finished: boolean } {
  let elapsed = 0;
  for (let i = 0; i < 100_000; i++) {
    let r: IteratorResult<Step, number>;
    try {
      r = program.next();
    } catch {
      return { exitCode: 2, elapsedMs: elapsed, finished: true };
    }
    if (r.done) return { exitCode: r.value ?? 0, elapsedMs: elapsed, finished: true };
    if ("forever" in r.value) return { exitCode: 0, elapsedMs: budgetMs, finished: false };
    elapsed += r.value.sleep;
    onElapsed?.(elapsed);
    if (elapsed >= budgetMs) return { exitCode: 0, elapsedMs: budgetMs, finished: false };
  }
  return { exitCode: 0, elapsedMs: budgetMs, finished: false };
}
