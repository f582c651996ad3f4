import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { complete } from "../../../src/cli/terminal/completion.js";
import { sessionCompletionSource } from "../../../src/cli/terminal/completion-source.js";
import { ShellSession } from "../../../src/shell/session.js";
import { newCluster } from "../../helpers.js";

let cluster: Cluster;
let base: ShellSession;
beforeAll(async () => {
  cluster = newCluster();
  base = new ShellSession(cluster, { host: "base", user: "candidate", scripted: false });
  await base.start();
}, 60_000);

/** The words Tab offers for the line typed so far. */
async function offered(line: string, shell = base): Promise<string[]> {
  return (await complete(line, sessionCompletionSource(shell))).candidates.map((c) => c.value);
}

describe("completing a command name", () => {
  it("offers programs, builtins, aliases and functions", async () => {
    expect(await offered("kubec")).toEqual(["kubectl"]);
    expect(await offered("journ")).toEqual(["journalctl"]);
    expect(await offered("expo")).toEqual(["export"]);
    await base.exec("alias kgp='kubectl get pods'; pods_in() { kubectl get pods -n $1; }");
    expect(await offered("k")).toContain("k");
    expect(await offered("kgp")).toEqual(["kgp"]);
    expect(await offered("pods_")).toEqual(["pods_in"]);
    expect(await offered("echo hi | gr")).toEqual(["grep"]);
    expect(await offered("sudo systemc")).toEqual(["systemctl"]);
  });
});

describe("completing kubectl", () => {
  it("offers subcommands, and those of a group", async () => {
    expect(await offered("kubectl ro")).toEqual(["rollout"]);
    expect(await offered("k rollout re")).toEqual(["restart", "resume"]);
    expect(await offered("kubectl create secret ")).toEqual(["docker-registry", "generic", "tls"]);
  });

  it("offers the flags of the subcommand being typed", async () => {
    expect(await offered("kubectl drain node01 --ignore-d")).toEqual(["--ignore-daemonsets"]);
    expect(await offered("k get pods --show-l")).toEqual(["--show-labels"]);
    expect(await offered("kubectl get --all-n")).toEqual(["--all-namespaces"]);
  });

  it("offers resource types, group-qualified outside the core group, and short names", async () => {
    expect(await offered("kubectl get deploy")).toEqual(["deploy", "deployments.apps"]);
    expect(await offered("k describe sv")).toEqual(["svc"]);
    expect(await offered("k get netp")).toEqual(["netpol"]);
  });

  it("offers object names of the type typed, in the namespace given by -n", async () => {
    expect(await offered("kubectl describe node no")).toEqual(["node01", "node02"]);
    expect(await offered("k -n kube-system get deploy ")).toEqual(["coredns"]);
    expect(await offered("k get pods -n kube-system etcd")).toEqual(["etcd-controlplane"]);
    expect(await offered("kubectl get -n kube-system deploy/c")).toEqual(["deploy/coredns"]);
    expect(await offered("kgp -n kube-system kube-sch")).toEqual(["kube-scheduler-controlplane"]);
  });

  it("offers pods for logs and exec, nodes for drain and cordon", async () => {
    expect(await offered("kubectl logs -n kube-system kube-ap")).toEqual(["kube-apiserver-controlplane"]);
    expect(await offered("kubectl drain ")).toEqual(["controlplane", "node01", "node02"]);
    expect(await offered("k cordon node0")).toEqual(["node01", "node02"]);
  });

  it("offers namespaces after -n and output formats after -o", async () => {
    expect(await offered("kubectl get pods -n kube-")).toEqual(["kube-flannel", "kube-node-lease", "kube-public", "kube-system"]);
    expect(await offered("kubectl get pods -o js")).toEqual(["json", "jsonpath", "jsonpath-as-json", "jsonpath-file"]);
  });

  it("offers nothing from the cluster to a user kubectl cannot reach it as", async () => {
    const node = new ShellSession(cluster, { host: "node01", user: "candidate" });
    expect(await offered("kubectl get nodes ", node)).toEqual([]);
  });
});

describe("completing files and variables", () => {
  it("offers paths, directories ending in /", async () => {
    const r = await complete("cat /etc/kubernetes/ma", sessionCompletionSource(new ShellSession(cluster)));
    expect(r.candidates).toEqual([{ value: "/etc/kubernetes/manifests/", display: "manifests/", continues: true }]);
    expect(await offered("vim /etc/kubernetes/manifests/kube-", new ShellSession(cluster))).toEqual([
      "/etc/kubernetes/manifests/kube-apiserver.yaml",
      "/etc/kubernetes/manifests/kube-controller-manager.yaml",
      "/etc/kubernetes/manifests/kube-scheduler.yaml",
    ]);
    expect(await offered("ls ~/.ku")).toEqual(["~/.kube/"]);
    expect(await offered("kubectl apply -f ~/.kube/co")).toEqual(["~/.kube/config"]);
  });

  it("offers variables after $", async () => {
    expect(await offered("echo $HOS")).toEqual(["$HOSTNAME", "$HOSTTYPE"]);
    expect(await offered("cd $HO")).toContain("$HOME");
  });
});
