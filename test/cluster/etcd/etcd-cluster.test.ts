import { describe, expect, test } from "vitest";
import { VirtualClock } from "../../../src/cluster/clock.js";
import { EtcdCluster } from "../../../src/cluster/etcd/etcd-cluster.js";
import { computeClusterId, computeMemberId, idHex } from "../../../src/cluster/etcd/membership.js";
import { crc32c, decodeSnapshotFile, checkIntegrity, encodeSnapshotFile, snapshotStatus } from "../../../src/cluster/etcd/snapshot-file.js";
import { SeededRandom } from "../../../src/cluster/random.js";
import { HostFilesystem } from "../../../src/host/filesystem.js";
import { etcdBench, PKI, type EtcdBench } from "./etcd-env.js";

/** One default cluster for the tests that leave its etcd as they found it (a cluster takes seconds to build). */
let sharedBench: EtcdBench | undefined;
const shared = (): EtcdBench => (sharedBench ??= etcdBench());

describe("membership ids", () => {
  test("member and cluster ids are etcd's (sha1 of peer URLs and token)", () => {
    // The well-known ids of a member restored with etcdutl's defaults.
    const id = computeMemberId(["http://localhost:2380"], "etcd-cluster");
    expect(idHex(id)).toBe("8e9e05c52164694d");
    expect(idHex(computeClusterId([id]))).toBe("cdf818194e3a8c32");
  });
});

describe("snapshot file", () => {
  test("crc32c is the Castagnoli CRC", () => {
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283);
  });

  test("round trip, a hash trailer that etcdutl recognises (size % 512 == 32), integrity check", () => {
    const b = shared();
    const snap = b.cluster.store.snapshot();
    const file = encodeSnapshotFile(snap);
    expect(Buffer.byteLength(file) % 512).toBe(32);
    const decoded = decodeSnapshotFile(file);
    expect(decoded.kind).toBe("snapshot");
    if (decoded.kind !== "snapshot") return;
    expect(decoded.snapshot.revision).toBe(snap.revision);
    expect(decoded.snapshot.entries.map((e) => e.key)).toEqual(snap.entries.map((e) => e.key));
    expect(checkIntegrity(decoded)).toEqual({ ok: true });
    const status = snapshotStatus(decoded.snapshot);
    expect(status.totalKey).toBe(b.cluster.store.size);
    expect(status.revision).toBe(b.cluster.store.revision);
    expect(status.totalSize % 4096).toBe(0);
    // Same content, same bytes.
    expect(encodeSnapshotFile(b.cluster.store.snapshot())).toBe(file);
    // An edited file no longer matches its trailer.
    const tampered = decodeSnapshotFile(file.replace('"kube-system"', '"kube-systen"'));
    expect(tampered.kind === "snapshot" && checkIntegrity(tampered).ok).toBe(false);
  });
});

describe("members and data dirs", () => {
  test("the seeded member serves the live store from /var/lib/etcd", () => {
    const b = shared();
    expect(b.etcd.serving()).toBe(true);
    const fs = b.fs.get("controlplane")!;
    expect(fs.list("/var/lib/etcd/member")).toEqual(["snap", "wal"]);
    expect(fs.exists("/var/lib/etcd/member/snap/db")).toBe(true);
    expect(b.etcd.runningMembers().map((m) => m.name)).toEqual(["controlplane"]);
    // A restart on the same data dir keeps the data and logs an initialised member.
    const before = b.cluster.store.size;
    const r = b.startMember("controlplane");
    expect("handle" in r && r.databaseChanged).toBeFalsy();
    expect(r.log.map((l) => JSON.parse(l).msg)).toEqual(["opened backend db", "restarting local member", "published local member to cluster through raft"]);
    expect(b.cluster.store.size).toBe(before);
  });

  test("an empty data dir bootstraps a new, empty database that becomes live", () => {
    const b = etcdBench();
    const changes: string[] = [];
    b.etcd.onChange((c) => changes.push(c.kind));
    const r = b.startMember("controlplane", { dataDir: "/var/lib/etcd-new" });
    expect("handle" in r).toBe(true);
    expect(r).toMatchObject({ newDatabase: true, databaseChanged: true });
    expect(b.cluster.store.size).toBe(0);
    expect(b.fs.get("controlplane")!.list("/var/lib/etcd-new/member/wal")).toEqual(["0.tmp", "0000000000000000-0000000000000000.wal"]);
    expect(r.log.map((l) => JSON.parse(l).msg)).toEqual(["opened backend db", "starting local member", "published local member to cluster through raft"]);
    expect(changes).toContain("database");
    // Back to the old data dir: the old content returns.
    b.startMember("controlplane");
    expect(b.cluster.client().get("namespaces", undefined, "kube-system").metadata.name).toBe("kube-system");
  });

  test("a member cannot bind a port another member on the node holds", () => {
    const b = shared();
    const r = b.etcd.openEtcd(b.memberOptions("controlplane", { name: "second", dataDir: "/var/lib/etcd2" }));
    // The etcd program prints the fatal "discovery failed" line with this error.
    expect(r).toEqual({ error: "listen tcp 127.0.0.1:2379: bind: address already in use", log: [] });
  });

  test("a corrupt db file makes etcd panic as bbolt refuses it", () => {
    const b = etcdBench();
    b.stopMember("controlplane");
    b.fs.get("controlplane")!.write("/var/lib/etcd/member/snap/db", "garbage");
    const r = b.etcd.openEtcd(b.memberOptions("controlplane"));
    expect("error" in r).toBe(true);
    expect(r.log).toEqual([expect.stringContaining('"level":"panic"'), "panic: failed to open database"]);
    expect(r.log[0]).toContain('"path":"/var/lib/etcd/member/snap/db","error":"invalid database"');
  });
});

