/**
 * A node's Debian packages, as apt and dpkg keep them on disk: the
 * installed set and its holds in /var/lib/dpkg/status, the repositories in
 * /etc/apt/sources.list.d, and the package indexes `apt-get update` fetched
 * into /var/lib/apt/lists. Everything lives in the node's files, so a
 * learner's `sed` on kubernetes.list or `cat /var/lib/dpkg/status` sees the
 * same state apt does.
 *
 * The repositories are offline copies of pkgs.k8s.io as it was in January
 * 2026 (core:/stable:/v1.34 and v1.35, every patch published by then) plus
 * the Ubuntu and Docker ones the lab installed from. Installing a package
 * writes its binary: /usr/bin/kubeadm, kubelet, kubectl and crictl carry
 * their version, which `kubeadm version`, `kubectl version` and the kubelet
 * service (at its next start) read.
 */
import { createHash } from "node:crypto";
import type { HostFilesystem } from "./filesystem.js";

// ------------------------------------------------------------------ Kubernetes releases

/** What `version.Info` says about a release's binaries (kubeadm/kubelet/kubectl version output). */
export interface KubernetesRelease {
  gitVersion: string;
  gitCommit: string;
  buildDate: string;
  goVersion: string;
}

/** The releases published by the fixture's date (commits and build dates from the released binaries' version output). */
export const KUBERNETES_RELEASES: readonly KubernetesRelease[] = [
  { gitVersion: "v1.34.0", gitCommit: "f28b4c9efbca5c5c0af716d9f2d5702667ee8a45", buildDate: "2025-08-27T10:15:59Z", goVersion: "go1.24.6" },
  { gitVersion: "v1.34.1", gitCommit: "93248f9ae092f571eb870b7664c534bfc7d00f03", buildDate: "2025-09-09T19:43:15Z", goVersion: "go1.24.6" },
  { gitVersion: "v1.34.2", gitCommit: "8cc511e399b929453cd98ae65b419c3cc227ec79", buildDate: "2025-11-11T19:08:36Z", goVersion: "go1.24.9" },
  { gitVersion: "v1.34.3", gitCommit: "df11db1c0f08fab3c0baee1e5ce6efbf816af7f1", buildDate: "2025-12-09T15:05:15Z", goVersion: "go1.24.11" },
  { gitVersion: "v1.35.0", gitCommit: "66452049f3d692768c39c797b21b793dce80314e", buildDate: "2025-12-17T12:39:26Z", goVersion: "go1.25.5" },
];

export function kubernetesRelease(gitVersion: string): KubernetesRelease | undefined {
  return KUBERNETES_RELEASES.find((r) => r.gitVersion === gitVersion);
}

