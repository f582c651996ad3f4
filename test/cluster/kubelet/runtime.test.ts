import { describe, expect, it } from "vitest";
import { lookupProgram } from "../../../src/cluster/kubelet/runtime/apps.js";
import { CniManager } from "../../../src/cluster/kubelet/runtime/cni.js";
import { MemoryFilesystem } from "../../../src/cluster/kubelet/runtime/filesystem.js";
import { normalizedReference, parseImageReference, resolveImage, type RemoteImage } from "../../../src/cluster/kubelet/runtime/images.js";
import { runToCompletion, type ProcessContext } from "../../../src/cluster/kubelet/runtime/process.js";

function image(ref: string): RemoteImage {
  const r = resolveImage(parseImageReference(ref));
  if (r.kind !== "found") throw new Error(`${ref}: ${r.kind}`);
  return r.image;
}

/** Runs argv in a fresh container of `ref` without waiting; returns what it printed and its exit code. */
function run(ref: string, argv: string[], env: Record<string, string> = {}) {
  const img = image(ref);
  let out = "";
  const t0 = Date.parse("2026-01-12T08:00:00Z");
  let elapsed = 0;
  const ctx: ProcessContext = {
    env: { HOSTNAME: "web", ...env },
    fs: new MemoryFilesystem({ "/tmp/": "" }),
    cwd: "/",
    os: img.config.os,
    bins: new Set(img.config.bins ?? []),
    system: { hostname: "web", podIP: "10.244.1.2", nodeName: "node01", nodeIP: "192.168.100.11", kernel: "6.8.0-51-generic", cpus: 2, nodePodCIDR: () => "10.244.1.0/24", network: { httpGet: () => ({ error: "x" }), lookup: () => undefined } },
    now: () => t0 + elapsed,
    stdin: "",
    out: (s) => (out += s),
    err: (s) => (out += s),
    listen() {},
    onSignal() {},
    useMemory() {},
    pid1: true,
  };
  const p = lookupProgram(argv, ctx, img);
  if (!p) return { out: "<not found>", code: -1, ms: 0 };
  const r = runToCompletion(p, 3_600_000, (ms) => (elapsed = ms));
  return { out, code: r.exitCode, ms: r.elapsedMs };
}

describe("image references", () => {
  it("normalises names as containerd stores them", () => {
    expect(normalizedReference(parseImageReference("nginx"))).toBe("docker.io/library/nginx:latest");
    expect(normalizedReference(parseImageReference("bitnami/redis:7"))).toBe("docker.io/bitnami/redis:7");
    expect(normalizedReference(parseImageReference("registry.k8s.io/pause:3.10.1"))).toBe("registry.k8s.io/pause:3.10.1");
    expect(normalizedReference(parseImageReference("localhost:5000/app"))).toBe("localhost:5000/app:latest");
  });

  it("rejects references that do not parse, with distribution's wording", () => {
    expect(() => parseImageReference("NGINX")).toThrow("invalid reference format: repository name (library/NGINX) must be lowercase");
    expect(() => parseImageReference("nginx:")).toThrow("invalid reference format");
    expect(() => parseImageReference("nginx latest")).toThrow("invalid reference format");
  });

  it("knows the common images and tags, with stable digests and plausible sizes", () => {
    for (const ref of ["nginx:1.14.2", "nginx:1.25-alpine", "busybox:1.28", "alpine:3.20", "redis:7-alpine", "httpd:2.4", "postgres:16", "mysql:8.0", "registry.k8s.io/kube-apiserver:v1.33.2", "registry.k8s.io/coredns/coredns:v1.12.1", "polinux/stress", "nicolaka/netshoot", "curlimages/curl"]) {
      expect(resolveImage(parseImageReference(ref)).kind).toBe("found");
    }
    expect(resolveImage(parseImageReference("nginx:nope")).kind).toBe("tag-not-found");
    expect(resolveImage(parseImageReference("ngnix")).kind).toBe("repository-not-found");
    expect(resolveImage(parseImageReference("myregistry.example.com/app:1")).kind).toBe("unknown-host");
    expect(image("nginx").id).toBe(image("nginx:latest").id);
    expect(image("nginx").repoDigest).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(image("nginx").size).toBeGreaterThan(60_000_000);
    expect(image("nginx:alpine").size).toBeLessThan(30_000_000);
    expect(image("busybox").size).toBeLessThan(5_000_000);
  });
});

