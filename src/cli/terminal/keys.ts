/**
 * Keystrokes from a terminal in raw mode: the bytes xterm-compatible
 * terminals send for control keys, arrows, Home/End/Delete and Alt-
 * combinations, decoded into named keys; everything else is text.
 */
export type KeyName =
  | "enter"
  | "tab"
  | "backspace"
  | "delete"
  | "up"
  | "down"
  | "left"
  | "right"
  | "home"
  | "end"
  | "word-left"
  | "word-right"
  | "kill-word-forward"
  | "kill-word-back"
  | "escape"
  | `ctrl-${string}`;

export type Key = { kind: "text"; text: string } | { kind: "key"; name: KeyName };

/** Escape sequences (CSI / SS3 / Alt-) and what they mean. */
const SEQUENCES: Record<string, KeyName> = {
  "\x1b[A": "up",
  "\x1b[B": "down",
  "\x1b[C": "right",
  "\x1b[D": "left",
  "\x1bOA": "up",
  "\x1bOB": "down",
  "\x1bOC": "right",
  "\x1bOD": "left",
  "\x1b[H": "home",
  "\x1b[F": "end",
  "\x1bOH": "home",
  "\x1bOF": "end",
  "\x1b[1~": "home",
  "\x1b[4~": "end",
  "\x1b[7~": "home",
  "\x1b[8~": "end",
  "\x1b[3~": "delete",
  "\x1b[1;5C": "word-right",
  "\x1b[1;5D": "word-left",
  "\x1b[1;3C": "word-right",
  "\x1b[1;3D": "word-left",
  "\x1bf": "word-right",
  "\x1bb": "word-left",
  "\x1bd": "kill-word-forward",
  "\x1b\x7f": "kill-word-back",
};

/** Control characters by their byte. */
function control(c: string): KeyName | undefined {
  if (c === "\r" || c === "\n") return "enter";
  if (c === "\t") return "tab";
  if (c === "\x7f" || c === "\b") return "backspace";
  const code = c.charCodeAt(0);
  if (code >= 1 && code <= 26) return `ctrl-${String.fromCharCode(code + 96)}`;
  return undefined;
}

/** Splits a chunk of input into keys (a chunk may hold several, e.g. pasted text or a fast typist). */
export function decodeKeys(chunk: string): Key[] {
  const keys: Key[] = [];
  let text = "";
  const flush = () => {
    if (text) keys.push({ kind: "text", text });
    text = "";
  };
  for (let i = 0; i < chunk.length; ) {
    const c = chunk[i];
    if (c === "\x1b") {
      flush();
      const seq = Object.keys(SEQUENCES)
        .filter((s) => chunk.startsWith(s, i))
        .sort((a, b) => b.length - a.length)[0];
      if (seq) {
        keys.push({ kind: "key", name: SEQUENCES[seq] });
        i += seq.length;
        continue;
      }
      // An unknown CSI sequence is skipped whole; a lone ESC is the Escape key.
      const csi = /^\x1b\[[0-9;]*[A-Za-z~]/.exec(chunk.slice(i));
      if (csi) {
        i += csi[0].length;
        continue;
      }
      keys.push({ kind: "key", name: "escape" });
      i++;
      continue;
    }
    const name = control(c);
    if (name) {
      flush();
      // \r\n from a paste is one Enter.
      if (c === "\r" && chunk[i + 1] === "\n") i++;
      keys.push({ kind: "key", name });
      i++;
      continue;
    }
    text += c;
    i++;
  }
  flush();
  return keys;
}
