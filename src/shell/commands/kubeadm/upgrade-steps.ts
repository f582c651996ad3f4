/**
 * The steps `kubeadm upgrade apply` and `kubeadm upgrade node` share
 * (phases/upgrade: health.go, staticpods.go, postupgrade.go; phases/addons):
 * the cluster health checks, the component versions the cluster runs,
 * rewriting a control-plane node's static pod manifests for the target
 * version (backing the old ones up, renewing each component's certificates,
 * waiting for the kubelet to restart it), writing the kubelet's
 * configuration, and the CoreDNS and kube-proxy add-ons.
 */
import type { KubeObject } from "../../../cluster/api/types.js";
import { kubeadmNodeRbac, staticPodsFor } from "../../../cluster/kubeadm.js";
import { CONFIG_HASH } from "../../../cluster/kubelet/pod-spec.js";
import { manifestYaml } from "../../../host/node-files.js";
import { certHandlers, renewCertificate } from "./certs.js";
import { KubeadmError, preflightError } from "./cobra.js";
import { controlPlaneImages, etcdFor, IMAGE_REPOSITORY, kubeadmBuild, type KubeadmBuild } from "./constants.js";
import { KubeadmApiError, MANIFESTS_DIR, TIMEOUT, type KubeClient, type KubeadmRun } from "./context.js";
import { pullImage, type ClusterConfig } from "./config.js";

export const COMPONENTS = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"] as const;
export type Component = (typeof COMPONENTS)[number];

/** UpgradeManifestTimeout. */
const UPGRADE_TIMEOUT_MS = 5 * 60_000;
const TMP_DIR = "/etc/kubernetes/tmp";

/** A directory name with os.MkdirTemp's random digits, deterministic per run. */
function tempName(run: KubeadmRun, prefix: string): string {
  const n = (run.ctx.cluster.random.nextUint32() % 3_999_999_999) + 1;
  return `${TMP_DIR}/${prefix}${n}`;
}

/** time.Now().Format("2006-01-02-15-04-05"). */
export function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[T:]/g, "-");
}

// ------------------------------------------------------------------ preflight and health

/** RunRootCheckOnly. */
export function requireRoot(run: KubeadmRun, ignored: string[]): void {
  if (run.root || ignored.includes("all") || ignored.map((x) => x.toLowerCase()).includes("isprivilegeduser")) return;
  throw preflightError(["[ERROR IsPrivilegedUser]: user is not running as root"]);
}

/** CheckClusterHealth: the control-plane nodes are Ready and (on a control plane) the static pod manifests exist. */
export function checkClusterHealth(run: KubeadmRun, client: KubeClient, ignored: string[], checkManifests: boolean): void {
  run.println("[upgrade] Running cluster health checks");
  const errors: string[] = [];
  const skip = (name: string) => ignored.includes("all") || ignored.map((x) => x.toLowerCase()).includes(name.toLowerCase());
  const nodes = client.call("Get", `/api/v1/nodes?labelSelector=node-role.kubernetes.io%2Fcontrol-plane${TIMEOUT.replace("?", "&")}`, (c) => c.list("nodes").items).filter((n) => n.metadata.labels?.["node-role.kubernetes.io/control-plane"] !== undefined);
  const notReady = nodes.filter((n) => !(n.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === "Ready" && c.status === "True")).map((n) => n.metadata.name);
  if (notReady.length && !skip("ControlPlaneNodesReady")) errors.push(`[ERROR ControlPlaneNodesReady]: there are NotReady control-planes in the cluster: [${notReady.join(" ")}]`);
  if (checkManifests && !skip("StaticPodManifest")) {
    for (const c of COMPONENTS) {
      const path = `${MANIFESTS_DIR}/${c}.yaml`;
      if (!run.fs.exists(path)) errors.push(`[ERROR StaticPodManifest]: the manifest for component ${c} doesn't exist: stat ${path}: no such file or directory`);
    }
  }
  if (errors.length) throw preflightError(errors).wrap("[upgrade/health] FATAL");
}

// ------------------------------------------------------------------ what the cluster runs