describe("HA quorum (3 stacked members)", () => {
  test("serves with 2 of 3 members up, not with 1 of 3; a returning member restores quorum", async () => {
    const b = etcdBench("ha");
    expect(b.etcd.runningMembers()).toHaveLength(3);
    expect(b.etcd.serving()).toBe(true);
    const events: boolean[] = [];
    b.etcd.onChange((c) => c.kind === "serving" && events.push(c.serving));

    b.stopMember("controlplane02");
    expect(b.etcd.serving()).toBe(true);
    b.stopMember("controlplane03");
    expect(b.etcd.serving()).toBe(false);
    expect(events).toEqual([false]);

    // Linearizable requests time out on the remaining member; status still answers, without a leader.
    const list = await b.sh(`etcdctl --cacert=${PKI}/etcd/ca.crt --cert=${PKI}/etcd/server.crt --key=${PKI}/etcd/server.key member list`, "controlplane01");
    expect(list.exitCode).toBe(1);
    expect(list.stderr).toContain('"error":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"');
    expect(list.stderr.endsWith("Error: context deadline exceeded\n")).toBe(true);
    const status = await b.sh(`etcdctl --cacert=${PKI}/etcd/ca.crt --cert=${PKI}/etcd/server.crt --key=${PKI}/etcd/server.key endpoint status`, "controlplane01");
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/^127\.0\.0\.1:2379, [0-9a-f]+, 3\.6\.4, 3\.6\.0, .*, false, false, \d+, \d+, \d+, etcdserver: no leader, , false\n$/);

    b.startMember("controlplane03");
    expect(b.etcd.serving()).toBe(true);
    expect(events).toEqual([false, true]);
  });

  test("member list and endpoint status over the three members", async () => {
    const b = etcdBench("ha");
    const tls = `--cacert=${PKI}/etcd/ca.crt --cert=${PKI}/etcd/server.crt --key=${PKI}/etcd/server.key`;
    const eps = b.controlPlanes.map((n) => `https://${n.ip}:2379`).join(",");
    const list = await b.sh(`etcdctl --endpoints=${eps} ${tls} member list`, "controlplane01");
    const ids = b.controlPlanes.map((n) => idHex(computeMemberId([`https://${n.ip}:2380`], "etcd-cluster")));
    const expected = b.controlPlanes
      .map((n, i) => ({ line: `${ids[i]}, started, ${n.name}, https://${n.ip}:2380, https://${n.ip}:2379, false`, id: BigInt(`0x${ids[i]}`) }))
      .sort((a, c) => (a.id < c.id ? -1 : 1))
      .map((x) => x.line);
    expect(list.stdout).toBe(`${expected.join("\n")}\n`);

    b.stopMember("controlplane02");
    const status = await b.sh(`etcdctl --endpoints=${eps} ${tls} endpoint status -w table`, "controlplane01");
    expect(status.exitCode).toBe(1);
    const ip2 = b.controlPlanes[1].ip;
    expect(status.stderr).toContain(`Failed to get the status of endpoint https://${ip2}:2379 (context deadline exceeded)`);
    expect(status.stderr).toContain(`connect: connection refused`);
    const rows = status.stdout.split("\n").filter((l) => l.startsWith("| https://"));
    expect(rows).toHaveLength(2);
    // Exactly one leader among the members that answered.
    expect(rows.filter((r) => / true \|\s+false \|/.test(r))).toHaveLength(1);
  });
});

