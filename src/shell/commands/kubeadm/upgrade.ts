/**
 * kubeadm upgrade (cmd/kubeadm/app/cmd/upgrade, phases/upgrade):
 *
 * - plan: the versions the cluster runs (kube-apiserver images, kubelets,
 *   CoreDNS, etcd), what is available (dl.k8s.io's labels, answered by the
 *   offline release list, with "remote version is much newer" when kubeadm
 *   is a minor behind), and compute.go's upgrade possibilities, printed by
 *   plan.go's text printer;
 * - apply <version>: the workflow's phases preflight (root, health, version
 *   skew policy, confirmation, image pull), control-plane, upload-config,
 *   kubeconfig, kubelet-config, bootstrap-token, addon and post-upgrade;
 * - node: the same for another control plane, or just the kubelet's
 *   configuration on a worker.
 *
 * A failing phase reads "error execution phase <phase>: <error>".
 */
import { versionParts } from "../../../host/packages.js";
import { askLine } from "../../tool.js";
import { TabWriter } from "../kubectl/printers/tabwriter.js";
import { certHandlers, DEFAULT_CERT_DIR, renewCertificate } from "./certs.js";
import { ExitSilently, KubeadmError, type KCommand, type KFlag } from "./cobra.js";
import { CONFIG_FLAG, IGNORE_PREFLIGHT_FLAG, KUBECONFIG_FLAG, SKIP_PHASES_FLAG } from "./options.js";
import { compareVersions, etcdFor, kubeadmBuild, releaseForLabel, resolveLabel } from "./constants.js";
import { ADMIN_KUBECONFIG, KUBELET_KUBECONFIG, KubeadmApiError, TIMEOUT, type KubeClient, type KubeadmRun } from "./context.js";
import { fetchClusterConfiguration, type ClusterConfig } from "./config.js";
import {
  checkClusterHealth,
  cleanKubeletFlags,
  clusterVersion,
  componentVersions,
  deployedDNSVersion,
  ensureBootstrapRbac,
  kubeletVersions,
  pullImages,
  requireRoot,
  uploadConfig,
  upgradeAddons,
  upgradeStaticPods,
  writeKubeletConfig,
} from "./upgrade-steps.js";


/** apply and node: whether to upgrade etcd and renew certificates. */
const ETCD_AND_CERTIFICATE_FLAGS: KFlag[] = [
  { name: "etcd-upgrade", type: "bool", default: true, usage: "Perform the upgrade of etcd." },
  { name: "certificate-renewal", type: "bool", default: true, usage: "Perform the renewal of certificates used by component changed during upgrades." },
];
const APPLY_PLAN_FLAGS: KFlag[] = [
  KUBECONFIG_FLAG,
  CONFIG_FLAG,
  { name: "allow-experimental-upgrades", type: "bool", usage: "Show unstable versions of Kubernetes as an upgrade alternative and allow upgrading to an alpha/beta/release candidate versions of Kubernetes." },
  { name: "allow-release-candidate-upgrades", type: "bool", usage: "Show release candidate versions of Kubernetes as an upgrade alternative and allow upgrading to a release candidate versions of Kubernetes." },
  { name: "print-config", type: "bool", usage: "Specifies whether the configuration file that will be used in the upgrade should be printed or not." },
  { name: "feature-gates", type: "string", usage: "A set of key=value pairs that describe feature gates for various features. Options are:\nControlPlaneKubeletLocalMode=true|false (BETA - default=true)\nNodeLocalCRISocket=true|false (BETA - default=true)\nPublicKeysECDSA=true|false (DEPRECATED - default=false)\nRootlessControlPlane=true|false (ALPHA - default=false)\nWaitForAllControlPlaneComponents=true|false (default=true)" },
  IGNORE_PREFLIGHT_FLAG,
];

const SEPARATOR = "_____________________________________________________________________";

/** getClient: a client from the kubeconfig file, or kubeadm's wrapped load error. */
function client(run: KubeadmRun, path: string): KubeClient {
  try {
    return run.clientFromFile(path);
  } catch (e) {
    throw e instanceof KubeadmError ? e.wrap(`couldn't create a Kubernetes client from file ${JSON.stringify(path)}`) : e;
  }
}

