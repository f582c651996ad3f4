/**
 * helm's command line: version, help, and the errors cobra and Helm print
 * (unknown commands and flags, argument counts, an unreachable cluster).
 */
import { describe, expect, it } from "vitest";
import { helmShell } from "./helpers.js";

const run = helmShell();

describe("helm command line", () => {
  it("prints its version", async () => {
    const r = await run("c1", "helm version; helm version --short; helm version --template '{{ .Version }}'", { createNamespace: false });
    expect(r.stdout).toBe(
      'version.BuildInfo{Version:"v3.19.0", GitCommit:"3d8990f0836691f0229297773f3524598f46bda6", GitTreeState:"clean", GoVersion:"go1.24.7"}\nv3.19.0+g3d8990f\nv3.19.0',
    );
  });

  it("reports unknown commands, unknown flags and wrong argument counts", async () => {
    const r = await run(
      "c2",
      `helm instal web x; echo "rc=$?"
helm install web x --sett a=b; echo "rc=$?"
helm status; echo "rc=$?"
helm list extra; echo "rc=$?"
helm repo add only-name; echo "rc=$?"`,
      { createNamespace: false },
    );
    expect(r.stdout).toBe("rc=1\nrc=1\nrc=1\nrc=1\nrc=1\n");
    expect(r.stderr).toBe(`Error: unknown command "instal" for "helm"
Run 'helm --help' for usage.
Error: unknown flag: --sett
Error: "helm status" requires 1 argument

Usage:  helm status RELEASE_NAME [flags]
Error: "helm list" accepts no arguments

Usage:  helm list [flags]
Error: "helm repo add" requires 2 arguments

Usage:  helm repo add [NAME] [URL] [flags]
`);
  });

  it("refuses an unknown -o format while parsing flags, as bindOutputFlag's value does", async () => {
    const r = await run("c5", `helm list -o bogus; echo "rc=$?"\nhelm repo list --output=xml; echo "rc=$?"`, { createNamespace: false });
    expect(r.stdout).toBe("rc=1\nrc=1\n");
    expect(r.stderr).toBe('Error: invalid argument "bogus" for "-o, --output" flag: invalid format type\nError: invalid argument "xml" for "-o, --output" flag: invalid format type\n');
  });

  it("prints help for a bare group command and with --help", async () => {
    const r = await run("c3", "helm repo | head -3; helm install --help | grep -c -- '--create-namespace'", { createNamespace: false });
    expect(r.stdout).toBe("\nThis command consists of multiple subcommands to interact with chart repositories.\n\n1\n");
  });

  it("cannot reach a cluster from a node without a kubeconfig", async () => {
    const r = await run("c4", "ssh node01 'helm list'; echo \"rc=$?\"", { createNamespace: false });
    expect(r.stderr).toBe('Error: Kubernetes cluster unreachable: Get "http://localhost:8080/version": dial tcp 127.0.0.1:8080: connect: connection refused\n');
    expect(r.stdout).toBe("rc=1\n");
  });
});
