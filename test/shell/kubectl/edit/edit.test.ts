/**
 * kubectl edit (pkg/cmd/util/editor/editoptions.go and the recorded cases
 * of pkg/cmd/edit/testdata): the file the editor gets (header, YAML or
 * JSON, a List for several objects), the patch sent on save, "Edit
 * cancelled" when nothing changed, the reopen with the errors on top when
 * the API server refuses the change, and the copy left in /tmp when the
 * learner gives up. The editor here is a function standing in for the
 * learner; test/cli/editor.test.ts runs a real one through the host bridge.
 */
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { ShellSession } from "../../../../src/shell/session.js";
import type { Editor } from "../../../../src/shell/tool.js";
import { newCluster } from "../../../helpers.js";

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

/** An editor that applies one change per opening and records what it was shown. */
function scriptedEditor(...steps: Array<(text: string) => string>) {
  const shown: Array<{ name: string; text: string }> = [];
  const editor: Editor = {
    async edit(name, text) {
      shown.push({ name, text });
      const step = steps[shown.length - 1] ?? ((t: string) => t);
      return step(text);
    },
  };
  return { editor, shown };
}

async function run(c: Cluster, editor: Editor | undefined, script: string) {
  return new ShellSession(c, { scripted: true, editor }).exec(script);
}

const DEPLOY = "kubectl create deployment web --image=nginx >/dev/null\nsleep 5\n";

