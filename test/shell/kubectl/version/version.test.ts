/**
 * kubectl version: kubectl v1.34.1's build (as the release binary reports
 * it), the kustomize it embeds (v5.7.1, pkg/cmd/version/version.go), and
 * the API server's GET /version; the client part still prints when the
 * server is down.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const CLIENT_YAML = [
  "clientVersion:",
  '  buildDate: "2025-09-09T19:44:50Z"',
  "  compiler: gc",
  "  gitCommit: 93248f9ae092f571eb870b7664c534bfc7d00f03",
  "  gitTreeState: clean",
  "  gitVersion: v1.34.1",
  "  goVersion: go1.24.6",
  '  major: "1"',
  '  minor: "34"',
  "  platform: linux/amd64",
  "kustomizeVersion: v5.7.1",
];

describe("kubectl version", () => {
  const cluster = newCluster();

  it("prints client, kustomize and server versions", async () => {
    const r = await sh("kubectl version; kubectl version --client", { cluster });
    expect(r.stdout).toBe("Client Version: v1.34.1\nKustomize Version: v5.7.1\nServer Version: v1.34.1\nClient Version: v1.34.1\nKustomize Version: v5.7.1\n");
    expect(r.stderr).toBe("");
  });

  it("-o yaml: both version.Info structs, the server's with its emulation versions", async () => {
    const r = await sh("kubectl version -o yaml", { cluster });
    expect(r.stdout).toBe(
      [
        ...CLIENT_YAML,
        "serverVersion:",
        '  buildDate: "2025-09-09T19:37:20Z"',
        "  compiler: gc",
        '  emulationMajor: "1"',
        '  emulationMinor: "34"',
        "  gitCommit: 93248f9ae092f571eb870b7664c534bfc7d00f03",
        "  gitTreeState: clean",
        "  gitVersion: v1.34.1",
        "  goVersion: go1.24.6",
        '  major: "1"',
        '  minCompatibilityMajor: "1"',
        '  minCompatibilityMinor: "33"',
        '  minor: "34"',
        "  platform: linux/amd64",
        "",
        "",
      ].join("\n"),
    );
  });

  it("-o json --client: the struct's field order, two-space indent", async () => {
    const r = await sh("kubectl version -o json --client", { cluster });
    expect(r.stdout).toBe(
      '{\n  "clientVersion": {\n    "major": "1",\n    "minor": "34",\n    "gitVersion": "v1.34.1",\n    "gitCommit": "93248f9ae092f571eb870b7664c534bfc7d00f03",\n    "gitTreeState": "clean",\n    "buildDate": "2025-09-09T19:44:50Z",\n    "goVersion": "go1.24.6",\n    "compiler": "gc",\n    "platform": "linux/amd64"\n  },\n  "kustomizeVersion": "v5.7.1"\n}\n',
    );
  });

  it("errors: a bad -o, extra arguments (ignored with --client)", async () => {
    const r = await sh("kubectl version -o xml; echo rc=$?; kubectl version extra; echo rc=$?; kubectl version --client extra", { cluster });
    expect(r.stdout).toBe("rc=1\nrc=1\nClient Version: v1.34.1\nKustomize Version: v5.7.1\n");
    expect(r.stderr).toBe("error: --output must be 'yaml' or 'json'\nerror: extra arguments: [extra]\n");
  });

  it("warns about a server more than one minor version away", async () => {
    const c = newCluster();
    c.api.gitVersion = "v1.32.3";
    const r = await sh("kubectl version", { cluster: c });
    expect(r.stdout).toBe("Client Version: v1.34.1\nKustomize Version: v5.7.1\nServer Version: v1.32.3\n");
    expect(r.stderr).toBe("Warning: version difference between client (1.34) and server (1.32) exceeds the supported minor version skew of +/-1\n");
  });

  it("with the API server down: the client part, then the connection error", async () => {
    const c = newCluster();
    const r = await sh("mv /etc/kubernetes/manifests/kube-apiserver.yaml /root/; sleep 5; kubectl version; echo rc=$?", { cluster: c });
    expect(r.stdout).toBe("Client Version: v1.34.1\nKustomize Version: v5.7.1\nrc=1\n");
    expect(r.stderr).toBe("The connection to the server controlplane:6443 was refused - did you specify the right host or port?\n");
  });
});
