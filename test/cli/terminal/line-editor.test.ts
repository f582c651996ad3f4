import { describe, expect, it } from "vitest";
import type { Completion } from "../../../src/cli/terminal/completion.js";
import { decodeKeys } from "../../../src/cli/terminal/keys.js";
import { LineEditor, type LineOutcome } from "../../../src/cli/terminal/line-editor.js";
import { Screen } from "./screen.js";

const PROMPT = "candidate@base:~$ ";

/** A line editor on a screen, with a history and a fixed completion answer. */
function editor(opts: { history?: string[]; cols?: number; complete?: (before: string) => Completion } = {}) {
  const screen = new Screen(opts.cols ?? 80);
  const ed = new LineEditor(
    {
      write: (t) => screen.feed(t),
      columns: () => screen.cols,
      history: () => opts.history ?? [],
      complete: async (before) => opts.complete?.(before) ?? { start: before.length, word: "", candidates: [] },
    },
    PROMPT,
  );
  ed.start();
  const type = async (keys: string): Promise<LineOutcome | undefined> => {
    let outcome: LineOutcome | undefined;
    for (const k of decodeKeys(keys)) outcome = (await ed.feed(k)) ?? outcome;
    return outcome;
  };
  return { screen, ed, type };
}

describe("line editing", () => {
  it("inserts where the cursor is and moves with arrows, Home/End and Ctrl-A/E", async () => {
    const { screen, type } = editor();
    await type("kubectl get po");
    await type("\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D-A ");
    expect(screen.cursorLine()).toEqual({ text: `${PROMPT}kubectl -A get po`, col: PROMPT.length + 11 });
    await type("\x01");
    expect(screen.cursorLine().col).toBe(PROMPT.length);
    await type("\x1b[F");
    expect(screen.cursorLine().col).toBe(PROMPT.length + 17);
    await type("\x1b[H\x05");
    expect(screen.cursorLine().col).toBe(PROMPT.length + 17);
  });

  it("deletes with Backspace, Delete, Ctrl-D, and kills with Ctrl-K/U/W, yanked back with Ctrl-Y", async () => {
    const { screen, type } = editor();
    await type("kubectl get pods x\x7f");
    expect(screen.cursorLine()).toEqual({ text: `${PROMPT}kubectl get pods`, col: PROMPT.length + 17 });
    await type("\x17");
    expect(screen.cursorLine()).toEqual({ text: `${PROMPT}kubectl get`, col: PROMPT.length + 12 });
    await type("\x19");
    expect(screen.cursorLine()).toEqual({ text: `${PROMPT}kubectl get pods`, col: PROMPT.length + 17 });
    await type("\x01\x1b[3~\x04");
    expect(screen.cursorLine()).toEqual({ text: `${PROMPT}bectl get pods`, col: PROMPT.length });
    await type("\x1bf\x0b");
    expect(screen.cursorLine().text).toBe(`${PROMPT}bectl`);
    await type("\x15");
    expect(screen.cursorLine()).toEqual({ text: PROMPT.trimEnd(), col: PROMPT.length });
  });

  it("moves by words with Alt-B/F and Ctrl-arrows", async () => {
    const { screen, type } = editor();
    await type("kubectl get deploy/web");
    await type("\x1bb");
    expect(screen.cursorLine().col).toBe(PROMPT.length + 19);
    await type("\x1b[1;5D\x1b[1;5D");
    expect(screen.cursorLine().col).toBe(PROMPT.length + 8);
    await type("\x1b[1;5C");
    expect(screen.cursorLine().col).toBe(PROMPT.length + 11);
  });

  it("returns the line on Enter and moves to the next row", async () => {
    const { screen, type } = editor();
    expect(await type("k get no\r")).toEqual({ kind: "line", line: "k get no" });
    expect(screen.lines()).toEqual([`${PROMPT}k get no`, ""]);
    expect(screen.row).toBe(1);
  });

  it("wraps a long line over several rows and keeps the cursor where the text is", async () => {
    const { screen, type } = editor({ cols: 24 });
    await type("kubectl get pods --all-namespaces -o wide");
    expect(screen.lines()).toEqual(["candidate@base:~$ kubect", "l get pods --all-namespa", "ces -o wide"]);
    await type("\x01");
    expect([screen.row, screen.col]).toEqual([0, 18]);
    await type("X");
    expect(screen.lines()).toEqual(["candidate@base:~$ Xkubec", "tl get pods --all-namesp", "aces -o wide"]);
    expect([screen.row, screen.col]).toEqual([0, 19]);
    await type("\x05" + "\x7f".repeat(25));
    expect(screen.lines()).toEqual(["candidate@base:~$ Xkubec", "tl get pods"]);
    expect([screen.row, screen.col]).toEqual([1, 11]);
  });

  it("a line ending exactly at the margin puts the cursor on the next row", async () => {
    const { screen, type } = editor({ cols: 20 });
    await type("ab");
    expect(screen.lines()).toEqual(["candidate@base:~$ ab", ""]);
    expect([screen.row, screen.col]).toEqual([1, 0]);
  });

  it("draws a prompt of several lines once, redrawing only its last line with the text", async () => {
    const screen = new Screen(40);
    const ed = new LineEditor({ write: (t) => screen.feed(t), columns: () => 40, history: () => [], complete: async () => ({ start: 0, word: "", candidates: [] }) }, "[prod]\n$ ");
    ed.start();
    for (const k of decodeKeys("kubectl\x7f")) await ed.feed(k);
    expect(screen.lines()).toEqual(["[prod]", "$ kubect"]);
  });

  it("Ctrl-C abandons the line with ^C; Ctrl-D on an empty line is end of input", async () => {
    const { screen, type } = editor();
    expect(await type("kubectl dele\x03")).toEqual({ kind: "interrupt" });
    expect(screen.lines()).toEqual([`${PROMPT}kubectl dele^C`, ""]);
    expect(await editor().type("\x04")).toEqual({ kind: "eof" });
  });
});

