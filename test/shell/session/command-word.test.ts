/**
 * An unquoted expansion in the command word is split into fields as bash
 * splits it (`K="kubectl get"; $K pods`), while a quoted one stays one word,
 * an empty one runs nothing, and functions are still found; aliases are
 * not expanded from a variable, as in bash.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../helpers.js";

describe("the command word of a simple command", () => {
  const cluster = newCluster();

  it("splits an unquoted expansion into the command and its first arguments", async () => {
    const r = await sh(
      'K="kubectl get"; $K ns default -o name; C="echo a b"; $C c; x=$($C); echo "[$x]"; f() { echo "f:$1"; }; F="f z"; $F; E=; $E; echo rc=$?; set -u; $C u',
      { cluster },
    );
    expect(r.stdout).toBe("namespace/default\na b c\n[a b]\nf:z\nrc=0\na b u\n");
    expect(r.stderr).toBe("");
  });

  it("keeps a quoted expansion one word, and does not expand an alias from a variable", async () => {
    const r = await sh('C="echo a b"; "$C"; echo rc=$?; shopt -s expand_aliases; alias ll="echo LL"; L=ll; $L; echo rc=$?', { cluster });
    expect(r.stdout).toBe("rc=127\nrc=127\n");
    expect(r.stderr).toBe("bash: echo a b: command not found\nbash: ll: command not found\n");
  });
});
