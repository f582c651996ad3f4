/**
 * The files a node has after the lab installed it with kubeadm: the
 * packages' binaries and units, containerd's and crictl's configuration,
 * the CNI plugins, and what `kubeadm init`/`join` wrote: kubeconfigs, pki,
 * the kubelet's config.yaml and kubeadm-flags.env, and on control-plane
 * nodes the four static-pod manifests (k8s-facts 2.2–2.8).
 */
import type { ClusterFixture, NodeFixture } from "../cluster/fixture.js";
import { kubeletConfigYaml, PAUSE_IMAGE, staticPodsFor } from "../cluster/kubeadm.js";
import { CNI_BIN_DIR, CNI_CONF_DIR, STANDARD_CNI_PLUGINS } from "../cluster/kubelet/runtime/cni.js";
import { goYamlMarshal } from "../shell/commands/kubectl/printers/yaml.js";
import { pkiFilesFor } from "../pki/node-pki.js";
import { packageFiles } from "./packages.js";
import { systemdEnabledLinks, systemdUnitFiles } from "./systemd/unit-files.js";
import { EXAM_BASHRC } from "./base-host.js";

/** A file to lay down: its content, mode, or a symlink target. Keys ending in "/" are directories. */
export interface NodeFile {
  content?: string;
  mode?: number;
  symlinkTo?: string;
}

const ELF = "\x7fELF\x02\x01\x01\x00";

/** A kubeadm manifest as kubeadm writes it (sigs.k8s.io/yaml: keys sorted, `status: {}` at the end). */
export function manifestYaml(pod: object): string {
  return goYamlMarshal({ ...pod, status: {} });
}

function hostsFile(f: ClusterFixture, node: NodeFixture): string {
  const lines = ["127.0.0.1 localhost", `127.0.1.1 ${node.name}`, "", "# The following lines are desirable for IPv6 capable hosts", "::1     ip6-localhost ip6-loopback", "fe00::0 ip6-localnet", "ff00::0 ip6-mcastprefix", "ff02::1 ip6-allnodes", "ff02::2 ip6-allrouters", ""];
  for (const n of f.nodes) lines.push(`${n.ip} ${n.name}`);
  return lines.join("\n") + "\n";
}

/** The files every node of the fixture starts with (pki and systemd units are added by their owners). */
export function kubeadmNodeFiles(f: ClusterFixture, node: NodeFixture): Record<string, NodeFile> {
  const files: Record<string, NodeFile> = {
    "/etc/hostname": { content: `${node.name}\n` },
    // The kernel's hostname (sethostname(2) state): what `hostname` and `uname -n` print.
    "/proc/sys/kernel/hostname": { content: `${node.name}\n` },
    "/etc/hosts": { content: hostsFile(f, node) },
    "/etc/crictl.yaml": { content: "runtime-endpoint: unix:///run/containerd/containerd.sock\nimage-endpoint: unix:///run/containerd/containerd.sock\ntimeout: 10\n" },
    "/etc/containerd/config.toml": { content: containerdConfig() },
    "/etc/default/kubelet": { content: "KUBELET_EXTRA_ARGS=\n" },
    "/var/lib/kubelet/config.yaml": { content: kubeletConfigYaml() },
    "/var/lib/kubelet/kubeadm-flags.env": { content: `KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --node-ip=${node.ip} --pod-infra-container-image=${PAUSE_IMAGE}"\n` },
    "/etc/kubernetes/manifests/": {},
    [`${CNI_CONF_DIR}/`]: {},
    "/var/log/pods/": {},
    "/var/log/containers/": {},
    "/run/": {},
    "/tmp/": {},
    "/root/": {},
    "/root/.bashrc": { content: EXAM_BASHRC },
  };
  for (const p of STANDARD_CNI_PLUGINS) files[`${CNI_BIN_DIR}/${p}`] = { content: ELF, mode: 0o755 };
  for (const bin of ["kubeadm", "kubelet", "kubectl", "containerd", "containerd-shim-runc-v2", "ctr", "crictl", "runc", "etcdctl", "etcdutl"]) {
    files[`/usr/bin/${bin}`] = { content: ELF, mode: 0o755 };
  }
  // The Kubernetes packages: their versioned binaries, dpkg's record with the holds, the apt sources.
  Object.assign(files, packageFiles(f.kubernetesVersion));
  if (node.role === "control-plane") {
    for (const pod of staticPodsFor(f, node)) files[`/etc/kubernetes/manifests/${pod.metadata.name}.yaml`] = { content: manifestYaml(pod), mode: 0o600 };
  }
  Object.assign(files, kubeconfigFiles(f, node));
  for (const [path, content] of Object.entries(systemdUnitFiles())) files[path] = { content };
  for (const [path, target] of Object.entries(systemdEnabledLinks())) files[path] = { symlinkTo: target };
  return files;
}

/** kubeadm's kubeconfigs and pki (real certificates, src/pki), and the lab's copy of admin.conf in /root/.kube/config. */
function kubeconfigFiles(f: ClusterFixture, node: NodeFixture): Record<string, NodeFile> {
  const files: Record<string, NodeFile> = { ...pkiFilesFor(f, node.name) };
  const admin = files["/etc/kubernetes/admin.conf"];
  if (admin?.content) files["/root/.kube/config"] = { content: admin.content, mode: 0o600 };
  return files;
}

/** containerd's config as the labs write it (`containerd config default` with SystemdCgroup = true), abridged to what matters. */
function containerdConfig(): string {
  return [
    "version = 2",
    "",
    "[plugins]",
    "  [plugins.\"io.containerd.grpc.v1.cri\"]",
    `    sandbox_image = "${PAUSE_IMAGE}"`,
    "    [plugins.\"io.containerd.grpc.v1.cri\".cni]",
    "      bin_dir = \"/opt/cni/bin\"",
    "      conf_dir = \"/etc/cni/net.d\"",
    "    [plugins.\"io.containerd.grpc.v1.cri\".containerd]",
    "      default_runtime_name = \"runc\"",
    "      [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes]",
    "        [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc]",
    "          runtime_type = \"io.containerd.runc.v2\"",
    "          [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]",
    "            SystemdCgroup = true",
    "",
  ].join("\n");
}
