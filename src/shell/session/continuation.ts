/**
 * Whether what has been typed at the prompt is a whole command yet. bash
 * keeps reading (showing PS2, "> ") while a quote is open, a line ends in
 * a backslash, `|`, `&&` or `||`, a here-document has not reached its
 * delimiter, or a compound command (if, for, while, case, { }, ( ), $( ))
 * has not been closed: pasting `cat <<EOF > pod.yaml` and a manifest is the
 * everyday case.
 */
import { parse } from "just-bash";

interface Scan {
  /** Inside a quote at the end (its character), or after a trailing backslash. */
  open: boolean;
  /** Here-document delimiters the text starts, with whether tabs are stripped (<<-). */
  heredocs: Array<{ word: string; stripTabs: boolean; line: number }>;
}

function scan(text: string): Scan {
  const heredocs: Scan["heredocs"] = [];
  let quote: string | undefined;
  let line = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") line++;
    if (quote) {
      if (c === "\\" && quote !== "'") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "\\") {
      if (i === text.length - 1) return { open: true, heredocs };
      i++;
      continue;
    }
    if (c === "#" && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== "\n") i++;
      line++;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      quote = c;
      continue;
    }
    if (text.startsWith("<<<", i)) {
      i += 2; // a here-string
      continue;
    }
    // (A delimiter starts with a letter or _, or is quoted: `$((1<<2))` is a shift.)
    const h = /^<<(-?)[ \t]*(?:(['"])([^'"\n]+)\2|([A-Za-z_][A-Za-z0-9_.-]*))/.exec(text.slice(i));
    if (h) {
      heredocs.push({ word: h[3] ?? h[4], stripTabs: h[1] === "-", line });
      i += h[0].length - 1;
    }
  }
  return { open: quote !== undefined, heredocs };
}

export function incomplete(text: string): boolean {
  const s = scan(text);
  if (s.open) return true;
  const lines = text.split("\n");
  // Each here-document's body runs to its delimiter on a line of its own.
  let from = 0;
  for (const h of s.heredocs) {
    const start = Math.max(from, h.line + 1);
    const end = lines.findIndex((l, i) => i >= start && (h.stripTabs ? l.replace(/^\t+/, "") : l) === h.word);
    if (end < 0) return true;
    from = end + 1;
  }
  if (/(\|\||&&|\|)\s*$/.test(text.replace(/\s+#[^\n]*$/, ""))) return true;
  try {
    parse(text);
    return false;
  } catch (e) {
    const message = (e as Error).message ?? "";
    if (/got EOF|unexpected EOF|end of file/i.test(message)) return true;
    // An error reported just past the last character is the parser running out of input (`if x; then`).
    const at = /^Parse error at (\d+):(\d+)/.exec(message);
    if (!at) return false;
    const last = lines[lines.length - 1];
    return Number(at[1]) === lines.length && Number(at[2]) > last.trimEnd().length;
  }
}
