import { describe, expect, test } from "vitest";
import { etcdBench, ETCD_TLS, type EtcdBench } from "../../cluster/etcd/etcd-env.js";

let bench: EtcdBench | undefined;
/** One cluster with a saved snapshot, for the tests that only read it. */
const withSnapshot = async (): Promise<EtcdBench> => {
  if (!bench) {
    bench = etcdBench();
    await bench.sh(`etcdctl ${ETCD_TLS} snapshot save /opt/snapshot.db`);
  }
  return bench;
};
const configMap = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { k: name } });
/** The console lines etcdutl logs: [level, logger?, caller, message]. */
const consoleLines = (stderr: string) =>
  stderr
    .split("\n")
    .filter((l) => /^\d{4}-\d\d-\d\dT/.test(l))
    .map((l) => l.split("\t"));

describe("etcdutl snapshot status", () => {
  test("simple, table and json agree with the store at the time of the snapshot", async () => {
    const b = await withSnapshot();
    const store = b.cluster.store;
    const simple = await b.sh("etcdutl snapshot status /opt/snapshot.db");
    const m = /^([0-9a-f]+), (\d+), (\d+), (\d+ kB), 3\.6\.0\n$/.exec(simple.stdout);
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBe(store.revision);
    expect(Number(m![3])).toBe(store.size);
    const json = JSON.parse((await b.sh("etcdutl snapshot status /opt/snapshot.db -w json")).stdout) as Record<string, unknown>;
    expect(json).toEqual({ hash: parseInt(m![1], 16), revision: store.revision, totalKey: store.size, totalSize: expect.any(Number), version: "3.6.0" });
    expect(json.totalSize as number).toBe(b.fs.get("controlplane")!.statSync("/opt/snapshot.db").size - 32);
    const table = (await b.sh("etcdutl snapshot status /opt/snapshot.db --write-out=table")).stdout.split("\n");
    expect(table[1]).toBe("|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE | VERSION |");
    expect(table[3]).toBe(`| ${m![1].padStart(8)} | ${m![2].padStart(8)} | ${m![3].padStart(10)} | ${m![4].padStart(10)} |   3.6.0 |`);
  });

  test("a member's db file reports the live database; a missing file the stat error", async () => {
    const b = await withSnapshot();
    const live = await b.sh("etcdutl snapshot status /var/lib/etcd/member/snap/db");
    expect(live.stdout).toMatch(new RegExp(`^[0-9a-f]+, ${b.cluster.store.revision}, ${b.cluster.store.size}, \\d+ kB, 3\\.6\\.0\\n$`));
    expect(await b.sh("etcdutl snapshot status /opt/nope.db")).toMatchObject({ exitCode: 1, stderr: "Error: stat /opt/nope.db: no such file or directory\n" });
    expect(await b.sh("echo hello > /opt/text.db; etcdutl snapshot status /opt/text.db")).toMatchObject({ exitCode: 1, stderr: "Error: invalid database\n" });
  });
});

