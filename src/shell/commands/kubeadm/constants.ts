/**
 * What each kubeadm release builds in (cmd/kubeadm/app/constants): the
 * etcd version it runs for each Kubernetes minor (SupportedEtcdVersion),
 * its CoreDNS and pause images, and the version it defaults to. Values
 * from the releases' `kubeadm upgrade plan` and `config images list`
 * output: v1.34.0/1 run etcd 3.6.4-0, v1.34.2/3 3.6.5-0, v1.35.0 3.6.6-0
 * (also for a v1.34 target) with CoreDNS v1.13.1.
 */
import { KUBERNETES_RELEASES, versionParts } from "../../../host/packages.js";

export interface KubeadmBuild {
  /** constants.CurrentKubernetesVersion: the minor's .0. */
  currentVersion: string;
  supportedEtcd: Record<number, string>;
  coreDNS: string;
  pause: string;
}

export function kubeadmBuild(kubeadmVersion: string): KubeadmBuild {
  const [, minor, patch] = versionParts(kubeadmVersion) ?? [1, 34, 1];
  if (minor >= 35) return { currentVersion: "v1.35.0", supportedEtcd: { 33: "3.5.24-0", 34: "3.6.6-0", 35: "3.6.6-0" }, coreDNS: "v1.13.1", pause: "3.10.1" };
  const etcd34 = patch >= 2 ? "3.6.5-0" : "3.6.4-0";
  return { currentVersion: "v1.34.0", supportedEtcd: { 32: "3.5.24-0", 33: "3.5.24-0", 34: etcd34 }, coreDNS: "v1.12.1", pause: "3.10.1" };
}

/** EtcdSupportedVersion: the etcd for a Kubernetes version; past the table's ends, its last (or first) entry. */
export function etcdFor(build: KubeadmBuild, kubernetesVersion: string): string {
  const minor = versionParts(kubernetesVersion)?.[1] ?? 34;
  const keys = Object.keys(build.supportedEtcd).map(Number).sort((a, b) => a - b);
  const k = minor > keys[keys.length - 1] ? keys[keys.length - 1] : minor < keys[0] ? keys[0] : minor;
  return build.supportedEtcd[k] ?? build.supportedEtcd[keys[keys.length - 1]];
}

export const IMAGE_REPOSITORY = "registry.k8s.io";

/** The images `kubeadm config images list` prints for a version, in its order. */
export function controlPlaneImages(build: KubeadmBuild, kubernetesVersion: string, repo = IMAGE_REPOSITORY): string[] {
  return [
    `${repo}/kube-apiserver:${kubernetesVersion}`,
    `${repo}/kube-controller-manager:${kubernetesVersion}`,
    `${repo}/kube-scheduler:${kubernetesVersion}`,
    `${repo}/kube-proxy:${kubernetesVersion}`,
    `${repo}/coredns/coredns:${build.coreDNS}`,
    `${repo}/pause:${build.pause}`,
    `${repo}/etcd:${etcdFor(build, kubernetesVersion)}`,
  ];
}

/**
 * dl.k8s.io's release labels, answered from the releases this offline
 * world has: "stable" is the newest, "stable-1.34" the newest v1.34.
 */
export function releaseForLabel(label: string): string | undefined {
  const all = KUBERNETES_RELEASES.map((r) => r.gitVersion);
  if (label === "stable" || label === "stable-1" || label === "latest") return all[all.length - 1];
  const m = /^(?:stable|latest)-(\d+)\.(\d+)$/.exec(label);
  if (m) return [...all].reverse().find((v) => v.startsWith(`v${m[1]}.${m[2]}.`));
  return undefined;
}

/** kubeadmutil.KubernetesReleaseVersion for a label, with validateStableVersion's fallback to the client's minor. */
export function resolveLabel(label: string, kubeadmVersion: string, log: (msg: string) => void): string | undefined {
  const remote = releaseForLabel(label);
  if (!remote) return undefined;
  const c = versionParts(kubeadmVersion);
  const r = versionParts(remote);
  if (c && r && (c[0] < r[0] || (c[0] === r[0] && c[1] < r[1]))) {
    const estimated = `stable-${c[0]}.${c[1]}`;
    log(`remote version is much newer: ${remote}; falling back to: ${estimated}`);
    return releaseForLabel(estimated);
  }
  return remote;
}

/** semver ordering of "v1.34.1"-style versions. */
export function compareVersions(a: string, b: string): number {
  const pa = versionParts(a) ?? [0, 0, 0];
  const pb = versionParts(b) ?? [0, 0, 0];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  return 0;
}
