/**
 * kubeadm config (cmd/kubeadm/app/cmd/config.go): `print init-defaults` and
 * `print join-defaults` (the v1beta4 defaults kubeadm v1.34/v1.35 prints),
 * `images list` and `images pull` (the images of a version, resolved as
 * kubeadm resolves "stable-1" when no --kubernetes-version is given), and
 * the cluster configuration other commands read from the kubeadm-config
 * ConfigMap (util/config/cluster.go FetchInitConfigurationFromCluster).
 */
import { parse as parseYaml } from "yaml";
import { versionParts } from "../../../host/packages.js";
import { clusterConfigurationYaml, kubeletConfigYaml } from "../../../cluster/kubeadm.js";
import { KubeadmError, type KCommand, type KFlag } from "./cobra.js";
import { CONFIG_FLAG, KUBECONFIG_FLAG } from "./options.js";
import { controlPlaneImages, IMAGE_REPOSITORY, kubeadmBuild, resolveLabel } from "./constants.js";
import { TIMEOUT, type KubeClient, type KubeadmRun } from "./context.js";

/** The parts of a ClusterConfiguration the commands use. */
export interface ClusterConfig {
  kubernetesVersion: string;
  certificatesDir: string;
  localEtcd: boolean;
  imageRepository?: string;
  /** The ConfigMap's ClusterConfiguration text, to write back with a new version. */
  raw?: string;
}

/** Reads kube-system/kubeadm-config, printing the two lines kubeadm prints first. */
export function fetchClusterConfiguration(run: KubeadmRun, client: KubeClient, prefix: string): ClusterConfig {
  run.println(`[${prefix}] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...`);
  run.println(`[${prefix}] Use 'kubeadm init phase upload-config kubeadm --config your-config-file' to re-upload it.`);
  const cm = client.call("Get", `/api/v1/namespaces/kube-system/configmaps/kubeadm-config${TIMEOUT}`, (c) => c.get("configmaps", "kube-system", "kubeadm-config"));
  const raw = String(cm.data?.ClusterConfiguration ?? "");
  let doc: any;
  try {
    doc = parseYaml(raw) ?? {};
  } catch (e) {
    throw new KubeadmError(`failed to decode cluster configuration data: ${(e as Error).message.split("\n")[0]}`);
  }
  return {
    kubernetesVersion: String(doc.kubernetesVersion ?? ""),
    certificatesDir: String(doc.certificatesDir ?? "/etc/kubernetes/pki"),
    localEtcd: !doc.etcd?.external,
    imageRepository: doc.imageRepository,
    raw,
  };
}

const TIMEOUTS = ["timeouts:", "  controlPlaneComponentHealthCheck: 4m0s", "  discovery: 5m0s", "  etcdAPICall: 2m0s", "  kubeletHealthCheck: 4m0s", "  kubernetesAPICall: 1m0s", "  tlsBootstrap: 5m0s", "  upgradeManifests: 5m0s"];

const NODE_REGISTRATION = ["nodeRegistration:", "  criSocket: unix:///var/run/containerd/containerd.sock", "  imagePullPolicy: IfNotPresent", "  imagePullSerial: true", "  name: node", "  taints: null"];

function initDefaults(kubeadmVersion: string): string {
  const version = kubeadmBuild(kubeadmVersion).currentVersion.replace(/^v/, "");
  return [
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "bootstrapTokens:",
    "- groups:",
    "  - system:bootstrappers:kubeadm:default-node-token",
    "  token: abcdef.0123456789abcdef",
    "  ttl: 24h0m0s",
    "  usages:",
    "  - signing",
    "  - authentication",
    "kind: InitConfiguration",
    "localAPIEndpoint:",
    "  advertiseAddress: 1.2.3.4",
    "  bindPort: 6443",
    ...NODE_REGISTRATION,
    ...TIMEOUTS,
    "---",
    clusterConfigurationYaml(version, { serviceSubnet: "10.96.0.0/12" }),
  ].join("\n");
}

function joinDefaults(): string {
  return [
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "caCertPath: /etc/kubernetes/pki/ca.crt",
    "discovery:",
    "  bootstrapToken:",
    "    apiServerEndpoint: kube-apiserver:6443",
    "    token: abcdef.0123456789abcdef",
    "    unsafeSkipCAVerification: true",
    "  tlsBootstrapToken: abcdef.0123456789abcdef",
    "kind: JoinConfiguration",
    ...NODE_REGISTRATION,
    ...TIMEOUTS,
    "",
  ].join("\n");
}