describe("etcdutl snapshot restore", () => {
  test("refuses a data dir that exists and is not empty", async () => {
    const b = await withSnapshot();
    const r = await b.sh("etcdutl snapshot restore /opt/snapshot.db --data-dir /var/lib/etcd");
    expect(r).toMatchObject({ exitCode: 1, stdout: "", stderr: 'Error: data-dir "/var/lib/etcd" not empty or could not be read\n' });
  });

  test("writes the member layout with the logs of etcdutl 3.6", async () => {
    const b = await withSnapshot();
    const r = await b.sh("etcdutl snapshot restore /opt/snapshot.db --data-dir /var/lib/etcd-from-backup");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("");
    const lines = consoleLines(r.stderr);
    // [ts, level, logger (bbolt's lines), caller, message, fields]
    expect(lines.map((l) => `${l[2]} ${l[3]}`)).toEqual([
      "snapshot/v3_snapshot.go:305 restoring snapshot",
      "bbolt backend/backend.go:203",
      "bbolt bbolt@v1.4.2/db.go:321",
      "schema/membership.go:138 Trimming membership information from the backend...",
      "bbolt backend/backend.go:203",
      "bbolt bbolt@v1.4.2/db.go:321",
      "membership/cluster.go:424 added member",
      "bbolt backend/backend.go:203",
      "bbolt bbolt@v1.4.2/db.go:321",
      "snapshot/v3_snapshot.go:333 restored snapshot",
    ]);
    expect(lines[1][4]).toBe(
      "Opening db file (/var/lib/etcd-from-backup/member/snap/db) with mode -rw------- and with options: {Timeout: 0s, NoGrowSync: false, NoFreelistSync: true, PreLoadFreelist: false, FreelistType: , ReadOnly: false, MmapFlags: 8000, InitialMmapSize: 10737418240, PageSize: 0, NoSync: false, OpenFile: 0x0, Mlock: false, Logger: " +
        lines[1][4].split("Logger: ")[1],
    );
    expect(lines[1][4]).toMatch(/Logger: 0xc000[0-9a-f]{6}\}$/);
    expect(lines[0]).toEqual([
      "2026-01-12T08:47:00Z",
      "info",
      "snapshot/v3_snapshot.go:305",
      "restoring snapshot",
      '{"path": "/opt/snapshot.db", "wal-dir": "/var/lib/etcd-from-backup/member/wal", "data-dir": "/var/lib/etcd-from-backup", "snap-dir": "/var/lib/etcd-from-backup/member/snap", "initial-memory-map-size": 10737418240}',
    ]);
    expect(lines[6][4]).toBe(
      '{"cluster-id": "cdf818194e3a8c32", "local-member-id": "0", "added-peer-id": "8e9e05c52164694d", "added-peer-peer-urls": ["http://localhost:2380"], "added-peer-is-learner": false}',
    );
    const fs = b.fs.get("controlplane")!;
    expect(fs.list("/var/lib/etcd-from-backup/member/snap")).toEqual(["0000000000000001-0000000000000001.snap", "db"]);
    expect(fs.list("/var/lib/etcd-from-backup/member/wal")).toEqual(["0000000000000000-0000000000000000.wal"]);
    expect(fs.statSync("/var/lib/etcd-from-backup/member").mode & 0o777).toBe(0o700);
  });

  test("a snapshot edited after saving fails the integrity check; --skip-hash-check is the way around", async () => {
    const b = await withSnapshot();
    const r = await b.sh("sed 's/kube-system/kube-systen/' /opt/snapshot.db > /opt/edited.db; etcdutl snapshot restore /opt/edited.db --data-dir /root/edited");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/\nError: expected sha256 \[[\d ]+\], got \[[\d ]+\]\n$/);
    // A db file copied out of a data dir has no hash at all.
    const copied = await b.sh("cp /var/lib/etcd/member/snap/db /root/db; etcdutl snapshot restore /root/db --data-dir /root/from-db");
    expect(copied.stderr.endsWith("Error: snapshot missing hash but --skip-hash-check=false\n")).toBe(true);
    const skipped = await b.sh("etcdutl snapshot restore /root/db --data-dir /root/from-db --skip-hash-check");
    expect(skipped.exitCode).toBe(0);
  });

  test("a missing snapshot file is reported after the first log line", async () => {
    const b = await withSnapshot();
    const r = await b.sh("etcdutl snapshot restore /opt/missing.db --data-dir /root/missing");
    expect(r.exitCode).toBe(1);
    expect(consoleLines(r.stderr)).toHaveLength(1);
    expect(r.stderr.endsWith("Error: open /opt/missing.db: no such file or directory\n")).toBe(true);
  });

  test("--name without a matching --initial-cluster is refused before anything is written", async () => {
    const b = await withSnapshot();
    const r = await b.sh("etcdutl snapshot restore /opt/snapshot.db --data-dir /root/named --name controlplane");
    expect(r).toMatchObject({ exitCode: 1, stderr: 'Error: couldn\'t find local name "controlplane" in the initial cluster configuration\n' });
    expect(b.fs.get("controlplane")!.exists("/root/named")).toBe(false);
  });
});

