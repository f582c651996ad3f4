import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { ShellSession } from "../../../src/shell/session.js";
import { newCluster, sh } from "../../helpers.js";

let cluster: Cluster;
beforeAll(() => {
  cluster = newCluster();
}, 60_000);

/** Runs each line as its own exec(), as lines typed one after the other. */
async function lines(session: ShellSession, ...input: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const l of input) {
    const r = await session.exec(l);
    out.push(r.stderr + r.stdout);
  }
  return out;
}

describe("state that lasts from one command line to the next", () => {
  it("keeps the working directory, and OLDPWD for cd -", async () => {
    const s = new ShellSession(cluster);
    expect(await lines(s, "cd /etc/kubernetes", "pwd", "cd manifests", "cd -", "pwd; echo $OLDPWD")).toEqual(["", "/etc/kubernetes\n", "", "/etc/kubernetes\n", "/etc/kubernetes\n/etc/kubernetes/manifests\n"]);
    expect(s.cwd).toBe("/etc/kubernetes");
  });

  it("keeps shell and exported variables, and forgets unset ones", async () => {
    const s = new ShellSession(cluster);
    expect(await lines(s, "export NS=kube-system; count=3", "echo $NS $count", "unset count; echo ${count:-gone}", "kubectl get deploy -n $NS -o name")).toEqual([
      "",
      "kube-system 3\n",
      "gone\n",
      "deployment.apps/coredns\n",
    ]);
    expect(s.variables().NS).toBe("kube-system");
  });

  it("keeps $? for the next line, as bash does", async () => {
    const s = new ShellSession(cluster);
    expect(await lines(s, "kubectl get pod nope 2>/dev/null", "echo $?", "true", "echo $?")).toEqual(["", "1\n", "", "0\n"]);
  });

  it("keeps set -o options", async () => {
    const s = new ShellSession(cluster);
    expect(await lines(s, "set -o pipefail", "false | true; echo $?", "set +o pipefail", "false | true; echo $?")).toEqual(["", "1\n", "", "0\n"]);
  });

  it("keeps functions; redefinition replaces one, unset -f removes it", async () => {
    const s = new ShellSession(cluster);
    const out = await lines(s, "nodes() { kubectl get nodes --no-headers | wc -l; }", "nodes", "nodes() { echo redefined; }", "nodes", "unset -f nodes", "nodes; echo $?");
    expect(out).toEqual(["", "3\n", "", "redefined\n", "", "bash: nodes: command not found\n127\n"]);
  });

  it("keeps a function defined only when its branch ran, and functions from a sourced file", async () => {
    const s = new ShellSession(cluster);
    const out = await lines(s, "if false; then skipped() { :; }; fi; if true; then kept() { echo kept; }; fi", "kept; type -t skipped || echo none", "printf 'from_file() { echo \"sourced $1\"; }\\n' > /tmp/lib.sh; . /tmp/lib.sh", "from_file ok");
    expect(out).toEqual(["", "kept\nnone\n", "", "sourced ok\n"]);
  });

  it("takes a function's new body when its file is sourced again", async () => {
    const s = new ShellSession(cluster);
    const out = await lines(s, "echo 'greet() { echo v1; }' > /tmp/rc; . /tmp/rc", "greet", "echo 'greet() { echo v2; }' > /tmp/rc; source /tmp/rc", "greet", "cat /tmp/rc >/dev/null", "greet");
    expect(out).toEqual(["", "v1\n", "", "v2\n", "", "v2\n"]);
  });

  it("keeps aliases in an interactive shell, and a function can use one", async () => {
    const s = new ShellSession(cluster, { scripted: false });
    await s.start();
    const out = await lines(s, "alias kg='kubectl get'", "kg ns default -o name", "nsnames() { kg ns -o name | head -2; }", "nsnames", "unalias kg", "kg; echo $?");
    expect(out).toEqual(["", "namespace/default\n", "", "namespace/default\nnamespace/kube-flannel\n", "", "bash: kg: command not found\n127\n"]);
  });

  it("says when a line exits the shell (exit, or a function that exits)", async () => {
    const s = new ShellSession(cluster);
    expect((await s.exec("echo bye; exit 3")).exited).toBe(true);
    const t = new ShellSession(cluster);
    await t.exec("leave() { exit 2; }");
    expect((await t.exec("(exit 4); echo sub")).exited).toBe(false);
    const r = await t.exec("leave");
    expect(r).toMatchObject({ exited: true, exitCode: 2 });
  });

  it("keeps the hidden state capture out of set -x traces and exit statuses", async () => {
    const s = new ShellSession(cluster);
    const r = await s.exec("set -x; echo traced; false");
    expect(r.stderr).toBe("+ echo traced\n+ false\n");
    expect(r.exitCode).toBe(1);
    expect((await s.exec("echo again")).stderr).toBe("+ echo again\n");
  });

  it("turns a redirection just-bash cannot open into bash's message, not a stack trace", async () => {
    const r = await sh("echo x > /nonexistent/dir/f");
    expect(r.stderr).toBe("bash: /nonexistent/dir/f: No such file or directory\n");
    expect(r.exitCode).toBe(1);
  });
});

describe("kubedojo sh -c scripts", () => {
  it("run multi-line scripts with state carried line to line within the script, sleep advancing the clock at once", async () => {
    const r = await sh("cd /etc/kubernetes\nN=$(ls manifests | wc -l)\nf() { echo \"$N manifests in $PWD\"; }\nf\nsleep 3600\nkubectl get nodes --no-headers | awk '{print $4}' | head -1");
    expect(r.stdout).toBe("4 manifests in /etc/kubernetes\n106m\n");
  });
});
