/**
 * A node for the service tests: a HostFilesystem laid out as kubeadm leaves
 * a worker (units, kubelet config, kubeconfig with a real client
 * certificate), a journal, systemd over the real service programs, and a
 * ServiceHost whose kubelet and containerd are stand-ins that record how
 * they were started.
 */
import { VirtualClock } from "../../src/cluster/clock.js";
import type { ContainerRuntime } from "../../src/cluster/kubelet/runtime/runtime.js";
import { kubeletConfigYaml } from "../../src/cluster/kubeadm.js";
import type { ApiDialResult, KubeletSettings, ServiceHost } from "../../src/host/contracts.js";
import { HostFilesystem } from "../../src/host/filesystem.js";
import { Journal } from "../../src/host/journal.js";
import { SERVICE_PROGRAMS } from "../../src/host/services/index.js";
import { Systemd } from "../../src/host/systemd/systemd.js";
import { systemdEnabledLinks, systemdUnitFiles } from "../../src/host/systemd/unit-files.js";
import { issueCertificate } from "../../src/pki/issue.js";
import { newPrivateKeyPem } from "../../src/pki/keys.js";

export const START = Date.parse("2026-01-12T08:00:00Z");
const DAY = 86_400_000;

export interface Pki {
  caCert: string;
  caKey: string;
  clientCert: string;
  clientKey: string;
  otherCaCert: string;
}

let cached: Pki | undefined;

/** A cluster CA, a kubelet client certificate it signed (valid a year), and an unrelated CA. */
export function pki(): Pki {
  if (cached) return cached;
  const caKey = newPrivateKeyPem();
  const caCert = issueCertificate({ commonName: "kubernetes", notBefore: START - 300_000, notAfter: START + 3650 * DAY, serialNumber: 1n, isCA: true, keyUsage: ["digitalSignature", "keyEncipherment", "keyCertSign"], subjectKey: caKey });
  const clientKey = newPrivateKeyPem();
  const clientCert = issueCertificate({
    commonName: "system:node:node01",
    organizations: ["system:nodes"],
    notBefore: START - 300_000,
    notAfter: START + 365 * DAY,
    serialNumber: 2n,
    isCA: false,
    keyUsage: ["digitalSignature", "keyEncipherment"],
    extKeyUsage: ["clientAuth"],
    subjectKey: clientKey,
    issuer: { certPem: caCert, keyPem: caKey },
  });
  const otherKey = newPrivateKeyPem();
  const otherCaCert = issueCertificate({ commonName: "front-proxy-ca", notBefore: START - 300_000, notAfter: START + 3650 * DAY, serialNumber: 3n, isCA: true, keyUsage: ["digitalSignature", "keyEncipherment", "keyCertSign"], subjectKey: otherKey });
  cached = { caCert, caKey, clientCert, clientKey, otherCaCert };
  return cached;
}

export function kubeletConf(server = "https://controlplane:6443", caPem = pki().caCert): string {
  return [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${Buffer.from(caPem).toString("base64")}`,
    `    server: ${server}`,
    "  name: default-cluster",
    "contexts:",
    "- context:",
    "    cluster: default-cluster",
    "    namespace: default",
    "    user: default-auth",
    "  name: default-context",
    "current-context: default-context",
    "kind: Config",
    "preferences: {}",
    "users:",
    "- name: default-auth",
    "  user:",
    "    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem",
    "    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem",
    "",
  ].join("\n");
}

export interface FakeMachine {
  clock: VirtualClock;
  fs: HostFilesystem;
  journal: Journal;
  systemd: Systemd;
  host: ServiceHost;
  /** The settings of the running kubelet stand-in, if it runs. */
  kubelet(): KubeletSettings | undefined;
  kubeletStarts(): number;
  containerdRunning(): boolean;
  /** What dialing the API server gives (default: connects). */
  dial: (server: string, caPem?: string) => ApiDialResult;
  advance(ms: number): void;
  /** Journal lines of a unit as `journalctl -u` prints them (short format). */
  lines(unit?: string): string[];
}

export function fakeMachine(opts: { boot?: boolean } = {}): FakeMachine {
  const clock = new VirtualClock(START);
  const fs = new HostFilesystem(() => clock.now());
  const journal = new Journal(() => clock.now(), "node01");
  const p = pki();
  for (const [path, content] of Object.entries(systemdUnitFiles())) fs.put(path, content);
  for (const [link, target] of Object.entries(systemdEnabledLinks())) fs.symlinkSync(target, link);
  for (const bin of ["kubelet", "containerd", "kubectl", "kubeadm"]) fs.put(`/usr/bin/${bin}`, "\x7fELF", 0o755);
  fs.put("/var/lib/kubelet/config.yaml", kubeletConfigYaml());
  fs.put("/var/lib/kubelet/kubeadm-flags.env", 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --node-ip=192.168.100.11 --pod-infra-container-image=registry.k8s.io/pause:3.10.1"\n');
  fs.put("/etc/default/kubelet", "KUBELET_EXTRA_ARGS=\n");
  fs.put("/etc/kubernetes/pki/ca.crt", p.caCert);
  fs.put("/etc/kubernetes/kubelet.conf", kubeletConf(), 0o600);
  fs.put("/var/lib/kubelet/pki/kubelet-client-2026-01-12-08-00-00.pem", p.clientCert + p.clientKey, 0o600);
  fs.symlinkSync("/var/lib/kubelet/pki/kubelet-client-2026-01-12-08-00-00.pem", "/var/lib/kubelet/pki/kubelet-client-current.pem");
  fs.mkdirp("/etc/kubernetes/manifests");
  let kubelet: KubeletSettings | undefined;
  let starts = 0;
  let containerd = false;
  const machine: FakeMachine = {
    clock,
    fs,
    journal,
    systemd: undefined as unknown as Systemd,
    host: undefined as unknown as ServiceHost,
    kubelet: () => kubelet,
    kubeletStarts: () => starts,
    containerdRunning: () => containerd,
    dial: () => ({ ok: true }),
    advance(ms: number) {
      const target = clock.now() + ms;
      while (clock.runNextDue(target)) {
        /* run every timer due by then */
      }
      clock.moveTo(target);
    },
    lines(unit?: string) {
      return journal.query(unit ? { units: [unit] } : {}).map((e) => journal.format(e));
    },
  };
  const host: ServiceHost = {
    nodeName: "node01",
    nodeIP: "192.168.100.11",
    fs,
    journal,
    now: () => clock.now(),
    runKubelet(s) {
      kubelet = s;
      starts++;
      return {
        stop() {
          kubelet = undefined;
        },
      };
    },
    runContainerd() {
      containerd = true;
      return {
        stop() {
          containerd = false;
        },
      };
    },
    runtime: { version: "1.7.27" } as ContainerRuntime,
    get containerdRunning() {
      return containerd;
    },
    setTimer: (d, fn) => clock.setTimer(d, fn),
    cancel: (h) => clock.cancel(h),
    kubernetesVersion: "v1.34.1",
    dialApiServer: (server, tls) => machine.dial(server, tls.caPem),
  };
  machine.host = host;
  machine.systemd = new Systemd(host, journal, SERVICE_PROGRAMS);
  if (opts.boot !== false) {
    machine.systemd.boot();
    machine.advance(1000);
  }
  return machine;
}