describe("kubectl edit", () => {
  it("shows the object under the header and patches what the learner changed", async () => {
    const c = newCluster();
    await run(c, undefined, DEPLOY);
    const { editor, shown } = scriptedEditor((t) => t.replace("replicas: 1", "replicas: 3").replace(/image: nginx$/m, "image: nginx:1.27"));
    const r = await run(c, editor, "kubectl edit deploy web");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("deployment.apps/web edited\n");
    expect(r.exitCode).toBe(0);
    expect(shown[0].name).toMatch(/^kubectl-edit-\d+\.yaml$/);
    expect(shown[0].text.startsWith(HEADER + "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n")).toBe(true);
    expect(shown[0].text).not.toContain("managedFields");
    const d = c.client().get("deployments", "default", "web");
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.spec.containers[0].image).toBe("nginx:1.27");
    // The temporary copy is gone.
    const ls = await run(c, undefined, "ls /tmp | grep -c kubectl-edit");
    expect(ls.stdout).toBe("0\n");
  });

  it("says when nothing changed or the file was emptied", async () => {
    const c = newCluster();
    await run(c, undefined, DEPLOY);
    const same = await run(c, scriptedEditor((t) => t.replace(HEADER, "# my notes\n")).editor, "kubectl edit deployment/web");
    expect(same.stderr).toBe("Edit cancelled, no changes made.\n");
    expect(same.exitCode).toBe(0);
    const empty = await run(c, scriptedEditor(() => "# nothing\n\n").editor, "kubectl edit deployment/web");
    expect(empty.stderr).toBe("Edit cancelled, saved file was empty.\n");
  });

  it("reopens an invalid change with the API server's causes in the header, and applies the fix", async () => {
    const c = newCluster();
    await run(c, undefined, DEPLOY);
    const { editor, shown } = scriptedEditor(
      (t) => t.replace("replicas: 1", "replicas: -2"),
      (t) => t.replace("replicas: -2", "replicas: 2"),
    );
    const r = await run(c, editor, "kubectl edit deploy web");
    expect(r.stderr).toBe('error: deployments.apps "web" is invalid\n');
    expect(r.stdout).toBe("deployment.apps/web edited\n");
    expect(r.exitCode).toBe(0);
    expect(shown[1].text.startsWith(HEADER + '# deployments.apps "web" was not valid:\n# * spec.replicas: Invalid value: -2: must be greater than or equal to 0\n#\napiVersion: apps/v1\n')).toBe(
      true,
    );
    expect(shown[1].text).toContain("  replicas: -2\n");
    expect(c.client().get("deployments", "default", "web").spec.replicas).toBe(2);
  });

  it("a forbidden pod change, saved again unchanged, leaves the copy in /tmp and fails", async () => {
    const c = newCluster();
    await run(c, undefined, DEPLOY);
    const pod = c.client().list("pods", "default").items[0].metadata.name!;
    const { editor, shown } = scriptedEditor((t) => t.replace(/^ {2}restartPolicy: Always$/m, "  restartPolicy: Never"));
    const r = await run(c, editor, `kubectl edit pod ${pod}`);
    const copy = /A copy of your changes has been stored to "(\/tmp\/kubectl-edit-\d+\.yaml)"/.exec(r.stderr)?.[1];
    expect(r.stderr).toBe(`error: pods "${pod}" is invalid\nA copy of your changes has been stored to "${copy}"\nerror: Edit cancelled, no valid changes were saved.\n`);
    expect(r.exitCode).toBe(1);
    expect(shown[1].text).toContain(`# pods "${pod}" was not valid:\n# * spec: Forbidden: pod updates may not change fields other than \`spec.containers[*].image\``);
    const saved = await run(c, undefined, `grep -c 'restartPolicy: Never' ${copy}`);
    expect(saved.stdout).toBe("1\n");
    expect(c.client().get("pods", "default", pod).spec.restartPolicy).toBe("Always");
  });

  it("a syntax error reopens the file with the parser's message", async () => {
    const c = newCluster();
    await run(c, undefined, DEPLOY);
    const { editor, shown } = scriptedEditor(
      (t) => t.replace("spec:\n  progressDeadlineSeconds", "spec\n  progressDeadlineSeconds"),
      (t) => t.replace("spec\n  progressDeadlineSeconds", "spec:\n  progressDeadlineSeconds").replace("replicas: 1", "replicas: 4"),
    );
    const r = await run(c, editor, "kubectl edit deploy web");
    expect(r.stdout).toBe("deployment.apps/web edited\n");
    expect(shown[1].text).toMatch(/^# The edited file had a syntax error: error parsing edited-file: error converting YAML to JSON: yaml: line \d+: .+\n#\n/m);
    expect(c.client().get("deployments", "default", "web").spec.replicas).toBe(4);
  });

  it("refuses a changed name, keeping the copy", async () => {
    const c = newCluster();
    await run(c, undefined, DEPLOY);
    const r = await run(c, scriptedEditor((t) => t.replace("  name: web\n", "  name: web2\n")).editor, "kubectl edit deploy web");
    expect(r.stderr).toMatch(/^A copy of your changes has been stored to "\/tmp\/kubectl-edit-\d+\.yaml"\nerror: At least one of apiVersion, kind and name was changed\n$/);
    expect(r.exitCode).toBe(1);
  });

  it("edits several objects as a List, skipping the unchanged ones", async () => {
    const c = newCluster();
    await run(c, undefined, "kubectl create configmap a --from-literal=k=1 >/dev/null\nkubectl create configmap b --from-literal=k=1 >/dev/null");
    const { editor, shown } = scriptedEditor((t) => t.replace("- apiVersion: v1\n  data:\n    k: \"1\"", '- apiVersion: v1\n  data:\n    k: "2"'));
    const r = await run(c, editor, "kubectl edit cm a b");
    expect(shown[0].text.startsWith(HEADER + "apiVersion: v1\nitems:\n- apiVersion: v1\n")).toBe(true);
    expect(shown[0].text.endsWith("kind: List\nmetadata: {}\n")).toBe(true);
    expect(r.stdout).toBe("configmap/a edited\nconfigmap/b skipped\n");
    expect(c.client().get("configmaps", "default", "a").data.k).toBe("2");
  });

  it("-o json edits JSON without the header; --output-patch prints the patch; --save-config records the configuration", async () => {
    const c = newCluster();
    await run(c, undefined, "kubectl create configmap a --from-literal=k=1 >/dev/null");
    const { editor, shown } = scriptedEditor((t) => t.replace('"k": "1"', '"k": "2"'));
    const r = await run(c, editor, "kubectl edit cm a -o json --output-patch --save-config");
    expect(shown[0].name).toMatch(/\.json$/);
    expect(shown[0].text.startsWith('{\n    "apiVersion": "v1",\n')).toBe(true);
    expect(r.stdout).toMatch(/^Patch: \{"data":\{"k":"2"\},"metadata":\{"annotations":\{"kubectl.kubernetes.io\/last-applied-configuration":"\{\\"apiVersion\\":\\"v1\\",\\"data\\":\{\\"k\\":\\"2\\"\}/);
    // -o json also prints the edited object.
    expect(r.stdout).toContain('\n{\n    "apiVersion": "v1",\n    "data": {\n        "k": "2"\n    },\n');
    expect(c.client().get("configmaps", "default", "a").metadata.annotations?.["kubectl.kubernetes.io/last-applied-configuration"]).toContain('"k":"2"');
  });

  it("--subresource=status patches the status subresource, where spec changes do not count", async () => {
    const c = newCluster();
    await run(c, undefined, DEPLOY);
    const r = await run(c, scriptedEditor((t) => t.replace("spec:\n  progressDeadlineSeconds: 600\n  replicas: 1", "spec:\n  progressDeadlineSeconds: 600\n  replicas: 5")).editor, "kubectl edit deploy web --subresource=status");
    expect(r.stdout).toBe("deployment.apps/web edited\n");
    expect(c.client().get("deployments", "default", "web").spec.replicas).toBe(1);
  });

  it("prints kubectl's errors before opening anything", async () => {
    const c = newCluster();
    await run(c, undefined, DEPLOY);
    const { editor, shown } = scriptedEditor();
    const cases: Array<[string, string]> = [
      ["kubectl edit deploy nope", 'Error from server (NotFound): deployments.apps "nope" not found\n'],
      ["kubectl edit foo/bar", 'error: the server doesn\'t have a resource type "foo"\n'],
      ["kubectl edit deploy -n kube-public", "error: edit cancelled, no objects found\n"],
      ["kubectl edit deploy web -o name", 'error: unable to match a printer suitable for the output format "name", allowed formats are: json,yaml\n'],
    ];
    for (const [cmd, stderr] of cases) {
      const r = await run(c, editor, cmd);
      expect({ cmd, stderr: r.stderr, code: r.exitCode }).toEqual({ cmd, stderr, code: 1 });
    }
    expect(shown).toHaveLength(0);
  });

  it("in a script, without a terminal, says how to change objects instead", async () => {
    const c = newCluster();
    await run(c, undefined, DEPLOY);
    const r = await run(c, undefined, "kubectl edit deploy web");
    expect(r.stderr).toBe(
      "error: there is no terminal to open an editor on (this is a script): change objects with kubectl patch, kubectl set, or kubectl get -o yaml > FILE, sed and kubectl apply -f FILE\n",
    );
    expect(r.exitCode).toBe(1);
  });
});