const KUBE_PROXY_DEFAULTS = [
  "apiVersion: kubeproxy.config.k8s.io/v1alpha1",
  "bindAddress: 0.0.0.0",
  "bindAddressHardFail: false",
  "clientConnection:",
  "  acceptContentTypes: \"\"",
  "  burst: 0",
  "  contentType: \"\"",
  "  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf",
  "  qps: 0",
  "clusterCIDR: \"\"",
  "configSyncPeriod: 0s",
  "enableProfiling: false",
  "healthzBindAddress: \"\"",
  "hostnameOverride: \"\"",
  "kind: KubeProxyConfiguration",
  "metricsBindAddress: \"\"",
  "mode: \"\"",
  "nodePortAddresses: null",
  "oomScoreAdj: null",
  "portRange: \"\"",
  "showHiddenMetricsForVersion: \"\"",
  "",
].join("\n");

/** The version `config images` lists: --kubernetes-version (a label resolves online), else the latest of kubeadm's minor. */
function imagesVersion(run: KubeadmRun, flagValue: string): string {
  const wanted = flagValue || "stable-1";
  if (/^v?\d+\.\d+\.\d+$/.test(wanted)) return wanted.startsWith("v") ? wanted : `v${wanted}`;
  const v = resolveLabel(wanted, run.version, (msg) => run.klog("I", "version.go:260", msg));
  if (!v) throw new KubeadmError(`version ${JSON.stringify(wanted)} doesn't match patterns for neither semantic version nor labels (stable, latest, ...)`);
  return v;
}

const IMAGE_FLAGS: KFlag[] = [
  CONFIG_FLAG,
  { name: "feature-gates", type: "string", usage: "A set of key=value pairs that describe feature gates for various features." },
  { name: "image-repository", type: "string", default: IMAGE_REPOSITORY, usage: "Choose a container registry to pull control plane images from" },
  { name: "kubernetes-version", type: "string", default: "stable-1", usage: "Choose a specific Kubernetes version for the control plane." },
];

