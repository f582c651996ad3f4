/**
 * kubeadm's command line: version, help and cobra's errors, bootstrap
 * tokens (the join command with the CA's public key pin), and config.
 */
import { createHash, X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { ShellSession } from "../../../src/shell/session.js";
import { newCluster } from "../../helpers.js";

let cluster: Cluster;
let cp: ShellSession;

beforeAll(() => {
  cluster = newCluster({ fixture: "two-node" });
  cp = new ShellSession(cluster, { host: "controlplane", scripted: true });
}, 60_000);

describe("kubeadm version", () => {
  it("prints the binary's version.Info as %#v, or -o short|json|yaml", async () => {
    let r = await cp.exec("kubeadm version");
    expect(r.stdout).toBe(
      'kubeadm version: &version.Info{Major:"1", Minor:"34", EmulationMajor:"", EmulationMinor:"", MinCompatibilityMajor:"", MinCompatibilityMinor:"", GitVersion:"v1.34.1", GitCommit:"93248f9ae092f571eb870b7664c534bfc7d00f03", GitTreeState:"clean", BuildDate:"2025-09-09T19:43:15Z", GoVersion:"go1.24.6", Compiler:"gc", Platform:"linux/amd64"}\n',
    );
    expect((await cp.exec("kubeadm version -o short")).stdout).toBe("v1.34.1\n");
    r = await cp.exec("kubeadm version -o json");
    expect(JSON.parse(r.stdout)).toEqual({ clientVersion: { major: "1", minor: "34", gitVersion: "v1.34.1", gitCommit: "93248f9ae092f571eb870b7664c534bfc7d00f03", gitTreeState: "clean", buildDate: "2025-09-09T19:43:15Z", goVersion: "go1.24.6", compiler: "gc", platform: "linux/amd64" } });
    r = await cp.exec("kubeadm version -o yaml | head -3");
    expect(r.stdout).toBe('clientVersion:\n  buildDate: "2025-09-09T19:43:15Z"\n  compiler: gc\n');
    r = await cp.exec("kubeadm version -o wide");
    expect(r.stderr).toBe("invalid output format: wide\nTo see the stack trace of this error execute with --v=5 or higher\n");
    expect(r.exitCode).toBe(1);
  });

  it("is a worker's too; a machine without the binary has no kubeadm", async () => {
    const w = new ShellSession(cluster, { host: "node01", scripted: true });
    expect((await w.exec("kubeadm version -o short")).stdout).toBe("v1.34.1\n");
    const c2 = newCluster({ fixture: "default" });
    const r = await new ShellSession(c2, { host: "node01", scripted: true }).exec("rm /usr/bin/kubeadm; kubeadm version");
    expect(r.stderr).toBe("bash: kubeadm: command not found\n");
    expect(r.exitCode).toBe(127);
  });
});

describe("cobra's help and errors", () => {
  it("the root help lists the commands and the flags v1.34 keeps", async () => {
    const r = await cp.exec("kubeadm --help");
    expect(r.stdout).toContain("    │ KUBEADM                                                  │\n");
    expect(r.stdout).toContain(
      [
        "Available Commands:",
        "  certs       Commands related to handling kubernetes certificates",
        "  completion  Output shell completion code for the specified shell (bash or zsh)",
        "  config      Manage configuration for a kubeadm cluster persisted in a ConfigMap in the cluster",
        "  help        Help about any command",
        "  init        Run this command in order to set up the Kubernetes control plane",
        "  join        Run this on any machine you wish to join an existing cluster",
        "  kubeconfig  Kubeconfig file utilities",
        "  reset       Performs a best effort revert of changes made to this host by 'kubeadm init' or 'kubeadm join'",
        "  token       Manage bootstrap tokens",
        "  upgrade     Upgrade your cluster smoothly to a newer version with this command",
        "  version     Print the version of kubeadm",
        "",
        "Flags:",
        "  -h, --help                 help for kubeadm",
        "      --rootfs string        The path to the 'real' host root filesystem. This will cause kubeadm to chroot into the provided path.",
        "  -v, --v Level              number for the log level verbosity",
        "      --vmodule moduleSpec   comma-separated list of pattern=N settings for file-filtered logging",
        "",
        'Use "kubeadm [command] --help" for more information about a command.',
        "",
      ].join("\n"),
    );
    expect((await cp.exec("kubeadm help upgrade | head -1")).stdout).toBe("Upgrade your cluster smoothly to a newer version with this command\n");
  });

  it("unknown commands and flags, and group commands run alone", async () => {
    let r = await cp.exec("kubeadm upgarde");
    expect(r.stderr).toBe('unknown command "upgarde" for "kubeadm"\n\nDid you mean this?\n\tupgrade\n\nTo see the stack trace of this error execute with --v=5 or higher\n');
    expect(r.exitCode).toBe(1);
    r = await cp.exec("kubeadm version --bogus");
    expect(r.stderr).toBe("unknown flag: --bogus\nTo see the stack trace of this error execute with --v=5 or higher\n");
    r = await cp.exec("kubeadm upgrade");
    expect(r.stderr).toBe('missing subcommand; "upgrade" is not meant to be run on its own\nTo see the stack trace of this error execute with --v=5 or higher\n');
    r = await cp.exec("kubeadm certs renew foo");
    expect(r.stderr).toBe("invalid subcommand \"foo\"\nSee 'kubeadm certs renew -h' for help and examples\n");
    expect(r.exitCode).toBe(1);
    r = await cp.exec("kubeadm certs");
    expect(r.stdout).toMatch(/^Commands related to handling kubernetes certificates\n\nUsage:\n  kubeadm certs \[flags\]\n  kubeadm certs \[command\]\n\nAliases:\n  certs, certificates\n/);
    expect(r.exitCode).toBe(1);
  });

  it("cobra finds the command before it parses flags: -h before a command word, help topics", async () => {
    // stripFlags: -h is not a flag of the root while cobra looks for the command, so it takes "init" as its value.
    let r = await cp.exec("kubeadm -h init");
    expect(r.stdout).toMatch(/^\n {4}┌─+┐\n {4}│ KUBEADM {2,}│\n/);
    expect(r.exitCode).toBe(0);
    r = await cp.exec("kubeadm foo --help");
    expect(r).toMatchObject({ stdout: "", stderr: 'unknown command "foo" for "kubeadm"\nTo see the stack trace of this error execute with --v=5 or higher\n', exitCode: 1 });
    // cobra's help command: Root().Find, then `Unknown help topic %#q` and the root's usage, both on stderr.
    r = await cp.exec("kubeadm help bogus");
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^Unknown help topic \[`bogus`\]\nUsage:\n {2}kubeadm \[command\]\n\nAvailable Commands:\n/);
    expect(r.exitCode).toBe(0);
    expect((await cp.exec("kubeadm help certs bogus | head -1")).stdout).toBe("Commands related to handling kubernetes certificates\n");
  });

  it("init and join on a node kubeadm already set up stop at their preflight checks", async () => {
    let r = await cp.exec("kubeadm init --kubernetes-version v1.34.1");
    expect(r.stdout).toBe("[init] Using Kubernetes version: v1.34.1\n[preflight] Running pre-flight checks\n");
    expect(r.stderr).toBe(
      [
        "error execution phase preflight: [preflight] Some fatal errors occurred:",
        "\t[ERROR Port-6443]: Port 6443 is in use",
        "\t[ERROR Port-10259]: Port 10259 is in use",
        "\t[ERROR Port-10257]: Port 10257 is in use",
        "\t[ERROR FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml]: /etc/kubernetes/manifests/kube-apiserver.yaml already exists",
        "\t[ERROR FileAvailable--etc-kubernetes-manifests-kube-controller-manager.yaml]: /etc/kubernetes/manifests/kube-controller-manager.yaml already exists",
        "\t[ERROR FileAvailable--etc-kubernetes-manifests-kube-scheduler.yaml]: /etc/kubernetes/manifests/kube-scheduler.yaml already exists",
        "\t[ERROR FileAvailable--etc-kubernetes-manifests-etcd.yaml]: /etc/kubernetes/manifests/etcd.yaml already exists",
        "\t[ERROR Port-10250]: Port 10250 is in use",
        "\t[ERROR Port-2379]: Port 2379 is in use",
        "\t[ERROR Port-2380]: Port 2380 is in use",
        "\t[ERROR DirAvailable--var-lib-etcd]: /var/lib/etcd is not empty",
        "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`",
        "To see the stack trace of this error execute with --v=5 or higher",
        "",
      ].join("\n"),
    );
    expect(r.exitCode).toBe(2);
    const w = new ShellSession(cluster, { host: "node01", scripted: true });
    r = await w.exec("kubeadm join controlplane:6443 --token abcdef.0123456789abcdef --discovery-token-unsafe-skip-ca-verification");
    expect(r.stderr).toContain("\t[ERROR FileAvailable--etc-kubernetes-kubelet.conf]: /etc/kubernetes/kubelet.conf already exists\n\t[ERROR Port-10250]: Port 10250 is in use\n\t[ERROR FileAvailable--etc-kubernetes-pki-ca.crt]: /etc/kubernetes/pki/ca.crt already exists\n");
    expect(r.exitCode).toBe(2);
  });
});

