/**
 * The kubeadm commands that set a node up or tear it down, as they behave on
 * the lab's nodes, which kubeadm already set up:
 *
 * - init and join run their preflight checks (app/preflight/checks.go
 *   InitNodeChecks / JoinNodeChecks) and stop on what is already there:
 *   "Port 6443 is in use", "/etc/kubernetes/kubelet.conf already exists";
 * - reset asks for confirmation (cmd/reset.go), then declines: wiping a
 *   node is not simulated;
 * - kubeconfig user (cmd/kubeconfig.go) writes a kubeconfig with a client
 *   certificate the cluster CA signs;
 * - completion prints the shell completion script's header.
 */
import { parseDuration } from "../../../cluster/clock.js";
import { parseCertificate } from "../../../pki/inspect.js";
import { issueCertificate } from "../../../pki/issue.js";
import { kubeconfigText } from "../../../pki/kubeconfig.js";
import { seededRsaKey } from "../../../pki/seeded-keys.js";
import { KubeadmError, preflightError, type KCommand, type KFlag } from "./cobra.js";
import { CONFIG_FLAG, IGNORE_PREFLIGHT_FLAG, KUBECONFIG_FLAG, SKIP_PHASES_FLAG } from "./options.js";
import { resolveLabel } from "./constants.js";
import { MANIFESTS_DIR, type KubeadmRun } from "./context.js";
import { requireRoot } from "./upgrade-steps.js";

const CRI_SOCKET: KFlag = { name: "cri-socket", type: "string", usage: "Path to the CRI socket to connect. If empty kubeadm will try to auto-detect this value; use this option only if you have more than one CRI installed or if you have non-standard CRI socket." };
const DRY_RUN: KFlag = { name: "dry-run", type: "bool", usage: "Don't apply any changes; just output what would be done." };
const NODE_NAME: KFlag = { name: "node-name", type: "string", usage: "Specify the node name." };
const PATCHES: KFlag = { name: "patches", type: "string", usage: 'Path to a directory that contains files named "target[suffix][+patchtype].extension".' };

function ignoredChecks(flags: Record<string, unknown>): string[] {
  const v = flags["ignore-preflight-errors"];
  return Array.isArray(v) ? v.map((x) => String(x).toLowerCase()) : [];
}

/** A directory with something in it. */
function notEmpty(run: KubeadmRun, dir: string): boolean {
  try {
    return run.fs.exists(dir) && run.fs.list(dir).length > 0;
  } catch {
    return false;
  }
}

/** FileAvailableCheck's name: FileAvailable--etc-kubernetes-kubelet.conf. */
function fileCheck(path: string): string {
  return `FileAvailable-${path.replace(/\//g, "-")}`;
}

/** Runs the checks; those the user ignores become warnings. */
function runChecks(run: KubeadmRun, checks: Array<{ name: string; error?: string }>, ignored: string[]): void {
  const errors: string[] = [];
  for (const c of checks) {
    if (!c.error) continue;
    if (ignored.includes("all") || ignored.includes(c.name.toLowerCase())) run.println(`\t[WARNING ${c.name}]: ${c.error}`);
    else errors.push(`[ERROR ${c.name}]: ${c.error}`);
  }
  if (errors.length) throw preflightError(errors);
}

function portCheck(port: number, inUse: boolean): { name: string; error?: string } {
  return { name: `Port-${port}`, error: inUse ? `Port ${port} is in use` : undefined };
}

function fileAvailable(run: KubeadmRun, path: string): { name: string; error?: string } {
  return { name: fileCheck(path), error: run.fs.exists(path) ? `${path} already exists` : undefined };
}

function manifest(c: string): string {
  return `${MANIFESTS_DIR}/${c}.yaml`;
}

/** Whether a static pod's port is taken: the kubelet runs what the manifests directory holds. */
function runs(run: KubeadmRun, component: string): boolean {
  return run.fs.exists(manifest(component));
}

function kubeletRunning(run: KubeadmRun): boolean {
  return run.machine.systemd.unit("kubelet").activeState === "active";
}

/**
 * The preflight phase of init and join on a node kubeadm already set up:
 * the checks (computed once root is confirmed), then a stop short of
 * changing the node.
 */
function preflightThenStop(run: KubeadmRun, ignored: string[], checks: () => Array<{ name: string; error?: string }>, notSimulated: string): void {
  phase("preflight", () => {
    run.println("[preflight] Running pre-flight checks");
    requireRoot(run, ignored);
    runChecks(run, checks(), ignored);
    throw new KubeadmError(notSimulated);
  });
}

