/**
 * kubectl's help texts: the root help with its command groups, `kubectl
 * options`, and the help of the commands of config, version, cluster-info,
 * completion, certificate, api-versions and auth (can-i, whoami), compared
 * with the real kubectl's (captured from v1.32; the texts of these commands
 * are the same in v1.34's source, pkg/cmd/*, pkg/util/templates). v1.34
 * adds one global flag, --kuberc (cmd.go registers it unless
 * KUBECTL_KUBERC=false).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const GOLDEN = JSON.parse(readFileSync(new URL("golden.json", import.meta.url), "utf8")) as Array<[string, string]>;

const KUBERC = `    --kuberc='':
\tPath to the kuberc file to use for preferences. This can be disabled by exporting KUBECTL_KUBERC=false feature gate or turning off the feature KUBERC=off.

`;

function v134(cmd: string, text: string): string {
  if (cmd !== "options") return text;
  const at = text.indexOf("    --log-flush-frequency");
  return text.slice(0, at) + KUBERC + text.slice(at);
}

describe("help texts match the real kubectl", () => {
  const cluster = newCluster();
  it.each(GOLDEN)("kubectl %s", async (cmd, stdout) => {
    const r = await sh(`kubectl ${cmd}`, { cluster });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(v134(cmd, stdout));
    expect(r.exitCode).toBe(0);
  });

  it("a group command without its subcommand prints the help on stderr and fails (config, auth)", async () => {
    const r = await sh("kubectl auth; echo rc=$?; kubectl config nope; echo rc=$?", { cluster });
    expect(r.stdout).toBe("rc=1\nrc=1\n");
    expect(r.stderr).toMatch(/^Inspect authorization\.\n\nAvailable Commands:\n  can-i         Check whether an action is allowed\n/);
    expect(r.stderr).toMatch(/error: unknown command "nope"\nSee 'kubectl config -h' for help and examples\n$/);
  });
});
