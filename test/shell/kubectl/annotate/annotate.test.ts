/**
 * kubectl annotate: the mechanism label uses, with annotate's wording: free
 * values, `annotated` always, the grouped --overwrite error, the exempt
 * kubernetes.io/change-cause. The --local cases are golden output of the
 * real kubectl (v1.32, offline).
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";
import { ANN_YAML, POD_YAML } from "../metadata-files.js";

const deploy = "kubectl create deployment web --image=nginx >/dev/null\n";

describe("kubectl annotate on live objects", () => {
  it("adds, refuses to overwrite, overwrites and removes annotations", async () => {
    const c = newCluster();
    const r = await sh(deploy + "kubectl annotate deploy web description='my frontend'", { cluster: c });
    expect(r.stdout).toBe("deployment.apps/web annotated\n");
    expect(c.client().get("deployments", "default", "web").metadata.annotations?.description).toBe("my frontend");

    const conflict = await sh("kubectl annotate deploy web description=other owner=me", { cluster: c });
    expect(conflict.stderr).toBe("error: --overwrite is false but found the following declared annotation(s): 'description' already has a value (my frontend)\n");
    expect(conflict.exitCode).toBe(1);
    expect(c.client().get("deployments", "default", "web").metadata.annotations?.owner).toBeUndefined();

    const over = await sh("kubectl annotate deploy web description=other --overwrite\nkubectl annotate deploy web description-", { cluster: c });
    expect(over.stdout).toBe("deployment.apps/web annotated\ndeployment.apps/web annotated\n");
    expect(c.client().get("deployments", "default", "web").metadata.annotations?.description).toBeUndefined();
  });

  it("always lets kubernetes.io/change-cause be overwritten", async () => {
    const c = newCluster();
    const r = await sh(deploy + "kubectl annotate deploy web kubernetes.io/change-cause=one\nkubectl annotate deploy web kubernetes.io/change-cause=two", { cluster: c });
    expect(r.stderr).toBe("");
    expect(c.client().get("deployments", "default", "web").metadata.annotations?.["kubernetes.io/change-cause"]).toBe("two");
  });

  it("-o yaml prints the object the server returned", async () => {
    const c = newCluster();
    const r = await sh(deploy + "kubectl annotate deploy web a=b -o jsonpath='{.metadata.annotations.a} {.metadata.generation}'", { cluster: c });
    expect(r.stdout).toBe("b 1");
  });

  it("--list prints the annotations, --dry-run changes nothing", async () => {
    const c = newCluster();
    const r = await sh(deploy + "kubectl annotate deploy web a=b >/dev/null\nkubectl annotate deploy web --list\nkubectl annotate deploy web x=y --dry-run=server", { cluster: c });
    expect(r.stdout).toBe("a=b\ndeployment.kubernetes.io/revision=1\ndeployment.apps/web annotated (server dry run)\n");
    expect(c.client().get("deployments", "default", "web").metadata.annotations?.x).toBeUndefined();
  });
});

describe("kubectl annotate, golden output of the real kubectl", () => {
  it("--local -f pod.yaml -o json", async () => {
    const r = await sh(POD_YAML + "kubectl annotate --local -f pod.yaml 'description=my frontend' -o json");
    expect(r.stdout).toBe(`{
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {
        "annotations": {
            "description": "my frontend"
        },
        "creationTimestamp": null,
        "labels": {
            "run": "web"
        },
        "name": "web"
    },
    "spec": {
        "containers": [
            {
                "image": "nginx",
                "name": "web",
                "resources": {}
            }
        ],
        "dnsPolicy": "ClusterFirst",
        "restartPolicy": "Always"
    },
    "status": {}
}
`);
  });

  it("--local operations", async () => {
    const r = await sh(
      POD_YAML +
        ANN_YAML +
        [
          "kubectl annotate --local -f pod.yaml a=b=c -o jsonpath={.metadata.annotations}",
          "echo",
          "kubectl annotate --local -f pod.yaml a=b",
          "kubectl annotate --local -f pod.yaml a-",
          "kubectl annotate --local -f pod.yaml a=b --dry-run=client",
          "kubectl annotate --local -f pod.yaml a=b --list",
          "kubectl annotate --local -f ann.yaml a=x1 -o name",
          "kubectl annotate --local -f ann.yaml --list",
          "kubectl annotate --local -f ann.yaml --list -o yaml",
        ].join("\n"),
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe('{"a":"b=c"}\npod/web annotated\npod/web annotated\npod/web annotated (dry run)\na=b\npod/p\na=x1\nc=y1\na=x1\nc=y1\n');
  });

  it("flag and argument errors", async () => {
    const cases: Array<[string, string]> = [
      ["kubectl annotate --local -f pod.yaml", "error: at least one annotation update is required\n"],
      ["kubectl annotate --local -f pod.yaml a", "error: can only use local files by -f rsrc.yaml or --filename=rsrc.json when --local=true is set\n"],
      ["kubectl annotate --local -f pod.yaml a=b a- c=d c-", "error: can not both modify and remove the following annotation(s) in the same command: a, c\n"],
      ["kubectl annotate --local a=b", "error: one or more files must be specified as -f rsrc.yaml or --filename=rsrc.json\n"],
      ["kubectl annotate --local -f pod.yaml a=b --dry-run=server", "error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?\n"],
      ["kubectl annotate pods --all -l a=b x=y", "error: cannot set --all and --selector at the same time\n"],
      ["kubectl annotate a=b", "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n"],
      ["kubectl annotate pod web a=b pod2", "error: all resources must be specified before annotation changes: pod2\n"],
      ["kubectl annotate --local -f pod.yaml =b", "error: can only use local files by -f rsrc.yaml or --filename=rsrc.json when --local=true is set\n"],
      [
        "kubectl annotate --local -f ann.yaml a=1 c=2 b=3",
        "error: --overwrite is false but found the following declared annotation(s): 'a' already has a value (x1); 'c' already has a value (y1)\n",
      ],
      [
        "kubectl annotate --local -f pod.yaml a=b -o wide",
        'error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
      ],
    ];
    const c = newCluster();
    await sh(POD_YAML + ANN_YAML, { cluster: c });
    for (const [cmd, stderr] of cases) {
      const r = await sh(cmd, { cluster: c });
      expect({ cmd, stderr: r.stderr, stdout: r.stdout, code: r.exitCode }).toEqual({ cmd, stderr, stdout: "", code: 1 });
    }
  });
});