/** The tag of an image reference ("registry.k8s.io/etcd:3.6.4-0" → "3.6.4-0"). */
export function tagOf(image: string): string {
  const at = image.lastIndexOf("@");
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(":");
  return colon > ref.lastIndexOf("/") ? ref.slice(colon + 1).replace(/_/g, "+") : "";
}

/** ComponentVersions: version → node names, from the control-plane pods' images. */
export function componentVersions(client: KubeClient, component: string): Map<string, string[]> {
  const pods = client.call("Get", `/api/v1/namespaces/kube-system/pods?labelSelector=component%3D${component}%2Ctier%3Dcontrol-plane${TIMEOUT.replace("?", "&")}`, (c) => c.list("pods", "kube-system", { labelSelector: `component=${component},tier=control-plane` }).items);
  const out = new Map<string, string[]>();
  for (const p of pods) {
    const tag = tagOf(p.spec?.containers?.[0]?.image ?? "");
    out.set(tag, [...(out.get(tag) ?? []), p.spec?.nodeName ?? ""]);
  }
  return out;
}

/** KubeletVersions: version → node names, in the API's node order. */
export function kubeletVersions(client: KubeClient): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const n of client.call("Get", `/api/v1/nodes${TIMEOUT}`, (c) => c.list("nodes").items)) {
    const v: string = n.status?.nodeInfo?.kubeletVersion ?? "";
    out.set(v, [...(out.get(v) ?? []), n.metadata.name ?? ""]);
  }
  return out;
}

/** dns.DeployedDNSAddon: the CoreDNS image tag, or "" without the add-on. */
export function deployedDNSVersion(client: KubeClient): string {
  const deps = client.call("Get", `/apis/apps/v1/namespaces/kube-system/deployments?labelSelector=k8s-app%3Dkube-dns${TIMEOUT.replace("?", "&")}`, (c) => c.list("deployments", "kube-system", { labelSelector: "k8s-app=kube-dns" }).items);
  const image = deps[0]?.spec?.template?.spec?.containers?.[0]?.image;
  return image ? tagOf(image) : "";
}

/** The cluster's version: the newest kube-apiserver image in it. */
export function clusterVersion(versions: Map<string, string[]>): string | undefined {
  let best: string | undefined;
  for (const v of versions.keys()) {
    const p = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v);
    if (!p) continue;
    if (!best) best = v;
    else {
      const b = /^v?(\d+)\.(\d+)\.(\d+)/.exec(best)!;
      const newer = [1, 2, 3].find((i) => Number(p[i]) !== Number(b[i]));
      if (newer !== undefined && Number(p[newer]) > Number(b[newer])) best = v;
    }
  }
  return best;
}

// ------------------------------------------------------------------ images

/** RunPullImagesCheck: every image the target version needs, into the node's containerd. */
export async function pullImages(run: KubeadmRun, build: KubeadmBuild, version: string, repo = IMAGE_REPOSITORY): Promise<void> {
  const errors: string[] = [];
  for (const image of controlPlaneImages(build, version, repo).filter((i) => !i.includes("/kube-proxy:") && !i.includes("/coredns/"))) {
    const err = await pullImage(run, image);
    if (err) errors.push(`[ERROR ImagePull]: failed to pull image ${image}: ${err}`);
  }
  if (errors.length) throw preflightError(errors);
}

// ------------------------------------------------------------------ static pods

/** The manifests kubeadm writes for a node at a version (its own etcd image for that version). */
export function manifestsFor(run: KubeadmRun, build: KubeadmBuild, version: string): Record<Component, string> {
  const fixture = { ...run.ctx.cluster.fixture, kubernetesVersion: version };
  const node = fixture.nodes.find((n) => n.name === run.nodeName) ?? { ...fixture.nodes[0], name: run.nodeName, ip: run.machine.nodeIP, role: "control-plane" as const };
  const out = {} as Record<Component, string>;
  for (const pod of staticPodsFor(fixture, node)) {
    const name = pod.metadata.name as Component;
    if (name === "etcd") pod.spec.containers[0].image = `${IMAGE_REPOSITORY}/etcd:${etcdFor(build, version)}`;
    out[name] = manifestYaml(pod);
  }
  return out;
}