/** The containerd 1.7 on the nodes has no RuntimeConfig CRI call, which kubeadm v1.35 warns about. */
function runtimeWarning(run: KubeadmRun): void {
  if ((versionParts(run.version)?.[1] ?? 34) >= 35) {
    run.println("\t[WARNING ContainerRuntimeVersion]: You must update your container runtime to a version that supports the CRI method RuntimeConfig. Falling back to using cgroupDriver from kubelet config will be removed in 1.36. For more information, see https://git.k8s.io/enhancements/keps/sig-node/4033-group-driver-detection-over-cri");
  }
}

/** Runs a workflow phase, prefixing its error as the runner does. */
async function phase(name: string, fn: () => void | Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof KubeadmError) throw e.wrap(`error execution phase ${name}`);
    throw e;
  }
}

function flagList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

// ------------------------------------------------------------------ plan

interface ClusterState {
  kubeVersion: string;
  dnsVersion: string;
  kubeadmVersion: string;
  etcdVersion?: string;
  apiServers?: Map<string, string[]>;
  controllerManagers?: Map<string, string[]>;
  schedulers?: Map<string, string[]>;
  etcds?: Map<string, string[]>;
  kubelets?: Map<string, string[]>;
}

interface Upgrade {
  description: string;
  before: ClusterState;
  after: ClusterState;
}

