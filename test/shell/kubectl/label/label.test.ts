/**
 * kubectl label: KEY=VAL and KEY- on live objects (a merge patch of
 * metadata.labels), --overwrite, --list, -l / --all / -A, -f, --dry-run,
 * --local, --resource-version, and the real kubectl's messages. The --local
 * cases and flag errors are golden output of the real kubectl (v1.32,
 * offline).
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";
import { ANN_YAML, POD_YAML } from "../metadata-files.js";

/** Bare pods labelled run=<name>, as `kubectl run` makes them. */
const pods = (...names: string[]) =>
  names
    .map((n) => `kubectl apply -f - >/dev/null <<'EOF'\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ${n}\n  labels:\n    run: ${n}\nspec:\n  containers:\n  - name: ${n}\n    image: nginx\nEOF`)
    .join("\n") + "\n";

describe("kubectl label on live objects", () => {
  it("adds, overwrites and removes labels", async () => {
    const c = newCluster();
    const r = await sh(pods("web") + "kubectl label pod web tier=frontend env=prod", { cluster: c });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("pod/web labeled\n");
    expect(c.client().get("pods", "default", "web").metadata.labels).toEqual({ run: "web", tier: "frontend", env: "prod" });

    const conflict = await sh("kubectl label pod web tier=backend", { cluster: c });
    expect(conflict.stderr).toBe("error: 'tier' already has a value (frontend), and --overwrite is false\n");
    expect(conflict.exitCode).toBe(1);

    const over = await sh("kubectl label pod web tier=backend --overwrite", { cluster: c });
    expect(over.stdout).toBe("pod/web labeled\n");
    const removed = await sh("kubectl label pod web env-", { cluster: c });
    expect(removed.stdout).toBe("pod/web unlabeled\n");
    expect(c.client().get("pods", "default", "web").metadata.labels).toEqual({ run: "web", tier: "backend" });

    const same = await sh("kubectl label pod web tier=backend", { cluster: c });
    expect(same.stdout).toBe("pod/web not labeled\n");
  });

  it("says when a label to remove is not there", async () => {
    const r = await sh(pods("web") + "kubectl label pod web nope-");
    expect(r.stdout).toBe('label "nope" not found.\npod/web not labeled\n');
  });

  it("reports several conflicts on one object one per line", async () => {
    const r = await sh(pods("web") + "kubectl label pod web a=1 b=2 >/dev/null\nkubectl label pod web a=3 b=4");
    expect(r.stderr).toBe("'a' already has a value (1), and --overwrite is false\n'b' already has a value (2), and --overwrite is false\n");
    expect(r.exitCode).toBe(1);
  });

  it("selects by -l, --all and -A, and lists labels", async () => {
    const c = newCluster();
    await sh(pods("a", "b") + "kubectl create ns other >/dev/null\n" + pods("c").replace("apply -f -", "apply -n other -f -") + "", { cluster: c });
    const sel = await sh("kubectl label pods -l run=a team=x", { cluster: c });
    expect(sel.stdout).toBe("pod/a labeled\n");
    const all = await sh("kubectl label pods --all team=y --overwrite", { cluster: c });
    expect(all.stdout).toBe("pod/a labeled\npod/b labeled\n");
    const everywhere = await sh("kubectl label pods -A -l run=c team=z", { cluster: c });
    expect(everywhere.stdout).toBe("pod/c labeled\n");
    expect(c.client().get("pods", "other", "c").metadata.labels?.team).toBe("z");

    const one = await sh("kubectl label pod a --list", { cluster: c });
    expect(one.stdout).toBe("run=a\nteam=y\n");
    const many = await sh("kubectl label pods --all --list", { cluster: c });
    expect(many.stdout).toBe("Listing labels for Pod./a:\n run=a\n team=y\nListing labels for Pod./b:\n run=b\n team=y\n");
    const nodes = await sh("kubectl label node node01 --list", { cluster: c });
    expect(nodes.stdout).toContain("kubernetes.io/hostname=node01\n");
  });

  it("labels nodes and deployments with their kind in the output", async () => {
    const c = newCluster();
    const r = await sh("kubectl create deployment web --image=nginx >/dev/null\nkubectl label deploy/web tier=web\nkubectl label node node01 disk=ssd", { cluster: c });
    expect(r.stdout).toBe("deployment.apps/web labeled\nnode/node01 labeled\n");
    expect(c.client().get("nodes", undefined, "node01").metadata.labels?.disk).toBe("ssd");
  });

  it("--dry-run=client and server change nothing", async () => {
    const c = newCluster();
    const r = await sh(pods("web") + "kubectl label pod web a=b --dry-run=client\nkubectl label pod web a=b --dry-run=server", { cluster: c });
    expect(r.stdout).toBe("pod/web labeled (dry run)\npod/web labeled (server dry run)\n");
    expect(c.client().get("pods", "default", "web").metadata.labels).toEqual({ run: "web" });
  });

  it("-f labels the live object the file names", async () => {
    const c = newCluster();
    const r = await sh(pods("web") + POD_YAML + "kubectl label -f pod.yaml from=file", { cluster: c });
    expect(r.stdout).toBe("pod/web labeled\n");
    expect(c.client().get("pods", "default", "web").metadata.labels?.from).toBe("file");
  });

  it("--resource-version locks the update", async () => {
    const c = newCluster();
    await sh(pods("web"), { cluster: c });
    const rv = c.client().get("pods", "default", "web").metadata.resourceVersion;
    const stale = await sh("kubectl label pod web a=b --resource-version=1", { cluster: c });
    expect(stale.stderr).toBe(
      'Error from server (Conflict): Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again\n',
    );
    const fresh = await sh(`kubectl label pod web a=b --resource-version=${rv}`, { cluster: c });
    expect(fresh.stdout).toBe("pod/web labeled\n");
    const many = await sh(pods("x") + "kubectl label pods --all a=c --resource-version=1", { cluster: c });
    expect(many.stderr).toBe("error: --resource-version may only be used with a single resource\n");
  });

  it("invalid keys are refused by the API server", async () => {
    const r = await sh(pods("web") + "kubectl label pod web 'bad key!=x'");
    expect(r.stderr).toMatch(/^The Pod "web" is invalid: metadata.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters/);
    expect(r.exitCode).toBe(1);
  });

  it("keeps going after an object that is not found", async () => {
    const r = await sh(pods("web") + "kubectl label pod nope web a=b");
    expect(r.stdout).toBe("pod/web labeled\n");
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(r.exitCode).toBe(1);
  });
});