describe("kubeadm token", () => {
  it("create --print-join-command: the token and the sha256 pin of the CA's public key", async () => {
    const ca = new X509Certificate(cluster.machine("controlplane")!.fs.read("/etc/kubernetes/pki/ca.crt")!);
    const pin = createHash("sha256").update(ca.publicKey.export({ type: "spki", format: "der" })).digest("hex");
    const r = await cp.exec("kubeadm token create --print-join-command");
    expect(r.stdout).toMatch(new RegExp(`^kubeadm join controlplane:6443 --token [a-z0-9]{6}\\.[a-z0-9]{16} --discovery-token-ca-cert-hash sha256:${pin} \\n$`));
    expect(r.stderr).toBe("");
    const token = /--token (\S+)/.exec(r.stdout)![1];
    const list = await cp.exec("kubeadm token list");
    expect(list.stdout).toContain(
      `TOKEN                     TTL         EXPIRES                USAGES                   DESCRIPTION                                                EXTRA GROUPS\n${token}   1d          2026-01-13T08:47:00Z   authentication,signing   <none>                                                     system:bootstrappers:kubeadm:default-node-token\n`,
    );
    // The token is a bootstrap-token Secret the API server authenticates.
    const secret = await cp.exec(`kubectl -n kube-system get secret bootstrap-token-${token.split(".")[0]} -o jsonpath='{.type}'`);
    expect(secret.stdout).toBe("bootstrap.kubernetes.io/token");
  });

  it("a given token with a TTL and description, then deleted", async () => {
    let r = await cp.exec("kubeadm token create abcdef.0123456789abcdef --ttl 2h --description 'for node02'");
    expect(r.stdout).toBe("abcdef.0123456789abcdef\n");
    r = await cp.exec("kubeadm token list | grep abcdef");
    expect(r.stdout).toBe("abcdef.0123456789abcdef   2h          2026-01-12T10:47:00Z   authentication,signing   for node02                                                 system:bootstrappers:kubeadm:default-node-token\n");
    r = await cp.exec("kubeadm token delete abcdef.0123456789abcdef");
    expect(r.stdout).toBe('bootstrap token "abcdef" deleted\n');
    r = await cp.exec("kubeadm token delete abcdef");
    expect(r.stderr).toBe('failed to delete bootstrap token "abcdef": secrets "bootstrap-token-abcdef" not found\nTo see the stack trace of this error execute with --v=5 or higher\n');
    expect(r.exitCode).toBe(1);
  });
});