/** The certificates renewCertsByComponent renews before a component restarts. */
const COMPONENT_CERTS: Record<Component, string[]> = {
  etcd: ["etcd-server", "etcd-peer", "etcd-healthcheck-client"],
  "kube-apiserver": ["apiserver", "apiserver-kubelet-client", "front-proxy-client", "apiserver-etcd-client"],
  "kube-controller-manager": ["controller-manager.conf"],
  "kube-scheduler": ["scheduler.conf"],
};

function mirrorPod(client: KubeClient, component: Component, node: string): KubeObject | undefined {
  try {
    return client.client.find("pods", "kube-system", `${component}-${node}`);
  } catch {
    return undefined;
  }
}

function podReady(p: KubeObject | undefined): boolean {
  return !!p && p.status?.phase === "Running" && (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === "Ready" && c.status === "True");
}

/** Waits (on the clock) for a condition, up to the upgrade timeout. */
async function waitFor(run: KubeadmRun, cond: () => boolean, timeoutMs = UPGRADE_TIMEOUT_MS): Promise<boolean> {
  for (let waited = 0; waited <= timeoutMs; waited += 1000) {
    if (cond()) return true;
    await run.sleep(1000);
  }
  return false;
}

export interface StaticPodUpgradeOptions {
  version: string;
  build: KubeadmBuild;
  certificateRenewal: boolean;
  etcdUpgrade: boolean;
  certificatesDir: string;
}

/**
 * PerformStaticPodUpgrade on this node: for etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler in that order, renew the
 * component's certificates, move the new manifest in place (the old one to
 * the backup directory), and wait until the kubelet runs the new static pod.
 * On a timeout the old manifest goes back and the upgrade fails.
 */
export async function upgradeStaticPods(run: KubeadmRun, client: KubeClient, opts: StaticPodUpgradeOptions): Promise<void> {
  const upgradedDir = tempName(run, "kubeadm-upgraded-manifests");
  const backupDir = `${TMP_DIR}/kubeadm-backup-manifests-${stamp(run.now())}`;
  const manifests = manifestsFor(run, opts.build, opts.version);
  run.println(`[upgrade/staticpods] Writing new Static Pod manifests to ${JSON.stringify(upgradedDir)}`);
  for (const c of COMPONENTS) run.fs.put(`${upgradedDir}/${c}.yaml`, manifests[c], 0o600);
  const handlers = certHandlers(opts.certificatesDir);
  try {
    for (const component of COMPONENTS) {
      if (component === "etcd" && !opts.etcdUpgrade) continue;
      run.println(`[upgrade/staticpods] Preparing for ${JSON.stringify(component)} upgrade`);
      if (opts.certificateRenewal) {
        for (const name of COMPONENT_CERTS[component]) {
          const h = handlers.find((x) => x.leaf.name === name);
          if (!h || !run.fs.exists(h.path)) continue;
          run.println(`[upgrade/staticpods] Renewing ${name} certificate`);
          renewCertificate(run, opts.certificatesDir, h);
        }
      }
      const path = `${MANIFESTS_DIR}/${component}.yaml`;
      const backup = `${backupDir}/${component}.yaml`;
      const old = run.fs.read(path) ?? "";
      const before = mirrorPod(client, component, run.nodeName)?.metadata.annotations?.[CONFIG_HASH];
      run.fs.put(backup, old, 0o600);
      const started = run.now();
      if (old === manifests[component]) {
        run.println(`[upgrade/staticpods] Restarting the ${component} static pod and backing up its manifest to ${JSON.stringify(backup)}`);
        run.fs.remove(path);
        await run.sleep(2000);
        run.fs.put(path, manifests[component], 0o600);
      } else {
        run.println(`[upgrade/staticpods] Moving new manifest to ${JSON.stringify(path)} and backing up old manifest to ${JSON.stringify(backup)}`);
        run.fs.put(path, manifests[component], 0o600);
      }
      run.println("[upgrade/staticpods] Waiting for the kubelet to restart the component");
      run.println("[upgrade/staticpods] This can take up to 5m0s");
      const restarted = await waitFor(run, () => {
        const p = mirrorPod(client, component, run.nodeName);
        if (!p) return false;
        const hash = p.metadata.annotations?.[CONFIG_HASH];
        const fresh = old === manifests[component] ? Date.parse(p.metadata.creationTimestamp ?? "") >= started - 1000 : hash !== before;
        return fresh && podReady(p);
      });
      if (!restarted) {
        run.fs.put(path, old, 0o600);
        throw new KubeadmError(
          `couldn't upgrade control plane. kubeadm has tried to recover everything into the earlier state. Errors faced: static Pod hash for component ${component} on Node ${run.nodeName} did not change after 5m0s: context deadline exceeded`,
        );
      }
      const count = client.call("Get", `/api/v1/namespaces/kube-system/pods${TIMEOUT}`, (c) => c.list("pods", "kube-system", { labelSelector: `component=${component}` }).items.length);
      run.println(`[apiclient] Found ${count} Pods for label selector component=${component}`);
      run.println(`[upgrade/staticpods] Component ${JSON.stringify(component)} upgraded successfully!`);
      if (component === "etcd") {
        run.println("[upgrade/etcd] Waiting for etcd to become available");
        await waitFor(run, () => run.ctx.cluster.apiServerServing);
      }
    }
  } finally {
    run.fs.remove(upgradedDir, true);
  }
}

