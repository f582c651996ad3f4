/**
 * The image registries the simulated nodes pull from (Docker Hub,
 * registry.k8s.io, ghcr.io, ...): which repositories and tags exist, how
 * big each image is, its digests and its config (entrypoint, cmd, the OS it
 * is built on), plus image reference parsing and normalisation as containerd
 * and the kubelet do it (`nginx` -> `docker.io/library/nginx:latest`).
 *
 * Sizes are the compressed sizes containerd reports; digests are derived
 * deterministically from the reference, so every run shows the same ids.
 */
import { createHash } from "node:crypto";

/** What an image is built on decides which shells and tools exist inside it. */
export type OsFamily = "busybox" | "alpine" | "debian" | "ubuntu" | "distroless";

export interface ImageConfig {
  entrypoint?: string[];
  cmd?: string[];
  workingDir?: string;
  env?: Record<string, string>;
  /** STOPSIGNAL of the image; containerd sends it on StopContainer (default SIGTERM). */
  stopSignal?: string;
  os: OsFamily;
  /** Programs the image adds to its OS (the application binaries). */
  bins?: string[];
}

export interface RemoteImage {
  /** docker.io/library/nginx */
  name: string;
  tag: string;
  /** docker.io/library/nginx:1.27 */
  repoTag: string;
  /** docker.io/library/nginx@sha256:... (the manifest list digest) */
  repoDigest: string;
  /** sha256:... of the image config: the image id crictl shows. */
  id: string;
  size: number;
  config: ImageConfig;
}

