/**
 * Each top-level statement of a line runs as a group, `{ STATEMENT; }`,
 * which bash treats exactly as the statement itself. Two reasons:
 *  - just-bash lets a redirection it cannot open (`echo x > /etc/f` without
 *    the right to write there) escape a bare top-level command as an
 *    exception that ends the whole line, while inside a group it reports
 *    the error and goes on to the next statement, as bash does;
 *  - at the interactive terminal output should appear statement by
 *    statement, as a real shell's appears command by command, but
 *    just-bash hands back a line's output only when the whole line is
 *    done: there the group is `{ STATEMENT; } >TTY_OUT 2>TTY_ERR`, two
 *    devices of the session's filesystem that write to the terminal (see
 *    filesystem.ts). `a; sleep 5; b` shows a's output before the wait, and
 *    what finished before a Ctrl-C stays on the screen.
 */
import { parse, type StatementNode, type TransformPlugin } from "just-bash";

export const TTY_OUT = "/dev/kubedojo-tty-out";
export const TTY_ERR = "/dev/kubedojo-tty-err";
export const TTY_DEVICES: ReadonlySet<string> = new Set([TTY_OUT, TTY_ERR]);

const GROUP = parse("{ :; }").statements[0];
const STREAMED_GROUP = parse(`{ :; } >${TTY_OUT} 2>${TTY_ERR}`).statements[0];

function grouped(statement: StatementNode, template: StatementNode): StatementNode {
  const group = template.pipelines[0].commands[0];
  if (group.type !== "Group") throw new Error("statement template is not a group");
  return { ...template, pipelines: [{ ...template.pipelines[0], commands: [{ ...group, body: [statement] }] }] };
}

/** The plugin; `streaming()` says whether the line being parsed runs at the terminal. */
export function statementPlugin(streaming: () => boolean): TransformPlugin {
  return {
    name: "kubedojo-statements",
    transform({ ast }) {
      const template = streaming() ? STREAMED_GROUP : GROUP;
      return { ast: { ...ast, statements: ast.statements.map((s) => (s.deferredError ? s : grouped(s, template))) } };
    },
  };
}
