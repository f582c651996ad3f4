/**
 * A kubeconfig kubectl cannot load fails every command that works out its
 * namespace, a client-side dry run and an explicit -n included, while
 * completion and version --client still answer: as the real kubectl v1.32
 * does with the same broken file and with --context naming nothing.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const LOAD_ERROR = 'error: error loading config file "/tmp/broken.kc": yaml: line 3: did not find expected node content\n';

describe("an unusable kubeconfig", () => {
  const cluster = newCluster();
  const broken = 'printf "apiVersion: v1\\nkind: Config\\nclusters: [\\n" > /tmp/broken.kc; export KUBECONFIG=/tmp/broken.kc; ';

  it("fails generators and dry runs, -n or not", async () => {
    const r = await sh(`${broken}kubectl create deploy x --image=nginx --dry-run=client -o name -n foo; echo rc=$?; kubectl run x --image=nginx --dry-run=client -o name; echo rc=$?`, { cluster });
    expect(r.stdout).toBe("rc=1\nrc=1\n");
    expect(r.stderr).toBe(LOAD_ERROR + LOAD_ERROR);
  });

  it("leaves completion and the client version working", async () => {
    const r = await sh(`${broken}kubectl completion bash | grep -c __start_kubectl >/dev/null && echo completion; kubectl version --client | head -1`, { cluster });
    expect(r.stdout).toBe("completion\nClient Version: v1.34.1\n");
    expect(r.stderr).toBe("");
  });

  it("--context naming no context fails a dry run too", async () => {
    const r = await sh("kubectl --context=nope create deploy x --image=nginx --dry-run=client -o name", { cluster });
    expect(r.stderr).toBe('error: context "nope" does not exist\n');
    expect(r.exitCode).toBe(1);
  });
});
