/**
 * Golden tests of kubectl patch that need no server (--local, flag and
 * argument errors, --help): the expected text is what the real kubectl v1.32 printed
 * for the same files, with `creationTimestamp: null` dropped as v1.34 does, and
 * --subresource's help without v1.32's "This flag is beta" sentence (v1.34
 * cmdutil.AddSubresourceFlags).
 */
import { describe, expect, it } from "vitest";
import { sh } from "../../../helpers.js";
import { LOCAL_FILES } from "../set/local-files.js";

/** [command, stdout, stderr, exit code] */
const CASES: Array<[string, string, string, number]> = [
  ["kubectl patch --help", "Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.\n\n JSON and YAML formats are accepted.\n\n Note: Strategic merge patch is not supported for custom resources.\n\nExamples:\n  # Partially update a node using a strategic merge patch, specifying the patch as JSON\n  kubectl patch node k8s-node-1 -p '{\"spec\":{\"unschedulable\":true}}'\n  \n  # Partially update a node using a strategic merge patch, specifying the patch as YAML\n  kubectl patch node k8s-node-1 -p $'spec:\\n unschedulable: true'\n  \n  # Partially update a node identified by the type and name specified in \"node.json\" using strategic merge patch\n  kubectl patch -f node.json -p '{\"spec\":{\"unschedulable\":true}}'\n  \n  # Update a container's image; spec.containers[*].name is required because it's a merge key\n  kubectl patch pod valid-pod -p '{\"spec\":{\"containers\":[{\"name\":\"kubernetes-serve-hostname\",\"image\":\"new image\"}]}}'\n  \n  # Update a container's image using a JSON patch with positional arrays\n  kubectl patch pod valid-pod --type='json' -p='[{\"op\": \"replace\", \"path\": \"/spec/containers/0/image\", \"value\":\"new image\"}]'\n  \n  # Update a deployment's replicas through the 'scale' subresource using a merge patch\n  kubectl patch deployment nginx-deployment --subresource='scale' --type='merge' -p '{\"spec\":{\"replicas\":2}}'\n\nOptions:\n    --allow-missing-template-keys=true:\n\tIf true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.\n\n    --dry-run='none':\n\tMust be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.\n\n    --field-manager='kubectl-patch':\n\tName of the manager used to track field ownership.\n\n    -f, --filename=[]:\n\tFilename, directory, or URL to files identifying the resource to update\n\n    -k, --kustomize='':\n\tProcess the kustomization directory. This flag can't be used together with -f or -R.\n\n    --local=false:\n\tIf true, patch will operate on the content of the file, not the server-side resource.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).\n\n    -p, --patch='':\n\tThe patch to be applied to the resource JSON file.\n\n    --patch-file='':\n\tA file containing a patch to be applied to the resource.\n\n    -R, --recursive=false:\n\tProcess the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.\n\n    --show-managed-fields=false:\n\tIf true, keep the managedFields when printing objects in JSON or YAML format.\n\n    --subresource='':\n\tIf specified, patch will operate on the subresource of the requested object.\n\n    --template='':\n\tTemplate string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].\n\n    --type='strategic':\n\tThe type of patch being provided; one of [json merge strategic]\n\nUsage:\n  kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n", "", 0],
  ["kubectl patch -f d.yaml --local -p '{\"spec\":{\"replicas\":3}}' -o yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: web\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx\n        name: nginx\n        resources: {}\n      - env:\n        - name: MODE\n          value: dev\n        - name: KEEP\n          value: \"1\"\n        image: busybox\n        name: sidecar\nstatus: {}\n", "", 0],
  ["kubectl patch -f d.yaml --local -p '{\"spec\":{\"replicas\":1}}'", "deployment.apps/web patched (no change)\n", "", 0],
  ["kubectl patch -f d.yaml --local -p '{\"spec\":{\"replicas\":2}}'", "deployment.apps/web patched\n", "", 0],
  ["kubectl patch -f d.yaml --local -p '{\"spec\":{\"replicas\":2}}' --dry-run=client", "deployment.apps/web patched\n", "", 0],
  ["kubectl patch -f d.yaml --local --patch-file patch.yaml -o jsonpath='{.spec.replicas}'", "7", "", 0],
  ["kubectl patch -f d.yaml --local -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:2\"}]}}}}' -o yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: web\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx:2\n        name: nginx\n        resources: {}\n      - env:\n        - name: MODE\n          value: dev\n        - name: KEEP\n          value: \"1\"\n        image: busybox\n        name: sidecar\nstatus: {}\n", "", 0],
  ["kubectl patch -f d.yaml --local -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"image\":\"busybox\"}]}}}}' -o jsonpath='{.spec.template.spec.containers[*].name}'", "side nginx sidecar", "", 0],
  ["kubectl patch -f d.yaml --local -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"$patch\":\"delete\"}]}}}}' -o jsonpath='{.spec.template.spec.containers[*].name}'", "nginx", "", 0],
  ["kubectl patch -f d.yaml --local --type=merge -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"only\",\"image\":\"x\"}]}}}}' -o jsonpath='{.spec.template.spec.containers[*].name}'", "only", "", 0],
  ["kubectl patch -f d.yaml --local --type=merge -p '{\"metadata\":{\"labels\":null}}' -o yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx\n        name: nginx\n        resources: {}\n      - env:\n        - name: MODE\n          value: dev\n        - name: KEEP\n          value: \"1\"\n        image: busybox\n        name: sidecar\nstatus: {}\n", "", 0],
  ["kubectl patch -f d.yaml --local -p '{\"spec\":'", "", "error: invalid JSON document\n", 1],
  ["kubectl patch -f d.yaml --local -p 'foo'", "", "error: invalid JSON document\n", 1],
  ["kubectl patch -f d.yaml --local -p '[1]'", "", "error: invalid JSON document\n", 1],
  ["kubectl patch -f d.yaml --local --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5}]' -o jsonpath='{.spec.replicas}'", "5", "", 0],
  ["kubectl patch -f d.yaml --local --type=json -p '[{\"op\":\"add\",\"path\":\"/metadata/labels/tier\",\"value\":\"fe\"}]' -o jsonpath='{.metadata.labels}'", "{\"app\":\"web\",\"tier\":\"fe\"}", "", 0],
  ["kubectl patch -f d.yaml --local --type=json -p '[{\"op\":\"remove\",\"path\":\"/spec/template/spec/containers/1\"}]' -o jsonpath='{.spec.template.spec.containers[*].name}'", "nginx", "", 0],
  ["kubectl patch -f d.yaml --local --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/nope/x\",\"value\":5}]'", "", "error: replace operation does not apply: doc is missing path: /spec/nope/x: missing value\n", 1],
  ["kubectl patch -f d.yaml --local --type=json -p '{}'", "", "error: json: cannot unmarshal object into Go value of type jsonpatch.Patch\n", 1],
  ["kubectl patch -f d.yaml --local --type=json -p '[{\"op\":\"add\",\"path\":\"/spec/nope/x\",\"value\":1}]'", "", "error: add operation does not apply: doc is missing path: \"/spec/nope/x\": missing value\n", 1],
  ["kubectl patch -f d.yaml --local --type=json -p '[{\"op\":\"bogus\",\"path\":\"/spec\"}]'", "", "error: Unexpected kind: bogus\n", 1],
  ["kubectl patch -f d.yaml --local --type=json -p '[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":3}]'", "", "error: testing value /spec/replicas failed: test failed\n", 1],
  ["kubectl patch -f d.yaml --local --type=json -p '[{\"op\":\"remove\",\"path\":\"/spec/nope\"}]'", "", "error: error in remove for path: '/spec/nope': Unable to remove nonexistent key: nope: missing value\n", 1],
  ["kubectl patch -f d.yaml --local --type=merge -p '{\"spec\":'", "", "error: Invalid JSON Patch\n", 1],
  ["kubectl patch -f d.yaml --local --type=merge -p 'foo'", "", "error: Invalid JSON Patch\n", 1],
  ["kubectl patch -f d.yaml --local --type=merge -p '[1]'", "", "error: json: cannot unmarshal array into Go value of type unstructured.detector\n", 1],
  ["kubectl patch -f d.yaml --local --type=foo -p '{}'", "", "error: --type must be one of [json merge strategic], not \"foo\"\n", 1],
  ["kubectl patch -f d.yaml --local", "", "error: must specify --patch or --patch-file containing the contents of the patch\n", 1],
  ["kubectl patch -f d.yaml --local -p '{}' --patch-file x", "", "error: cannot specify --patch and --patch-file together\n", 1],
  ["kubectl patch deploy web --local -p '{}'", "", "error: cannot specify --local and server resources\n", 1],
  ["kubectl patch -f d.yaml --local --patch-file nope.json", "", "error: unable to read patch file: open nope.json: no such file or directory\n", 1],
  ["kubectl patch -f d.yaml --local --dry-run=server -p '{}'", "", "error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?\n", 1],
];

describe("kubectl patch (golden, local)", () => {
  it.each(CASES)("%s", async (command, stdout, stderr, exitCode) => {
    const r = await sh(LOCAL_FILES + command);
    expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stdout, stderr, exitCode });
  });
});
