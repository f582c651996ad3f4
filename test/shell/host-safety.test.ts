/**
 * Nothing typed in the simulated shell reaches the host: destructive
 * commands (rm -rf /, writes to /etc/passwd and /dev/sda, reading
 * ~/.ssh, copying /, writes to /tmp, curl file://) run against the
 * simulated machines only. The host's files keep their bytes and times,
 * no stack trace reaches the learner, and a fresh cluster still works.
 */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShellSession } from "../../src/shell/session.js";
import { newCluster, sh } from "../helpers.js";

const REPO = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** Names the hostile scripts create in the simulated /tmp; none may appear in the host's. */
const TMP_NAMES = ["x", "kubedojo-hostile-write.txt", "stolen-passwd", "copy-of-root"];

interface Snapshot {
  exists: boolean;
  mtimeMs?: number;
  size?: number;
  sha256?: string;
}

/** stat (and for regular files we own, a hash) of a host path; symlinks and ~/.ssh only by lstat. */
function snapshot(path: string, hash: boolean): Snapshot {
  if (!existsSync(path)) return { exists: false };
  const st = lstatSync(path);
  const snap: Snapshot = { exists: true, mtimeMs: st.mtimeMs, size: st.size };
  if (hash && st.isFile()) snap.sha256 = createHash("sha256").update(readFileSync(path)).digest("hex");
  return snap;
}

let canaryDir: string;
let watched: Array<{ path: string; hash: boolean }>;
let before: Map<string, Snapshot>;

const STACK = /\n\s+at .+[(:]\d+:\d+\)?/;

beforeAll(() => {
  canaryDir = mkdtempSync(join(tmpdir(), "kubedojo-host-safety-"));
  writeFileSync(join(canaryDir, "canary.txt"), "the host's own file\n");
  watched = [
    { path: canaryDir, hash: false },
    { path: join(canaryDir, "canary.txt"), hash: true },
    { path: join(REPO, "tsconfig.json"), hash: true },
    { path: join(REPO, "fixtures", "default.yaml"), hash: true },
    { path: join(REPO, "fixtures", "pki", "default", "manifest.json"), hash: true },
    { path: join(REPO, "src", "shell", "session.ts"), hash: false },
    { path: "/etc/passwd", hash: true },
    { path: "/etc/hostname", hash: true },
    { path: "/dev/sda", hash: false },
    { path: join(homedir(), ".ssh"), hash: false },
    { path: join(homedir(), ".ssh", "id_rsa"), hash: false },
    { path: join(homedir(), ".bashrc"), hash: true },
    ...TMP_NAMES.map((n) => ({ path: join(tmpdir(), n), hash: false })),
  ];
  before = new Map(watched.map((w) => [w.path, snapshot(w.path, w.hash)]));
});

afterAll(() => {
  if (canaryDir) rmSync(canaryDir, { recursive: true, force: true });
});

/** In order on one cluster: the machine-wrecking ones last. */
const SCRIPTS: Array<{ name: string; script: string; host?: string; user?: string }> = [
  { name: "overwrite /etc/passwd and /etc/hostname", script: "echo x > /etc/passwd; echo pwned >> /etc/passwd; echo evil > /etc/hostname; cat /etc/passwd" },
  { name: "read ~/.ssh", script: "cat ~/.ssh/id_rsa; cat /root/.ssh/id_rsa; ls -la ~/.ssh; cat $HOME/../../etc/shadow" },
  { name: "copy / into /tmp", script: "cp -r / /tmp/x; cp -r /etc /tmp/copy-of-root; ls /tmp | head" },
  { name: "write to /tmp", script: "echo hostile > /tmp/kubedojo-hostile-write.txt; cat /tmp/kubedojo-hostile-write.txt; cp /etc/passwd /tmp/stolen-passwd" },
  { name: "write into the host's temp dir by its absolute path", script: `echo hostile > ${canaryDir}/canary.txt; echo more > ${canaryDir}/new.txt; ls ${canaryDir}` },
  { name: "curl file:// and to the host's paths", script: `curl file:///etc/passwd; curl -s file://${canaryDir}/canary.txt; curl -s file://${REPO}/tsconfig.json; echo rc=$?` },
  { name: "redirect to /dev/sda", script: "echo x > /dev/sda; dd if=/dev/zero of=/dev/sda bs=1M count=1; cat /dev/sda | head -c 10" },
  { name: "openssl writes", script: `openssl genrsa -out /etc/passwd 512; openssl rand -hex 4 -out ${canaryDir}/rand.txt; openssl x509 -in ${REPO}/fixtures/pki/default/controlplane/etc/kubernetes/pki/ca.crt -noout -subject` },
  { name: "as candidate on the exam host", host: "base", user: "candidate", script: `rm -rf / ; echo x > /etc/passwd; cat ~/.ssh/id_rsa; echo y > ${canaryDir}/canary.txt; curl file:///etc/passwd; ls /` },
  { name: "rm -rf /", script: "rm -rf /; rm -rf --no-preserve-root /; ls /; kubectl get nodes" },
];

describe("the host is never touched", () => {
  let cluster: ReturnType<typeof newCluster> | undefined;

  for (const s of SCRIPTS) {
    it(`${s.name}: runs in the simulation only, without a stack trace`, async () => {
      cluster ??= newCluster();
      const session = new ShellSession(cluster, { scripted: true, host: s.host, user: s.user });
      const r = await session.exec(s.script);
      expect(r.stdout + r.stderr).not.toMatch(STACK);
      expect(r.stdout + r.stderr).not.toContain("the host's own file");
      // The host's real files are not what the simulated ones show.
      if (existsSync(`${REPO}/tsconfig.json`)) expect(r.stdout).not.toContain(readFileSync(`${REPO}/tsconfig.json`, "utf8").slice(0, 40));
    }, 120_000);
  }

  it("left every watched host path as it was", () => {
    for (const w of watched) expect(snapshot(w.path, w.hash), w.path).toEqual(before.get(w.path));
    expect(readFileSync(join(canaryDir, "canary.txt"), "utf8")).toBe("the host's own file\n");
    expect(existsSync(join(canaryDir, "new.txt"))).toBe(false);
    expect(existsSync(join(canaryDir, "rand.txt"))).toBe(false);
    for (const n of TMP_NAMES) expect(existsSync(join(tmpdir(), n)), n).toBe(before.get(join(tmpdir(), n))!.exists);
    expect(statSync(REPO).isDirectory()).toBe(true);
  });

  it("a fresh cluster still works after all of it", async () => {
    const r = await sh("kubectl get nodes --no-headers | awk '{print $1, $2}'; hostname; cat /etc/hostname; openssl x509 -in /etc/kubernetes/pki/ca.crt -noout -subject; curl -sk https://localhost:6443/healthz");
    expect(r.stdout).toBe("controlplane Ready\nnode01 Ready\nnode02 Ready\ncontrolplane\ncontrolplane\nsubject=CN = kubernetes\nok");
  }, 120_000);
});