describe("HA restore", () => {
  const tls = `--cacert=${PKI}/etcd/ca.crt --cert=${PKI}/etcd/server.crt --key=${PKI}/etcd/server.key`;
  const cm = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name } });

  test("every member restored from one snapshot with its own name forms the cluster again, without the later objects", async () => {
    const b = etcdBench("ha");
    const client = b.cluster.client();
    client.create("configmaps", "default", cm("before"));
    expect((await b.sh(`etcdctl ${tls} snapshot save /opt/snap.db`, "controlplane01")).exitCode).toBe(0);
    client.create("configmaps", "default", cm("after"));
    const snapshot = b.fs.get("controlplane01")!.read("/opt/snap.db")!;
    const initialCluster = b.controlPlanes.map((n) => `${n.name}=https://${n.ip}:2380`).join(",");
    for (const n of b.controlPlanes) {
      b.fs.get(n.name)!.put("/opt/snap.db", snapshot);
      const r = await b.sh(
        `etcdutl snapshot restore /opt/snap.db --data-dir /var/lib/etcd-restored --name ${n.name} --initial-cluster ${initialCluster} --initial-advertise-peer-urls https://${n.ip}:2380`,
        n.name,
      );
      expect(r.exitCode).toBe(0);
    }
    // Restoring one member while the others run changes nothing: raft keeps the running cluster's data.
    b.startMember("controlplane01", { dataDir: "/var/lib/etcd-restored" });
    expect(client.find("configmaps", "default", "after")).toBeDefined();
    for (const n of b.controlPlanes) b.stopMember(n.name);
    expect(b.etcd.serving()).toBe(false);
    for (const n of b.controlPlanes) b.startMember(n.name, { dataDir: "/var/lib/etcd-restored" });
    expect(b.etcd.serving()).toBe(true);
    expect(b.etcd.runningMembers().every((m) => m.databaseId === b.etcd.liveDatabaseId && !m.isolated)).toBe(true);
    expect(client.find("configmaps", "default", "before")).toBeDefined();
    expect(client.find("configmaps", "default", "after")).toBeUndefined();
  });

  test("a member restored with etcdutl's defaults next to a running cluster stays apart and serves nothing", async () => {
    const b = etcdBench("ha");
    await b.sh(`etcdctl ${tls} snapshot save /opt/snap.db && etcdutl snapshot restore /opt/snap.db --data-dir /var/lib/etcd-default`, "controlplane01");
    const r = b.startMember("controlplane01", { dataDir: "/var/lib/etcd-default" });
    expect("handle" in r).toBe(true);
    expect(b.etcd.runningMembers().find((m) => m.nodeName === "controlplane01")!.isolated).toBe(true);
    expect(b.etcd.serving()).toBe(true);
    const status = await b.sh(`etcdctl ${tls} endpoint status`, "controlplane01");
    expect(status.stdout).toContain(", etcdserver: no leader, ");
  });

  test("wiping every data dir leaves an empty cluster, bootstrapped again by its members together", () => {
    const b = etcdBench("ha");
    for (const n of b.controlPlanes) {
      b.stopMember(n.name);
      b.fs.get(n.name)!.remove("/var/lib/etcd", true);
    }
    const first = b.startMember("controlplane01");
    expect(first).toMatchObject({ newDatabase: true, databaseChanged: true });
    expect(b.etcd.serving()).toBe(false);
    const second = b.startMember("controlplane02");
    expect("handle" in second && second.newDatabase).toBeFalsy();
    expect(b.etcd.serving()).toBe(true);
    b.startMember("controlplane03");
    expect(b.cluster.store.size).toBe(0);
  });
});