describe("kubectl label, golden output of the real kubectl", () => {
  it("--local -f pod.yaml app=x -o yaml", async () => {
    const r = await sh(POD_YAML + "kubectl label --local -f pod.yaml app=x -o yaml");
    expect(r.stdout).toBe(`apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    app: x
    run: web
  name: web
spec:
  containers:
  - image: nginx
    name: web
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: {}
`);
  });

  it("--local operations, --list and --resource-version", async () => {
    const r = await sh(
      POD_YAML +
        [
          "kubectl label --local -f pod.yaml run=x --overwrite",
          "kubectl label --local -f pod.yaml run-",
          "kubectl label --local -f pod.yaml run- foo=bar",
          "kubectl label --local -f pod.yaml --overwrite run=web",
          "kubectl label --local -f pod.yaml a=b --dry-run=client",
          "kubectl label --local -f pod.yaml a=b -o name",
          "kubectl label --local -f pod.yaml --list",
          "kubectl label --local -f pod.yaml 'bad key!=x'",
        ].join("\n"),
    );
    expect(r.stdout).toBe("pod/web labeled\npod/web unlabeled\npod/web labeled\npod/web not labeled\npod/web labeled (dry run)\npod/web\nrun=web\npod/web labeled\n");
    const rv = await sh(POD_YAML + "kubectl label --local -f pod.yaml a=b --resource-version=5 -o yaml");
    expect(rv.stdout).toContain('  name: web\n  resourceVersion: "5"\nspec:\n');
  });

  it("--list over several objects names each one", async () => {
    const r = await sh(POD_YAML + ANN_YAML + "kubectl label --local -f ann.yaml -f pod.yaml --list x=y");
    expect(r.stdout).toBe("Listing labels for Pod./p:\n x=y\nListing labels for Pod./web:\n run=web\n x=y\n");
  });

  it("flag and argument errors", async () => {
    const cases: Array<[string, string]> = [
      ["kubectl label --local -f pod.yaml", "error: at least one label update is required\n"],
      ["kubectl label --local -f pod.yaml a=b=c", "error: invalid label spec: a=b=c\n"],
      ["kubectl label --local -f pod.yaml a", "error: can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set\n"],
      ["kubectl label --local -f pod.yaml a=b a-", "error: can not both modify and remove a label in the same command\n"],
      [
        "kubectl label --local -f pod.yaml 'a=b c'",
        `error: invalid label value: "a=b c": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n`,
      ],
      [
        `kubectl label --local -f pod.yaml a=${"x".repeat(64)}`,
        `error: invalid label value: "a=${"x".repeat(64)}": must be no more than 63 characters\n`,
      ],
      ["kubectl label --local a=b", "error: one or more files must be specified as -f pod.yaml or --filename=pod.json\n"],
      ["kubectl label --local -f pod.yaml a=b --dry-run=server", "error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?\n"],
      ["kubectl label --local -f pod.yaml --list -o yaml", "error: --list and --output may not be specified together\n"],
      ["kubectl label pods --all -l a=b x=y", "error: cannot set --all and --selector at the same time\n"],
      ["kubectl label pods --all --field-selector a=b x=y", "error: cannot set --all and --field-selector at the same time\n"],
      ["kubectl label a=b", "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n"],
      ["kubectl label pod web a=b pod2", "error: all resources must be specified before label changes: pod2\n"],
      ["kubectl label --local -f pod.yaml run=x", "error: 'run' already has a value (web), and --overwrite is false\n"],
      [
        "kubectl label --local -f pod.yaml a=b -o wide",
        'error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
      ],
    ];
    const c = newCluster();
    await sh(POD_YAML, { cluster: c });
    for (const [cmd, stderr] of cases) {
      const r = await sh(cmd, { cluster: c });
      expect({ cmd, stderr: r.stderr, stdout: r.stdout, code: r.exitCode }).toEqual({ cmd, stderr, stdout: "", code: 1 });
    }
  });
});