describe("backup and restore round trip", () => {
  test("objects created after the snapshot are gone once etcd runs from the restored data dir", async () => {
    const b = etcdBench();
    const client = b.cluster.client();
    client.create("configmaps", "default", configMap("before-backup"));
    const saved = await b.sh(`ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 ${ETCD_TLS} snapshot save /opt/snapshot-pre-boot.db`);
    expect(saved.exitCode).toBe(0);
    client.create("configmaps", "default", configMap("after-backup"));
    expect(client.find("configmaps", "default", "after-backup")).toBeDefined();

    const restored = await b.sh("etcdutl snapshot restore /opt/snapshot-pre-boot.db --data-dir /var/lib/etcd-from-backup");
    expect(restored.exitCode).toBe(0);
    // Nothing changes until etcd runs from the new directory (the manifest's hostPath edit).
    expect(client.find("configmaps", "default", "after-backup")).toBeDefined();

    const changes: string[] = [];
    b.etcd.onChange((c) => changes.push(c.kind));
    const opened = b.startMember("controlplane", { dataDir: "/var/lib/etcd-from-backup" });
    expect(opened).toMatchObject({ databaseChanged: true });
    expect(changes).toContain("database");
    expect(client.find("configmaps", "default", "before-backup")).toBeDefined();
    expect(client.find("configmaps", "default", "after-backup")).toBeUndefined();
    expect(b.etcd.serving()).toBe(true);

    // etcdctl sees the restored keys; the member keeps the peer URL the restore gave it.
    const keys = await b.sh(`etcdctl ${ETCD_TLS} get /registry/configmaps/default --prefix --keys-only`);
    expect(keys.stdout).toContain("/registry/configmaps/default/before-backup\n");
    expect(keys.stdout).not.toContain("after-backup");
    const members = await b.sh(`etcdctl ${ETCD_TLS} member list`);
    expect(members.stdout).toBe("8e9e05c52164694d, started, controlplane, http://localhost:2380, https://192.168.100.10:2379, false\n");

    // The old data dir still holds the newer state.
    b.startMember("controlplane");
    expect(client.find("configmaps", "default", "after-backup")).toBeDefined();
  });

  test("restoring with kubeadm's member name and peer URL keeps the member as it was", async () => {
    const b = etcdBench();
    await b.sh(`etcdctl ${ETCD_TLS} snapshot save /opt/s.db`);
    const r = await b.sh(
      "etcdutl snapshot restore /opt/s.db --data-dir /var/lib/etcd-restored --name controlplane --initial-cluster controlplane=https://192.168.100.10:2380 --initial-advertise-peer-urls https://192.168.100.10:2380",
    );
    expect(r.exitCode).toBe(0);
    b.startMember("controlplane", { dataDir: "/var/lib/etcd-restored" });
    const members = await b.sh(`etcdctl ${ETCD_TLS} member list`);
    expect(members.stdout).toMatch(/^[0-9a-f]+, started, controlplane, https:\/\/192\.168\.100\.10:2380, https:\/\/192\.168\.100\.10:2379, false\n$/);
  });
});

describe("etcdutl usage", () => {
  test("version, and cobra's default usage for an unknown flag (printed twice by main)", async () => {
    const b = await withSnapshot();
    expect((await b.sh("etcdutl version")).stdout).toBe("etcdutl version: 3.6.4\nAPI version: 3.6\n");
    const r = await b.sh("etcdutl snapshot restore /opt/snapshot.db --data-dri /x");
    expect(r.exitCode).toBe(1);
    expect(r.stderr.startsWith("Error: unknown flag: --data-dri\nUsage:\n  etcdutl snapshot restore <filename> --data-dir {output dir} [options] [flags]\n\nFlags:\n")).toBe(true);
    expect(r.stderr).toContain("      --data-dir string                      Path to the output data directory\n");
    expect(r.stderr).toContain("      --initial-memory-map-size uint         Initial memory map size of the database in bytes.");
    expect(r.stderr.endsWith("\n\nError: unknown flag: --data-dri\n")).toBe(true);
  });

  test("help: the usage of a command; an unknown topic and the root's usage go to stderr", async () => {
    const b = await withSnapshot();
    expect((await b.sh("etcdutl help snap")).stdout).toMatch(/^Usage:\n {2}etcdutl snapshot \[command\]\n\nAvailable Commands:\n {2}restore {5}/);
    const r = await b.sh("etcdutl help bogus");
    expect(r).toMatchObject({ exitCode: 0, stdout: "" });
    expect(r.stderr).toMatch(/^Unknown help topic \[`bogus`\]\nUsage:\n {2}etcdutl \[command\]\n/);
    expect(r.stderr).toContain("\n  help        Help about any command\n");
  });
});