function phase(name: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    throw e instanceof KubeadmError ? e.wrap(`error execution phase ${name}`) : e;
  }
}

export function initCommand(): KCommand<KubeadmRun> {
  return {
    use: "init",
    short: "Run this command in order to set up the Kubernetes control plane",
    long: "Run this command in order to set up the Kubernetes control plane\n\nThe \"init\" command executes the following phases:\n```\npreflight                     Run pre-flight checks\ncerts                         Certificate generation\nkubeconfig                    Generate all kubeconfig files necessary to establish the control plane and the admin kubeconfig file\netcd                          Generate static Pod manifest file for local etcd\ncontrol-plane                 Generate all static Pod manifest files necessary to establish the control plane\nkubelet-start                 Write kubelet settings and (re)start the kubelet\nwait-control-plane            Wait for the control plane to start\nupload-config                 Upload the kubeadm and kubelet configuration to a ConfigMap\nupload-certs                  Upload certificates to kubeadm-certs\nmark-control-plane            Mark a node as a control-plane\nbootstrap-token               Generates bootstrap tokens used to join a node to a cluster\nkubelet-finalize              Updates settings relevant to the kubelet after TLS bootstrap\naddon                         Install required addons for passing conformance tests\nshow-join-command             Show the join command for control-plane and worker node\n```",
    flags: [
      { name: "apiserver-advertise-address", type: "string", usage: "The IP address the API Server will advertise it's listening on. If not set the default network interface will be used." },
      { name: "apiserver-bind-port", type: "int", default: 6443, varname: "int32", usage: "Port for the API Server to bind to." },
      { name: "apiserver-cert-extra-sans", type: "stringSlice", usage: "Optional extra Subject Alternative Names (SANs) to use for the API Server serving certificate. Can be both IP addresses and DNS names." },
      { name: "cert-dir", type: "string", default: "/etc/kubernetes/pki", usage: "The path where to save and store the certificates." },
      { name: "certificate-key", type: "string", usage: "Key used to encrypt the control-plane certificates in the kubeadm-certs Secret. The certificate key is a hex encoded string that is an AES key of size 32 bytes." },
      CONFIG_FLAG,
      { name: "control-plane-endpoint", type: "string", usage: "Specify a stable IP address or DNS name for the control plane." },
      CRI_SOCKET,
      DRY_RUN,
      IGNORE_PREFLIGHT_FLAG,
      { name: "image-repository", type: "string", default: "registry.k8s.io", usage: "Choose a container registry to pull control plane images from" },
      { name: "kubernetes-version", type: "string", default: "stable-1", usage: "Choose a specific Kubernetes version for the control plane." },
      NODE_NAME,
      PATCHES,
      { name: "pod-network-cidr", type: "string", usage: "Specify range of IP addresses for the pod network. If set, the control plane will automatically allocate CIDRs for every node." },
      { name: "service-cidr", type: "string", default: "10.96.0.0/12", usage: "Use alternative range of IP address for service VIPs." },
      { name: "service-dns-domain", type: "string", default: "cluster.local", usage: 'Use alternative domain for services, e.g. "myorg.internal".' },
      { name: "skip-certificate-key-print", type: "bool", usage: "Don't print the key used to encrypt the control-plane certificates." },
      SKIP_PHASES_FLAG,
      { name: "skip-token-print", type: "bool", usage: "Skip printing of the default bootstrap token generated by 'kubeadm init'." },
      { name: "token", type: "string", usage: "The token to use for establishing bidirectional trust between nodes and control-plane nodes. The format is [a-z0-9]{6}\\.[a-z0-9]{16} - e.g. abcdef.0123456789abcdef" },
      { name: "token-ttl", type: "duration", default: "24h0m0s", usage: "The duration before the token is automatically deleted (e.g. 1s, 2m, 3h). If set to '0', the token will never expire" },
      { name: "upload-certs", type: "bool", usage: "Upload control-plane certificates to the kubeadm-certs Secret." },
    ],
    noArgs: true,
    run: ({ run, flags }) => {
      const wanted = String(flags.values["kubernetes-version"] || "stable-1");
      const version = /^v?\d+\.\d+\.\d+$/.test(wanted) ? (wanted.startsWith("v") ? wanted : `v${wanted}`) : resolveLabel(wanted, run.version, (msg) => run.klog("I", "version.go:260", msg));
      if (!version) throw new KubeadmError(`version ${JSON.stringify(wanted)} doesn't match patterns for neither semantic version nor labels (stable, latest, ...)`);
      run.println(`[init] Using Kubernetes version: ${version}`);
      preflightThenStop(
        run,
        ignoredChecks(flags.values),
        () => [
          portCheck(Number(flags.values["apiserver-bind-port"] ?? 6443), runs(run, "kube-apiserver")),
          portCheck(10259, runs(run, "kube-scheduler")),
          portCheck(10257, runs(run, "kube-controller-manager")),
          fileAvailable(run, manifest("kube-apiserver")),
          fileAvailable(run, manifest("kube-controller-manager")),
          fileAvailable(run, manifest("kube-scheduler")),
          fileAvailable(run, manifest("etcd")),
          portCheck(10250, kubeletRunning(run)),
          portCheck(2379, runs(run, "etcd")),
          portCheck(2380, runs(run, "etcd")),
          { name: "DirAvailable--var-lib-etcd", error: notEmpty(run, "/var/lib/etcd") ? "/var/lib/etcd is not empty" : undefined },
        ],
        "initializing a new control plane on this machine is not simulated: it is already part of the cluster",
      );
    },
  };
}

