/**
 * A small POSIX-ish shell for the scripts people put in pod commands
 * (`sh -c 'while true; do date; sleep 5; done'`): words and quoting, $VAR,
 * ${VAR:-x}, $(cmd), $((arith)), ; && || | and redirections, while/until/for/
 * if/case, and the usual builtins. It runs as a Program on the virtual clock,
 * so `sleep` takes virtual time, and it speaks the dialect of the image's
 * shell (busybox ash, dash, bash) in its error messages.
 */
import { normalizePath } from "./filesystem.js";
import { findCommand } from "./commands.js";
import type { Program, ProcessContext, Step } from "./process.js";

export type Dialect = "ash" | "dash" | "bash";

/** Resolves a command name the shell does not implement itself (image binaries, apps). */
export type ProgramLookup = (argv: string[], ctx: ProcessContext) => Program | undefined;

// ------------------------------------------------------------------ lexer

type Tok =
  | { k: "word"; v: string; line: number }
  | { k: "op"; v: string; line: number }
  | { k: "redir"; v: string; fd?: number; line: number }
  | { k: "nl"; v: "\n"; line: number };

class ShellSyntaxError extends Error {
  constructor(readonly token: string) {
    super(`syntax error near ${token}`);
  }
}

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === "\n") {
      toks.push({ k: "nl", v: "\n", line });
      line++;
      i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "\\" && src[i + 1] === "\n") {
      i += 2;
      line++;
      continue;
    }
    if (c === "#") {
      while (i < n && src[i] !== "\n") i++;
      continue;
    }
    const three = src.slice(i, i + 3);
    const two = src.slice(i, i + 2);
    if (three === "2>&" || two === "&>" || two === ">&") {
      if (three === "2>&") {
        const target = src[i + 3];
        toks.push({ k: "redir", v: `>&${target}`, fd: 2, line });
        i += 4;
      } else if (two === "&>") {
        toks.push({ k: "redir", v: "&>", line });
        i += 2;
      } else {
        toks.push({ k: "redir", v: `>&${src[i + 2]}`, fd: 1, line });
        i += 3;
      }
      continue;
    }
    if (/[0-9]/.test(c) && (src[i + 1] === ">" || src[i + 1] === "<") && (i === 0 || /[\s;&|]/.test(src[i - 1]))) {
      const op = src[i + 2] === ">" ? `${src[i + 1]}>` : src[i + 1];
      toks.push({ k: "redir", v: op, fd: Number(c), line });
      i += 1 + op.length;
      continue;
    }
    if (two === ">>") {
      toks.push({ k: "redir", v: ">>", fd: 1, line });
      i += 2;
      continue;
    }
    if (c === ">" || c === "<") {
      toks.push({ k: "redir", v: c, fd: c === ">" ? 1 : 0, line });
      i++;
      continue;
    }
    if (two === "&&" || two === "||" || two === ";;") {
      toks.push({ k: "op", v: two, line });
      i += 2;
      continue;
    }
    if (c === ";" || c === "&" || c === "|" || c === "(" || c === ")") {
      toks.push({ k: "op", v: c, line });
      i++;
      continue;
    }
    // a word: read until an unquoted metacharacter
    const start = i;
    while (i < n) {
      const ch = src[i];
      if (/[\s;&|()<>]/.test(ch)) break;
      if (ch === "\\") {
        i += 2;
        continue;
      }
      if (ch === "'") {
        const end = src.indexOf("'", i + 1);
        if (end < 0) throw new ShellSyntaxError("unterminated quoted string");
        i = end + 1;
        continue;
      }
      if (ch === '"') {
        i = skipDouble(src, i + 1);
        continue;
      }
      if (ch === "`") {
        const end = src.indexOf("`", i + 1);
        if (end < 0) throw new ShellSyntaxError("unterminated quoted string");
        i = end + 1;
        continue;
      }
      if (ch === "$" && src[i + 1] === "(") {
        i = skipParens(src, i + 1);
        continue;
      }
      if (ch === "$" && src[i + 1] === "{") {
        const end = src.indexOf("}", i + 2);
        if (end < 0) throw new ShellSyntaxError("bad substitution");
        i = end + 1;
        continue;
      }
      i++;
    }
    toks.push({ k: "word", v: src.slice(start, i), line });
  }
  return toks;
}

function skipDouble(src: string, i: number): number {
  while (i < src.length) {
    const ch = src[i];
    if (ch === "\\") i += 2;
    else if (ch === '"') return i + 1;
    else if (ch === "$" && src[i + 1] === "(") i = skipParens(src, i + 1);
    else if (ch === "`") i = src.indexOf("`", i + 1) + 1 || src.length;
    else i++;
  }
  throw new ShellSyntaxError("unterminated quoted string");
}

/** From an opening `(`, returns the index after its matching `)`. */
function skipParens(src: string, i: number): number {
  let depth = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === "(") depth++;
    else if (ch === ")") {
      depth--;
      if (depth === 0) return i + 1;
    } else if (ch === "'") i = src.indexOf("'", i + 1);
    else if (ch === '"') {
      i = skipDouble(src, i + 1) - 1;
    } else if (ch === "\\") i++;
    if (i < 0) break;
    i++;
  }
  throw new ShellSyntaxError("unexpected end of file");
}

// ------------------------------------------------------------------ parser

interface Redir {
  op: string;
  fd: number;
  target: string;
}

