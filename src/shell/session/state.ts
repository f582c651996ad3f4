/**
 * What an interactive bash keeps from one command line to the next, carried
 * across just-bash's exec() calls (each one starts again from the Bash
 * instance's base state; only the filesystem persists by itself):
 *  - variables, exported or not, and aliases (just-bash keeps them as
 *    BASH_ALIAS_<name> variables) come back in exec()'s `env`, and so do PWD
 *    and OLDPWD (the cwd and `cd -`); they go into the next exec() whole;
 *  - functions, `set -o` options and `$?` live in the base state, which
 *    just-bash does not expose: see BaseState, the one place that reaches it;
 *  - function bodies: a transform plugin records every function definition the
 *    line parses, and appends one hidden statement that reports which
 *    functions exist when the line ends; those defined in a file the line
 *    sourced (`. ~/.bashrc`, `source <(kubectl completion bash)`: just-bash
 *    reads both through the filesystem) are found in the texts it read.
 * Arrays are not carried over (just-bash keeps them outside `env`), nor
 * functions defined by eval'ing generated text.
 */
import { Bash, defineCommand, parse, type Command, type ScriptNode, type StatementNode } from "just-bash";
import type { TransformPlugin, TransformResult } from "just-bash";

type FunctionDef = Extract<StatementNode["pipelines"][number]["commands"][number], { type: "FunctionDef" }>;

/** `set -o` options an interactive shell keeps (SHELLOPTS names; noexec is ignored by interactive shells). */
const SET_OPTIONS = ["errexit", "pipefail", "nounset", "xtrace", "verbose", "allexport", "noclobber", "noglob", "vi", "emacs"] as const;

/** just-bash's per-instance base state: each exec() starts from a copy of it. */
interface BaseState {
  functions: Map<string, FunctionDef>;
  options: Record<string, boolean>;
  lastExitCode: number;
}

function baseState(bash: Bash): BaseState {
  const state = (bash as unknown as { state?: BaseState }).state;
  if (!state || !(state.functions instanceof Map) || typeof state.options !== "object") {
    throw new Error("just-bash's base state changed shape: update src/shell/session/state.ts");
  }
  return state;
}

/** The hidden command the capture statement runs. */
const CAPTURE_COMMAND = "__kubedojo_state";

/**
 * Runs after the line, in the line's own shell: `$?` and the function
 * names. Its stderr goes nowhere, so `set -x` does not trace it.
 */
const CAPTURE: StatementNode = parse(`{ ${CAPTURE_COMMAND} "$?" "$(declare -F)"; } 2>/dev/null`).statements[0];

/** Files a line may read (sourced scripts among them) are searched for definitions up to this much text. */
const MAX_READ_TEXT = 4 << 20;

export interface LineOutcome {
  /** The line ran to its end (no exit, no errexit, no abort): its state is now the shell's. */
  completed: boolean;
  /** The line ran `exit` (or a function that did): the shell is gone. */
  exited: boolean;
}

export class ShellState {
  /** Every variable (and alias); undefined until the first line has run. */
  private env?: Record<string, string>;
  private functions = new Map<string, FunctionDef>();
  /** Functions whose bodies run `exit`, so that calling one can end the shell. */
  private exitingFunctions = new Set<string>();
  private options: Record<string, boolean> = {};
  private lastExitCode = 0;
  /** Set by the plugin while a line is parsed, by the capture while it runs. */
  private parsed = new Map<string, FunctionDef>();
  private lineExits = false;
  /** Function names when the line ended, as the capture statement saw them. */
  private capture?: string[];
  /** What the line read from files (a sourced script is read that way). */
  private read: string[] = [];
  private readSize = 0;

  constructor(
    private readonly bash: Bash,
    private readonly opts: { login: boolean },
  ) {
    const state = this;
    const plugin: TransformPlugin = {
      name: "kubedojo-session-state",
      transform({ ast }): TransformResult {
        state.observe(ast);
        return { ast: { ...ast, statements: [...ast.statements, CAPTURE] } };
      },
    };
    bash.registerTransformPlugin(plugin);
  }

  /** The hidden command the capture statement calls; register it with the shell. */
  command(): Command {
    return defineCommand(CAPTURE_COMMAND, async (args) => {
      this.capture = (args[1] ?? "").split("\n").map((l) => /^declare -f\S* (\S+)$/.exec(l)?.[1]).filter((n): n is string => !!n);
      return { stdout: "", stderr: "", exitCode: Number(args[0]) || 0 };
    });
  }

  /** A file's text the running line read (the session's filesystem reports them). */
  noteRead(text: string): void {
    if (this.readSize + text.length > MAX_READ_TEXT) return;
    this.read.push(text);
    this.readSize += text.length;
  }

  /** The shell's variables as the next line will see them. */
  variables(): Record<string, string> {
    return this.env ?? this.bash.getEnv();
  }

  get cwd(): string {
    return this.variables().PWD ?? this.bash.getCwd();
  }

  get exitCode(): number {
    return this.lastExitCode;
  }

  functionNames(): string[] {
    return [...this.functions.keys()];
  }