export function joinCommand(): KCommand<KubeadmRun> {
  return {
    use: "join [api-server-endpoint]",
    short: "Run this on any machine you wish to join an existing cluster",
    flags: [
      { name: "apiserver-advertise-address", type: "string", usage: "If the node should host a new control plane instance, the IP address the API Server will advertise it's listening on. If not set the default network interface will be used." },
      { name: "apiserver-bind-port", type: "int", default: 6443, varname: "int32", usage: "If the node should host a new control plane instance, the port for the API Server to bind to." },
      { name: "certificate-key", type: "string", usage: "Use this key to decrypt the certificate secrets uploaded by init. The certificate key is a hex encoded string that is an AES key of size 32 bytes." },
      CONFIG_FLAG,
      { name: "control-plane", type: "bool", usage: "Create a new control plane instance on this node" },
      CRI_SOCKET,
      { name: "discovery-file", type: "string", usage: "For file-based discovery, a file or URL from which to load cluster information." },
      { name: "discovery-token", type: "string", usage: "For token-based discovery, the token used to validate cluster information fetched from the API server." },
      { name: "discovery-token-ca-cert-hash", type: "stringSlice", usage: 'For token-based discovery, validate that the root CA public key matches this hash (format: "<type>:<value>").' },
      { name: "discovery-token-unsafe-skip-ca-verification", type: "bool", usage: "For token-based discovery, allow joining without --discovery-token-ca-cert-hash pinning." },
      DRY_RUN,
      IGNORE_PREFLIGHT_FLAG,
      NODE_NAME,
      PATCHES,
      SKIP_PHASES_FLAG,
      { name: "tls-bootstrap-token", type: "string", usage: "Specify the token used to temporarily authenticate with the Kubernetes Control Plane while joining the node." },
      { name: "token", type: "string", usage: "Use this token for both discovery-token and tls-bootstrap-token when those values are not provided." },
    ],
    run: ({ run, flags, args }) => {
      const v = flags.values;
      const token = String(v["discovery-token"] || v.token || "");
      if (!token && !v["discovery-file"] && !v.config) throw new KubeadmError('discovery: Invalid value: "": bootstrapToken or file must be set');
      if (token && !args.length && !v["discovery-file"]) throw new KubeadmError('discovery.bootstrapToken.apiServerEndpoint: Invalid value: "": bootstrapToken.APIServerEndpoint must be set');
      if (token && !v["discovery-token-unsafe-skip-ca-verification"] && !(Array.isArray(v["discovery-token-ca-cert-hash"]) && v["discovery-token-ca-cert-hash"].length)) {
        throw new KubeadmError('discovery.bootstrapToken: Invalid value: "": using token-based discovery without caCertHashes can be unsafe. Set unsafeSkipCAVerification as true in your kubeadm config file or pass --discovery-token-unsafe-skip-ca-verification flag to continue');
      }
      preflightThenStop(
        run,
        ignoredChecks(v),
        () => [fileAvailable(run, "/etc/kubernetes/kubelet.conf"), portCheck(10250, kubeletRunning(run)), fileAvailable(run, "/etc/kubernetes/pki/ca.crt")],
        "joining this machine again is not simulated: it is already part of the cluster",
      );
    },
  };
}