function sortedEntries(m: Map<string, string[]> | undefined): Array<[string, string[]]> {
  return [...(m ?? new Map()).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function canUpgradeKubelets(u: Upgrade): boolean {
  const k = u.before.kubelets ?? new Map();
  if (k.size > 1) return true;
  if (k.size === 0) return false;
  return !k.has(u.after.kubeVersion);
}

/** compute.go GetAvailableUpgrades, printing as it goes. */
function availableUpgrades(run: KubeadmRun, c: KubeClient, offlineVersion: string | undefined): Upgrade[] {
  run.println("[upgrade] Fetching available versions to upgrade to");
  const apiServers = componentVersions(c, "kube-apiserver");
  if (apiServers.size > 1) {
    run.klog("W", "compute.go:90", `Different API server versions in the cluster were discovered: ${[...apiServers].map(([v, n]) => `${v} on nodes [${n.join(" ")}]`).join(", ")}. Please upgrade your control plane nodes to the same version of Kubernetes`);
  }
  const cluster = clusterVersion(apiServers);
  if (!cluster) throw new KubeadmError("couldn't parse kube-apiserver version  from nodes []").wrap("[upgrade/versions] FATAL");
  const clusterStr = cluster.replace(/^v/, "");
  run.println(`[upgrade/versions] Cluster version: ${clusterStr}`);
  run.println(`[upgrade/versions] kubeadm version: ${run.version}`);
  const label = (l: string) => offlineVersion ?? resolveLabel(l, run.version, (msg) => run.klog("I", "version.go:260", msg));
  const stable = label("stable");
  if (!stable) throw new KubeadmError("Couldn't fetch latest stable version from the internet").wrap("[upgrade/versions] FATAL");
  run.println(`[upgrade/versions] Target version: ${stable}`);
  const build = kubeadmBuild(run.version);
  const etcds = componentVersions(c, "etcd");
  const before: ClusterState = {
    kubeVersion: clusterStr,
    dnsVersion: deployedDNSVersion(c),
    kubeadmVersion: run.version,
    apiServers,
    controllerManagers: componentVersions(c, "kube-controller-manager"),
    schedulers: componentVersions(c, "kube-scheduler"),
    etcds,
    kubelets: kubeletVersions(c),
  };
  const upgrades: Upgrade[] = [];
  let minorPossible = compareVersions(cluster, stable) < 0;
  const etcdAfter = (v: string) => (etcds.size === 0 ? "" : etcdFor(build, v));
  // patchVersionBranchExists: the stable version is at least the cluster's.
  if (compareVersions(stable, cluster) >= 0) {
    const [maj, min] = versionParts(cluster)!;
    const description = `version in the v${maj}.${min} series`;
    const patch = offlineVersion ?? releaseForLabel(`stable-${maj}.${min}`);
    if (patch) {
      run.println(`[upgrade/versions] Latest ${description}: ${patch}`);
      minorPossible = compareVersions(patch, stable) < 0;
      if (compareVersions(cluster, patch) < 0) {
        upgrades.push({ description, before, after: { kubeVersion: patch, dnsVersion: build.coreDNS, kubeadmVersion: compareVersions(run.version, patch) >= 0 ? run.version : patch, etcdVersion: etcdAfter(patch) } });
      }
    }
  }
  if (minorPossible) upgrades.push({ description: "stable version", before, after: { kubeVersion: stable, dnsVersion: build.coreDNS, kubeadmVersion: stable, etcdVersion: etcdAfter(stable) } });
  run.println();
  return upgrades;
}

/** plan.go's text printer for one upgrade possibility. */
function printUpgrade(run: KubeadmRun, u: Upgrade): void {
  const table = (rows: string[][]) => {
    let text = "";
    const w = new TabWriter((s) => (text += s), { minWidth: 10, padding: 3, rememberWidths: false });
    for (const r of rows) w.write(`${r.join("\t")}\n`);
    w.flush();
    run.print(text);
  };
  const header = ["COMPONENT", "NODE", "CURRENT", "TARGET"];
  run.println("Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':");
  const kubelets: string[][] = [];
  if (canUpgradeKubelets(u)) for (const [v, nodes] of sortedEntries(u.before.kubelets)) for (const n of nodes) kubelets.push(["kubelet", n, v, u.after.kubeVersion]);
  table([header, ...kubelets]);
  run.println();
  run.println(`Upgrade to the latest ${u.description}:`);
  run.println();
  const rows: string[][] = [header];
  const per = (name: string, m?: Map<string, string[]>) => {
    for (const [v, nodes] of sortedEntries(m)) for (const n of nodes) rows.push([name, n, v, u.after.kubeVersion]);
  };
  per("kube-apiserver", u.before.apiServers);
  per("kube-controller-manager", u.before.controllerManagers);
  per("kube-scheduler", u.before.schedulers);
  rows.push(["kube-proxy", "", u.before.kubeVersion, u.after.kubeVersion]);
  if (u.before.dnsVersion || u.after.dnsVersion) rows.push(["CoreDNS", "", u.before.dnsVersion, u.after.dnsVersion]);
  for (const [v, nodes] of sortedEntries(u.before.etcds)) for (const n of nodes) rows.push(["etcd", n, v, u.after.etcdVersion ?? ""]);
  table(rows);
  run.println();
  run.println("You can now apply the upgrade by executing the following command:");
  run.println();
  run.println(`\tkubeadm upgrade apply ${u.after.kubeVersion}`);
  run.println();
  if (u.before.kubeadmVersion !== u.after.kubeadmVersion) {
    run.println(`Note: Before you can perform this upgrade, you have to update kubeadm to ${u.after.kubeadmVersion}.`);
    run.println();
  }
  run.print(`${SEPARATOR}\n\n`);
}

function printConfigStates(run: KubeadmRun): void {
  run.println(`
The table below shows the current state of component configs as understood by this version of kubeadm.
Configs that have a "yes" mark in the "MANUAL UPGRADE REQUIRED" column require manual config upgrade or
resetting to kubeadm defaults before a successful upgrade can be performed. The version to manually
upgrade to is denoted in the "PREFERRED VERSION" column.
`);
  let text = "";
  const w = new TabWriter((s) => (text += s), { minWidth: 10, padding: 3, rememberWidths: false });
  w.write("API GROUP\tCURRENT VERSION\tPREFERRED VERSION\tMANUAL UPGRADE REQUIRED\n");
  w.write("kubeproxy.config.k8s.io\tv1alpha1\tv1alpha1\tno\n");
  w.write("kubelet.config.k8s.io\tv1beta1\tv1beta1\tno\n");
  w.flush();
  run.print(text);
  run.print(`${SEPARATOR}\n\n`);
}

/** The kubeadm-config ConfigMap, with the "[upgrade/init config] FATAL" wrap the enforceRequirements step adds. */
function fetchConfig(run: KubeadmRun, c: KubeClient, prefix: string, fatal: string): ClusterConfig {
  try {
    return fetchClusterConfiguration(run, c, prefix);
  } catch (e) {
    if (e instanceof KubeadmApiError && e.apiError.code === 404) {
      run.println(`[${prefix}] In order to upgrade, a ConfigMap called "kubeadm-config" in the "kube-system" namespace must exist.`);
      run.println(`[${prefix}] Use 'kubeadm init phase upload-config --config your-config.yaml' to re-upload it.`);
      throw new KubeadmError('the ConfigMap "kubeadm-config" in the "kube-system" namespace was not found').wrap(fatal);
    }
    if (e instanceof KubeadmError) throw e.wrap("failed to get config map").wrap(fatal);
    throw e;
  }
}

async function runPlan(run: KubeadmRun, flags: Record<string, unknown>, args: string[]): Promise<void> {
  if (args.length > 1) throw new KubeadmError(`too many arguments. Required arguments: [version]`);
  const output = String(flags.output ?? "text");
  if (output !== "text") throw new KubeadmError(`could not construct output printer: unable to match a printer suitable for the output format "${output}", allowed formats are: text`);
  const c = client(run, String(flags.kubeconfig || ADMIN_KUBECONFIG));
  const ignored = flagList(flags["ignore-preflight-errors"]);
  run.println("[preflight] Running pre-flight checks.");
  requireRoot(run, ignored);
  fetchConfig(run, c, "upgrade/config", "[upgrade/init config] FATAL");
  checkClusterHealth(run, c, ignored, run.isControlPlane);
  let offline: string | undefined;
  if (args[0]) {
    offline = normalizeVersion(args[0]);
    if (!offline) throw new KubeadmError(`Unable to parse normalized version ${JSON.stringify(args[0])} as a semantic version`).wrap("[upgrade/versions] FATAL");
  }
  const upgrades = availableUpgrades(run, c, offline);
  if (upgrades.length === 0) return;
  for (const u of upgrades) printUpgrade(run, u);
  printConfigStates(run);
}

/** KubernetesReleaseVersion for an explicit version: "1.35.0" and "v1.35.0" both mean v1.35.0. */
function normalizeVersion(v: string): string | undefined {
  const m = /^v?(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?)$/.exec(v);
  return m ? `v${m[1]}` : undefined;
}

// ------------------------------------------------------------------ apply

/** EnforceVersionPolicies (phases/upgrade/policy.go): the mandatory and the --force-skippable errors. */
function versionPolicyErrors(cluster: string, kubeadm: string, target: string, kubelets: Map<string, string[]>): { mandatory: string[]; skippable: string[] } {
  const [, cMinor] = versionParts(cluster)!;
  const [kMajor, kMinor] = versionParts(kubeadm)!;
  const [tMajor, tMinor] = versionParts(target)!;
  const prerelease = /-/.test(target);
  const mandatory: string[] = [];
  const skippable: string[] = [];
  const minimum = `v${kMajor}.${kMinor - 1}.0`;
  if (compareVersions(minimum, target) >= 0 && !(compareVersions(minimum, target) === 0 && false)) {
    if (compareVersions(target, minimum) <= 0) mandatory.push(`Specified version to upgrade to ${JSON.stringify(target)} is equal to or lower than the minimum supported version ${JSON.stringify(minimum)}. Please specify a higher version to upgrade to`);
  }
  if (tMinor > cMinor + 1) (prerelease ? skippable : mandatory).push(`Specified version to upgrade to ${JSON.stringify(target)} is too high; kubeadm can upgrade only 1 minor version at a time`);
  if (tMinor < cMinor - 1) (prerelease ? skippable : mandatory).push(`Specified version to downgrade to ${JSON.stringify(target)} is too low; kubeadm can downgrade only 1 minor version at a time`);
  if (compareVersions(kubeadm, target) < 0) {
    if (tMinor > kMinor) (prerelease ? skippable : mandatory).push(`Specified version to upgrade to ${JSON.stringify(target)} is at least one minor release higher than the kubeadm minor release (${tMinor} > ${kMinor}). Such an upgrade is not supported`);
    else skippable.push(`Specified version to upgrade to ${JSON.stringify(target)} is higher than the kubeadm version ${JSON.stringify(kubeadm)}. Upgrade kubeadm first using the tool you used to install kubeadm`);
  }
  if (kMajor > tMajor || kMinor > tMinor) skippable.push(`Kubeadm version ${kubeadm} can only be used to upgrade to Kubernetes version ${kMajor}.${kMinor}`);
  const tooOld = [...kubelets.keys()].filter((v) => {
    const p = versionParts(v);
    return p && tMinor > p[1] + 3;
  });
  if (tooOld.length) skippable.push(`There are kubelets in this cluster that are too old that have these versions [${tooOld.join(" ")}]`);
  return { mandatory, skippable };
}

const formatErrors = (errs: string[]) => errs.map((e) => `\t- ${e}\n`).join("");

/** InteractivelyConfirmAction: the answer typed at the terminal, or stdin's first line in a script. */
async function confirm(run: KubeadmRun): Promise<void> {
  const answer = (await askLine(run.ctx, run.io, "[upgrade] Are you sure you want to proceed? [y/N]: ")) ?? "";
  // At the terminal the typed answer ended the prompt's line; in a script kubeadm's own newline does.
  if (!run.ctx.terminal?.readLine) run.println();
  if (/^(y|yes)$/i.test(answer.trim())) return;
  throw new KubeadmError("won't proceed; the user didn't answer (Y|y) in order to continue");
}

async function runApply(run: KubeadmRun, flags: Record<string, unknown>, args: string[]): Promise<void> {
  if (args.length !== 1) throw new KubeadmError(args.length === 0 ? "missing one or more required arguments. Required arguments: [version]" : "too many arguments. Required arguments: [version]");
  const c = client(run, String(flags.kubeconfig || ADMIN_KUBECONFIG));
  let cfg: ClusterConfig;
  try {
    cfg = fetchConfig(run, c, "upgrade", "[upgrade] FATAL");
  } catch (e) {
    throw e;
  }
  const ignored = flagList(flags["ignore-preflight-errors"]);
  const force = flags.force === true;
  const dryRun = flags["dry-run"] === true;
  const interactive = !(flags.yes === true || force || dryRun);
  const build = kubeadmBuild(run.version);
  let target = "";
  await phase("preflight", async () => {
    run.println("[upgrade/preflight] Running preflight checks");
    requireRoot(run, ignored);
    runtimeWarning(run);
    checkClusterHealth(run, c, ignored, true);
    const normalized = normalizeVersion(args[0]);
    if (!normalized) {
      const label = /^(stable|latest)(-\d+(\.\d+)?)?$/.test(args[0]) ? resolveLabel(args[0], run.version, (m) => run.klog("I", "version.go:260", m)) : undefined;
      if (!label) throw new KubeadmError(`version ${JSON.stringify(args[0])} doesn't match patterns for neither semantic version nor labels (stable, latest, ...)`);
      target = label;
    } else target = normalized;
    run.println(`[upgrade/preflight] You have chosen to upgrade the cluster version to ${JSON.stringify(target)}`);
    const server = c.call("Get", `/version${TIMEOUT}`, (x) => x.serverVersion().gitVersion);
    run.println(`[upgrade/versions] Cluster version: ${server}`);
    run.println(`[upgrade/versions] kubeadm version: ${run.version}`);
    const errs = versionPolicyErrors(server, run.version, target, kubeletVersions(c));
    if (errs.mandatory.length) throw new KubeadmError(`the version argument is invalid due to these fatal errors:\n\n${formatErrors(errs.mandatory)}\nPlease fix the misalignments highlighted above and try upgrading again`);
    if (errs.skippable.length) {
      if (!force) throw new KubeadmError(`the version argument is invalid due to these errors:\n\n${formatErrors(errs.skippable)}\nCan be bypassed if you pass the --force flag`);
      run.print(`[upgrade/version] Found ${errs.skippable.length} potential version compatibility errors but skipping since the --force flag is set: \n\n${formatErrors(errs.skippable)}`);
    }
    if (interactive) await confirm(run);
    if (dryRun) {
      run.println("[upgrade/preflight] Would pull the required images (like 'kubeadm config images pull')");
      return;
    }
    run.println("[upgrade/preflight] Pulling images required for setting up a Kubernetes cluster");
    run.println("[upgrade/preflight] This might take a minute or two, depending on the speed of your internet connection");
    run.println("[upgrade/preflight] You can also perform this action beforehand using 'kubeadm config images pull'");
    await pullImages(run, build, target);
  });
  if (dryRun) {
    run.println("[upgrade/successful] Finished dryrunning successfully!");
    return;
  }
  await upgradeThisControlPlane(run, c, cfg, target, build, flags, "control plane");
  await phase("upload-config", () => uploadConfig(run, c, cfg, target));
  await phase("kubeconfig", () => renewKubeconfigs(run, cfg, flags));
  await phase("kubelet-config", () => writeKubeletConfig(run, c));
  await phase("bootstrap-token", () => {
    run.println("[upgrade/bootstrap-token] Configuring bootstrap token and cluster-info RBAC rules");
    ensureBootstrapRbac(c);
    run.println("[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to get nodes");
    run.println("[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to post CSRs in order for nodes to get long term certificate credentials");
    run.println("[bootstrap-token] Configured RBAC rules to allow the csrapprover controller automatically approve CSRs from a Node Bootstrap Token");
    run.println("[bootstrap-token] Configured RBAC rules to allow certificate rotation for all node client certificates in the cluster");
  });
  await phase("addon", () => upgradeAddons(run, c, target, build));
  await phase("post-upgrade", () => cleanKubeletFlags(run));
  run.println();
  run.println(`[upgrade] SUCCESS! A control plane node of your cluster was upgraded to ${JSON.stringify(target)}.`);
  run.println();
  run.println("[upgrade] Now please proceed with upgrading the rest of the nodes by following the right order.");
}

/** The control-plane phase: this node's static pods at the target version. */
async function upgradeThisControlPlane(run: KubeadmRun, c: KubeClient, cfg: ClusterConfig, version: string, build: ReturnType<typeof kubeadmBuild>, flags: Record<string, unknown>, what: "control plane" | "control plane instance"): Promise<void> {
  await phase("control-plane", async () => {
    run.println(what === "control plane" ? `[upgrade/control-plane] Upgrading your static Pod-hosted control plane to version ${JSON.stringify(version)} (timeout: 5m0s)...` : `[upgrade/control-plane] Upgrading your Static Pod-hosted control plane instance to version ${JSON.stringify(version)}...`);
    try {
      await upgradeStaticPods(run, c, {
        version,
        build,
        certificateRenewal: flags["certificate-renewal"] !== false,
        etcdUpgrade: flags["etcd-upgrade"] !== false,
        certificatesDir: cfg.certificatesDir || DEFAULT_CERT_DIR,
      });
    } catch (e) {
      throw e instanceof KubeadmError ? e.wrap("couldn't complete the static pod upgrade") : e;
    }
    run.println("[upgrade/control-plane] The control plane instance for this node was successfully upgraded!");
  });
}

/** The kubeconfig phase: the admin kubeconfigs' certificates renewed with the rest. */
function renewKubeconfigs(run: KubeadmRun, cfg: ClusterConfig, flags: Record<string, unknown>): void {
  if (flags["certificate-renewal"] !== false) {
    const certDir = cfg.certificatesDir || DEFAULT_CERT_DIR;
    for (const h of certHandlers(certDir).filter((x) => x.leaf.name === "admin.conf" || x.leaf.name === "super-admin.conf")) {
      if (run.fs.exists(h.path)) renewCertificate(run, certDir, h);
    }
  }
  run.println("[upgrade/kubeconfig] The kubeconfig files for this node were successfully upgraded!");
}

// ------------------------------------------------------------------ node

async function runNode(run: KubeadmRun, flags: Record<string, unknown>): Promise<void> {
  let path = String(flags.kubeconfig || ADMIN_KUBECONFIG);
  // cmdutil.FindExistingKubeConfig: a worker has no admin.conf, only its kubelet's.
  if (!run.fs.exists(path) && path === ADMIN_KUBECONFIG) path = KUBELET_KUBECONFIG;
  const c = client(run, path);
  const cp = run.isControlPlane;
  let cfg: ClusterConfig;
  try {
    cfg = fetchClusterConfiguration(run, c, "upgrade");
  } catch (e) {
    throw e instanceof KubeadmError ? e.wrap("unable to fetch the kubeadm-config ConfigMap") : e;
  }
  const ignored = flagList(flags["ignore-preflight-errors"]);
  const build = kubeadmBuild(run.version);
  const version = cfg.kubernetesVersion.startsWith("v") ? cfg.kubernetesVersion : `v${cfg.kubernetesVersion}`;
  await phase("preflight", async () => {
    run.println("[upgrade/preflight] Running pre-flight checks");
    requireRoot(run, ignored);
    runtimeWarning(run);
    if (!cp) {
      run.println("[upgrade/preflight] Skipping prepull. Not a control plane node.");
      return;
    }
    run.println("[upgrade/preflight] Pulling images required for setting up a Kubernetes cluster");
    run.println("[upgrade/preflight] This might take a minute or two, depending on the speed of your internet connection");
    run.println("[upgrade/preflight] You can also perform this action beforehand using 'kubeadm config images pull'");
    await pullImages(run, build, version);
  });
  if (cp) await upgradeThisControlPlane(run, c, cfg, version, build, flags, "control plane instance");
  else run.println("[upgrade/control-plane] Skipping phase. Not a control plane node.");
  if (cp) await phase("kubeconfig", () => renewKubeconfigs(run, cfg, flags));
  else run.println("[upgrade/kubeconfig] Skipping phase. Not a control plane node.");
  await phase("kubelet-config", () => writeKubeletConfig(run, c));
  if (cp) await phase("addon", () => upgradeAddons(run, c, version, build));
  else {
    run.println("[upgrade/addon] Skipping the addon/coredns phase. Not a control plane node.");
    run.println("[upgrade/addon] Skipping the addon/kube-proxy phase. Not a control plane node.");
  }
  await phase("post-upgrade", () => cleanKubeletFlags(run));
}

// ------------------------------------------------------------------ diff

async function runDiff(run: KubeadmRun, flags: Record<string, unknown>, args: string[]): Promise<void> {
  const c = client(run, String(flags.kubeconfig || ADMIN_KUBECONFIG));
  const cfg = fetchConfig(run, c, "upgrade/diff", "[upgrade/diff] FATAL");
  const version = normalizeVersion(args[0] ?? cfg.kubernetesVersion) ?? cfg.kubernetesVersion;
  const { manifestsFor } = await import("./upgrade-steps.js");
  const next = manifestsFor(run, kubeadmBuild(run.version), version);
  for (const [component, text] of Object.entries(next)) {
    const path = `/etc/kubernetes/manifests/${component}.yaml`;
    const old = run.fs.read(path) ?? "";
    if (old === text) continue;
    const a = old.split("\n");
    const b = text.split("\n");
    run.println(`--- ${path}`);
    run.println("+++ new manifest");
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (a[i] === b[i]) continue;
      if (a[i] !== undefined) run.println(`-${a[i]}`);
      if (b[i] !== undefined) run.println(`+${b[i]}`);
    }
  }
}

// ------------------------------------------------------------------ the command

export function upgradeCommand(): KCommand<KubeadmRun> {
  return {
    use: "upgrade",
    short: "Upgrade your cluster smoothly to a newer version with this command",
    group: "SubCmdRunE",
    children: [
      {
        use: "apply [version]",
        noFlagsInUse: true,
        short: "Upgrade your Kubernetes cluster to the specified version",
        flags: [
          ...APPLY_PLAN_FLAGS,
          { name: "yes", short: "y", type: "bool", usage: "Perform the upgrade and do not prompt for confirmation (non-interactive mode)." },
          { name: "force", short: "f", type: "bool", usage: "Force upgrading although some requirements might not be met. This also implies non-interactive mode." },
          { name: "dry-run", type: "bool", usage: "Do not change any state, just output what actions would be performed." },
          ...ETCD_AND_CERTIFICATE_FLAGS,
          { name: "patches", type: "string", usage: 'Path to a directory that contains files named "target[suffix][+patchtype].extension". For example, "kube-apiserver0+merge.yaml" or just "etcd.json". "target" can be one of "kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd", "kubeletconfiguration", "corednsdeployment". "patchtype" can be one of "strategic", "merge" or "json" and they match the patch formats supported by kubectl. The default "patchtype" is "strategic". "extension" must be either "json" or "yaml". "suffix" is an optional string that can be used to determine which patches are applied first alpha-numerically.' },
          SKIP_PHASES_FLAG,
        ],
        run: ({ run, flags, args }) => runApply(run, flags.values, args),
      },
      {
        use: "plan [version] [flags]",
        short: "Check which versions are available to upgrade to and validate whether your current cluster is upgradeable.",
        long: 'Check which versions are available to upgrade to and validate whether your current cluster is upgradeable.\nThis command can only run on the control plane nodes where the kubeconfig file "admin.conf" exists.\nTo skip the internet check, pass in the optional [version] parameter.',
        flags: [
          ...APPLY_PLAN_FLAGS,
          { name: "output", short: "o", type: "string", default: "text", usage: "Output format. One of: text|json|yaml|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file." },
          { name: "allow-missing-template-keys", type: "bool", default: true, usage: "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats." },
          { name: "show-managed-fields", type: "bool", usage: "If true, keep the managedFields when printing objects in JSON or YAML format." },
        ],
        run: ({ run, flags, args }) => runPlan(run, flags.values, args),
      },
      {
        use: "node",
        short: "Upgrade commands for a node in the cluster",
        long: 'Upgrade commands for a node in the cluster\n\nThe "node" command executes the following phases:\n```\npreflight       Run upgrade node pre-flight checks\ncontrol-plane   Upgrade the control plane instance deployed on this node, if any\nkubeconfig      Upgrade kubeconfig files for this node\nkubelet-config  Upgrade the kubelet configuration for this node by downloading it from the kubelet-config ConfigMap stored in the cluster\naddon           Upgrade the default kubeadm addons\n  /coredns        Upgrade the CoreDNS addon\n  /kube-proxy     Upgrade the kube-proxy addon\npost-upgrade    Run post upgrade tasks\n```',
        flags: [
          KUBECONFIG_FLAG,
          CONFIG_FLAG,
          IGNORE_PREFLIGHT_FLAG,
          { name: "dry-run", type: "bool", usage: "Do not change any state, just output the actions that would be performed." },
          ...ETCD_AND_CERTIFICATE_FLAGS,
          { name: "patches", type: "string", usage: "Path to a directory that contains files named \"target[suffix][+patchtype].extension\"." },
          SKIP_PHASES_FLAG,
        ],
        noArgs: true,
        run: ({ run, flags }) => runNode(run, flags.values),
      },
      {
        use: "diff [version]",
        short: "Show what differences would be applied to existing static pod manifests. See also: kubeadm upgrade apply --dry-run",
        flags: [KUBECONFIG_FLAG, CONFIG_FLAG, { name: "context-lines", short: "c", type: "int", default: 3, usage: "How many lines of context in the diff" }],
        run: ({ run, flags, args }) => runDiff(run, flags.values, args),
      },
    ],
  };
}

export { ExitSilently };