/** A semantic version's parts ("v1.34.1" or "1.34.1-1.1" → [1, 34, 1]). */
export function versionParts(v: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

// ------------------------------------------------------------------ the repositories

/** A package version as a repository's Packages index describes it. */
export interface DebPackage {
  name: string;
  version: string;
  section: string;
  description: string;
  depends?: string;
  /** Installed-Size, KiB. */
  installedSize: number;
  /** Download size, bytes. */
  size: number;
}

/** Binaries a package installs, by path, with the version they report. */
const PACKAGE_BINARIES: Record<string, string[]> = {
  kubeadm: ["/usr/bin/kubeadm"],
  kubelet: ["/usr/bin/kubelet"],
  kubectl: ["/usr/bin/kubectl"],
  "cri-tools": ["/usr/bin/crictl"],
};

/** The packages a kubeadm node has from pkgs.k8s.io (the ones `apt-mark hold` pins are the first three). */
export const KUBERNETES_PACKAGES = ["kubeadm", "kubelet", "kubectl", "cri-tools", "kubernetes-cni"] as const;
export const HELD_PACKAGES = ["kubeadm", "kubectl", "kubelet"] as const;

const MAINTAINER = "Kubernetes Authors <dev@kubernetes.io>";

interface PackageFamily {
  section: string;
  description: string;
  depends?: string;
  /** [Installed-Size KiB, download bytes] for v1.34 and v1.35 builds. */
  sizes: Record<34 | 35, [number, number]>;
}

const FAMILIES: Record<string, PackageFamily> = {
  kubeadm: { section: "admin", description: "Command-line utility for administering a Kubernetes cluster", depends: "cri-tools (>= 1.30.0)", sizes: { 34: [71300, 12263312], 35: [69680, 12424736] } },
  kubectl: { section: "admin", description: "Command-line utility for interacting with a Kubernetes cluster", sizes: { 34: [58400, 11354560], 35: [56912, 11512208] } },
  kubelet: { section: "net", description: "Node agent for Kubernetes clusters", depends: "iptables (>= 1.4.21), kubernetes-cni (>= 1.2.0), libc6, mount, util-linux", sizes: { 34: [80500, 12718832], 35: [79012, 12893360] } },
  "cri-tools": { section: "admin", description: "Command-line utility for interacting with a container runtime", sizes: { 34: [69532, 21265988], 35: [70364, 21447912] } },
  "kubernetes-cni": { section: "net", description: "Binaries required to provision kubernetes container networking", sizes: { 34: [133876, 37124516], 35: [135480, 37602244] } },
};

/** One pkgs.k8s.io minor-version repository: https://pkgs.k8s.io/core:/stable:/v1.34/deb/ */
export interface KubernetesRepository {
  minor: number;
  packages: DebPackage[];
}

function repositoryOf(minor: 34 | 35, patches: number[], criTools: string, cni: string): KubernetesRepository {
  const pkg = (name: string, version: string, drift: number): DebPackage => {
    const f = FAMILIES[name];
    const [installed, size] = f.sizes[minor];
    return { name, version, section: f.section, description: f.description, depends: f.depends, installedSize: installed + drift * 4, size: size + drift * 13_337 };
  };
  const packages: DebPackage[] = [pkg("cri-tools", criTools, 0)];
  for (const name of ["kubeadm", "kubectl", "kubelet"]) for (const p of patches) packages.push(pkg(name, `1.${minor}.${p}-1.1`, p));
  packages.push(pkg("kubernetes-cni", cni, 0));
  return { minor, packages };
}

/** pkgs.k8s.io in January 2026: v1.34.0-3 (v1.34.3 of 2025-12-09) and v1.35.0 (2025-12-17). */
export const KUBERNETES_REPOSITORIES: readonly KubernetesRepository[] = [repositoryOf(34, [0, 1, 2, 3], "1.34.0-1.1", "1.7.1-1.1"), repositoryOf(35, [0], "1.35.0-1.1", "1.8.0-1.1")];

/** The repository URL a sources line names for a minor version. */
export function kubernetesRepositoryURL(minor: number): string {
  return `https://pkgs.k8s.io/core:/stable:/v1.${minor}/deb/`;
}

/** pkgs.k8s.io redirects to its CDN; apt prints the address it fetched from. */
export function cdnURL(url: string): string {
  const m = /^https?:\/\/pkgs\.k8s\.io\/(.*?)\/?$/.exec(url);
  return m ? `https://prod-cdn.packages.k8s.io/repositories/isv:/kubernetes:/${m[1]}` : url.replace(/\/$/, "");
}

/** The containerd.io package from download.docker.com (what the lab installed containerd from). */
const CONTAINERD_PACKAGE: DebPackage = { name: "containerd.io", version: "1.7.27-1", section: "devel", description: "An open and reliable container runtime", installedSize: 118532, size: 30437260 };

// ------------------------------------------------------------------ index files

function hex(seed: string, alg: "md5" | "sha1" | "sha256"): string {
  return createHash(alg).update(seed).digest("hex");
}

/** A package's stanza as the repository's Packages file (and the dpkg status file, with `status`) holds it. */
export function packageStanza(p: DebPackage, status?: string): string {
  const lines = [`Package: ${p.name}`];
  if (status) lines.push(`Status: ${status}`);
  lines.push(`Version: ${p.version}`, "Architecture: amd64", `Maintainer: ${p.name === "containerd.io" ? "Containerd team <help@containerd.io>" : MAINTAINER}`, `Installed-Size: ${p.installedSize}`);
  if (p.depends) lines.push(`Depends: ${p.depends}`);
  if (!status) {
    const seed = `${p.name}_${p.version}`;
    lines.push(`Filename: amd64/${p.name}_${p.version}_amd64.deb`, `Size: ${p.size}`, `MD5sum: ${hex(seed, "md5")}`, `SHA1: ${hex(seed, "sha1")}`, `SHA256: ${hex(seed, "sha256")}`);
  }
  lines.push(`Section: ${p.section}`, "Priority: optional", `Homepage: ${p.name === "containerd.io" ? "https://containerd.io" : "https://kubernetes.io"}`, `Description: ${p.description}`, ` ${p.description}.`);
  return lines.join("\n") + "\n";
}

/** Parses Packages/status stanzas into field maps. */
export function parseStanzas(text: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields: Record<string, string> = {};
    let last = "";
    for (const line of block.split("\n")) {
      if (!line) continue;
      if (/^\s/.test(line) && last) fields[last] += `\n${line}`;
      else {
        const i = line.indexOf(":");
        if (i <= 0) continue;
        last = line.slice(0, i);
        fields[last] = line.slice(i + 1).trim();
      }
    }
    if (fields.Package) out.push(fields);
  }
  return out;
}