describe("the container shell", () => {
  it("runs loops, arithmetic, conditionals and redirections", () => {
    const r = run("busybox", ["sh", "-c", 'for i in 1 2 3; do echo "i=$i"; done; n=$((2+3*4)); [ $n -eq 14 ] && echo ok || echo bad; echo saved > /tmp/f; cat /tmp/f; case abc in a*) echo match;; esac']);
    expect(r).toEqual({ out: "i=1\ni=2\ni=3\nok\nsaved\nmatch\n", code: 0, ms: 0 });
  });

  it("sleeps on the virtual clock and prints the virtual date", () => {
    const r = run("busybox", ["sh", "-c", "date; sleep 90; date +%H:%M:%S"]);
    expect(r.out).toBe("Mon Jan 12 08:00:00 UTC 2026\n08:01:30\n");
    expect(r.ms).toBe(90_000);
  });

  it("exits with the status of exit, and 127 for an unknown command in each image's shell wording", () => {
    expect(run("busybox", ["sh", "-c", "exit 7"]).code).toBe(7);
    expect(run("busybox", ["sh", "-c", "foo"])).toMatchObject({ out: "sh: foo: not found\n", code: 127 });
    expect(run("nginx", ["sh", "-c", "foo"])).toMatchObject({ out: "sh: 1: foo: not found\n", code: 127 });
    expect(run("ubuntu", ["bash", "-c", "foo"])).toMatchObject({ out: "bash: line 1: foo: command not found\n", code: 127 });
  });

  it("reports syntax errors as the shell does", () => {
    expect(run("busybox", ["sh", "-c", "echo 'open"])).toMatchObject({ out: "sh: syntax error: unterminated quoted string\n", code: 2 });
    expect(run("busybox", ["sh", "-c", "done"])).toMatchObject({ out: 'sh: syntax error: unexpected "done"\n', code: 2 });
  });

  it("runs `sh` with no script and no terminal as an immediate exit", () => {
    expect(run("busybox", ["sh"])).toEqual({ out: "", code: 0, ms: 0 });
  });

  it("finds no shell at all in a distroless image", () => {
    expect(run("registry.k8s.io/kube-proxy:v1.34.1", ["sh", "-c", "echo hi"]).out).toBe("<not found>");
  });
});

describe("applications", () => {
  it("refuses to start postgres without a superuser password", () => {
    const r = run("postgres:16", ["docker-entrypoint.sh", "postgres"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^Error: Database is uninitialized and superuser password is not specified\.\n/);
  });

  it("prints pi for the Job example of the docs", () => {
    const r = run("perl:5.34.0", ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]);
    expect(r.out.startsWith("3.14159265358979323846264338327950288419716939937510")).toBe(true);
    expect(r.out.trim()).toHaveLength(2001);
  });
});

describe("flannel's CNI plugin", () => {
  const fs = new MemoryFilesystem({
    "/etc/cni/net.d/10-flannel.conflist": '{"name":"cbr0","plugins":[{"type":"flannel"},{"type":"portmap"}]}',
    "/opt/cni/bin/flannel": "",
    "/opt/cni/bin/portmap": "",
  });

  it("fails until flanneld has written its subnet file", () => {
    const cni = new CniManager(fs);
    expect(cni.setup("abc")).toEqual({ error: 'failed to setup network for sandbox "abc": plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory' });
  });

  it("hands out addresses from .2 in order, skipping those in use", () => {
    fs.write("/run/flannel/subnet.env", "FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n");
    const cni = new CniManager(fs);
    expect(cni.setup("a")).toEqual({ ip: "10.244.1.2" });
    expect(cni.setup("b")).toEqual({ ip: "10.244.1.3" });
    cni.teardown("a");
    expect(cni.setup("c")).toEqual({ ip: "10.244.1.4" });
  });
});