// ------------------------------------------------------------------ kubelet configuration

/** The klog line and backup of WriteConfigToDisk's dry-run-capable temp dir (postupgrade.go). */
export function writeKubeletConfig(run: KubeadmRun, client: KubeClient): void {
  const cm = client.call("Get", `/api/v1/namespaces/kube-system/configmaps/kubelet-config${TIMEOUT}`, (c) => c.get("configmaps", "kube-system", "kubelet-config"));
  const dated = (Number(run.version.split(".")[1]) || 34) >= 35;
  const dir = dated ? `${TMP_DIR}/kubeadm-kubelet-config-${stamp(run.now())}` : tempName(run, "kubeadm-kubelet-config");
  run.klog("W", dated ? "postupgrade.go:105" : "postupgrade.go:116", `Using temporary directory ${dir} for kubelet config. To override it set the environment variable KUBEADM_UPGRADE_DRYRUN_DIR`);
  run.println(`[upgrade] Backing up kubelet config file to ${dir}/config.yaml`);
  const current = run.fs.read("/var/lib/kubelet/config.yaml");
  if (current !== undefined) run.fs.put(`${dir}/config.yaml`, current);
  run.println('[patches] Applied patch of type "application/strategic-merge-patch+json" to target "kubeletconfiguration"');
  run.println('[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"');
  run.fs.put("/var/lib/kubelet/config.yaml", String(cm.data?.kubelet ?? current ?? ""));
  run.println("[upgrade/kubelet-config] The kubelet configuration for this node was successfully upgraded!");
}

/**
 * kubeadm v1.35's post-upgrade: the kubelet v1.35 no longer has
 * --pod-infra-container-image, so it is removed from kubeadm-flags.env
 * (after a backup), as PR #133778 does.
 */
