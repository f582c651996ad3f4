/**
 * cobra's help command in kubectl, as the real kubectl v1.32 answers:
 * `kubectl help CMD...` is `kubectl CMD... --help` (words past a found
 * command are ignored), an unknown topic prints "Unknown help topic" and
 * the root's usage on stderr with exit 0, and the help command has a help
 * of its own. Also the help layout rules every command shares (flags
 * sorted by name, " [options]" after the use line, examples indented with
 * blank lines of two spaces), checked with `kubectl get --help`.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

describe("kubectl help", () => {
  const cluster = newCluster();

  it("shows the help of the command its words name", async () => {
    const a = await sh("kubectl help rollout status; kubectl help rollout nope", { cluster });
    const b = await sh("kubectl rollout status --help; kubectl rollout --help", { cluster });
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^Show the status of the rollout\./);
    const root = await sh("kubectl help; kubectl --help", { cluster });
    const [first, second] = [root.stdout.slice(0, root.stdout.length / 2), root.stdout.slice(root.stdout.length / 2)];
    expect(first).toBe(second);
  });

  it("an unknown topic: the topic error and the root's usage on stderr, exit 0", async () => {
    const r = await sh("kubectl help foo bar", { cluster });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^Unknown help topic \[`foo` `bar`\]\n\n\nBasic Commands \(Beginner\):\n {2}create {10}Create a resource from a file or from stdin\n/);
    expect(r.stderr).toMatch(/\nUsage:\n {2}kubectl \[flags\] \[options\]\n\nUse "kubectl <command> --help" for more information about a given command\.\nUse "kubectl options" for a list of global command-line options \(applies to all commands\)\.\n$/);
  });

  it("has its own help, and refuses unknown flags in cobra's words", async () => {
    const r = await sh("kubectl help help; kubectl help get --bogus; echo rc=$?", { cluster });
    expect(r.stdout).toBe(
      "Help provides help for any command in the application.\nSimply type kubectl help [path to command] for full details.\n\nUsage:\n  kubectl help [command] [flags] [options]\n\n" +
        'Use "kubectl options" for a list of global command-line options (applies to all commands).\nrc=1\n',
    );
    expect(r.stderr).toBe("Error: unknown flag: --bogus\nSee 'kubectl help --help' for usage.\n");
  });

  it("lays out a command's help as kubectl does: sorted flags, examples, [options]", async () => {
    const r = await sh("kubectl get --help", { cluster });
    const flags = [...r.stdout.matchAll(/^ {4}(?:-\w, )?--([\w-]+)=/gm)].map((m) => m[1]);
    expect(flags.slice(0, 3)).toEqual(["all-namespaces", "allow-missing-template-keys", "chunk-size"]);
    expect(flags).toEqual([...flags].sort());
    expect(r.stdout).toContain("  kubectl get pods\n  \n  # List all pods in ps output format with more information (such as node name)\n");
    expect(r.stdout).toContain("Usage:\n  kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]\n");
  });

  it("a flag before a word that names no command is kubectl's plugin error; before help or a command it is fine", async () => {
    const r = await sh("kubectl -n x foo; echo rc=$?; kubectl -n x help; echo rc=$?; kubectl -n kube-system get ns default -o name; kubectl -v=3 help version | head -1", { cluster });
    expect(r.stderr).toBe("Error: flags cannot be placed before plugin name: -n\nError: flags cannot be placed before plugin name: -n\n");
    expect(r.stdout).toBe("rc=1\nrc=1\nnamespace/default\nPrint the client and server version information for the current context.\n");
  });
});
