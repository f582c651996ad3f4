import { describe, expect, it } from "vitest";
import { incomplete } from "../../../src/shell/session/continuation.js";

describe("when a command typed at the prompt needs more lines", () => {
  it.each([
    ["an open quote", "echo 'it is"],
    ["an open double quote", 'kubectl get pods -o jsonpath="{.items'],
    ["a trailing backslash", "kubectl run web --image=nginx \\"],
    ["a trailing pipe", "kubectl get pods |"],
    ["a trailing &&", "kubectl apply -f a.yaml &&"],
    ["a here-document before its delimiter", "cat <<EOF > pod.yaml\napiVersion: v1\nkind: Pod"],
    ["a quoted here-document delimiter", "cat <<'END'\n$HOME"],
    ["<<- with the delimiter not yet reached", "cat <<-EOF\n\tline"],
    ["an unfinished for loop", "for n in node01 node02; do"],
    ["an unfinished if", "if kubectl get ns dev; then"],
    ["an open brace group", "{ echo a;"],
    ["an open command substitution", "echo $(kubectl get pods"],
  ])("%s", (_what, text) => {
    expect(incomplete(text)).toBe(true);
  });

  it.each([
    ["a simple command", "kubectl get pods"],
    ["a here-document with its delimiter", "cat <<EOF > pod.yaml\nkind: Pod\nEOF"],
    ["<<- with a tab before the delimiter", "cat <<-EOF\n\tline\n\tEOF"],
    ["a here-string", "grep x <<< 'x'"],
    ["an arithmetic shift", "echo $((1<<2))"],
    ["a finished loop over lines", "for n in a b\ndo\n  echo $n\ndone"],
    ["a syntax error that more input cannot fix", "fi"],
    ["a # comment with a quote in it", "ls # don't"],
    ["an escaped quote", "echo it\\'s"],
  ])("%s is complete", (_what, text) => {
    expect(incomplete(text)).toBe(false);
  });
});