export function cleanKubeletFlags(run: KubeadmRun): void {
  if ((Number(run.version.split(".")[1]) || 34) < 35) return;
  const path = "/var/lib/kubelet/kubeadm-flags.env";
  const text = run.fs.read(path);
  if (text === undefined || !/--pod-infra-container-image(=|\s)/.test(text)) return;
  const dir = tempName(run, "kubeadm-kubelet-env");
  run.klog("W", "postupgrade.go:203", `Using temporary directory ${dir} for kubelet env file. To override it set the environment variable KUBEADM_UPGRADE_DRYRUN_DIR`);
  run.println(`[upgrade] Backing up kubelet env file to ${dir}/kubeadm-flags.env`);
  run.fs.put(`${dir}/kubeadm-flags.env`, text);
  run.println(`[kubelet-start] Writing kubelet environment file with flags to file ${JSON.stringify(path)}`);
  run.fs.put(path, text.replace(/ ?--pod-infra-container-image(=|\s+)[^\s"]+ ?/, (m) => (m.startsWith(" ") && m.endsWith(" ") ? " " : "")).replace(/" +/, '"'));
}

// ------------------------------------------------------------------ add-ons and cluster objects

/** UnupgradedControlPlaneInstances: control planes whose kube-apiserver runs another version than this node's. */
export function unupgradedControlPlanes(client: KubeClient, node: string): string[] {
  const versions = componentVersions(client, "kube-apiserver");
  let mine: string | undefined;
  for (const [v, nodes] of versions) if (nodes.includes(node)) mine = v;
  const out: string[] = [];
  for (const [v, nodes] of versions) if (v !== mine) out.push(...nodes);
  return out.sort();
}

/** Points a workload's first container at a new image (the add-on manifests kubeadm re-applies). */
function setImage(client: KubeClient, resource: "deployments" | "daemonsets", name: string, image: string): boolean {
  const obj = client.client.find(resource, "kube-system", name);
  if (!obj) return false;
  const containers = obj.spec?.template?.spec?.containers ?? [];
  if (!containers.length || containers[0].image === image) return true;
  client.call("Patch", `/apis/apps/v1/namespaces/kube-system/${resource}/${name}${TIMEOUT}`, (c) => c.patch(resource, "kube-system", name, "strategic", { spec: { template: { spec: { containers: [{ name: containers[0].name, image }] } } } }));
  return true;
}

/** The addon phase: CoreDNS and kube-proxy at kubeadm's versions, once every control plane runs the new version. */
export function upgradeAddons(run: KubeadmRun, client: KubeClient, version: string, build: KubeadmBuild, repo = IMAGE_REPOSITORY): void {
  for (const addon of ["coredns", "kube-proxy"] as const) {
    const pending = unupgradedControlPlanes(client, run.nodeName);
    if (pending.length) {
      run.println(`[upgrade/addon] Skipping upgrade of addons because control plane instances [${pending.join(" ")}] have not been upgraded`);
      continue;
    }
    if (addon === "coredns") {
      if (setImage(client, "deployments", "coredns", `${repo}/coredns/coredns:${build.coreDNS}`)) run.println("[addons] Applied essential addon: CoreDNS");
    } else if (setImage(client, "daemonsets", "kube-proxy", `${repo}/kube-proxy:${version}`)) run.println("[addons] Applied essential addon: kube-proxy");
  }
}

/** The bootstrap-token phase's RBAC objects, created where missing. */
export function ensureBootstrapRbac(client: KubeClient): void {
  for (const obj of kubeadmNodeRbac()) {
    const resource = `${obj.kind!.toLowerCase()}s`;
    if (client.client.find(resource, obj.metadata.namespace, obj.metadata.name ?? "")) continue;
    try {
      client.call("Post", `/apis/rbac.authorization.k8s.io/v1/${resource}${TIMEOUT}`, (c) => c.create(resource, obj.metadata.namespace, obj));
    } catch (e) {
      if (!(e instanceof KubeadmApiError && e.apiError.code === 409)) throw e;
    }
  }
}

/** upload-config: the new kubernetesVersion in kube-system/kubeadm-config (and kubelet-config re-uploaded as is). */
export function uploadConfig(run: KubeadmRun, client: KubeClient, cfg: ClusterConfig, version: string): void {
  run.println('[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace');
  const raw = (cfg.raw ?? "").replace(/^kubernetesVersion: .*$/m, `kubernetesVersion: ${version}`);
  client.call("Patch", `/api/v1/namespaces/kube-system/configmaps/kubeadm-config${TIMEOUT}`, (c) => c.patch("configmaps", "kube-system", "kubeadm-config", "merge", { data: { ClusterConfiguration: raw } }));
  run.println('[kubelet] Creating a ConfigMap "kubelet-config" in namespace kube-system with the configuration for the kubelets in the cluster');
}

export { kubeadmBuild };
