/**
 * kubectl explain, laid out as v1.34's plaintext template
 * (pkg/explain/v2/templates/plaintext.tmpl) lays out the published OpenAPI
 * v3 schema: KIND/VERSION (GROUP for named groups), FIELD with its type, the
 * descriptions wrapped by go-wordwrap at 76 columns, FIELDS sorted with
 * `name<TAB><type>` and -required-.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

describe("kubectl explain", () => {
  const cluster = newCluster();

  it("a field: its type, its description followed by its type's, then the type's fields", async () => {
    const r = await sh("kubectl explain pod.spec.containers | head -23", { cluster });
    expect(r.stdout).toBe(
      [
        "KIND:       Pod",
        "VERSION:    v1",
        "",
        "FIELD: containers <[]Container>",
        "",
        "",
        "DESCRIPTION:",
        "    List of containers belonging to the pod. Containers cannot currently be",
        "    added or removed. There must be at least one container in a Pod. Cannot be",
        "    updated.",
        "    A single application container that you want to run within a pod.",
        "    ",
        "FIELDS:",
        "  args\t<[]string>",
        "    Arguments to the entrypoint. The container image's CMD is used if this is",
        "    not provided. Variable references $(VAR_NAME) are expanded using the",
        "    container's environment. If a variable cannot be resolved, the reference in",
        "    the input string will be unchanged. Double $$ are reduced to a single $,",
        '    which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will',
        '    produce the string literal "$(VAR_NAME)". Escaped references will never be',
        "    expanded, regardless of whether the variable exists or not. Cannot be",
        "    updated. More info:",
        "    https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell",
        "",
      ].join("\n"),
    );
    expect((await sh("kubectl explain pods.spec.containers | grep -e '-required-'", { cluster })).stdout).toBe("  name\t<string> -required-\n");
  });

  it("a resource: GROUP for named groups, the kind's description, every top-level field", async () => {
    const r = await sh("kubectl explain deployments", { cluster });
    expect(r.stdout.split("\n").slice(0, 9)).toEqual([
      "GROUP:      apps",
      "KIND:       Deployment",
      "VERSION:    v1",
      "",
      "DESCRIPTION:",
      "    Deployment enables declarative updates for Pods and ReplicaSets.",
      "    ",
      "FIELDS:",
      "  apiVersion\t<string>",
    ]);
    expect(r.stdout.match(/^  \S+\t<[^>]+>/gm)).toEqual(["  apiVersion\t<string>", "  kind\t<string>", "  metadata\t<ObjectMeta>", "  spec\t<DeploymentSpec>", "  status\t<DeploymentStatus>"]);
  });

  it("special types: IntOrString, Time (a string) and maps of Quantity", async () => {
    const r = await sh(
      "kubectl explain svc.spec.ports.targetPort | sed -n 4p; kubectl explain pod.metadata.creationTimestamp | sed -n 4p; kubectl explain pod.spec.containers.resources | grep limits",
      { cluster },
    );
    expect(r.stdout).toBe("FIELD: targetPort <IntOrString>\nFIELD: creationTimestamp <string>\n  limits\t<map[string]Quantity>\n");
  });

  it("--recursive: the field names and types of the whole tree, indented by depth", async () => {
    const r = await sh("kubectl explain pod.spec.containers.resources --recursive", { cluster });
    expect(r.stdout.slice(r.stdout.indexOf("FIELDS:"))).toBe(
      "FIELDS:\n  claims\t<[]ResourceClaim>\n    name\t<string> -required-\n    request\t<string>\n  limits\t<map[string]Quantity>\n  requests\t<map[string]Quantity>\n\n",
    );
  });

  it("errors: unknown field (named by the path's last element), resource, api-version and arguments", async () => {
    const r = await sh(
      [
        "kubectl explain pod.spec.foo",
        "kubectl explain pod.foo.bar",
        "kubectl explain foo",
        "kubectl explain pods --api-version=apps/v1",
        "kubectl explain pods --api-version=v2",
        "kubectl explain",
        "kubectl explain pods svc",
        "echo rc=$?",
      ].join("; "),
      { cluster },
    );
    expect(r.stdout).toBe("rc=1\n");
    expect(r.stderr).toBe(
      [
        'error: field "foo" does not exist',
        'error: field "bar" does not exist',
        'error: the server doesn\'t have a resource type "foo"',
        "error: GVR (apps/v1, Resource=pods) not found in OpenAPI schema",
        'error: couldn\'t find resource for "/v2, Resource=pods"',
        // These two messages end in a newline of their own: CheckErr adds none.
        'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.',
        "error: We accept only this format: explain RESOURCE",
        "",
      ].join("\n"),
    );
  });

  it("a custom resource from its CRD's openAPIV3Schema, with apiVersion, kind and metadata added", async () => {
    const crd = [
      "apiVersion: apiextensions.k8s.io/v1",
      "kind: CustomResourceDefinition",
      "metadata:",
      "  name: backups.example.com",
      "spec:",
      "  group: example.com",
      "  scope: Namespaced",
      "  names: {plural: backups, singular: backup, kind: Backup}",
      "  versions:",
      "  - name: v1",
      "    served: true",
      "    storage: true",
      "    schema:",
      "      openAPIV3Schema:",
      "        type: object",
      "        properties:",
      "          spec:",
      "            type: object",
      "            description: What to back up.",
      "            required: [schedule]",
      "            properties:",
      "              schedule: {type: string, description: Cron schedule.}",
      "              retain: {type: integer}",
    ].join("\n");
    const r = await sh(`cat > crd.yaml <<'YAML'\n${crd}\nYAML\nkubectl apply -f crd.yaml\nkubectl explain backup.spec`, { cluster });
    expect(r.stdout).toBe(
      [
        "customresourcedefinition.apiextensions.k8s.io/backups.example.com created",
        "GROUP:      example.com",
        "KIND:       Backup",
        "VERSION:    v1",
        "",
        "FIELD: spec <Object>",
        "",
        "",
        "DESCRIPTION:",
        "    What to back up.",
        "    ",
        "FIELDS:",
        "  retain\t<integer>",
        "    <no description>",
        "",
        "  schedule\t<string> -required-",
        "    Cron schedule.",
        "",
        "",
        "",
      ].join("\n"),
    );
  });
});