type Node =
  | { t: "simple"; assigns: Array<[string, string]>; words: string[]; redirs: Redir[]; line: number }
  | { t: "pipeline"; cmds: Node[]; negate: boolean }
  | { t: "andor"; first: Node; rest: Array<["&&" | "||", Node]> }
  | { t: "list"; items: Node[] }
  | { t: "loop"; until: boolean; cond: Node; body: Node; redirs: Redir[] }
  | { t: "for"; name: string; words: string[] | null; body: Node; redirs: Redir[] }
  | { t: "if"; clauses: Array<[Node, Node]>; otherwise?: Node; redirs: Redir[] }
  | { t: "group"; body: Node; subshell: boolean; redirs: Redir[] }
  | { t: "case"; word: string; items: Array<{ patterns: string[]; body: Node }>; redirs: Redir[] }
  | { t: "func"; name: string; body: Node };

const RESERVED = new Set(["then", "else", "elif", "fi", "do", "done", "esac", "}", "in"]);

class Parser {
  private p = 0;
  constructor(private readonly toks: Tok[]) {}

  parseProgram(): Node {
    const list = this.list(new Set());
    if (this.p < this.toks.length) throw new ShellSyntaxError(this.describe(this.toks[this.p]));
    return list;
  }

  private describe(t: Tok | undefined): string {
    if (!t) return "end of file";
    if (t.k === "nl") return "newline";
    return t.v;
  }

  private peek(): Tok | undefined {
    return this.toks[this.p];
  }

  private isWord(v: string): boolean {
    const t = this.peek();
    return t?.k === "word" && t.v === v;
  }

  private skipNewlines(): void {
    while (this.peek()?.k === "nl") this.p++;
  }

  private expectWord(v: string): void {
    this.skipNewlines();
    if (!this.isWord(v)) throw new ShellSyntaxError(this.describe(this.peek()));
    this.p++;
  }

  /** A list of and-or items up to one of the terminating reserved words. */
  private list(terminators: Set<string>): Node {
    const items: Node[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (!t) break;
      if (t.k === "word" && terminators.has(t.v)) break;
      if (t.k === "op" && (t.v === ")" || t.v === ";;")) break;
      if (t.k === "word" && RESERVED.has(t.v)) throw new ShellSyntaxError(t.v);
      items.push(this.andOr());
      const sep = this.peek();
      if (sep?.k === "op" && (sep.v === ";" || sep.v === "&")) this.p++;
      else if (sep?.k === "nl") this.p++;
      else break;
    }
    return { t: "list", items };
  }

  private andOr(): Node {
    const first = this.pipeline();
    const rest: Array<["&&" | "||", Node]> = [];
    for (;;) {
      const t = this.peek();
      if (t?.k === "op" && (t.v === "&&" || t.v === "||")) {
        this.p++;
        this.skipNewlines();
        rest.push([t.v, this.pipeline()]);
      } else break;
    }
    return rest.length ? { t: "andor", first, rest } : first;
  }

  private pipeline(): Node {
    let negate = false;
    if (this.isWord("!")) {
      negate = true;
      this.p++;
    }
    const cmds = [this.command()];
    while (this.peek()?.k === "op" && this.peek()!.v === "|") {
      this.p++;
      this.skipNewlines();
      cmds.push(this.command());
    }
    return cmds.length === 1 && !negate ? cmds[0] : { t: "pipeline", cmds, negate };
  }

  private redirs(): Redir[] {
    const out: Redir[] = [];
    for (;;) {
      const t = this.peek();
      if (t?.k !== "redir") break;
      this.p++;
      if (t.v.startsWith(">&")) {
        out.push({ op: ">&", fd: t.fd ?? 1, target: t.v.slice(2) });
        continue;
      }
      const target = this.peek();
      if (target?.k !== "word") throw new ShellSyntaxError(this.describe(target));
      this.p++;
      out.push({ op: t.v, fd: t.fd ?? 1, target: target.v });
    }
    return out;
  }