function stanzaToPackage(f: Record<string, string>): DebPackage {
  const [description] = (f.Description ?? "").split("\n");
  return {
    name: f.Package,
    version: f.Version ?? "",
    section: f.Section ?? "",
    description,
    depends: f.Depends,
    installedSize: Number(f["Installed-Size"] ?? 0),
    size: Number(f.Size ?? 0),
  };
}

/** apt's lists file name for a URL: the scheme dropped, '/' turned into '_'. */
export function listsFileName(url: string): string {
  return url.replace(/^[a-z]+:\/\//, "").replace(/\/+/g, "_");
}

export const LISTS_DIR = "/var/lib/apt/lists";
export const DPKG_STATUS = "/var/lib/dpkg/status";
export const SOURCES_DIR = "/etc/apt/sources.list.d";
export const KUBERNETES_LIST = `${SOURCES_DIR}/kubernetes.list`;
export const KUBERNETES_KEYRING = "/etc/apt/keyrings/kubernetes-apt-keyring.gpg";

// ------------------------------------------------------------------ binaries

const ELF = "\x7fELF\x02\x01\x01\x00";

/** An executable's content: the ELF magic and, for Kubernetes binaries, the version they were built as. */
export function binaryContent(gitVersion?: string): string {
  return gitVersion ? `${ELF}\0\0\0\0\0\0\0\0gitVersion=${gitVersion}\0` : ELF;
}

/** The version a binary reports (undefined for one that carries none, or is missing). */
export function binaryVersionOf(content: string | undefined): string | undefined {
  return content ? /gitVersion=(v\d+\.\d+\.\d+)/.exec(content)?.[1] : undefined;
}

/** A package version's gitVersion ("1.34.1-1.1" → "v1.34.1"; cri-tools → its own). */
function binaryVersionFor(debVersion: string): string {
  const [a, b, c] = versionParts(debVersion) ?? [0, 0, 0];
  return `v${a}.${b}.${c}`;
}

// ------------------------------------------------------------------ a node's initial packages

/** The files a kubeadm node's packages leave: binaries, dpkg status with the holds, apt sources, keyring and the fetched index. */
export function packageFiles(kubernetesVersion: string): Record<string, { content: string; mode?: number }> {
  const [, minor, patch] = versionParts(kubernetesVersion) ?? [1, 34, 1];
  const repo = KUBERNETES_REPOSITORIES.find((r) => r.minor === minor) ?? KUBERNETES_REPOSITORIES[0];
  const pick = (name: string, version?: string) => repo.packages.find((p) => p.name === name && (!version || p.version === version)) ?? repo.packages.find((p) => p.name === name)!;
  const debVersion = `1.${minor}.${patch}-1.1`;
  const installed: Array<[DebPackage, string]> = [
    [CONTAINERD_PACKAGE, "install ok installed"],
    [pick("cri-tools"), "install ok installed"],
    [pick("kubeadm", debVersion), "hold ok installed"],
    [pick("kubectl", debVersion), "hold ok installed"],
    [pick("kubelet", debVersion), "hold ok installed"],
    [pick("kubernetes-cni"), "install ok installed"],
  ];
  const files: Record<string, { content: string; mode?: number }> = {
    [DPKG_STATUS]: { content: installed.map(([p, s]) => packageStanza(p, s)).join("\n") },
    [KUBERNETES_LIST]: { content: `deb [signed-by=${KUBERNETES_KEYRING}] ${kubernetesRepositoryURL(minor)} /\n` },
    [KUBERNETES_KEYRING]: { content: keyringContent(minor) },
    [`${SOURCES_DIR}/docker.list`]: { content: "deb [arch=amd64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/ubuntu noble stable\n" },
    [`${SOURCES_DIR}/ubuntu.sources`]: { content: UBUNTU_SOURCES },
    "/etc/apt/sources.list": { content: "# Ubuntu sources have moved to /etc/apt/sources.list.d/ubuntu.sources\n" },
    "/etc/apt/keyrings/docker.asc": { content: "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBFit2ioBEADhWpZ8/wvZ6hUTiXOwQHXMAlaFHcPH9hAtr4F1y2+OYdbtMuth\n-----END PGP PUBLIC KEY BLOCK-----\n" },
  };
  const url = kubernetesRepositoryURL(minor);
  files[`${LISTS_DIR}/${listsFileName(url)}Packages`] = { content: packagesIndex(repo) };
  files[`${LISTS_DIR}/${listsFileName(url)}InRelease`] = { content: inRelease(url) };
  for (const [pkg, paths] of Object.entries(PACKAGE_BINARIES)) {
    const p = installed.find(([d]) => d.name === pkg)?.[0];
    for (const path of paths) files[path] = { content: binaryContent(p ? binaryVersionFor(p.version) : undefined), mode: 0o755 };
  }
  return files;
}

const UBUNTU_SOURCES = `Types: deb
URIs: http://archive.ubuntu.com/ubuntu/
Suites: noble noble-updates noble-backports
Components: main restricted universe multiverse
Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg

Types: deb
URIs: http://security.ubuntu.com/ubuntu/
Suites: noble-security
Components: main restricted universe multiverse
Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg
`;

/** `gpg --dearmor` output of the repository's Release.key (binary; only its presence matters to apt here). */
function keyringContent(minor: number): string {
  return `\x99\x01\x0d\x04e\x1c\xa2\x8a\x01\x08\x00kubernetes-v1.${minor}-release-key\x00`;
}

/** A repository's Packages file: a stanza per package version. */
export function packagesIndex(repo: KubernetesRepository): string {
  return repo.packages.map((p) => packageStanza(p)).join("\n");
}

function inRelease(url: string): string {
  return `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nOrigin: obs://build.opensuse.org/isv:kubernetes:core:stable:v1.${/v1\.(\d+)/.exec(url)?.[1]}/deb\nLabel: isv:kubernetes:core:stable:v1.${/v1\.(\d+)/.exec(url)?.[1]}\nArchitectures: amd64 arm64 ppc64el s390x\n-----BEGIN PGP SIGNATURE-----\n-----END PGP SIGNATURE-----\n`;
}

// ------------------------------------------------------------------ a source line

/** One repository a node's apt sources name. */
export interface AptSource {
  /** As written: https://pkgs.k8s.io/core:/stable:/v1.35/deb/ */
  url: string;
  /** "/" for a flat repository, else the suite (noble). */
  suite: string;
  components: string[];
  /** The pkgs.k8s.io repository it is, when it is one we have. */
  kubernetes?: KubernetesRepository;
  /** A pkgs.k8s.io repository that does not exist (another minor, a typo). */
  kubernetesMissing?: boolean;
  /** download.docker.com, which carries containerd.io. */
  docker?: boolean;
}

/** Parses sources.list-style lines ("deb [opts] URL suite [components]") and deb822 .sources stanzas. */
export function parseSources(fs: HostFilesystem): AptSource[] {
  const out: AptSource[] = [];
  const files = ["/etc/apt/sources.list", ...(fs.isDir(SOURCES_DIR) ? fs.list(SOURCES_DIR).map((n) => `${SOURCES_DIR}/${n}`) : [])];
  for (const path of files) {
    const text = fs.read(path);
    if (text === undefined) continue;
    if (path.endsWith(".list") || path === "/etc/apt/sources.list") {
      for (const raw of text.split("\n")) {
        const line = raw.replace(/#.*$/, "").trim();
        const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)((?:\s+\S+)*)$/.exec(line);
        if (m) out.push(sourceOf(m[1], m[2], m[3].trim().split(/\s+/).filter(Boolean)));
      }
    } else if (path.endsWith(".sources")) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const f: Record<string, string> = {};
        for (const line of stanza.split("\n")) {
          const i = line.indexOf(":");
          if (i > 0 && !line.startsWith("#")) f[line.slice(0, i).trim()] = line.slice(i + 1).trim();
        }
        if (!/\bdeb\b/.test(f.Types ?? "") || f.Enabled === "no") continue;
        for (const uri of (f.URIs ?? "").split(/\s+/).filter(Boolean)) {
          for (const suite of (f.Suites ?? "").split(/\s+/).filter(Boolean)) out.push(sourceOf(uri, suite, (f.Components ?? "").split(/\s+/).filter(Boolean)));
        }
      }
    }
  }
  return out;
}