describe("dialEtcd (the kube-apiserver's etcd client)", () => {
  const apiserverTls = (b: EtcdBench, node = "controlplane") => {
    const fs = b.fs.get(node)!;
    return {
      caPem: fs.read(`${PKI}/etcd/ca.crt`),
      certPem: fs.read(`${PKI}/apiserver-etcd-client.crt`),
      keyPem: fs.read(`${PKI}/apiserver-etcd-client.key`),
    };
  };

  test("kubeadm's client certificate connects over loopback and the node address", () => {
    const b = shared();
    expect(b.etcd.dialEtcd("controlplane", "https://127.0.0.1:2379", apiserverTls(b))).toEqual({ ok: true });
    expect(b.etcd.dialEtcd("node01", "https://192.168.100.10:2379", apiserverTls(b))).toEqual({ ok: true });
  });

  test("failures carry grpc's connection error text", () => {
    const b = shared();
    const tls = apiserverTls(b);
    expect(b.etcd.dialEtcd("node01", "https://127.0.0.1:2379", tls)).toMatchObject({
      ok: false,
      error: 'connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:2379: connect: connection refused"',
    });
    expect(b.etcd.dialEtcd("controlplane", "https://127.0.0.1:2380", tls)).toMatchObject({ ok: false, failure: { kind: "refused" } });
    expect(b.etcd.dialEtcd("controlplane", "https://127.0.0.1:2379", { ...tls, caPem: b.fs.get("controlplane")!.read(`${PKI}/ca.crt`) })).toMatchObject({
      ok: false,
      error:
        'connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority"',
    });
    expect(b.etcd.dialEtcd("controlplane", "https://127.0.0.1:2379", { caPem: tls.caPem })).toMatchObject({
      ok: false,
      error: 'connection error: desc = "error reading server preface: remote error: tls: certificate required"',
    });
    const fs = b.fs.get("controlplane")!;
    const wrongCa = { ...tls, certPem: fs.read(`${PKI}/apiserver-kubelet-client.crt`), keyPem: fs.read(`${PKI}/apiserver-kubelet-client.key`) };
    expect(b.etcd.dialEtcd("controlplane", "https://127.0.0.1:2379", wrongCa)).toMatchObject({
      ok: false,
      error: 'connection error: desc = "error reading server preface: remote error: tls: unknown certificate authority"',
    });
    expect(b.etcd.dialEtcd("controlplane", "https://controlplane.example:2379", tls)).toMatchObject({ ok: false, failure: { kind: "no-such-host" } });
    expect(b.etcd.dialEtcd("controlplane", "https://10.0.0.99:2379", tls)).toMatchObject({ ok: false, failure: { kind: "unreachable", address: "10.0.0.99:2379" } });
  });

  test("the server's certificate is checked against the host name and the virtual clock", () => {
    const b = shared();
    const tls = apiserverTls(b);
    // A member serving another node's certificate: it does not name this node's address.
    const ha = etcdBench("ha");
    const other = ha.fs.get("controlplane02")!;
    ha.startMember("controlplane01", { certPem: other.read(`${PKI}/etcd/server.crt`)!, keyPem: other.read(`${PKI}/etcd/server.key`)! });
    expect(ha.etcd.dialEtcd("node01", "https://192.168.100.11:2379", apiserverTls(ha, "controlplane01"))).toMatchObject({
      ok: false,
      failure: { kind: "server-certificate", x509: "x509: certificate is valid for 192.168.100.12, 127.0.0.1, ::1, not 192.168.100.11" },
    });
    expect(ha.etcd.dialEtcd("node01", "https://controlplane01:2379", apiserverTls(ha, "controlplane01"))).toMatchObject({
      ok: false,
      failure: { kind: "server-certificate", x509: "x509: certificate is valid for controlplane02, localhost, not controlplane01" },
    });
    // A year and a day later the leaf certificates have expired.
    const later = new VirtualClock(b.cluster.clock.now() + 366 * 24 * 3600_000);
    const etcd = new EtcdCluster({ store: b.cluster.store, clock: later, random: new SeededRandom(2) });
    const fs = new HostFilesystem(() => later.now(), {});
    etcd.seedDataDir(fs, "/var/lib/etcd", { name: "controlplane", peerURLs: ["https://192.168.100.10:2380"], clientURLs: ["https://192.168.100.10:2379"] });
    etcd.openEtcd({ ...b.memberOptions("controlplane"), fs });
    const r = etcd.dialEtcd("controlplane", "https://127.0.0.1:2379", tls);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(
      /^connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2027-01-13T08:47:00Z is after 2027-01-12T08:00:00Z"$/,
    );
  });
});