  private command(): Node {
    const t = this.peek();
    if (!t) throw new ShellSyntaxError("end of file");
    if (t.k === "op" && t.v === "(") {
      this.p++;
      const body = this.list(new Set());
      if (this.peek()?.k !== "op" || this.peek()!.v !== ")") throw new ShellSyntaxError(this.describe(this.peek()));
      this.p++;
      return { t: "group", body, subshell: true, redirs: this.redirs() };
    }
    if (t.k === "word") {
      switch (t.v) {
        case "while":
        case "until": {
          this.p++;
          const cond = this.list(new Set(["do"]));
          this.expectWord("do");
          const body = this.list(new Set(["done"]));
          this.expectWord("done");
          return { t: "loop", until: t.v === "until", cond, body, redirs: this.redirs() };
        }
        case "for": {
          this.p++;
          const name = this.peek();
          if (name?.k !== "word") throw new ShellSyntaxError(this.describe(name));
          this.p++;
          let words: string[] | null = null;
          this.skipNewlines();
          if (this.isWord("in")) {
            this.p++;
            words = [];
            while (this.peek()?.k === "word" && !this.isWord("do")) words.push((this.toks[this.p++] as { v: string }).v);
          }
          const sep = this.peek();
          if (sep?.k === "op" && sep.v === ";") this.p++;
          this.expectWord("do");
          const body = this.list(new Set(["done"]));
          this.expectWord("done");
          return { t: "for", name: name.v, words, body, redirs: this.redirs() };
        }
        case "if": {
          this.p++;
          const clauses: Array<[Node, Node]> = [];
          let otherwise: Node | undefined;
          const cond = this.list(new Set(["then"]));
          this.expectWord("then");
          clauses.push([cond, this.list(new Set(["elif", "else", "fi"]))]);
          for (;;) {
            this.skipNewlines();
            if (this.isWord("elif")) {
              this.p++;
              const c = this.list(new Set(["then"]));
              this.expectWord("then");
              clauses.push([c, this.list(new Set(["elif", "else", "fi"]))]);
            } else if (this.isWord("else")) {
              this.p++;
              otherwise = this.list(new Set(["fi"]));
            } else break;
          }
          this.expectWord("fi");
          return { t: "if", clauses, otherwise, redirs: this.redirs() };
        }
        case "{": {
          this.p++;
          const body = this.list(new Set(["}"]));
          this.expectWord("}");
          return { t: "group", body, subshell: false, redirs: this.redirs() };
        }
        case "case": {
          this.p++;
          const word = this.peek();
          if (word?.k !== "word") throw new ShellSyntaxError(this.describe(word));
          this.p++;
          this.expectWord("in");
          const items: Array<{ patterns: string[]; body: Node }> = [];
          for (;;) {
            this.skipNewlines();
            if (this.isWord("esac")) break;
            if (this.peek()?.k === "op" && this.peek()!.v === "(") this.p++;
            const patterns: string[] = [];
            for (;;) {
              const pt = this.peek();
              if (pt?.k !== "word") throw new ShellSyntaxError(this.describe(pt));
              patterns.push(pt.v);
              this.p++;
              if (this.peek()?.k === "op" && this.peek()!.v === "|") this.p++;
              else break;
            }
            if (this.peek()?.k !== "op" || this.peek()!.v !== ")") throw new ShellSyntaxError(this.describe(this.peek()));
            this.p++;
            const body = this.list(new Set(["esac"]));
            items.push({ patterns, body });
            if (this.peek()?.k === "op" && this.peek()!.v === ";;") this.p++;
          }
          this.expectWord("esac");
          return { t: "case", word: word.v, items, redirs: this.redirs() };
        }
      }
      // name() { ...; }
      const next = this.toks[this.p + 1];
      const after = this.toks[this.p + 2];
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.v) && next?.k === "op" && next.v === "(" && after?.k === "op" && after.v === ")") {
        this.p += 3;
        this.skipNewlines();
        return { t: "func", name: t.v, body: this.command() };
      }
    }
    return this.simple();
  }

  private simple(): Node {
    const assigns: Array<[string, string]> = [];
    const words: string[] = [];
    const redirs: Redir[] = [];
    const line = this.peek()?.line ?? 1;
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.k === "redir") {
        redirs.push(...this.redirs());
        continue;
      }
      if (t.k !== "word") break;
      if (words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(t.v)) {
        const eq = t.v.indexOf("=");
        assigns.push([t.v.slice(0, eq), t.v.slice(eq + 1)]);
        this.p++;
        continue;
      }
      if (words.length === 0 && RESERVED.has(t.v)) throw new ShellSyntaxError(t.v);
      words.push(t.v);
      this.p++;
    }
    if (words.length === 0 && assigns.length === 0 && redirs.length === 0) throw new ShellSyntaxError(this.describe(this.peek()));
    return { t: "simple", assigns, words, redirs, line };
  }
}

// ------------------------------------------------------------------ interpreter

class ExitSignal {
  constructor(readonly code: number) {}
}
class LoopControl {
  constructor(
    readonly kind: "break" | "continue",
    public levels: number,
  ) {}
}

interface Frame {
  out: (s: string) => void;
  err: (s: string) => void;
  stdin: string;
}

/** Commands run without any virtual time passing before the shell counts as spinning. */
const SPIN_LIMIT = 20_000;

export interface ShellOptions {
  dialect: Dialect;
  /** $0: `sh`, `/bin/sh`, `bash`, or the name after the script. */
  argv0: string;
  args: string[];
  lookup: ProgramLookup;
  /** Where `sh` error messages put the command's name. */
  invokedAs: string;
}

export class Shell {
  private vars = new Map<string, string>();
  private exported = new Set<string>();
  private funcs = new Map<string, Node>();
  private status = 0;
  private steps = 0;
  private errexit = false;
  private xtrace = false;
  private traps = new Map<string, string>();