export function resetCommand(): KCommand<KubeadmRun> {
  return {
    use: "reset",
    short: "Performs a best effort revert of changes made to this host by 'kubeadm init' or 'kubeadm join'",
    flags: [
      { name: "cert-dir", type: "string", default: "/etc/kubernetes/pki", usage: "The path to the directory where the certificates are stored. If specified, clean this directory." },
      { name: "cleanup-tmp-dir", type: "bool", usage: 'Cleanup the "/etc/kubernetes/tmp" directory' },
      CONFIG_FLAG,
      CRI_SOCKET,
      DRY_RUN,
      { name: "force", short: "f", type: "bool", usage: "Reset the node without prompting for confirmation." },
      IGNORE_PREFLIGHT_FLAG,
      KUBECONFIG_FLAG,
      SKIP_PHASES_FLAG,
    ],
    noArgs: true,
    run: ({ run, flags }) => {
      const ignored = ignoredChecks(flags.values);
      phase("preflight", () => {
        requireRoot(run, ignored);
        if (!flags.values.force && !flags.values["dry-run"]) {
          run.println("[reset] WARNING: Changes made to this host by 'kubeadm init' or 'kubeadm join' will be reverted.");
          run.print("[reset] Are you sure you want to proceed? [y/N]: ");
          const answer = (run.ctx.stdin.split("\n")[0] ?? "").trim();
          run.println();
          if (!/^(y|yes)$/i.test(answer)) throw new KubeadmError("won't proceed; the user didn't answer (Y|y) in order to continue");
        }
        throw new KubeadmError("resetting a node is not simulated: the lab's nodes stay as kubeadm set them up");
      });
    },
  };
}

export function kubeconfigCommand(): KCommand<KubeadmRun> {
  return {
    use: "kubeconfig",
    short: "Kubeconfig file utilities",
    long: "Kubeconfig file utilities.",
    group: "SubCmdRun",
    children: [
      {
        use: "user",
        short: "Output a kubeconfig file for an additional user",
        long: "Output a kubeconfig file for an additional user.",
        example: "  # Output a kubeconfig file for an additional user named foo\n  kubeadm kubeconfig user --client-name=foo\n\n  # Output a kubeconfig file for an additional user named foo using a kubeadm config file bar\n  kubeadm kubeconfig user --client-name=foo --config=bar",
        flags: [
          { name: "client-name", type: "string", usage: "The name of user. It will be used as the CN if client certificates are created" },
          CONFIG_FLAG,
          { name: "org", type: "stringSlice", usage: "The organizations of the client certificate. It will be used as the O if client certificates are created" },
          { name: "token", type: "string", usage: "The token that should be used as the authentication mechanism for this kubeconfig, instead of client certificates" },
          { name: "validity-period", type: "duration", default: "8760h0m0s", usage: "The validity period of the client certificate. It is an offset from the current time." },
        ],
        noArgs: true,
        run: ({ run, flags }) => kubeconfigUser(run, flags.values),
      },
    ],
  };
}

function kubeconfigUser(run: KubeadmRun, v: Record<string, unknown>): void {
  const clientName = String(v["client-name"] ?? "");
  if (!clientName) throw new KubeadmError("missing required argument --client-name");
  const configPath = String(v.config ?? "");
  if (configPath && !run.fs.exists(configPath)) throw new KubeadmError(`unable to read config from ${JSON.stringify(configPath)} : open ${configPath}: no such file or directory`);
  // The defaults resolve "stable-1" online, and advertise the node's own address.
  resolveLabel("stable-1", run.version, (msg) => run.klog("I", "version.go:260", msg));
  const caPem = run.fs.read("/etc/kubernetes/pki/ca.crt");
  const caKey = run.fs.read("/etc/kubernetes/pki/ca.key");
  if (!caPem) throw new KubeadmError("couldn't create a kubeconfig; the CA files couldn't be loaded: could not load the certificate authority: open /etc/kubernetes/pki/ca.crt: no such file or directory");
  const ip = run.ctx.cluster.fixture.nodes.find((n) => n.name === run.nodeName)?.ip ?? "127.0.0.1";
  const server = `https://${ip}:6443`;
  const contextName = `${clientName}@kubernetes`;
  const token = String(v.token ?? "");
  if (token) {
    run.print(kubeconfigText({ clusterName: "kubernetes", server, caPem, userName: clientName, contextName, client: { certFile: "", keyFile: "" } }).replace(/ {4}client-certificate: \n {4}client-key: \n/, `    token: ${token}\n`));
    return;
  }
  if (!caKey) throw new KubeadmError("couldn't create a kubeconfig; the CA files couldn't be loaded: could not load the CA key: open /etc/kubernetes/pki/ca.key: no such file or directory");
  const validity = parseDuration(String(v["validity-period"] ?? "8760h0m0s")) ?? 8760 * 3600_000;
  const ca = parseCertificate(caPem);
  const seed = `kubeadm-kubeconfig-user|${clientName}|${run.now()}|${run.ctx.cluster.random.nextUint32()}`;
  const keyPem = seededRsaKey(2048, seed).export({ type: "pkcs1", format: "pem" }) as string;
  const now = Math.floor(run.now() / 1000) * 1000;
  const orgs = Array.isArray(v.org) ? v.org.map(String) : [];
  const certPem = issueCertificate({
    commonName: clientName,
    organizations: orgs,
    notBefore: ca?.notBefore ?? now - 5 * 60_000,
    notAfter: now + validity,
    serialNumber: BigInt(run.ctx.cluster.random.nextUint32()) * 4_294_967_296n + BigInt(run.ctx.cluster.random.nextUint32()) + 1n,
    isCA: false,
    keyUsage: ["digitalSignature", "keyEncipherment"],
    extKeyUsage: ["clientAuth"],
    subjectKey: keyPem,
    issuer: { certPem: caPem, keyPem: caKey },
  });
  run.print(kubeconfigText({ clusterName: "kubernetes", server, caPem, userName: clientName, contextName, client: { certPem, keyPem } }));
}

