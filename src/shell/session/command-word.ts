/**
 * bash splits an unquoted expansion into fields wherever it stands, the
 * command word included: `C="kubectl get"; $C pods` runs kubectl with
 * `get pods`. just-bash (3.4) expands the command word as one field, so it
 * looks for a command named "kubectl get". This plugin moves such a word
 * to the front of the arguments, where just-bash does split (and glob) it,
 * and leaves an empty expansion as the command word: just-bash then takes
 * the first field as the command, as it does for any command word that
 * expands to nothing. Aliases, functions and builtins are still found by
 * that first field.
 */
import { parse, type TransformPlugin } from "just-bash";

type Node = { type?: string; [key: string]: unknown };
type Word = { type: "Word"; parts: Node[] };

/** A command word that expands to nothing (with a default, so `set -u` does not object). */
const EMPTY_COMMAND_WORD = (parse("${__kubedojo_command_word-}").statements[0].pipelines[0].commands[0] as unknown as { name: Word }).name;

/** Whether bash would split this command word: it has an unquoted $VAR, ${...} or $(...) of its own. */
function splitsAsCommandWord(word: Word | null | undefined): word is Word {
  return !!word && word.parts.some((p) => p.type === "ParameterExpansion" || p.type === "CommandSubstitution");
}

/** The tree with every such simple command rewritten (new objects; the parser's are left alone). */
function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite);
  if (!node || typeof node !== "object") return node;
  const out: Node = {};
  for (const [k, v] of Object.entries(node as Node)) out[k] = rewrite(v);
  if (out.type === "SimpleCommand" && splitsAsCommandWord(out.name as Word)) {
    out.args = [out.name, ...((out.args as unknown[]) ?? [])];
    out.name = EMPTY_COMMAND_WORD;
  }
  return out;
}

export function commandWordPlugin(): TransformPlugin {
  return {
    name: "kubedojo-command-word",
    transform({ ast }) {
      return { ast: rewrite(ast) as typeof ast };
    },
  };
}