describe("history", () => {
  const history = ["kubectl get nodes", "kubectl get pods -A", "journalctl -u kubelet"];

  it("walks back and forth with Up/Down (and Ctrl-P/N), keeping what was being typed", async () => {
    const { screen, type } = editor({ history });
    await type("echo draft");
    await type("\x1b[A");
    expect(screen.cursorLine().text).toBe(`${PROMPT}journalctl -u kubelet`);
    await type("\x10\x10");
    expect(screen.cursorLine().text).toBe(`${PROMPT}kubectl get nodes`);
    await type("\x1b[A");
    expect(screen.bells).toBe(1);
    await type("\x1b[B\x0e\x0e");
    expect(screen.cursorLine().text).toBe(`${PROMPT}echo draft`);
  });

  it("Ctrl-R searches backwards with bash's prompt; again for an older match; Enter runs it", async () => {
    const { screen, type } = editor({ history });
    await type("\x12get");
    expect(screen.cursorLine()).toEqual({ text: "(reverse-i-search)`get': kubectl get pods -A", col: 33 });
    await type("\x12");
    expect(screen.cursorLine()).toEqual({ text: "(reverse-i-search)`get': kubectl get nodes", col: 33 });
    expect(await type("\r")).toEqual({ kind: "line", line: "kubectl get nodes" });
    expect(screen.lines()[0]).toBe(`${PROMPT}kubectl get nodes`);
  });

  it("shows a failed search, takes back a character, and Ctrl-G restores the line", async () => {
    const { screen, type } = editor({ history });
    await type("draft\x12kubez");
    expect(screen.cursorLine().text).toBe("(failed reverse-i-search)`kubez': journalctl -u kubelet");
    await type("\x7f");
    expect(screen.cursorLine().text).toBe("(reverse-i-search)`kube': journalctl -u kubelet");
    await type("\x07");
    expect(screen.cursorLine()).toEqual({ text: `${PROMPT}draft`, col: PROMPT.length + 5 });
  });

  it("an arrow ends the search and leaves the match to edit", async () => {
    const { screen, type } = editor({ history });
    await type("\x12nodes\x1b[F -o wide");
    expect(screen.cursorLine().text).toBe(`${PROMPT}kubectl get nodes -o wide`);
  });
});

describe("tab completion", () => {
  const names = (words: string[], word: string): Completion => ({ start: 0, word, candidates: words.filter((w) => w.startsWith(word)).map((w) => ({ value: w, display: w })) });

  it("completes a single candidate with a space, and a directory without one", async () => {
    const { screen, type } = editor({ complete: (b) => names(["kubeadm", "kubectl"], b) });
    await type("kubec\t");
    expect(screen.cursorLine()).toEqual({ text: `${PROMPT}kubectl`, col: PROMPT.length + 8 });
    const dir = editor({ complete: (b) => ({ start: 0, word: b, candidates: [{ value: "/etc/kubernetes/", display: "kubernetes/", continues: true }] }) });
    await dir.type("/etc/kub\t");
    expect(dir.screen.cursorLine().text).toBe(`${PROMPT}/etc/kubernetes/`);
  });

  it("inserts the common prefix with a bell, and lists on a Tab after one that changed nothing", async () => {
    const { screen, type } = editor({ complete: (b) => names(["kube-apiserver", "kube-controller-manager", "kube-proxy", "kube-scheduler"], b) });
    await type("k\t");
    expect(screen.cursorLine().text).toBe(`${PROMPT}kube-`);
    expect(screen.bells).toBe(1);
    await type("\t");
    expect(screen.bells).toBe(2);
    await type("\t");
    expect(screen.lines()).toEqual([
      `${PROMPT}kube-`,
      "kube-apiserver           kube-proxy",
      "kube-controller-manager  kube-scheduler",
      `${PROMPT}kube-`,
    ]);
  });

  it("lays out many candidates down the columns, as readline does", async () => {
    const words = Array.from({ length: 7 }, (_, i) => `node0${i}`);
    const { screen, type } = editor({ cols: 30, complete: (b) => names(words, b) });
    await type("n\t\t\t");
    expect(screen.lines().slice(1, 4)).toEqual(["node00  node03  node06", "node01  node04", "node02  node05"]);
  });

  it("asks before listing more than 100", async () => {
    const words = Array.from({ length: 120 }, (_, i) => `pod-${String(i).padStart(3, "0")}`);
    const { screen, type } = editor({ complete: (b) => names(words, b) });
    await type("pod-\t\t");
    expect(screen.cursorLine().text).toBe("Display all 120 possibilities? (y or n)");
    await type("n");
    expect(screen.cursorLine().text).toBe(`${PROMPT}pod-`);
  });
});