export function completionCommand(): KCommand<KubeadmRun> {
  return {
    use: "completion SHELL",
    short: "Output shell completion code for the specified shell (bash or zsh)",
    long: "Output shell completion code for the specified shell (bash or zsh).\nThe shell code must be evaluated to provide interactive\ncompletion of kubeadm commands. This can be done by sourcing it from\nthe .bash_profile.\n\nNote: this requires the bash-completion framework.\n\nTo install it on Mac use homebrew:\n    $ brew install bash-completion\nOnce installed, bash_completion must be evaluated. This can be done by adding the\nfollowing line to the .bash_profile\n    $ source $(brew --prefix)/etc/bash_completion\n\nIf bash-completion is not installed on Linux, please install the 'bash-completion' package\nvia your distribution's package manager.\n\nNote for zsh users: [1] zsh completions are only supported in versions of zsh >= 5.2",
    example: "# Install bash completion on a Mac using homebrew\nbrew install bash-completion\nprintf \"\\n# Bash completion support\\nsource $(brew --prefix)/etc/bash_completion\\n\" >> $HOME/.bash_profile\nsource $HOME/.bash_profile\n\n# Load the kubeadm completion code for bash into the current shell\nsource <(kubeadm completion bash)\n\n# Write bash completion code to a file and source it from .bash_profile\nkubeadm completion bash > ~/.kube/kubeadm_completion.bash.inc\nprintf \"\\n# Kubeadm shell completion\\nsource '$HOME/.kube/kubeadm_completion.bash.inc'\\n\" >> $HOME/.bash_profile\nsource $HOME/.bash_profile\n\n# Load the kubeadm completion code for zsh[1] into the current shell\nsource <(kubeadm completion zsh)",
    noFlagsInUse: true,
    run: ({ run, args }) => {
      if (args.length === 0) throw new KubeadmError("shell not specified");
      if (args.length > 1) throw new KubeadmError("too many arguments. expected only the shell type");
      if (args[0] !== "bash" && args[0] !== "zsh") throw new KubeadmError(`unsupported shell type ${JSON.stringify(args[0])}`);
      run.print(
        [
          "# Copyright 2016 The Kubernetes Authors.",
          "#",
          '# Licensed under the Apache License, Version 2.0 (the "License");',
          "# you may not use this file except in compliance with the License.",
          "# You may obtain a copy of the License at",
          "#",
          "#     http://www.apache.org/licenses/LICENSE-2.0",
          "#",
          "# Unless required by applicable law or agreed to in writing, software",
          '# distributed under the License is distributed on an "AS IS" BASIS,',
          "# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.",
          "# See the License for the specific language governing permissions and",
          "# limitations under the License.",
          "",
          `# ${args[0]} completion for kubeadm                        -*- shell-script -*-`,
          "",
          "__kubeadm_debug()",
          "{",
          '    if [[ -n ${BASH_COMP_DEBUG_FILE:-} ]]; then',
          '        echo "$*" >> "${BASH_COMP_DEBUG_FILE}"',
          "    fi",
          "}",
          "",
          "complete -o default -F __start_kubeadm kubeadm",
          "",
        ].join("\n"),
      );
    },
  };
}