export interface ImageReference {
  /** docker.io, registry.k8s.io, ... */
  domain: string;
  /** library/nginx */
  path: string;
  /** docker.io/library/nginx */
  name: string;
  tag?: string;
  digest?: string;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

// ------------------------------------------------------------ references

const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN_RE = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?$`);
const PATH_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** An error parsing a reference, worded as distribution/reference words it. */
export class InvalidReferenceError extends Error {}

/**
 * Parses and normalises a reference the way ParseNormalizedNamed does:
 * a first component with a `.` or `:` (or `localhost`) is the registry,
 * otherwise it is Docker Hub and single names live under `library/`.
 */
export function parseImageReference(ref: string): ImageReference {
  if (ref.length === 0 || /\s/.test(ref)) throw new InvalidReferenceError("invalid reference format");
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) throw new InvalidReferenceError("invalid reference format");
    if (digest.startsWith("sha256:") && !/^sha256:[a-f0-9]{64}$/.test(digest)) throw new InvalidReferenceError("invalid checksum digest format");
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) throw new InvalidReferenceError("invalid reference format");
  }
  let domain = "docker.io";
  let path = rest;
  const slash = rest.indexOf("/");
  const first = slash < 0 ? "" : rest.slice(0, slash);
  if (slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost" || first.toLowerCase() !== first)) {
    domain = first;
    path = rest.slice(slash + 1);
    if (!DOMAIN_RE.test(domain)) throw new InvalidReferenceError("invalid reference format");
  }
  if (domain === "index.docker.io") domain = "docker.io";
  if (domain === "docker.io" && !path.includes("/")) path = `library/${path}`;
  if (path.toLowerCase() !== path) {
    throw new InvalidReferenceError(`invalid reference format: repository name (${path}) must be lowercase`);
  }
  if (!PATH_RE.test(path)) throw new InvalidReferenceError("invalid reference format");
  if (`${domain}/${path}`.length > 255) throw new InvalidReferenceError("invalid reference format: repository name must not be more than 255 characters");
  return { domain, path, name: `${domain}/${path}`, tag, digest };
}

/** `docker.io/library/nginx:latest`: the fully qualified reference containerd stores. */
export function normalizedReference(ref: ImageReference): string {
  if (ref.digest) return `${ref.name}@${ref.digest}`;
  return `${ref.name}:${ref.tag ?? "latest"}`;
}

/** `nginx:latest` style short form (docker's FamiliarString). */
export function familiarName(name: string): string {
  if (name.startsWith("docker.io/library/")) return name.slice("docker.io/library/".length);
  if (name.startsWith("docker.io/")) return name.slice("docker.io/".length);
  return name;
}

// ------------------------------------------------------------ catalogue

interface Repository {
  name: string;
  /** tag -> size in bytes */
  tags: Map<string, number>;
  config(tag: string): ImageConfig;
}

const MB = 1_000_000;

/** Deterministic size spread (±8%) so versions of one image differ a little. */
function sized(base: number, key: string): number {
  const h = parseInt(sha256(key).slice(0, 8), 16) / 0xffffffff;
  return Math.round(base * (0.92 + 0.16 * h));
}

function repo(name: string, tags: Array<[string, number]>, config: (tag: string) => ImageConfig): Repository {
  const m = new Map<string, number>();
  for (const [t, base] of tags) m.set(t, sized(base, `${name}:${t}`));
  return { name, tags: m, config };
}

/** Version tags `1.27`, `1.27.5` and their variants, all of one base size. */
function versions(list: string[], suffixes: Array<[string, number]>): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const v of list) {
    const minor = v.split(".").slice(0, 2).join(".");
    for (const [suffix, size] of suffixes) {
      out.push([`${v}${suffix}`, size]);
      out.push([`${minor}${suffix}`, size]);
      const major = v.split(".")[0];
      if (major !== minor) out.push([`${major}${suffix}`, size]);
    }
  }
  return out;
}

const isAlpineTag = (tag: string) => tag.includes("alpine");

const NGINX_VERSIONS = ["1.14.2", "1.15.12", "1.16.1", "1.17.10", "1.18.0", "1.19.10", "1.20.2", "1.21.6", "1.22.1", "1.23.4", "1.24.0", "1.25.5", "1.26.3", "1.27.5", "1.28.0", "1.29.1"];
export const NGINX_MAINLINE = "1.29.1";
export const NGINX_STABLE = "1.28.0";

function nginxTags(): Array<[string, number]> {
  const tags: Array<[string, number]> = [];
  for (const v of NGINX_VERSIONS) {
    const minor = v.split(".").slice(0, 2).join(".");
    for (const t of [v, minor]) {
      tags.push([t, 72 * MB], [`${t}-alpine`, 21.7 * MB], [`${t}-alpine-slim`, 5.4 * MB], [`${t}-perl`, 84 * MB]);
      if (Number(minor.split(".")[1]) >= 22) tags.push([`${t}-bookworm`, 72 * MB], [`${t}-alpine3.20`, 21.7 * MB]);
    }
  }
  for (const t of ["latest", "mainline", "stable", "bookworm", "mainline-bookworm", "stable-bookworm", "perl"]) tags.push([t, 72 * MB]);
  for (const t of ["alpine", "mainline-alpine", "stable-alpine", "alpine-slim", "stable-alpine-slim"]) tags.push([t, t.endsWith("slim") ? 5.4 * MB : 21.7 * MB]);
  return tags;
}

/** nginx version a tag stands for (for its startup log). */
export function nginxVersionOf(tag: string): string {
  if (tag.startsWith("stable")) return NGINX_STABLE;
  const m = /^(\d+\.\d+)(\.\d+)?/.exec(tag);
  if (!m) return NGINX_MAINLINE;
  if (m[2]) return m[0];
  return NGINX_VERSIONS.find((v) => v.startsWith(`${m[1]}.`)) ?? `${m[1]}.0`;
}

const K8S_VERSIONS = [
  "v1.31.0", "v1.31.4", "v1.31.9", "v1.32.0", "v1.32.1", "v1.32.2", "v1.32.4", "v1.32.6", "v1.32.9",
  "v1.33.0", "v1.33.1", "v1.33.2", "v1.33.4", "v1.33.5", "v1.34.0", "v1.34.1", "v1.34.2", "v1.34.3", "v1.35.0",
];

const debian = (extra: Partial<ImageConfig> = {}): ImageConfig => ({ os: "debian", cmd: ["bash"], ...extra });
const alpine = (extra: Partial<ImageConfig> = {}): ImageConfig => ({ os: "alpine", cmd: ["/bin/sh"], ...extra });
const distroless = (extra: Partial<ImageConfig> = {}): ImageConfig => ({ os: "distroless", ...extra });
const variant = (tag: string, a: Partial<ImageConfig>, d: Partial<ImageConfig>): ImageConfig => (isAlpineTag(tag) ? alpine(a) : debian(d));

function buildCatalogue(): Map<string, Repository> {
  const repos: Repository[] = [
    repo("docker.io/library/nginx", nginxTags(), (tag) =>
      variant(
        tag,
        { entrypoint: ["/docker-entrypoint.sh"], cmd: ["nginx", "-g", "daemon off;"], stopSignal: "SIGQUIT", bins: ["nginx", "nginx-debug", "curl"] },
        { entrypoint: ["/docker-entrypoint.sh"], cmd: ["nginx", "-g", "daemon off;"], stopSignal: "SIGQUIT", bins: ["nginx", "nginx-debug", "curl"] },
      ),
    ),
    repo(
      "docker.io/library/busybox",
      [["latest", 2.16 * MB], ["stable", 2.16 * MB], ["musl", 0.86 * MB], ["glibc", 2.16 * MB], ["uclibc", 1.02 * MB], ...versions(["1.28.4", "1.29.3", "1.30.1", "1.31.1", "1.32.1", "1.33.1", "1.34.1", "1.35.0", "1.36.1", "1.37.0"], [["", 2.16 * MB], ["-musl", 0.86 * MB], ["-glibc", 2.16 * MB], ["-uclibc", 1.02 * MB]])],
      () => ({ os: "busybox", cmd: ["sh"] }),
    ),
    repo("docker.io/library/alpine", [["latest", 3.8 * MB], ["edge", 3.8 * MB], ...versions(["3.16.9", "3.17.10", "3.18.12", "3.19.8", "3.20.7", "3.21.4", "3.22.1"], [["", 3.6 * MB]])], () => alpine()),
    repo("docker.io/library/ubuntu", [["latest", 29.7 * MB], ["rolling", 29.7 * MB], ["18.04", 25.7 * MB], ["bionic", 25.7 * MB], ["20.04", 27.5 * MB], ["focal", 27.5 * MB], ["22.04", 29.5 * MB], ["jammy", 29.5 * MB], ["24.04", 29.7 * MB], ["noble", 29.7 * MB], ["25.04", 29.9 * MB], ["plucky", 29.9 * MB]], () => ({ os: "ubuntu", cmd: ["/bin/bash"] })),
    repo("docker.io/library/debian", [["latest", 48.5 * MB], ["stable", 48.5 * MB], ["stable-slim", 28.2 * MB], ["11", 53.7 * MB], ["bullseye", 53.7 * MB], ["bullseye-slim", 30.2 * MB], ["12", 48.5 * MB], ["bookworm", 48.5 * MB], ["bookworm-slim", 28.2 * MB], ["13", 49.3 * MB], ["trixie", 49.3 * MB], ["trixie-slim", 29.8 * MB]], () => debian()),
    repo("docker.io/library/redis", [["latest", 52 * MB], ["alpine", 17.4 * MB], ...versions(["6.2.20", "7.0.15", "7.2.10", "7.4.5", "8.0.3", "8.2.1"], [["", 52 * MB], ["-alpine", 17.4 * MB], ["-bookworm", 52 * MB]])], (tag) =>
      variant(tag, { entrypoint: ["docker-entrypoint.sh"], cmd: ["redis-server"], bins: ["redis-server", "redis-cli"], workingDir: "/data" }, { entrypoint: ["docker-entrypoint.sh"], cmd: ["redis-server"], bins: ["redis-server", "redis-cli"], workingDir: "/data" }),
    ),
    repo("docker.io/library/httpd", [["latest", 58.6 * MB], ["alpine", 23.6 * MB], ...versions(["2.4.65"], [["", 58.6 * MB], ["-alpine", 23.6 * MB], ["-bookworm", 58.6 * MB]])], (tag) =>
      variant(tag, { cmd: ["httpd-foreground"], stopSignal: "SIGWINCH", bins: ["httpd", "httpd-foreground", "apachectl"], workingDir: "/usr/local/apache2" }, { cmd: ["httpd-foreground"], stopSignal: "SIGWINCH", bins: ["httpd", "httpd-foreground", "apachectl"], workingDir: "/usr/local/apache2" }),
    ),
    repo("docker.io/library/postgres", [["latest", 158 * MB], ["alpine", 108 * MB], ...versions(["13.22", "14.19", "15.14", "16.10", "17.6", "18.0"], [["", 158 * MB], ["-alpine", 108 * MB], ["-bookworm", 158 * MB]])], (tag) =>
      variant(tag, { entrypoint: ["docker-entrypoint.sh"], cmd: ["postgres"], stopSignal: "SIGINT", bins: ["postgres", "psql", "pg_ctl", "initdb"] }, { entrypoint: ["docker-entrypoint.sh"], cmd: ["postgres"], stopSignal: "SIGINT", bins: ["postgres", "psql", "pg_ctl", "initdb"] }),
    ),
    repo("docker.io/library/mysql", [["latest", 250 * MB], ["lts", 250 * MB], ["oracle", 250 * MB], ["5.7", 137 * MB], ["5.7.44", 137 * MB], ["8", 233 * MB], ["8.0", 233 * MB], ["8.0.43", 233 * MB], ["8.4", 236 * MB], ["8.4.6", 236 * MB], ["9", 250 * MB], ["9.4", 250 * MB], ["9.4.0", 250 * MB]], () => ({
      os: "debian",
      entrypoint: ["docker-entrypoint.sh"],
      cmd: ["mysqld"],
      bins: ["mysqld", "mysql", "mysqladmin"],
    })),
    repo("docker.io/library/mongo", [["latest", 283 * MB], ...versions(["5.0.31", "6.0.26", "7.0.24", "8.0.13"], [["", 283 * MB]])], () => ({ os: "ubuntu", entrypoint: ["docker-entrypoint.sh"], cmd: ["mongod"], bins: ["mongod", "mongosh"] })),
    repo("docker.io/library/memcached", [["latest", 32 * MB], ["alpine", 5.1 * MB], ...versions(["1.6.39"], [["", 32 * MB], ["-alpine", 5.1 * MB]])], (tag) =>
      variant(tag, { entrypoint: ["docker-entrypoint.sh"], cmd: ["memcached"], bins: ["memcached"] }, { entrypoint: ["docker-entrypoint.sh"], cmd: ["memcached"], bins: ["memcached"] }),
    ),
    repo("docker.io/library/node", [["latest", 398 * MB], ["lts", 392 * MB], ["alpine", 56 * MB], ["slim", 78 * MB], ...versions(["18.20.8", "20.19.5", "22.19.0", "24.8.0"], [["", 392 * MB], ["-alpine", 56 * MB], ["-slim", 78 * MB]])], (tag) =>
      variant(tag, { entrypoint: ["docker-entrypoint.sh"], cmd: ["node"], bins: ["node", "npm", "npx"] }, { entrypoint: ["docker-entrypoint.sh"], cmd: ["node"], bins: ["node", "npm", "npx", "curl"] }),
    ),
    repo("docker.io/library/python", [["latest", 412 * MB], ["alpine", 17.9 * MB], ["slim", 41.2 * MB], ...versions(["3.9.23", "3.10.18", "3.11.13", "3.12.11", "3.13.7"], [["", 412 * MB], ["-alpine", 17.9 * MB], ["-slim", 41.2 * MB]])], (tag) =>
      variant(tag, { cmd: ["python3"], bins: ["python", "python3", "pip"] }, { cmd: ["python3"], bins: ["python", "python3", "pip", "curl"] }),
    ),
    repo("docker.io/library/golang", [["latest", 296 * MB], ["alpine", 78 * MB], ...versions(["1.22.12", "1.23.12", "1.24.7", "1.25.1"], [["", 296 * MB], ["-alpine", 78 * MB]])], (tag) =>
      variant(tag, { cmd: ["/bin/sh"], bins: ["go"], workingDir: "/go" }, { cmd: ["bash"], bins: ["go", "curl"], workingDir: "/go" }),
    ),
    repo("docker.io/library/perl", [["latest", 320 * MB], ["slim", 54 * MB], ["5.34", 320 * MB], ["5.34.0", 320 * MB], ["5.38", 320 * MB], ["5.40", 320 * MB], ["5.40.2", 320 * MB]], () => debian({ cmd: ["perl", "-de0"], bins: ["perl"] })),
    repo("docker.io/library/traefik", [["latest", 50 * MB], ["v2.11", 47 * MB], ["2.11", 47 * MB], ["v3.0", 49 * MB], ["v3.1", 49 * MB], ["v3.2", 50 * MB], ["v3.3", 50 * MB], ["v3.4", 50 * MB], ["v3.5", 50 * MB], ["3.5", 50 * MB]], () => alpine({ entrypoint: ["/entrypoint.sh"], cmd: ["traefik"], bins: ["traefik"] })),
    repo("docker.io/library/hello-world", [["latest", 0.0101 * MB], ["linux", 0.0101 * MB]], () => distroless({ cmd: ["/hello"], bins: ["/hello"] })),
    repo("docker.io/library/haproxy", [["latest", 44 * MB], ["alpine", 15 * MB], ["3.2", 44 * MB], ["lts", 44 * MB]], (tag) => variant(tag, { cmd: ["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"], bins: ["haproxy"] }, { cmd: ["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"], bins: ["haproxy"] })),
    repo("docker.io/library/wordpress", [["latest", 250 * MB], ["6", 250 * MB], ["6.8", 250 * MB]], () => debian({ entrypoint: ["docker-entrypoint.sh"], cmd: ["apache2-foreground"], bins: ["apache2-foreground", "php"], stopSignal: "SIGWINCH" })),
    // registry.k8s.io: the images kubeadm and the kubelet use
    repo("registry.k8s.io/pause", [["3.6", 0.3 * MB], ["3.7", 0.31 * MB], ["3.8", 0.31 * MB], ["3.9", 0.32 * MB], ["3.10", 0.32 * MB], ["3.10.1", 0.32 * MB], ["latest", 0.32 * MB]], () => distroless({ entrypoint: ["/pause"], bins: ["/pause"] })),
    repo("registry.k8s.io/coredns/coredns", [["v1.10.1", 16.2 * MB], ["v1.11.1", 18.2 * MB], ["v1.11.3", 18.6 * MB], ["v1.12.0", 20.9 * MB], ["v1.12.1", 20.9 * MB], ["v1.13.1", 22.1 * MB]], () => distroless({ entrypoint: ["/coredns"], bins: ["/coredns"] })),
    repo("registry.k8s.io/etcd", [["3.5.15-0", 56.9 * MB], ["3.5.16-0", 57.7 * MB], ["3.5.21-0", 58.9 * MB], ["3.5.24-0", 59.2 * MB], ["3.6.4-0", 23.5 * MB], ["3.6.5-0", 23.6 * MB], ["3.6.6-0", 23.7 * MB]], () => distroless({ bins: ["etcd", "etcdctl", "etcdutl"] })),
    ...["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy"].map((c) =>
      repo(`registry.k8s.io/${c}`, K8S_VERSIONS.map((v) => [v, { "kube-apiserver": 28.8, "kube-controller-manager": 26.2, "kube-scheduler": 20.5, "kube-proxy": 30.9 }[c]! * MB] as [string, number]), () =>
        distroless({ bins: [c, ...(c === "kube-proxy" ? ["iptables", "ip6tables", "conntrack"] : [])] }),
      ),
    ),
    repo("registry.k8s.io/ingress-nginx/controller", [["v1.11.3", 105 * MB], ["v1.12.1", 110 * MB]], () =>
      alpine({ entrypoint: ["/usr/bin/dumb-init", "--"], cmd: ["/nginx-ingress-controller"], bins: ["/usr/bin/dumb-init", "/nginx-ingress-controller", "nginx"] }),
    ),
    repo("registry.k8s.io/metrics-server/metrics-server", [["v0.6.4", 30 * MB], ["v0.7.0", 19.4 * MB], ["v0.7.1", 19.4 * MB], ["v0.7.2", 19.5 * MB], ["v0.8.0", 20.6 * MB]], () => distroless({ entrypoint: ["/metrics-server"], bins: ["/metrics-server"] })),
    repo("registry.k8s.io/e2e-test-images/agnhost", ["2.39", "2.40", "2.43", "2.45", "2.47", "2.52", "2.53"].map((t) => [t, 51.5 * MB] as [string, number]), () => alpine({ entrypoint: ["/agnhost"], cmd: [], bins: ["/agnhost", "agnhost"] })),
    repo("registry.k8s.io/e2e-test-images/busybox", [["1.29-4", 0.73 * MB], ["1.36.1-1", 2.2 * MB]], () => ({ os: "busybox", cmd: ["sh"] })),
    repo("registry.k8s.io/e2e-test-images/nginx", [["1.14-4", 6.9 * MB], ["1.15-4", 7.1 * MB]], () => alpine({ cmd: ["nginx", "-g", "daemon off;"], stopSignal: "SIGQUIT", bins: ["nginx"] })),
    repo("registry.k8s.io/busybox", [["latest", 1.1 * MB], ["1.27.2", 0.67 * MB]], () => ({ os: "busybox", cmd: ["sh"] })),
    repo("registry.k8s.io/echoserver", [["1.10", 46 * MB], ["2.5", 8.8 * MB]], () => ({ os: "ubuntu", cmd: ["/usr/local/bin/run.sh"], bins: ["/usr/local/bin/run.sh", "nginx"] })),
    repo("k8s.gcr.io/echoserver", [["1.4", 46 * MB], ["1.10", 46 * MB]], () => ({ os: "ubuntu", cmd: ["/usr/local/bin/run.sh"], bins: ["/usr/local/bin/run.sh", "nginx"] })),
    repo("k8s.gcr.io/e2e-test-images/agnhost", [["2.39", 51.5 * MB], ["2.40", 51.5 * MB]], () => alpine({ entrypoint: ["/agnhost"], cmd: [], bins: ["/agnhost", "agnhost"] })),
    repo("k8s.gcr.io/e2e-test-images/busybox", [["1.29-1", 0.73 * MB], ["1.29-2", 0.73 * MB]], () => ({ os: "busybox", cmd: ["sh"] })),
    repo("k8s.gcr.io/busybox", [["latest", 1.1 * MB]], () => ({ os: "busybox", cmd: ["sh"] })),
    repo("k8s.gcr.io/pause", [["3.2", 0.3 * MB], ["3.5", 0.3 * MB]], () => distroless({ entrypoint: ["/pause"], bins: ["/pause"] })),
    repo("gcr.io/google-samples/hello-app", [["1.0", 4.4 * MB], ["2.0", 4.4 * MB]], () => distroless({ cmd: ["./hello-app"], bins: ["./hello-app", "hello-app"] })),
    // CNI plugins and add-ons
    ...["ghcr.io/flannel-io/flannel", "docker.io/flannel/flannel"].map((n) =>
      repo(n, ["v0.25.6", "v0.25.7", "v0.26.0", "v0.26.1", "v0.26.4", "v0.26.7", "v0.27.0", "v0.27.2", "v0.27.3", "v0.27.4"].map((t) => [t, 34.5 * MB] as [string, number]), () =>
        alpine({ entrypoint: ["/opt/bin/flanneld"], cmd: [], bins: ["/opt/bin/flanneld", "flanneld", "iptables"] }),
      ),
    ),
    ...["ghcr.io/flannel-io/flannel-cni-plugin", "docker.io/flannel/flannel-cni-plugin"].map((n) =>
      repo(n, ["v1.5.1-flannel1", "v1.5.1-flannel2", "v1.6.0-flannel1", "v1.6.2-flannel1", "v1.7.1-flannel1", "v1.8.0-flannel1"].map((t) => [t, 4.8 * MB] as [string, number]), () => alpine({ bins: ["/flannel"] })),
    ),
    ...["node", "cni", "kube-controllers"].flatMap((c) =>
      ["docker.io/calico", "quay.io/calico"].map((prefix) =>
        repo(`${prefix}/${c}`, ["v3.27.4", "v3.28.2", "v3.29.1", "v3.29.3", "v3.30.0", "v3.30.3"].map((t) => [t, { node: 158, cni: 97, "kube-controllers": 35 }[c]! * MB] as [string, number]), () =>
          distroless({ bins: c === "node" ? ["calico-node", "start_runit"] : c === "cni" ? ["/opt/cni/bin/install", "install"] : ["/usr/bin/kube-controllers", "kube-controllers"] }),
        ),
      ),
    ),
    repo("docker.io/kubernetesui/dashboard", [["v2.7.0", 75 * MB], ["v2.6.1", 74 * MB]], () => distroless({ entrypoint: ["/dashboard"], bins: ["/dashboard"] })),
    repo("docker.io/kubernetesui/metrics-scraper", [["v1.0.8", 19.7 * MB], ["v1.0.9", 19.8 * MB]], () => distroless({ entrypoint: ["/metrics-sidecar"], bins: ["/metrics-sidecar"] })),
    // tools people run in pods
    repo("docker.io/polinux/stress", [["latest", 4.0 * MB], ["1.0.4", 4.0 * MB]], () => alpine({ cmd: ["stress", "--help"], bins: ["stress"] })),
    repo("docker.io/nicolaka/netshoot", [["latest", 196 * MB], ["v0.13", 191 * MB], ["v0.14", 196 * MB]], () => alpine({ cmd: ["zsh"], bins: ["zsh", "bash", "curl", "dig", "nslookup", "tcpdump", "netstat", "nc", "iperf3", "ip"] })),
    repo("docker.io/curlimages/curl", [["latest", 10.6 * MB], ["8.11.1", 10.2 * MB], ["8.13.0", 10.4 * MB], ["8.15.0", 10.6 * MB], ["8.16.0", 10.6 * MB]], () =>
      alpine({ entrypoint: ["/entrypoint.sh"], cmd: ["curl"], bins: ["curl"] }),
    ),
    repo("docker.io/kodekloud/webapp-color", [["latest", 31 * MB], ["v1", 31 * MB], ["v2", 31 * MB], ["v3", 31 * MB]], () => alpine({ cmd: ["python", "app.py"], bins: ["python", "python3"], workingDir: "/opt" })),
    repo("docker.io/kodekloud/event-simulator", [["latest", 32 * MB]], () => alpine({ cmd: ["python", "event-simulator.py"], bins: ["python", "python3"] })),
  ];
  return new Map(repos.map((r) => [r.name, r]));
}

let catalogue: Map<string, Repository> | undefined;

function repositories(): Map<string, Repository> {
  catalogue ??= buildCatalogue();
  return catalogue;
}

/** Registries that exist; pulls from any other host fail at DNS resolution. */
const KNOWN_REGISTRIES = new Set(["docker.io", "registry.k8s.io", "k8s.gcr.io", "gcr.io", "ghcr.io", "quay.io", "registry-1.docker.io", "mcr.microsoft.com", "public.ecr.aws"]);

export type ResolveResult =
  | { kind: "found"; image: RemoteImage }
  | { kind: "tag-not-found" }
  | { kind: "repository-not-found" }
  | { kind: "unknown-host" };

/** Looks a reference up in the registries, as a pull's resolve step does. */
export function resolveImage(ref: ImageReference): ResolveResult {
  if (!KNOWN_REGISTRIES.has(ref.domain)) return { kind: "unknown-host" };
  const r = repositories().get(ref.name);
  if (!r) return { kind: "repository-not-found" };
  let tag = ref.tag ?? "latest";
  if (ref.digest) {
    const match = [...r.tags.keys()].find((t) => remoteImage(r, t).repoDigest.endsWith(ref.digest!));
    if (!match) return { kind: "tag-not-found" };
    tag = match;
  }
  if (!r.tags.has(tag)) return { kind: "tag-not-found" };
  return { kind: "found", image: remoteImage(r, tag) };
}

function remoteImage(r: Repository, tag: string): RemoteImage {
  return {
    name: r.name,
    tag,
    repoTag: `${r.name}:${tag}`,
    repoDigest: `${r.name}@sha256:${sha256(`manifest-list:${r.name}:${tag}`)}`,
    id: `sha256:${sha256(`config:${r.name}:${tag}`)}`,
    size: r.tags.get(tag)!,
    config: r.config(tag),
  };
}

/** Every repository name in the catalogue (for tests and tab completion). */
export function knownRepositories(): string[] {
  return [...repositories().keys()];
}