describe("kubeadm config", () => {
  it("print init-defaults is v1beta4 for v1.34", async () => {
    const r = await cp.exec("kubeadm config print init-defaults");
    expect(r.stdout).toMatch(/^apiVersion: kubeadm\.k8s\.io\/v1beta4\nbootstrapTokens:\n- groups:\n  - system:bootstrappers:kubeadm:default-node-token\n  token: abcdef\.0123456789abcdef\n/);
    expect(r.stdout).toContain("\nkind: ClusterConfiguration\nkubernetesVersion: 1.34.0\n");
    expect((await cp.exec("kubeadm config print join-defaults | head -3")).stdout).toBe("apiVersion: kubeadm.k8s.io/v1beta4\ncaCertPath: /etc/kubernetes/pki/ca.crt\ndiscovery:\n");
  });

  it("images list: the newest v1.34 patch, found online", async () => {
    const r = await cp.exec("kubeadm config images list");
    expect(r.stdout).toBe(
      [
        "registry.k8s.io/kube-apiserver:v1.34.3",
        "registry.k8s.io/kube-controller-manager:v1.34.3",
        "registry.k8s.io/kube-scheduler:v1.34.3",
        "registry.k8s.io/kube-proxy:v1.34.3",
        "registry.k8s.io/coredns/coredns:v1.12.1",
        "registry.k8s.io/pause:3.10.1",
        "registry.k8s.io/etcd:3.6.4-0",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toMatch(/^I0112 08:47:00\.\d{6} +\d+ version\.go:260\] remote version is much newer: v1\.35\.0; falling back to: stable-1\.34\n$/);
    expect((await cp.exec("kubeadm config images list --kubernetes-version v1.34.1 | head -1")).stdout).toBe("registry.k8s.io/kube-apiserver:v1.34.1\n");
  });
});
