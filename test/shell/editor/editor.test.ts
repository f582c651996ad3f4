/**
 * vim, vi and nano in the simulated shell: the learner's editor (here a
 * function standing in for it) works on a copy of the simulated file, which
 * gets what was saved; in scripts there is no editor and the tools say how
 * to change files instead.
 */
import { describe, expect, it } from "vitest";
import { ShellSession } from "../../../src/shell/session.js";
import type { Editor } from "../../../src/shell/tool.js";
import { newCluster } from "../../helpers.js";

function recordingEditor(change: (name: string, text: string) => string) {
  const opened: Array<{ name: string; text: string }> = [];
  const editor: Editor = {
    async edit(name, text) {
      opened.push({ name, text });
      return change(name, text);
    },
  };
  return { editor, opened };
}

describe("vim, vi and nano", () => {
  it("edit an existing file relative to the working directory", async () => {
    const c = newCluster();
    const { editor, opened } = recordingEditor((_, t) => t.replace("replicas: 1", "replicas: 2"));
    const s = new ShellSession(c, { scripted: true, editor });
    const r = await s.exec("mkdir -p work && cd work && printf 'replicas: 1\\n' > d.yaml && vim d.yaml && cat /root/work/d.yaml");
    expect(r.stdout).toBe("replicas: 2\n");
    expect(r.exitCode).toBe(0);
    expect(opened).toEqual([{ name: "d.yaml", text: "replicas: 1\n" }]);
  });

  it("create a new file only when something was written", async () => {
    const c = newCluster();
    const s = new ShellSession(c, { scripted: true, editor: recordingEditor((name, t) => (name === "new.yaml" ? "kind: Pod\n" : t)).editor });
    const r = await s.exec("nano new.yaml; vi untouched.yaml; cat new.yaml; ls untouched.yaml");
    expect(r.stdout).toBe("kind: Pod\n");
    expect(r.stderr).toContain("untouched.yaml");
  });

  it("edit several files in turn, skipping options", async () => {
    const c = newCluster();
    const { editor, opened } = recordingEditor((name) => `${name}\n`);
    const s = new ShellSession(c, { scripted: true, editor });
    const r = await s.exec("vim -c 'set paste' +3 a.txt b.txt && cat a.txt b.txt");
    expect(opened.map((o) => o.name)).toEqual(["a.txt", "b.txt"]);
    expect(r.stdout).toBe("a.txt\nb.txt\n");
  });

  it("change a static pod manifest on the node, which the kubelet picks up", async () => {
    const c = newCluster();
    const s = new ShellSession(c, {
      scripted: true,
      editor: recordingEditor((_, t) => t.replace("    - --leader-elect=true\n", "    - --leader-elect=true\n    - --v=4\n")).editor,
    });
    const r = await s.exec("vim /etc/kubernetes/manifests/kube-scheduler.yaml && sleep 30 && kubectl -n kube-system get pod kube-scheduler-controlplane -o jsonpath='{.spec.containers[0].command}'");
    expect(r.stdout).toContain('"--v=4"');
  });

  it("refuse a directory", async () => {
    const c = newCluster();
    const s = new ShellSession(c, { scripted: true, editor: recordingEditor((_, t) => t).editor });
    const r = await s.exec("vim /etc");
    expect(r.stderr).toBe("vim: /etc: Is a directory\n");
    expect(r.exitCode).toBe(1);
  });

  it("report the editor's failure", async () => {
    const c = newCluster();
    const failing: Editor = {
      async edit() {
        throw Object.assign(new Error("no terminal to run an editor on"), { name: "EditorUnavailableError" });
      },
    };
    const r = await new ShellSession(c, { scripted: true, editor: failing }).exec("nano x.yaml");
    expect(r.stderr).toBe("nano: no terminal to run an editor on\n");
    expect(r.exitCode).toBe(1);
  });

  it("in a script, without an editor, say how to change files instead", async () => {
    const c = newCluster();
    const r = await new ShellSession(c, { scripted: true }).exec("echo a > f.txt; vim f.txt; echo rc=$?; cat f.txt");
    expect(r.stderr).toBe("vim: no terminal to open an editor on (this is a script): change files with sed -i, or write them with cat > FILE <<'EOF'\n");
    expect(r.stdout).toBe("rc=1\na\n");
  });
});