export function configCommand(): KCommand<KubeadmRun> {
  return {
    use: "config",
    short: "Manage configuration for a kubeadm cluster persisted in a ConfigMap in the cluster",
    long: `There is a ConfigMap in the kube-system namespace called "kubeadm-config" that kubeadm uses to store internal configuration about the
cluster. kubeadm CLI v1.8.0+ automatically creates this ConfigMap with the config used with 'kubeadm init'.

If you initialized your cluster using kubeadm v1.7.x or lower, you must use the 'kubeadm init phase upload-config' command to
create this ConfigMap. This is required so that 'kubeadm upgrade' can configure your upgraded cluster correctly.`,
    group: "SubCmdRun",
    persistentFlags: [KUBECONFIG_FLAG],
    children: [
      {
        use: "print",
        short: "Print configuration",
        long: "This command prints configurations for subcommands provided.\nFor details, see: https://pkg.go.dev/k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm#section-directories",
        group: "SubCmdRun",
        children: [
          {
            use: "init-defaults",
            short: "Print default init configuration, that can be used for 'kubeadm init'",
            long: "This command prints objects such as the default init configuration that is used for 'kubeadm init'.\n\nNote that sensitive values like the Bootstrap Token fields are replaced with placeholder values like \"abcdef.0123456789abcdef\" in order to pass validation but\nnot perform the real computation for creating a token.",
            flags: [{ name: "component-configs", type: "stringSlice", usage: "A comma-separated list for component config API objects to print the default values for. Available values: [KubeProxyConfiguration KubeletConfiguration]. If this flag is not set, no component configs will be printed." }],
            noArgs: true,
            run: ({ run, flags }) => {
              let text = initDefaults(run.version);
              for (const c of flags.values["component-configs"] as string[]) {
                if (c === "KubeletConfiguration") text += `---\n${kubeletConfigYaml()}`;
                else if (c === "KubeProxyConfiguration") text += `---\n${KUBE_PROXY_DEFAULTS}`;
                else throw new KubeadmError(`cannot get defaults for component config ${JSON.stringify(c)}`);
              }
              run.print(text);
            },
          },
          {
            use: "join-defaults",
            short: "Print default join configuration, that can be used for 'kubeadm join'",
            long: "This command prints objects such as the default join configuration that is used for 'kubeadm join'.\n\nNote that sensitive values like the Bootstrap Token fields are replaced with placeholder values like \"abcdef.0123456789abcdef\" in order to pass validation but\nnot perform the real computation for creating a token.",
            noArgs: true,
            run: ({ run }) => run.print(joinDefaults()),
          },
          {
            use: "reset-defaults",
            short: "Print default reset configuration, that can be used for 'kubeadm reset'",
            noArgs: true,
            run: ({ run }) => run.print("apiVersion: kubeadm.k8s.io/v1beta4\ncertificatesDir: /etc/kubernetes/pki\ncriSocket: unix:///var/run/containerd/containerd.sock\nkind: ResetConfiguration\ntimeouts:\n  etcdAPICall: 2m0s\n  kubernetesAPICall: 1m0s\n"),
          },
        ],
      },
      {
        use: "images",
        short: "Interact with container images used by kubeadm",
        group: "SubCmdRun",
        children: [
          {
            use: "list",
            short: "Print a list of images kubeadm will use. The configuration file is used in case any images or image repositories are customized",
            flags: [...IMAGE_FLAGS, { name: "output", short: "o", type: "string", default: "text", usage: "Output format. One of: text|json|yaml|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file." }, { name: "allow-missing-template-keys", type: "bool", default: true, usage: "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats." }, { name: "show-managed-fields", type: "bool", usage: "If true, keep the managedFields when printing objects in JSON or YAML format." }],
            noArgs: true,
            run: ({ run, flags }) => {
              const version = imagesVersion(run, String(flags.values["kubernetes-version"] === "stable-1" ? "" : flags.values["kubernetes-version"]));
              const images = controlPlaneImages(kubeadmBuild(run.version), version, String(flags.values["image-repository"] || IMAGE_REPOSITORY));
              const output = String(flags.values.output ?? "text");
              if (output === "text") for (const i of images) run.println(i);
              else if (output === "json") run.println(JSON.stringify({ kind: "Images", apiVersion: "output.kubeadm.k8s.io/v1alpha3", images }, null, 4));
              else if (output === "yaml") run.print(`apiVersion: output.kubeadm.k8s.io/v1alpha3\nimages:\n${images.map((i) => `- ${i}`).join("\n")}\nkind: Images\n`);
              else throw new KubeadmError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml,text`);
            },
          },
          {
            use: "pull",
            short: "Pull images used by kubeadm",
            flags: [...IMAGE_FLAGS, { name: "cri-socket", type: "string", usage: "Path to the CRI socket to connect." }],
            noArgs: true,
            run: async ({ run, flags }) => {
              const version = imagesVersion(run, String(flags.values["kubernetes-version"] === "stable-1" ? "" : flags.values["kubernetes-version"]));
              const images = controlPlaneImages(kubeadmBuild(run.version), version, String(flags.values["image-repository"] || IMAGE_REPOSITORY));
              for (const image of images) {
                const err = await pullImage(run, image);
                if (err) throw new KubeadmError(`failed to pull image ${JSON.stringify(image)}: ${err}`);
                run.println(`[config/images] Pulled ${image}`);
              }
            },
          },
        ],
      },
      {
        use: "validate",
        short: "Read a file containing the kubeadm configuration API and report any validation problems",
        flags: [CONFIG_FLAG, { name: "allow-experimental-api", type: "bool", usage: "Allow validation of experimental, unreleased APIs." }],
        noArgs: true,
        run: ({ run, flags }) => {
          const path = String(flags.values.config ?? "");
          if (!path) throw new KubeadmError("the --config flag is mandatory");
          const text = run.fs.read(path);
          if (text === undefined) throw new KubeadmError(`unable to read config from ${JSON.stringify(path)} : open ${path}: no such file or directory`);
          run.println("ok");
        },
      },
      {
        use: "migrate",
        short: "Read an older version of the kubeadm configuration API types from a file, and output the similar config object for the newer version",
        flags: [{ name: "old-config", type: "string", usage: "Path to the kubeadm config file that is using an old API version and should be converted. This flag is mandatory." }, { name: "new-config", type: "string", usage: "Path to the resulting equivalent kubeadm config file using the new API version. Optional, if not specified output will be sent to STDOUT." }, { name: "allow-experimental-api", type: "bool", usage: "Allow migration to experimental, unreleased APIs." }],
        noArgs: true,
        run: ({ flags }) => {
          if (!flags.values["old-config"]) throw new KubeadmError("the --old-config flag is mandatory");
          throw new KubeadmError("migrating configuration is not supported in this environment");
        },
      },
    ],
  };
}

/** Pulls an image into the node's containerd (what `crictl pull` does), waiting on the clock; the CRI error text on failure. */
export async function pullImage(run: KubeadmRun, image: string): Promise<string | undefined> {
  const runtime = run.machine.runtime;
  if (!run.machine.containerdRunning) return `output: time="${new Date(run.now()).toISOString()}" level=fatal msg="validate service connection: validate CRI v1 image API for endpoint \\"unix:///var/run/containerd/containerd.sock\\": rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: dial unix /var/run/containerd/containerd.sock: connect: connection refused\\""\n, error: exit status 1`;
  if (runtime.imageStatus(image)) return undefined;
  let result: { error?: string } | undefined;
  runtime.pullImage(image, (r) => (result = "error" in r ? { error: r.error } : {}));
  for (let waited = 0; !result && waited < 600_000; waited += 500) await run.sleep(500);
  return result?.error ? `output: time="${new Date(run.now()).toISOString()}" level=fatal msg="pulling image: ${result.error}"\n, error: exit status 1` : undefined;
}

/** The minor of a version string, for messages. */
export function minorOf(v: string): number {
  return versionParts(v)?.[1] ?? 0;
}