  aliases(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.variables())) if (k.startsWith("BASH_ALIAS_")) out[k.slice("BASH_ALIAS_".length)] = v;
    return out;
  }

  /** `$?` for the next line (Ctrl-C at the prompt makes it 130). */
  setExitCode(code: number): void {
    this.lastExitCode = code;
  }

  /** exec() options and base state for the next line. */
  prepare(): { env?: Record<string, string>; cwd?: string; replaceEnv?: boolean } {
    const base = baseState(this.bash);
    base.functions = new Map(this.functions);
    base.options = { ...base.options, ...this.options };
    base.lastExitCode = this.lastExitCode;
    this.parsed = new Map();
    this.lineExits = false;
    this.capture = undefined;
    this.read = [];
    this.readSize = 0;
    if (!this.env) return {};
    const { "?": _status, ...env } = this.env;
    return { env, cwd: env.PWD, replaceEnv: true };
  }

  /** Takes the state the line left behind. */
  settle(result: { env?: Record<string, string>; exitCode: number }, aborted: boolean): LineOutcome {
    const completed = this.capture !== undefined;
    // After `exit` (or a fatal error) exec() returns the env it started with, without `$?`.
    const exited = !aborted && !completed && !(result.env && "?" in result.env) && this.lineExits;
    this.lastExitCode = result.exitCode;
    if (aborted || exited) return { completed: false, exited };
    if (result.env && "?" in result.env) {
      this.env = { ...result.env };
      const shellopts = new Set((result.env.SHELLOPTS ?? "").split(":"));
      this.options = Object.fromEntries(SET_OPTIONS.map((o) => [o, shellopts.has(o)]));
    }
    if (this.capture) this.keepFunctions(this.capture);
    else for (const [name, def] of this.parsed) this.define(name, def); // errexit stopped the line before the capture
    return { completed, exited: false };
  }

  private keepFunctions(names: string[]): void {
    const next = new Map<string, FunctionDef>();
    // A file sourced again (an edited ~/.bashrc) redefines what it defines.
    const sourced = this.read.length ? definitionsIn(this.read, names) : new Map<string, FunctionDef>();
    for (const name of names) {
      const def = this.parsed.get(name) ?? sourced.get(name) ?? this.functions.get(name);
      if (def) next.set(name, def);
    }
    this.functions = new Map();
    this.exitingFunctions.clear();
    for (const [name, def] of next) this.define(name, def);
  }

  private define(name: string, def: FunctionDef): void {
    this.functions.set(name, def);
    if (bodyExits(def)) this.exitingFunctions.add(name);
    else this.exitingFunctions.delete(name);
  }

  /** What the plugin learns from the parsed line: its function definitions and whether it can exit. */
  private observe(ast: ScriptNode): void {
    const seen = walk(ast, (def) => this.parsed.set(def.name, def), this.exitingFunctions, this.opts.login);
    this.lineExits = seen.exits;
  }
}

/** Whether a function's body runs `exit`, by definition: every line keeps every function, so each body is walked once. */
const exitingBodies = new WeakMap<FunctionDef, boolean>();

function bodyExits(def: FunctionDef): boolean {
  let exits = exitingBodies.get(def);
  if (exits === undefined) {
    exits = walk(def.body, () => {}).exits;
    exitingBodies.set(def, exits);
  }
  return exits;
}

/** Definitions of `names` in the scripts among `texts` (only texts that look like they define one are parsed). */
function definitionsIn(texts: string[], names: string[]): Map<string, FunctionDef> {
  const out = new Map<string, FunctionDef>();
  if (names.length === 0) return out;
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const defines = new RegExp(`(^|[\\s;&|{(])(function\\s+(${escaped.join("|")})\\b|(${escaped.join("|")})\\s*\\(\\s*\\))`, "m");
  for (const text of texts) {
    if (!defines.test(text)) continue;
    try {
      walk(parse(text), (def) => {
        if (names.includes(def.name)) out.set(def.name, def);
      });
    } catch {
      // Not a script.
    }
  }
  return out;
}

/**
 * Visits every node: calls onFunction for each function definition, and
 * reports whether a command named exit (logout in a login shell, which it
 * turns into exit; or a function known to call one) appears anywhere.
 */
function walk(node: unknown, onFunction: (def: FunctionDef) => void, exitingFunctions: ReadonlySet<string> = new Set(), loginShell = false): { exits: boolean } {
  let exits = false;
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) {
      for (const x of n) visit(x);
      return;
    }
    if (!n || typeof n !== "object") return;
    const o = n as { type?: string; name?: unknown; body?: unknown };
    if (o.type === "FunctionDef") onFunction(o as FunctionDef);
    if (o.type === "SimpleCommand") {
      const word = o.name as { parts?: Array<{ type: string; value?: string }> } | null;
      const literal = word?.parts?.length === 1 && word.parts[0].type === "Literal" ? word.parts[0].value : undefined;
      // In a login shell `logout` is `exit` (elsewhere it is refused by the logout command).
      if (literal === "logout" && loginShell) word!.parts![0].value = "exit";
      if (literal === "exit" || (loginShell && literal === "logout") || (literal !== undefined && exitingFunctions.has(literal))) exits = true;
    }
    for (const v of Object.values(o)) if (v && typeof v === "object") visit(v);
  };
  visit(node);
  return { exits };
}
