/**
 * The APT tools on a kubeadm node: the pkgs.k8s.io v1.34 repository with
 * kubeadm, kubelet and kubectl held, the index following the sources list
 * (v1.34 → v1.35 is how the upgrade starts), apt's refusals for held and
 * downgraded packages and for users other than root.
 */
import { describe, expect, it } from "vitest";
import { ShellSession } from "../../../src/shell/session.js";
import { newCluster } from "../../helpers.js";

function shell(host = "controlplane") {
  const cluster = newCluster({ fixture: "two-node" });
  return { cluster, s: new ShellSession(cluster, { host, scripted: true }) };
}

const K8S_V135 = "https://prod-cdn.packages.k8s.io/repositories/isv:/kubernetes:/core:/stable:/v1.35/deb";

describe("a kubeadm node's packages", () => {
  // The tests that change nothing (or put it back) share one cluster.
  let shared: ReturnType<typeof shell> | undefined;
  const readOnly = () => (shared ??= shell());

  it("are the fixture's version from pkgs.k8s.io, with kubeadm, kubelet and kubectl held", async () => {
    const { s } = readOnly();
    let r = await s.exec("cat /etc/apt/sources.list.d/kubernetes.list; ls /etc/apt/keyrings/");
    expect(r.stdout).toBe("deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.34/deb/ /\ndocker.asc\nkubernetes-apt-keyring.gpg\n");
    r = await s.exec("apt-mark showhold");
    expect(r.stdout).toBe("kubeadm\nkubectl\nkubelet\n");
    r = await s.exec("apt-cache madison kubeadm");
    expect(r.stdout).toBe(
      [
        "   kubeadm | 1.34.3-1.1 | https://pkgs.k8s.io/core:/stable:/v1.34/deb  Packages",
        "   kubeadm | 1.34.2-1.1 | https://pkgs.k8s.io/core:/stable:/v1.34/deb  Packages",
        "   kubeadm | 1.34.1-1.1 | https://pkgs.k8s.io/core:/stable:/v1.34/deb  Packages",
        "   kubeadm | 1.34.0-1.1 | https://pkgs.k8s.io/core:/stable:/v1.34/deb  Packages",
        "",
      ].join("\n"),
    );
    r = await s.exec("apt-cache policy kubelet");
    expect(r.stdout).toBe(
      [
        "kubelet:",
        "  Installed: 1.34.1-1.1",
        "  Candidate: 1.34.3-1.1",
        "  Version table:",
        "     1.34.3-1.1 500",
        "        500 https://pkgs.k8s.io/core:/stable:/v1.34/deb  Packages",
        "     1.34.2-1.1 500",
        "        500 https://pkgs.k8s.io/core:/stable:/v1.34/deb  Packages",
        " *** 1.34.1-1.1 500",
        "        500 https://pkgs.k8s.io/core:/stable:/v1.34/deb  Packages",
        "        100 /var/lib/dpkg/status",
        "     1.34.0-1.1 500",
        "        500 https://pkgs.k8s.io/core:/stable:/v1.34/deb  Packages",
        "",
      ].join("\n"),
    );
    r = await s.exec("apt-cache show kubeadm=1.34.1-1.1 | head -4; apt-cache show kubeadm=9.9");
    expect(r.stdout).toBe("Package: kubeadm\nVersion: 1.34.1-1.1\nArchitecture: amd64\nMaintainer: Kubernetes Authors <dev@kubernetes.io>\n");
    expect(r.stderr).toBe("E: Version '9.9' for 'kubeadm' was not found\nE: No packages found\n");
  });

  it("apt-get update reads the repository the sources list names: v1.35 after the edit", async () => {
    const { s } = shell();
    const r = await s.exec("sed -i 's/v1.34/v1.35/' /etc/apt/sources.list.d/kubernetes.list && apt-get update");
    expect(r.stdout).toBe(
      [
        "Hit:1 https://download.docker.com/linux/ubuntu noble InRelease",
        `Get:2 ${K8S_V135}  InRelease [1,227 B]`,
        `Get:3 ${K8S_V135}  Packages [2,857 B]`,
        "Hit:4 http://archive.ubuntu.com/ubuntu noble InRelease",
        "Hit:5 http://archive.ubuntu.com/ubuntu noble-updates InRelease",
        "Hit:6 http://archive.ubuntu.com/ubuntu noble-backports InRelease",
        "Hit:7 http://security.ubuntu.com/ubuntu noble-security InRelease",
        "Fetched 4,084 B in 0s (8,135 B/s)",
        "Reading package lists... Done",
        "",
      ].join("\n"),
    );
    expect((await s.exec("apt-cache madison kubeadm")).stdout).toBe("   kubeadm | 1.35.0-1.1 | https://pkgs.k8s.io/core:/stable:/v1.35/deb  Packages\n");
    // A second update finds the index unchanged.
    expect((await s.exec("apt-get update | sed -n 2p")).stdout).toBe(`Hit:2 ${K8S_V135}  InRelease\n`);
  });

  it("the sources list edited but not updated: apt still knows only v1.34", async () => {
    const { s } = shell();
    const r = await s.exec("sed -i 's/v1.34/v1.35/' /etc/apt/sources.list.d/kubernetes.list; apt-get install -y kubeadm=1.35.0-1.1");
    expect(r.stderr).toBe("E: Version '1.35.0-1.1' for 'kubeadm' was not found\n");
    expect(r.exitCode).toBe(100);
  });

  it("a held package: -y refuses to change it; --allow-change-held-packages or apt-mark unhold lets it", async () => {
    const { s, cluster } = shell();
    let r = await s.exec("apt-get install -y kubeadm=1.34.3-1.1");
    expect(r.stdout).toBe(
      [
        "Reading package lists... Done",
        "Building dependency tree... Done",
        "Reading state information... Done",
        "The following held packages will be changed:",
        "  kubeadm",
        "The following packages will be upgraded:",
        "  kubeadm",
        "1 upgraded, 0 newly installed, 0 to remove and 2 not upgraded.",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toBe("E: Held packages were changed and -y was used without --allow-change-held-packages.\n");
    expect(r.exitCode).toBe(100);
    expect((await s.exec("kubeadm version -o short")).stdout).toBe("v1.34.1\n");

    r = await s.exec("apt-get install -y --allow-change-held-packages kubeadm=1.34.3-1.1");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Unpacking kubeadm (1.34.3-1.1) over (1.34.1-1.1) ...\nSetting up kubeadm (1.34.3-1.1) ...\n");
    expect((await s.exec("kubeadm version -o short")).stdout).toBe("v1.34.3\n");
    // The package stays held, as dpkg keeps the selection.
    expect((await s.exec("apt-mark showhold")).stdout).toBe("kubeadm\nkubectl\nkubelet\n");
    expect(cluster.machine("controlplane")!.packages.installedVersion("kubeadm")).toBe("1.34.3-1.1");

    r = await s.exec("apt-mark unhold kubectl && apt-get install -y kubectl=1.34.2-1.1 | tail -1 && apt-mark hold kubectl");
    expect(r.stdout).toBe("Canceled hold on kubectl.\nSetting up kubectl (1.34.2-1.1) ...\nkubectl set on hold.\n");
    expect(cluster.machine("controlplane")!.packages.installedVersion("kubectl")).toBe("1.34.2-1.1");
  });

  it("the prompt without -y: the answer comes from stdin; no answer aborts", async () => {
    const { s } = shell();
    const r = await s.exec("apt-get install --allow-change-held-packages kubelet=1.34.2-1.1 </dev/null");
    expect(r.stdout).toMatch(/Do you want to continue\? \[Y\/n\] Abort\.\n$/);
    expect(r.exitCode).toBe(1);
    const ok = await s.exec("echo y | apt-get install --allow-change-held-packages kubelet=1.34.2-1.1");
    expect(ok.stdout).toContain("Do you want to continue? [Y/n] Get:1 ");
    expect(ok.exitCode).toBe(0);
  });

  it("a downgrade needs --allow-downgrades with -y", async () => {
    const { s } = readOnly();
    const r = await s.exec("apt-get install -y --allow-change-held-packages kubeadm=1.34.0-1.1");
    expect(r.stdout).toContain("The following packages will be DOWNGRADED:\n  kubeadm\n0 upgraded, 0 newly installed, 1 downgraded, 0 to remove and 2 not upgraded.\n");
    expect(r.stderr).toBe("E: Packages were downgraded and -y was used without --allow-downgrades.\n");
    expect(r.exitCode).toBe(100);
  });

  it("unknown packages and versions", async () => {
    const { s } = readOnly();
    let r = await s.exec("apt-get install -y nosuchpkg");
    expect(r.stderr).toBe("E: Unable to locate package nosuchpkg\n");
    expect(r.exitCode).toBe(100);
    r = await s.exec("apt-get install -y kubeadm=1.36.0-1.1");
    expect(r.stderr).toBe("E: Version '1.36.0-1.1' for 'kubeadm' was not found\n");
  });

  it("apt-mark's messages", async () => {
    const { s } = readOnly();
    const r = await s.exec("apt-mark hold kubeadm; apt-mark unhold kubeadm; apt-mark unhold kubeadm; apt-mark hold kubeadm; apt-mark showhold");
    expect(r.stdout).toBe("kubeadm was already set on hold.\nCanceled hold on kubeadm.\nkubeadm was already not on hold.\nkubeadm set on hold.\nkubeadm\nkubectl\nkubelet\n");
  });

  it("apt list: the candidate, or the installed version with --installed", async () => {
    const { s } = readOnly();
    let r = await s.exec("apt list --installed 2>/dev/null | grep kube");
    expect(r.stdout).toBe(
      [
        "kubeadm/unknown,now 1.34.1-1.1 amd64 [installed,upgradable to: 1.34.3-1.1]",
        "kubectl/unknown,now 1.34.1-1.1 amd64 [installed,upgradable to: 1.34.3-1.1]",
        "kubelet/unknown,now 1.34.1-1.1 amd64 [installed,upgradable to: 1.34.3-1.1]",
        "kubernetes-cni/unknown,now 1.7.1-1.1 amd64 [installed]",
        "",
      ].join("\n"),
    );
    r = await s.exec("apt list kubeadm");
    expect(r.stdout).toBe("Listing... Done\nkubeadm/unknown 1.34.3-1.1 amd64 [upgradable from: 1.34.1-1.1]\n");
    expect(r.stderr).toBe("\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\nN: There are 3 additional versions. Please use the '-a' switch to see them.\n");
  });

  it("as a user other than root: the lock and dpkg errors, nothing changes", async () => {
    const { s, cluster } = shell();
    let r = await s.exec("su - candidate -c 'apt-get update'");
    expect(r.stdout).toBe("Reading package lists... Done\n");
    expect(r.stderr).toBe(
      [
        "E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)",
        "E: Unable to lock directory /var/lib/apt/lists/",
        "W: Problem unlinking the file /var/cache/apt/pkgcache.bin - RemoveCaches (13: Permission denied)",
        "W: Problem unlinking the file /var/cache/apt/srcpkgcache.bin - RemoveCaches (13: Permission denied)",
        "",
      ].join("\n"),
    );
    expect(r.exitCode).toBe(100);
    r = await s.exec("su - candidate -c 'apt-get install -y kubeadm'");
    expect(r.stderr).toBe("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n");
    expect(r.exitCode).toBe(100);
    r = await s.exec("su - candidate -c 'apt-mark unhold kubeadm'");
    expect(r.stderr).toBe("dpkg: error: requested operation requires superuser privilege\nE: Executing dpkg failed. Are you root?\n");
    expect(r.exitCode).toBe(100);
    expect(cluster.machine("controlplane")!.packages.isHeld("kubeadm")).toBe(true);
  });
});
