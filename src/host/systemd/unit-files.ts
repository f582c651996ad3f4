/**
 * The systemd unit files a kubeadm node has, as the packages install them:
 *
 *  - kubelet.service from the kubelet deb (kubernetes/release
 *    cmd/krel/templates/latest/kubelet/kubelet.service, installed to %{_unitdir});
 *  - its drop-in 10-kubeadm.conf from the kubeadm deb (…/kubeadm/10-kubeadm.conf;
 *    the deb build rewrites /etc/sysconfig/kubelet to /etc/default/kubelet);
 *  - containerd.service from containerd.io (docker/containerd-packaging rewrites
 *    containerd v1.7.27's containerd.service to run /usr/bin/containerd and installs
 *    it in /lib/systemd/system, which is /usr/lib/systemd/system on a merged-/usr
 *    Ubuntu);
 *
 * and the symlinks `systemctl enable` made for both.
 */

const KUBELET_SERVICE = `[Unit]
Description=kubelet: The Kubernetes Node Agent
Documentation=https://kubernetes.io/docs/
Wants=network-online.target
After=network-online.target

[Service]
ExecStart=/usr/bin/kubelet
Restart=always
StartLimitInterval=0
RestartSec=10

[Install]
WantedBy=multi-user.target
`;

const KUBEADM_DROP_IN = `# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
# This is a file that "kubeadm init" and "kubeadm join" generates at runtime, populating the KUBELET_KUBEADM_ARGS variable dynamically
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
# This is a file that the user can use for overrides of the kubelet args as a last resort. Preferably, the user should use
# the .NodeRegistration.KubeletExtraArgs object in the configuration files instead. KUBELET_EXTRA_ARGS should be sourced from this file.
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
`;

const CONTAINERD_SERVICE = `# Copyright The containerd Authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

[Unit]
Description=containerd container runtime
Documentation=https://containerd.io
After=network.target local-fs.target dbus.service

[Service]
#uncomment to enable the experimental sbservice (sandboxed) version of containerd/cri integration
#Environment="ENABLE_CRI_SANDBOXES=sandboxed"
ExecStartPre=-/sbin/modprobe overlay
ExecStart=/usr/bin/containerd

Type=notify
Delegate=yes
KillMode=process
Restart=always
RestartSec=5
# Having non-zero Limit*s causes performance problems due to accounting overhead
# in the kernel. We recommend using cgroups to do container-local accounting.
LimitNPROC=infinity
LimitCORE=infinity
LimitNOFILE=infinity
# Comment TasksMax if your systemd version does not supports it.
# Only systemd 226 and above support this version.
TasksMax=infinity
OOMScoreAdjust=-999

[Install]
WantedBy=multi-user.target
`;

export const KUBELET_UNIT_PATH = "/usr/lib/systemd/system/kubelet.service";
export const KUBEADM_DROP_IN_PATH = "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf";
export const CONTAINERD_UNIT_PATH = "/usr/lib/systemd/system/containerd.service";

/** The unit files, by path. */
export function systemdUnitFiles(): Record<string, string> {
  return {
    [KUBELET_UNIT_PATH]: KUBELET_SERVICE,
    [KUBEADM_DROP_IN_PATH]: KUBEADM_DROP_IN,
    [CONTAINERD_UNIT_PATH]: CONTAINERD_SERVICE,
  };
}

/** The symlinks of the enabled units: {link path: target}. */
export function systemdEnabledLinks(): Record<string, string> {
  return {
    "/etc/systemd/system/multi-user.target.wants/containerd.service": CONTAINERD_UNIT_PATH,
    "/etc/systemd/system/multi-user.target.wants/kubelet.service": KUBELET_UNIT_PATH,
  };
}