function sourceOf(url: string, suite: string, components: string[]): AptSource {
  const s: AptSource = { url, suite, components };
  const k = /^https?:\/\/pkgs\.k8s\.io\/core:\/stable:\/v1\.(\d+)\/deb\/?$/.exec(url);
  if (k) {
    s.kubernetes = KUBERNETES_REPOSITORIES.find((r) => r.minor === Number(k[1]));
    if (!s.kubernetes) s.kubernetesMissing = true;
  } else if (/^https?:\/\/pkgs\.k8s\.io\//.test(url)) s.kubernetesMissing = true;
  if (/download\.docker\.com/.test(url)) s.docker = true;
  return s;
}

/** Where a source's package index lives under /var/lib/apt/lists (flat repositories: URL + Packages). */
export function sourceListsPath(s: AptSource): string {
  const base = s.suite === "/" ? s.url.replace(/\/?$/, "/") : `${s.url.replace(/\/?$/, "/")}dists/${s.suite}/main/binary-amd64/`;
  return `${LISTS_DIR}/${listsFileName(base)}Packages`;
}

/** The Packages content a source serves (only pkgs.k8s.io and Docker carry packages the simulation knows). */
export function sourceIndex(s: AptSource): string | undefined {
  if (s.kubernetes) return packagesIndex(s.kubernetes);
  if (s.docker) return packageStanza(CONTAINERD_PACKAGE);
  return undefined;
}

/** How apt describes a source in its index descriptions: "https://pkgs.k8s.io/core:/stable:/v1.35/deb  Packages". */
export function sourceDescription(s: AptSource): string {
  const url = s.url.replace(/\/$/, "");
  return s.suite === "/" ? `${url}  Packages` : `${url} ${s.suite}/${s.components[0] ?? "main"} amd64 Packages`;
}

// ------------------------------------------------------------------ the node's package database

export interface InstalledPackage extends DebPackage {
  /** dpkg's selection: "install" or "hold". */
  selection: "install" | "hold" | "deinstall" | "purge";
}

/** An available version and the index it came from. */
export interface AvailableVersion {
  pkg: DebPackage;
  source: AptSource;
}

/**
 * The packaging state of one machine, read from and written to its files:
 * what is installed (and held), what the fetched indexes offer.
 */
export class NodePackages {
  constructor(private readonly fs: HostFilesystem) {}

  /** dpkg's installed packages, in the status file's order. */
  installed(): InstalledPackage[] {
    const text = this.fs.read(DPKG_STATUS) ?? "";
    return parseStanzas(text)
      .filter((f) => /installed$/.test(f.Status ?? ""))
      .map((f) => ({ ...stanzaToPackage(f), selection: (f.Status?.split(" ")[0] ?? "install") as InstalledPackage["selection"] }));
  }

  /** The installed version of a package ("1.34.1-1.1"), if it is installed. */
  installedVersion(name: string): string | undefined {
    return this.installed().find((p) => p.name === name)?.version;
  }

  /**
   * The version a binary on this machine reports ("v1.34.1" for
   * /usr/bin/kubectl): the package that installed it says which, since the
   * shell lays its own command stubs over /usr/bin; none once it is deleted.
   */
  binaryVersion(binary: "kubeadm" | "kubelet" | "kubectl" | "crictl"): string | undefined {
    const content = this.fs.read(`/usr/bin/${binary}`);
    if (content === undefined) return undefined;
    const pkg = Object.entries(PACKAGE_BINARIES).find(([, paths]) => paths.includes(`/usr/bin/${binary}`))?.[0];
    const installed = pkg ? this.installedVersion(pkg) : undefined;
    return installed ? binaryVersionFor(installed) : binaryVersionOf(content);
  }

  isHeld(name: string): boolean {
    return this.installed().find((p) => p.name === name)?.selection === "hold";
  }

  /** The sources apt reads now. */
  sources(): AptSource[] {
    return parseSources(this.fs);
  }

  /** Every version the fetched indexes of the current sources offer, newest first per package. */
  available(name?: string): AvailableVersion[] {
    const out: AvailableVersion[] = [];
    for (const s of this.sources()) {
      const text = this.fs.read(sourceListsPath(s));
      if (text === undefined) continue;
      for (const f of parseStanzas(text)) if (!name || f.Package === name) out.push({ pkg: stanzaToPackage(f), source: s });
    }
    return out.sort((a, b) => (a.pkg.name !== b.pkg.name ? (a.pkg.name < b.pkg.name ? -1 : 1) : compareDebVersions(b.pkg.version, a.pkg.version)));
  }

  /** Whether a package name is known at all (installed or in an index). */
  known(name: string): boolean {
    return this.installed().some((p) => p.name === name) || this.available(name).length > 0;
  }

  /** apt's candidate: the newest version the indexes offer (or the installed one when none do). */
  candidate(name: string): DebPackage | undefined {
    return this.available(name)[0]?.pkg ?? this.installed().find((p) => p.name === name);
  }

  /** Stores a fetched index (apt-get update). */
  storeIndex(s: AptSource, content: string): void {
    this.fs.put(sourceListsPath(s), content);
  }

  hasIndex(s: AptSource): boolean {
    return this.fs.exists(sourceListsPath(s));
  }

  /** The index `apt-get update` last fetched for a source, if any. */
  storedIndex(s: AptSource): string | undefined {
    return this.fs.read(sourceListsPath(s));
  }

  /** Removes a package: dpkg forgets it and its binaries go. */
  remove(name: string): void {
    this.writeStatus(this.installed().filter((p) => p.name !== name));
    for (const path of PACKAGE_BINARIES[name] ?? []) this.fs.remove(path);
  }

  /** Marks a package held or not (dpkg --set-selections). */
  setSelection(name: string, selection: "install" | "hold"): void {
    this.rewrite((p) => (p.name === name ? { ...p, selection } : p));
  }

  /** Installs a package version: dpkg's record and the binaries it ships. Keeps the selection (a hold stays a hold). */
  install(pkg: DebPackage): void {
    let found = false;
    this.rewrite((p) => {
      if (p.name !== pkg.name) return p;
      found = true;
      return { ...pkg, selection: p.selection };
    });
    if (!found) {
      const all = this.installed();
      all.push({ ...pkg, selection: "install" });
      this.writeStatus(all);
    }
    for (const path of PACKAGE_BINARIES[pkg.name] ?? []) this.fs.put(path, binaryContent(binaryVersionFor(pkg.version)), 0o755);
  }

  private rewrite(fn: (p: InstalledPackage) => InstalledPackage): void {
    this.writeStatus(this.installed().map(fn));
  }

  private writeStatus(all: InstalledPackage[]): void {
    this.fs.put(DPKG_STATUS, all.map((p) => packageStanza(p, `${p.selection} ok installed`)).join("\n"));
  }
}

// ------------------------------------------------------------------ Debian version order

/** dpkg's version comparison (epoch:upstream-revision, with its ~ and letter/digit rules). */
export function compareDebVersions(a: string, b: string): number {
  const split = (v: string): [number, string, string] => {
    const colon = v.indexOf(":");
    const epoch = colon >= 0 ? Number(v.slice(0, colon)) : 0;
    const rest = colon >= 0 ? v.slice(colon + 1) : v;
    const dash = rest.lastIndexOf("-");
    return dash >= 0 ? [epoch, rest.slice(0, dash), rest.slice(dash + 1)] : [epoch, rest, ""];
  };
  const [ea, ua, ra] = split(a);
  const [eb, ub, rb] = split(b);
  if (ea !== eb) return ea < eb ? -1 : 1;
  return compareFragment(ua, ub) || compareFragment(ra, rb);
}

function order(c: string): number {
  if (c === "~") return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function compareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let first = 0;
    while ((i < a.length && !/\d/.test(a[i])) || (j < b.length && !/\d/.test(b[j]))) {
      const ac = i < a.length && !/\d/.test(a[i]) ? order(a[i]) : 0;
      const bc = j < b.length && !/\d/.test(b[j]) ? order(b[j]) : 0;
      if (ac !== bc) return ac < bc ? -1 : 1;
      i++;
      j++;
    }
    while (a[i] === "0") i++;
    while (b[j] === "0") j++;
    while (i < a.length && /\d/.test(a[i]) && j < b.length && /\d/.test(b[j])) {
      if (!first) first = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && /\d/.test(a[i])) return 1;
    if (j < b.length && /\d/.test(b[j])) return -1;
    if (first) return first < 0 ? -1 : 1;
  }
  return 0;
}