  constructor(
    private readonly ctx: ProcessContext,
    private readonly opts: ShellOptions,
  ) {
    for (const [k, v] of Object.entries(ctx.env)) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    if (!this.vars.has("PATH")) this.vars.set("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  }

  /** Runs a script text (`sh -c` body or a script file). */
  *run(script: string): Program {
    let tree: Node;
    try {
      tree = new Parser(lex(script)).parseProgram();
    } catch (e) {
      if (e instanceof ShellSyntaxError) {
        this.ctx.err(this.syntaxMessage(e.token));
        return 2;
      }
      throw e;
    }
    try {
      return yield* this.exec(tree, this.baseFrame());
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      if (e instanceof LoopControl) return this.status;
      throw e;
    }
  }

  private baseFrame(): Frame {
    return { out: (s) => this.ctx.out(s), err: (s) => this.ctx.err(s), stdin: this.ctx.stdin };
  }

  private syntaxMessage(token: string): string {
    switch (this.opts.dialect) {
      case "ash":
        return token === "unterminated quoted string" ? `${this.opts.invokedAs}: syntax error: unterminated quoted string\n` : `${this.opts.invokedAs}: syntax error: unexpected "${token}"\n`;
      case "dash":
        return `${this.opts.invokedAs}: 1: Syntax error: "${token}" unexpected\n`;
      case "bash":
        return `${this.opts.invokedAs}: -c: line 1: syntax error near unexpected token \`${token}'\n`;
    }
  }

  private notFound(name: string, line: number): string {
    switch (this.opts.dialect) {
      case "ash":
        return `${this.opts.invokedAs}: ${name}: not found\n`;
      case "dash":
        return `${this.opts.invokedAs}: ${line}: ${name}: not found\n`;
      case "bash":
        return `${this.opts.invokedAs}: line ${line}: ${name}: command not found\n`;
    }
  }

  private *exec(node: Node, io: Frame): Generator<Step, number, void> {
    switch (node.t) {
      case "list": {
        let s = 0;
        for (const item of node.items) s = yield* this.exec(item, io);
        return s;
      }
      case "andor": {
        let s = yield* this.cond(node.first, io);
        for (const [op, next] of node.rest) {
          if ((op === "&&" && s === 0) || (op === "||" && s !== 0)) s = yield* this.cond(next, io);
        }
        this.status = s;
        return s;
      }
      case "pipeline": {
        let input = io.stdin;
        let s = 0;
        for (let i = 0; i < node.cmds.length; i++) {
          const last = i === node.cmds.length - 1;
          let captured = "";
          const frame: Frame = last ? { ...io, stdin: input } : { out: (t) => (captured += t), err: io.err, stdin: input };
          s = yield* this.exec(node.cmds[i], frame);
          input = captured;
        }
        if (node.negate) s = s === 0 ? 1 : 0;
        this.status = s;
        return s;
      }
      case "loop": {
        const frame = this.redirected(io, node.redirs);
        if (!frame) return (this.status = 1);
        let s = 0;
        for (;;) {
          const c = yield* this.cond(node.cond, frame);
          if ((c === 0) === node.until) break;
          const r = yield* this.loopBody(node.body, frame);
          if (r === "break") break;
          s = this.status;
          yield* this.spinCheck();
        }
        return (this.status = s);
      }
      case "for": {
        const frame = this.redirected(io, node.redirs);
        if (!frame) return (this.status = 1);
        const items: string[] = [];
        if (node.words === null) items.push(...this.positional());
        else for (const w of node.words) items.push(...(yield* this.expand(w, io)));
        let s = 0;
        for (const it of items) {
          this.vars.set(node.name, it);
          const r = yield* this.loopBody(node.body, frame);
          if (r === "break") break;
          s = this.status;
        }
        return (this.status = s);
      }
      case "if": {
        const frame = this.redirected(io, node.redirs);
        if (!frame) return (this.status = 1);
        for (const [c, body] of node.clauses) {
          if ((yield* this.cond(c, frame)) === 0) return yield* this.exec(body, frame);
        }
        if (node.otherwise) return yield* this.exec(node.otherwise, frame);
        return (this.status = 0);
      }
      case "group": {
        const frame = this.redirected(io, node.redirs);
        if (!frame) return (this.status = 1);
        if (!node.subshell) return yield* this.exec(node.body, frame);
        const saved = new Map(this.vars);
        try {
          return yield* this.exec(node.body, frame);
        } catch (e) {
          if (e instanceof ExitSignal) return (this.status = e.code);
          throw e;
        } finally {
          this.vars = saved;
        }
      }
      case "case": {
        const frame = this.redirected(io, node.redirs);
        if (!frame) return (this.status = 1);
        const word = (yield* this.expand(node.word, io, false)).join(" ");
        for (const item of node.items) {
          for (const p of item.patterns) {
            const pat = (yield* this.expand(p, io, false)).join(" ");
            if (globToRegExp(pat).test(word)) return yield* this.exec(item.body, frame);
          }
        }
        return (this.status = 0);
      }
      case "func":
        this.funcs.set(node.name, node.body);
        return (this.status = 0);
      case "simple":
        return yield* this.simple(node, io);
    }
  }

  /** Runs a condition: failures there never trigger `set -e`. */
  private *cond(node: Node, io: Frame): Generator<Step, number, void> {
    const saved = this.errexit;
    this.errexit = false;
    try {
      return yield* this.exec(node, io);
    } finally {
      this.errexit = saved;
    }
  }

  private *loopBody(body: Node, io: Frame): Generator<Step, "break" | "continue" | "done", void> {
    try {
      yield* this.exec(body, io);
      return "done";
    } catch (e) {
      if (e instanceof LoopControl) {
        if (e.levels > 1) {
          e.levels--;
          throw e;
        }
        return e.kind === "break" ? "break" : "continue";
      }
      throw e;
    }
  }

  /** A loop that never waits would spin forever; after many steps it stops making progress. */
  private *spinCheck(): Generator<Step, void, void> {
    if (this.steps > SPIN_LIMIT) yield { forever: true };
  }

  private positional(): string[] {
    return this.opts.args;
  }

  private redirected(io: Frame, redirs: Redir[]): Frame | undefined {
    let frame = io;
    for (const r of redirs) {
      const target = this.expandSimple(r.target);
      if (r.op === ">&") {
        const dest = target === "2" ? frame.err : target === "1" ? frame.out : undefined;
        if (!dest) continue;
        frame = r.fd === 2 ? { ...frame, err: dest } : { ...frame, out: dest };
        continue;
      }
      if (r.op === "<") {
        const content = this.ctx.fs.read(normalizePath(target, this.ctx.cwd));
        if (content === undefined) {
          io.err(this.fileError(target, "No such file or directory"));
          return undefined;
        }
        frame = { ...frame, stdin: content };
        continue;
      }
      let sink: (s: string) => void;
      if (target === "/dev/null") sink = () => {};
      else if (target === "/dev/stdout") sink = io.out;
      else if (target === "/dev/stderr") sink = io.err;
      else {
        const path = normalizePath(target, this.ctx.cwd);
        const append = r.op === ">>" || r.op === "2>>";
        try {
          if (!append) this.ctx.fs.write(path, "");
          else if (!this.ctx.fs.exists(path)) this.ctx.fs.write(path, "");
        } catch (e) {
          io.err(this.fileError(target, (e as Error).message));
          return undefined;
        }
        sink = (s) => {
          try {
            this.ctx.fs.write(path, s, true);
          } catch {
            // the file system went read-only under us; output is lost as in a real shell
          }
        };
      }
      if (r.op === "&>") frame = { ...frame, out: sink, err: sink };
      else if (r.fd === 2) frame = { ...frame, err: sink };
      else frame = { ...frame, out: sink };
    }
    return frame;
  }

  private fileError(target: string, why: string): string {
    switch (this.opts.dialect) {
      case "ash":
        return `${this.opts.invokedAs}: can't create ${target}: ${why}\n`;
      case "dash":
        return `${this.opts.invokedAs}: 1: cannot create ${target}: ${why}\n`;
      case "bash":
        return `${this.opts.invokedAs}: line 1: ${target}: ${why}\n`;
    }
  }

  private envForChild(extra: Array<[string, string]>): Record<string, string> {
    const env: Record<string, string> = {};
    for (const k of this.exported) {
      const v = this.vars.get(k);
      if (v !== undefined) env[k] = v;
    }
    for (const [k, v] of extra) env[k] = v;
    return env;
  }

  private *simple(node: Extract<Node, { t: "simple" }>, io: Frame): Generator<Step, number, void> {
    this.steps++;
    const argv: string[] = [];
    for (const w of node.words) argv.push(...(yield* this.expand(w, io)));
    const assigns: Array<[string, string]> = [];
    for (const [k, raw] of node.assigns) assigns.push([k, (yield* this.expand(raw, io, false)).join(" ")]);
    if (argv.length === 0) {
      for (const [k, v] of assigns) this.vars.set(k, v);
      const frame = this.redirected(io, node.redirs);
      return (this.status = frame ? 0 : 1);
    }
    const frame = this.redirected(io, node.redirs);
    if (!frame) return (this.status = 1);
    if (this.xtrace) frame.err(`+ ${argv.join(" ")}\n`);
    const s = yield* this.invoke(argv, assigns, frame, node.line);
    this.status = s;
    if (s !== 0 && this.errexit) throw new ExitSignal(s);
    return s;
  }

  private *invoke(argv: string[], assigns: Array<[string, string]>, io: Frame, line: number): Generator<Step, number, void> {
    const [name, ...args] = argv;
    const builtin = this.builtin(name);
    if (builtin) return yield* builtin.call(this, args, io, assigns);
    const fn = this.funcs.get(name);
    if (fn) return yield* this.exec(fn, io);
    const child: ProcessContext = {
      ...this.ctx,
      env: this.envForChild(assigns),
      stdin: io.stdin,
      out: io.out,
      err: io.err,
      pid1: false,
    };
    const program = this.opts.lookup(argv, child) ?? findCommand(name, this.ctx.os, this.ctx.bins)?.(child, args, name);
    if (!program) {
      io.err(this.notFound(name, line));
      return 127;
    }
    // Delegate step by step: any time the program waits, the shell is not spinning.
    let r = program.next();
    while (!r.done) {
      this.steps = 0;
      yield r.value;
      r = program.next();
    }
    return r.value ?? 0;
  }

  // ---------------------------------------------------------------- builtins

  private builtin(name: string): ((this: Shell, args: string[], io: Frame, assigns: Array<[string, string]>) => Generator<Step, number, void>) | undefined {
    const b: Record<string, (this: Shell, args: string[], io: Frame, assigns: Array<[string, string]>) => Generator<Step, number, void>> = {
      *":"() {
        return 0;
      },
      *exit(args) {
        throw new ExitSignal(args.length ? Number(args[0]) & 255 : this.status);
      },
      *return(args) {
        throw new ExitSignal(args.length ? Number(args[0]) & 255 : this.status);
      },
      *break(args) {
        throw new LoopControl("break", Number(args[0] ?? 1));
      },
      *continue(args) {
        throw new LoopControl("continue", Number(args[0] ?? 1));
      },
      *export(args, io) {
        // `export -p` (or no operand) lists the exported variables in a form the shell reads back.
        if (args.length === 0 || (args.length === 1 && args[0] === "-p")) {
          for (const name of [...this.exported].sort()) {
            const v = this.vars.get(name);
            if (this.opts.dialect === "bash") io.out(`declare -x ${name}${v === undefined ? "" : `=${JSON.stringify(v)}`}\n`);
            else io.out(`export ${name}${v === undefined ? "" : `=${singleQuoted(v)}`}\n`);
          }
          return 0;
        }
        for (const a of args) {
          const eq = a.indexOf("=");
          if (eq >= 0) {
            this.vars.set(a.slice(0, eq), a.slice(eq + 1));
            this.exported.add(a.slice(0, eq));
          } else if (a !== "-p") this.exported.add(a);
        }
        return 0;
      },
      *unset(args) {
        for (const a of args) {
          this.vars.delete(a);
          this.exported.delete(a);
        }
        return 0;
      },
      *set(args, io) {
        // No operand: every variable, sorted, as assignments the shell reads back (ash and dash quote all, bash when needed).
        if (args.length === 0) {
          for (const name of [...this.vars.keys()].sort()) {
            const v = this.vars.get(name)!;
            io.out(`${name}=${this.opts.dialect === "bash" && /^[\w.\/:,+@%=-]*$/.test(v) ? v : singleQuoted(v)}\n`);
          }
          return 0;
        }
        for (const a of args) {
          if (/^[-+][a-z]+$/.test(a)) {
            const on = a[0] === "-";
            if (a.includes("e")) this.errexit = on;
            if (a.includes("x")) this.xtrace = on;
          }
        }
        return 0;
      },
      *cd(args, io) {
        const dir = normalizePath(args[0] ?? "/root", this.ctx.cwd);
        if (!this.ctx.fs.isDir(dir)) {
          io.err(this.opts.dialect === "bash" ? `${this.opts.invokedAs}: line 1: cd: ${args[0]}: No such file or directory\n` : `${this.opts.invokedAs}: cd: can't cd to ${args[0]}: No such file or directory\n`);
          return this.opts.dialect === "ash" ? 2 : 1;
        }
        this.ctx.cwd = dir;
        return 0;
      },
      *pwd(_args, io) {
        io.out(`${this.ctx.cwd}\n`);
        return 0;
      },
      *shift(args) {
        this.opts.args.splice(0, Number(args[0] ?? 1));
        return 0;
      },
      *trap(args) {
        if (args.length >= 2) {
          const action = args[0];
          for (const sig of args.slice(1)) this.traps.set(sig.replace(/^SIG/, ""), action);
          this.installSignalTraps();
        }
        return 0;
      },
      *wait() {
        return 0;
      },
      *read(args, io) {
        const lines = io.stdin.split("\n");
        if (io.stdin === "" || lines.length === 0) return 1;
        const vals = lines[0].split(/\s+/);
        args.filter((a) => !a.startsWith("-")).forEach((v, i, all) => this.vars.set(v, i === all.length - 1 ? vals.slice(i).join(" ") : (vals[i] ?? "")));
        return 0;
      },
      *eval(args, io) {
        const tree = new Parser(lex(args.join(" "))).parseProgram();
        return yield* this.exec(tree, io);
      },
      *exec(args, io, assigns) {
        if (args.length === 0) return 0;
        const code = yield* this.invoke(args, assigns, io, 1);
        throw new ExitSignal(code);
      },
      *source(args, io) {
        const text = this.ctx.fs.read(normalizePath(args[0] ?? "", this.ctx.cwd));
        if (text === undefined) {
          io.err(`${this.opts.invokedAs}: ${args[0]}: No such file or directory\n`);
          return 1;
        }
        return yield* this.exec(new Parser(lex(text)).parseProgram(), io);
      },
      *test(args, io) {
        return testExpression(args, this.ctx, io);
      },
      *"["(args, io) {
        if (args[args.length - 1] !== "]") {
          io.err(`${this.opts.invokedAs}: ${this.opts.dialect === "dash" ? "1: [: " : "[: "}missing ]\n`);
          return 2;
        }
        return testExpression(args.slice(0, -1), this.ctx, io);
      },
      *echo(args, io) {
        return yield* findCommand("echo", "busybox", new Set())!({ ...this.ctx, out: io.out, err: io.err }, args, "echo");
      },
      *printf(args, io) {
        return yield* findCommand("printf", "busybox", new Set())!({ ...this.ctx, out: io.out, err: io.err }, args, "printf");
      },
      *true() {
        return 0;
      },
      *false() {
        return 1;
      },
      *command(args, io) {
        if (args[0] === "-v") {
          const n = args[1];
          const ok = !!this.builtin(n) || !!findCommand(n, this.ctx.os, this.ctx.bins) || this.ctx.bins.has(n);
          if (ok) io.out(`${this.builtin(n) ? n : `/usr/bin/${n}`}\n`);
          return ok ? 0 : 1;
        }
        return yield* this.invoke(args, [], io, 1);
      },
    };
    b["."] = b.source;
    return Object.prototype.hasOwnProperty.call(b, name) ? b[name] : undefined;
  }

  /** `trap 'echo bye; exit 0' TERM` makes PID 1 react to SIGTERM instead of ignoring it. */
  private installSignalTraps(): void {
    if (!this.ctx.pid1) return;
    this.ctx.onSignal((signal) => {
      const action = this.traps.get(signal.replace(/^SIG/, ""));
      if (action === undefined || action === "") return "ignore";
      const m = /exit\s+(\d+)/.exec(action);
      const echo = /echo\s+(["']?)(.*?)\1\s*(;|$)/.exec(action);
      if (echo) this.ctx.out(`${echo[2]}\n`);
      return { exitAfterMs: 10, exitCode: m ? Number(m[1]) : 128 + 15 };
    });
  }

  // ---------------------------------------------------------------- expansion

  private expandSimple(word: string): string {
    const r = this.expandSync(word);
    return r.join(" ");
  }

  /** Expansion that cannot run commands (redirection targets). */
  private expandSync(word: string): string[] {
    const g = this.expand(word, { out: () => {}, err: () => {}, stdin: "" }, false);
    let r = g.next();
    while (!r.done) r = g.next();
    return r.value;
  }

  /** Expands a word into fields: quotes, parameters, command substitution, arithmetic, field splitting. */
  private *expand(word: string, io: Frame, split = true): Generator<Step, string[], void> {
    const fields: string[] = [];
    let cur = "";
    let hasContent = false;
    const pushSplit = (text: string) => {
      if (!split) {
        cur += text;
        hasContent = true;
        return;
      }
      const parts = text.split(/[ \t\n]+/);
      parts.forEach((p, i) => {
        if (i > 0) {
          if (hasContent || cur) fields.push(cur);
          cur = "";
          hasContent = false;
        }
        if (p) {
          cur += p;
          hasContent = true;
        }
      });
    };
    let i = 0;
    while (i < word.length) {
      const c = word[i];
      if (c === "\\") {
        cur += word[i + 1] ?? "";
        hasContent = true;
        i += 2;
      } else if (c === "'") {
        const end = word.indexOf("'", i + 1);
        cur += word.slice(i + 1, end);
        hasContent = true;
        i = end + 1;
      } else if (c === '"') {
        const end = skipDouble(word, i + 1) - 1;
        cur += yield* this.expandDouble(word.slice(i + 1, end), io);
        hasContent = true;
        i = end + 1;
      } else if (c === "$" || c === "`") {
        const r = yield* this.dollar(word, i, io);
        if (r.value === "@" + "\u0000") {
          // "$@" unquoted: each positional parameter is its own field
          this.opts.args.forEach((a, idx) => {
            if (idx > 0) {
              fields.push(cur);
              cur = "";
            }
            cur += a;
            hasContent = true;
          });
        } else pushSplit(r.value);
        i = r.next;
      } else {
        cur += c;
        hasContent = true;
        i++;
      }
    }
    if (hasContent || cur) fields.push(cur);
    return fields;
  }

  private *expandDouble(text: string, io: Frame): Generator<Step, string, void> {
    let out = "";
    let i = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === "\\" && /[$`"\\\n]/.test(text[i + 1] ?? "")) {
        out += text[i + 1];
        i += 2;
      } else if (c === "$" || c === "`") {
        const r = yield* this.dollar(text, i, io);
        out += r.value === "@\u0000" ? this.opts.args.join(" ") : r.value;
        i = r.next;
      } else {
        out += c;
        i++;
      }
    }
    return out;
  }

  private *dollar(text: string, i: number, io: Frame): Generator<Step, { value: string; next: number }, void> {
    if (text[i] === "`") {
      const end = text.indexOf("`", i + 1);
      return { value: yield* this.substitute(text.slice(i + 1, end), io), next: end + 1 };
    }
    const next = text[i + 1];
    if (next === "(" && text[i + 2] === "(") {
      const end = skipParens(text, i + 1);
      return { value: String(this.arith(text.slice(i + 3, end - 2))), next: end };
    }
    if (next === "(") {
      const end = skipParens(text, i + 1);
      return { value: yield* this.substitute(text.slice(i + 2, end - 1), io), next: end };
    }
    if (next === "{") {
      const end = text.indexOf("}", i + 2);
      return { value: this.braced(text.slice(i + 2, end)), next: end + 1 };
    }
    if (next === "?") return { value: String(this.status), next: i + 2 };
    if (next === "$") return { value: "1", next: i + 2 };
    if (next === "#") return { value: String(this.opts.args.length), next: i + 2 };
    if (next === "@" || next === "*") return { value: next === "@" ? "@\u0000" : this.opts.args.join(" "), next: i + 2 };
    if (next !== undefined && /[0-9]/.test(next)) return { value: next === "0" ? this.opts.argv0 : (this.opts.args[Number(next) - 1] ?? ""), next: i + 2 };
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (!m) return { value: "$", next: i + 1 };
    return { value: this.vars.get(m[0]) ?? "", next: i + 1 + m[0].length };
  }

  private braced(expr: string): string {
    if (expr.startsWith("#")) return String((this.vars.get(expr.slice(1)) ?? "").length);
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+)(:?[-=+?])?(.*)$/.exec(expr);
    if (!m) return "";
    const name = m[1];
    const val = /^[0-9]+$/.test(name) ? this.opts.args[Number(name) - 1] : this.vars.get(name);
    const op = m[2];
    const arg = this.expandSimple(m[3]);
    const unset = op?.startsWith(":") ? !val : val === undefined;
    switch (op?.replace(":", "")) {
      case "-":
        return unset ? arg : val!;
      case "=":
        if (unset) this.vars.set(name, arg);
        return unset ? arg : val!;
      case "+":
        return unset ? "" : arg;
      case "?":
        return val ?? "";
      default:
        return val ?? "";
    }
  }

  private *substitute(script: string, io: Frame): Generator<Step, string, void> {
    let captured = "";
    let tree: Node;
    try {
      tree = new Parser(lex(script)).parseProgram();
    } catch {
      return "";
    }
    try {
      yield* this.exec(tree, { out: (s) => (captured += s), err: io.err, stdin: "" });
    } catch (e) {
      if (!(e instanceof ExitSignal)) throw e;
    }
    return captured.replace(/\n+$/, "");
  }

  private arith(expr: string): number {
    return evalArith(expr, (name) => Number(this.vars.get(name) ?? 0) || 0, (name, v) => this.vars.set(name, String(v)));
  }
}

// ------------------------------------------------------------------ helpers

/** 'value' with each ' written '"'"', as ash's single_quote does. */
function singleQuoted(v: string): string {
  return `'${v.replace(/'/g, `'"'"'`)}'`;
}

export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, "^")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

function testExpression(args: string[], ctx: ProcessContext, io: Frame): number {
  const fs = ctx.fs;
  const path = (p: string) => normalizePath(p, ctx.cwd);
  const unary = (op: string, a: string): boolean | undefined => {
    switch (op) {
      case "-f":
        return fs.exists(path(a)) && !fs.isDir(path(a));
      case "-d":
        return fs.isDir(path(a));
      case "-e":
      case "-r":
      case "-w":
      case "-x":
        return fs.exists(path(a));
      case "-s":
        return (fs.read(path(a)) ?? "").length > 0;
      case "-z":
        return a.length === 0;
      case "-n":
        return a.length > 0;
    }
    return undefined;
  };
  const binary = (a: string, op: string, b: string): boolean | undefined => {
    switch (op) {
      case "=":
      case "==":
        return a === b;
      case "!=":
        return a !== b;
      case "-eq":
        return Number(a) === Number(b);
      case "-ne":
        return Number(a) !== Number(b);
      case "-gt":
        return Number(a) > Number(b);
      case "-ge":
        return Number(a) >= Number(b);
      case "-lt":
        return Number(a) < Number(b);
      case "-le":
        return Number(a) <= Number(b);
    }
    return undefined;
  };
  const evalTerm = (t: string[]): boolean => {
    if (t[0] === "!") return !evalTerm(t.slice(1));
    const or = t.indexOf("-o");
    if (or > 0) return evalTerm(t.slice(0, or)) || evalTerm(t.slice(or + 1));
    const and = t.indexOf("-a");
    if (and > 0) return evalTerm(t.slice(0, and)) && evalTerm(t.slice(and + 1));
    if (t.length === 0) return false;
    if (t.length === 1) return t[0].length > 0;
    if (t.length === 2) {
      const r = unary(t[0], t[1]);
      if (r === undefined) throw new Error(`${t[0]}: unary operator expected`);
      return r;
    }
    if (t.length === 3) {
      const r = binary(t[0], t[1], t[2]);
      if (r === undefined) throw new Error(`${t[1]}: binary operator expected`);
      return r;
    }
    throw new Error("too many arguments");
  };
  try {
    return evalTerm(args) ? 0 : 1;
  } catch (e) {
    io.err(`sh: ${(e as Error).message}\n`);
    return 2;
  }
}

/** $(( )) arithmetic: integers, + - * / %, comparisons, && ||, parentheses, variables, assignment. */
export function evalArith(expr: string, get: (name: string) => number, set: (name: string, v: number) => void): number {
  const toks = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|[<>=!]=|&&|\|\||\+\+|--|[-+*/%()<>!=]/g) ?? [];
  let p = 0;
  const peek = () => toks[p];
  const take = () => toks[p++];
  const primary = (): number => {
    const t = take();
    if (t === "(") {
      const v = assign();
      take();
      return v;
    }
    if (t === "-") return -primary();
    if (t === "+") return primary();
    if (t === "!") return primary() ? 0 : 1;
    if (t === undefined) return 0;
    if (/^\d+$/.test(t)) return Number(t);
    if (peek() === "++" || peek() === "--") {
      const op = take();
      const v = get(t);
      set(t, op === "++" ? v + 1 : v - 1);
      return v;
    }
    return get(t);
  };
  const bin = (next: () => number, ops: Record<string, (a: number, b: number) => number>) => (): number => {
    let v = next();
    while (peek() !== undefined && ops[peek()!]) {
      const op = ops[take()!];
      v = op(v, next());
    }
    return v;
  };
  const pow = (): number => {
    const b = primary();
    if (peek() === "**") {
      take();
      return b ** pow();
    }
    return b;
  };
  const mul = bin(pow, { "*": (a, b) => a * b, "/": (a, b) => (b === 0 ? 0 : Math.trunc(a / b)), "%": (a, b) => (b === 0 ? 0 : a % b) });
  const add = bin(mul, { "+": (a, b) => a + b, "-": (a, b) => a - b });
  const cmp = bin(add, { "<": (a, b) => +(a < b), ">": (a, b) => +(a > b), "<=": (a, b) => +(a <= b), ">=": (a, b) => +(a >= b) });
  const eq = bin(cmp, { "==": (a, b) => +(a === b), "!=": (a, b) => +(a !== b) });
  const and = bin(eq, { "&&": (a, b) => +(a !== 0 && b !== 0) });
  const or = bin(and, { "||": (a, b) => +(a !== 0 || b !== 0) });
  const assign = (): number => {
    if (/^[A-Za-z_]/.test(toks[p] ?? "") && toks[p + 1] === "=") {
      const name = take()!;
      take();
      const v = assign();
      set(name, v);
      return v;
    }
    return or();
  };
  return Math.trunc(assign());
}

/** Runs `sh -c script` (or a script file's text) as a program. */
export function shellProgram(ctx: ProcessContext, script: string, opts: ShellOptions): Program {
  return new Shell(ctx, opts).run(script);
}
