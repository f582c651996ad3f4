import { describe, expect, test } from "vitest";
import { computeMemberId, idHex } from "../../../src/cluster/etcd/membership.js";
import { etcdBench, ETCD_TLS, PKI, type EtcdBench } from "../../cluster/etcd/etcd-env.js";

/** One cluster for the whole file: these commands leave etcd's data as they found it (a cluster takes seconds to build). */
let bench: EtcdBench | undefined;
const b = (): EtcdBench => (bench ??= etcdBench());
const MEMBER_ID = idHex(computeMemberId(["https://192.168.100.10:2380"], "etcd-cluster"));
const jsonLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);

describe("etcdctl snapshot save", () => {
  test("with kubeadm's certificates: the file, the logs and the two result lines", async () => {
    const r = await b().sh(`ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 ${ETCD_TLS} snapshot save /opt/snapshot.db; ls /opt`);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("Snapshot saved at /opt/snapshot.db\nServer version 3.6.4\nsnapshot.db\n");
    const logs = jsonLines(r.stderr);
    // 3.6 warns about ETCDCTL_API, which it no longer reads.
    expect(logs[0]).toMatchObject({ level: "warn", caller: "flags/flag.go:94", msg: "unrecognized environment variable", "environment-variable": "ETCDCTL_API=3" });
    expect(logs.slice(1).map((l) => [l.logger ?? "", l.caller, l.msg])).toEqual([
      ["", "snapshot/v3_snapshot.go:83", "created temporary db file"],
      ["client", "v3@v3.6.4/maintenance.go:236", "opened snapshot stream; downloading"],
      ["", "snapshot/v3_snapshot.go:96", "fetching snapshot"],
      ["client", "v3@v3.6.4/maintenance.go:302", "completed snapshot read; closing"],
      ["", "snapshot/v3_snapshot.go:111", "fetched snapshot"],
      ["", "snapshot/v3_snapshot.go:121", "saved"],
    ]);
    expect(logs[1]).toMatchObject({ path: "/opt/snapshot.db.part" });
    expect(logs[5]).toMatchObject({ endpoint: "https://127.0.0.1:2379", "etcd-version": "3.6.4", size: expect.stringMatching(/^\d+ kB$/) });
    expect(logs[0].ts).toMatch(/^2026-01-12T08:47:00\.\d{6}Z$/);
    const fs = b().fs.get("controlplane")!;
    const st = fs.statSync("/opt/snapshot.db");
    expect(st.mode & 0o777).toBe(0o600);
    expect(st.size % 512).toBe(32);
  });

  test("the healthcheck-client certificate works as well; the same data gives the same bytes", async () => {
    const tls = `--cacert=${PKI}/etcd/ca.crt --cert=${PKI}/etcd/healthcheck-client.crt --key=${PKI}/etcd/healthcheck-client.key`;
    const r = await b().sh(`etcdctl ${tls} snapshot save /root/a.db 2>/dev/null && etcdctl ${tls} snapshot save /root/b.db 2>/dev/null && md5sum /root/a.db /root/b.db | awk '{print $1}' | uniq | wc -l | grep -qx 1 && echo same`);
    expect(r.stdout).toBe("Snapshot saved at /root/a.db\nServer version 3.6.4\nSnapshot saved at /root/b.db\nServer version 3.6.4\nsame\n");
  });

  test("without TLS flags it never gets a connection: interrupted after 'created temporary db file', the .part file stays", async () => {
    const r = await b().sh("etcdctl snapshot save /root/nocert.db");
    expect(r.exitCode).toBe(130);
    expect(r.stdout).toBe("");
    expect(jsonLines(r.stderr).map((l) => l.msg)).toEqual(["created temporary db file"]);
    const fs = b().fs.get("controlplane")!;
    expect(fs.exists("/root/nocert.db.part")).toBe(true);
    expect(fs.exists("/root/nocert.db")).toBe(false);
  });

  test("with --command-timeout it gives up with context deadline exceeded (exit 5) and removes the .part file", async () => {
    const r = await b().sh("etcdctl --endpoints=https://127.0.0.1:2379 --command-timeout=3s snapshot save /root/t.db");
    expect(r.exitCode).toBe(5);
    expect(r.stderr.endsWith("Error: context deadline exceeded\n")).toBe(true);
    expect(b().fs.get("controlplane")!.exists("/root/t.db.part")).toBe(false);
  });

  test("a certificate path that does not exist: Go's open error, exit 128", async () => {
    const r = await b().sh(`etcdctl --cacert=${PKI}/etcd/ca.crt --cert=${PKI}/etcd/server.cert --key=${PKI}/etcd/server.key snapshot save /root/x.db`);
    expect(r).toMatchObject({ exitCode: 128, stdout: "", stderr: `Error: open ${PKI}/etcd/server.cert: no such file or directory\n` });
  });

  test("relative paths resolve against the working directory", async () => {
    const r = await b().sh(`cd ${PKI}/etcd && etcdctl --cacert=ca.crt --cert=server.crt --key=server.key snapshot save ../../../../root/rel.db 2>/dev/null`);
    expect(r.stdout).toBe("Snapshot saved at ../../../../root/rel.db\nServer version 3.6.4\n");
    expect(b().fs.get("controlplane")!.exists("/root/rel.db")).toBe(true);
  });

  test("several endpoints are refused before anything is written", async () => {
    const r = await b().sh(`etcdctl --endpoints=https://127.0.0.1:2379,https://192.168.100.10:2379 ${ETCD_TLS} snapshot save /root/two.db`);
    expect(r).toMatchObject({ exitCode: 5, stderr: "Error: snapshot must be requested to one selected node, not multiple [https://127.0.0.1:2379 https://192.168.100.10:2379]\n" });
  });
});

describe("etcdctl TLS failures", () => {
  const failure = async (flags: string) => {
    const r = await b().sh(`etcdctl ${flags} member list`);
    const warn = jsonLines(r.stderr)[0];
    return { r, warn };
  };

  test("no certificates on a plain endpoint: the TLS listener resets the connection", async () => {
    const { r, warn } = await failure("");
    expect(r.exitCode).toBe(1);
    expect(r.stderr.endsWith("}\nError: context deadline exceeded\n")).toBe(true);
    expect(warn).toMatchObject({
      level: "warn",
      logger: "etcd-client",
      caller: "v3@v3.6.4/retry_interceptor.go:65",
      msg: "retrying of unary invoker failed",
      target: expect.stringMatching(/^etcd-endpoints:\/\/0xc000[0-9a-f]{6}\/127\.0\.0\.1:2379$/),
      method: "/etcdserverpb.Cluster/MemberList",
      attempt: 0,
    });
    expect(warn.error).toMatch(
      /^rpc error: code = DeadlineExceeded desc = latest balancer error: connection error: desc = "error reading server preface: read tcp 127\.0\.0\.1:\d+->127\.0\.0\.1:2379: read: connection reset by peer"$/,
    );
  });

  test("https without a CA: the server certificate is not trusted", async () => {
    const { warn } = await failure("--endpoints=https://127.0.0.1:2379");
    expect(warn.error).toBe(
      'rpc error: code = DeadlineExceeded desc = latest balancer error: connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority"',
    );
  });

  test("the Kubernetes CA instead of etcd's", async () => {
    const { warn } = await failure(`--cacert=${PKI}/ca.crt --cert=${PKI}/etcd/server.crt --key=${PKI}/etcd/server.key`);
    expect(warn.error).toContain("x509: certificate signed by unknown authority");
  });

  test("a CA but no client certificate: the member requires one", async () => {
    const { warn } = await failure(`--cacert=${PKI}/etcd/ca.crt`);
    expect(warn.error).toContain('desc = "error reading server preface: remote error: tls: certificate required"');
  });

  test("a client certificate from another CA", async () => {
    const { warn } = await failure(`--cacert=${PKI}/etcd/ca.crt --cert=${PKI}/apiserver-kubelet-client.crt --key=${PKI}/apiserver-kubelet-client.key`);
    expect(warn.error).toContain("remote error: tls: unknown certificate authority");
  });

  test("a key that is not the certificate's, a missing key, swapped files: caught before dialing (exit 128)", async () => {
    const run = (flags: string) => b().sh(`etcdctl ${flags} member list`);
    expect(await run(`--cacert=${PKI}/etcd/ca.crt --cert=${PKI}/etcd/server.crt --key=${PKI}/etcd/peer.key`)).toMatchObject({
      exitCode: 128,
      stderr: "Error: tls: private key does not match public key\n",
    });
    expect(await run(`--cacert=${PKI}/etcd/ca.crt --cert=${PKI}/etcd/server.crt`)).toMatchObject({
      exitCode: 128,
      stderr: `Error: KeyFile and CertFile must both be present[key: , cert: ${PKI}/etcd/server.crt]\n`,
    });
    expect(await run(`--cacert=${PKI}/etcd/ca.crt --cert=${PKI}/etcd/server.key --key=${PKI}/etcd/server.crt`)).toMatchObject({
      exitCode: 128,
      stderr: "Error: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched\n",
    });
    expect(await run(`--cacert= member list`)).toMatchObject({ exitCode: 128, stderr: "Error: empty string is passed to --cacert option\n" });
  });

  test("a wrong port: connection refused", async () => {
    const { warn } = await failure(`--endpoints=https://127.0.0.1:2380 ${ETCD_TLS}`);
    expect(warn.error).toContain('desc = "transport: Error while dialing: dial tcp 127.0.0.1:2380: connect: connection refused"');
  });

  test("from a worker, 127.0.0.1 has no etcd; the control plane's address does", async () => {
    const bench = b();
    const worker = bench.fs.get("node01")!;
    for (const f of ["etcd/ca.crt", "etcd/server.crt", "etcd/server.key"]) worker.put(`/root/${f.split("/")[1]}`, bench.fs.get("controlplane")!.read(`${PKI}/${f}`)!);
    const tls = "--cacert=/root/ca.crt --cert=/root/server.crt --key=/root/server.key";
    const local = await bench.sh(`etcdctl ${tls} member list`, "node01");
    expect(local.stderr).toContain("dial tcp 127.0.0.1:2379: connect: connection refused");
    const remote = await bench.sh(`etcdctl --endpoints=https://192.168.100.10:2379 ${tls} member list`, "node01");
    expect(remote.stdout).toBe(`${MEMBER_ID}, started, controlplane, https://192.168.100.10:2380, https://192.168.100.10:2379, false\n`);
  });

  test("a user who may not read the key", async () => {
    const r = await b().sh(`etcdctl ${ETCD_TLS} member list`, "controlplane", "candidate");
    expect(r).toMatchObject({ exitCode: 128, stderr: `Error: open ${PKI}/etcd/server.key: permission denied\n` });
  });
});

describe("etcdctl environment", () => {
  test("ETCDCTL_CACERT/CERT/KEY/ENDPOINTS stand for the flags", async () => {
    const r = await b().sh(
      `export ETCDCTL_ENDPOINTS=https://127.0.0.1:2379 ETCDCTL_CACERT=${PKI}/etcd/ca.crt ETCDCTL_CERT=${PKI}/etcd/server.crt ETCDCTL_KEY=${PKI}/etcd/server.key; etcdctl member list`,
    );
    expect(r).toMatchObject({ exitCode: 0, stderr: "" });
    expect(r.stdout).toContain(`${MEMBER_ID}, started, controlplane`);
  });

  test("ETCDCTL_API=2 selects nothing in 3.6: the v3 commands run, with the warning; version reads no environment", async () => {
    const r = await b().sh(`ETCDCTL_API=2 etcdctl ${ETCD_TLS} member list`);
    expect(r.stdout).toContain("started, controlplane");
    expect(jsonLines(r.stderr)).toEqual([expect.objectContaining({ msg: "unrecognized environment variable", "environment-variable": "ETCDCTL_API=2" })]);
    expect(await b().sh("ETCDCTL_API=2 etcdctl version")).toMatchObject({ stderr: "", stdout: "etcdctl version: 3.6.4\nAPI version: 3.6\n" });
  });

  test("a variable shadowed by its flag is fatal", async () => {
    const r = await b().sh(`export ETCDCTL_CACERT=${PKI}/etcd/ca.crt; etcdctl ${ETCD_TLS} member list`);
    expect(r.exitCode).toBe(1);
    expect(jsonLines(r.stderr)).toEqual([
      expect.objectContaining({
        level: "fatal",
        caller: "flags/flag.go:86",
        msg: "conflicting environment variable is shadowed by corresponding command-line flag (either unset environment variable or disable flag))",
        "environment-variable": "ETCDCTL_CACERT",
      }),
    ]);
  });
});

describe("etcdctl read commands", () => {
  test("member list: simple and table", async () => {
    const simple = await b().sh(`etcdctl ${ETCD_TLS} member list`);
    expect(simple.stdout).toBe(`${MEMBER_ID}, started, controlplane, https://192.168.100.10:2380, https://192.168.100.10:2379, false\n`);
    const table = await b().sh(`etcdctl ${ETCD_TLS} member list -w table`);
    expect(table.stdout).toBe(
      [
        "+------------------+---------+--------------+-----------------------------+-----------------------------+------------+",
        "|        ID        | STATUS  |     NAME     |         PEER ADDRS          |        CLIENT ADDRS         | IS LEARNER |",
        "+------------------+---------+--------------+-----------------------------+-----------------------------+------------+",
        `| ${MEMBER_ID} | started | controlplane | https://192.168.100.10:2380 | https://192.168.100.10:2379 |      false |`,
        "+------------------+---------+--------------+-----------------------------+-----------------------------+------------+",
        "",
      ].join("\n"),
    );
  });

  test("endpoint status -w table: etcd 3.6's sixteen columns", async () => {
    const r = await b().sh(`etcdctl --endpoints=https://127.0.0.1:2379 ${ETCD_TLS} endpoint status -w table`);
    const lines = r.stdout.split("\n");
    expect(lines[1]).toBe(
      "|        ENDPOINT        |        ID        | VERSION | STORAGE VERSION | DB SIZE | IN USE | PERCENTAGE NOT IN USE | QUOTA | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS | DOWNGRADE TARGET VERSION | DOWNGRADE ENABLED |",
    );
    const cells = lines[3].split("|").map((c) => c.trim());
    expect(cells.slice(1, 5)).toEqual(["https://127.0.0.1:2379", MEMBER_ID, "3.6.4", "3.6.0"]);
    expect(cells[5]).toMatch(/^\d+ kB$/);
    expect(cells.slice(8, 12)).toEqual(["0 B", "true", "false", "2"]);
    expect(Number(cells[12])).toBeGreaterThan(b().cluster.store.revision);
    expect(cells.slice(14)).toEqual(["", "", "false", ""]);
  });

  test("endpoint health: simple, table, --cluster", async () => {
    const simple = await b().sh(`etcdctl ${ETCD_TLS} endpoint health`);
    expect(simple.stdout).toMatch(/^127\.0\.0\.1:2379 is healthy: successfully committed proposal: took = \d+\.\d+ms\n$/);
    const cluster = await b().sh(`etcdctl ${ETCD_TLS} endpoint health --cluster -w table`);
    expect(cluster.stdout.split("\n")[1]).toMatch(/^\| +ENDPOINT +\| HEALTH \| +TOOK +\| ERROR \|$/);
    expect(cluster.stdout.split("\n")[3]).toMatch(/^\| https:\/\/192\.168\.100\.10:2379 \|   true \| +\d+\.\d+ms \|       \|$/);
  });

  test("endpoint health of a member that is down", async () => {
    const r = await b().sh(`etcdctl --endpoints=https://127.0.0.1:2379,https://192.168.100.11:2379 ${ETCD_TLS} endpoint health`);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^https:\/\/127\.0\.0\.1:2379 is healthy/);
    expect(r.stderr).toContain('"logger":"client"');
    expect(r.stderr.endsWith("https://192.168.100.11:2379 is unhealthy: failed to commit proposal: context deadline exceeded\nError: unhealthy cluster\n")).toBe(true);
  });

  test("get: the API server's keys, keys only (a blank line after each), values as stored", async () => {
    const keys = await b().sh(`etcdctl ${ETCD_TLS} get /registry/namespaces --prefix --keys-only`);
    const names = b().cluster.store.list("/registry/namespaces/").map((e) => e.key);
    expect(keys.stdout).toBe(names.map((k) => `${k}\n\n`).join(""));
    const one = await b().sh(`etcdctl ${ETCD_TLS} get /registry/namespaces/kube-system --print-value-only`);
    expect(JSON.parse(one.stdout)).toMatchObject({ kind: "Namespace", metadata: { name: "kube-system" } });
    const json = await b().sh(`etcdctl ${ETCD_TLS} get /registry/namespaces/default -w json`);
    const parsed = JSON.parse(json.stdout) as { kvs: Array<{ key: string }>; count: number };
    expect(Buffer.from(parsed.kvs[0].key, "base64").toString()).toBe("/registry/namespaces/default");
    expect(parsed.count).toBe(1);
  });

  test("put and del of a plain key; del of an API object removes it from the cluster", async () => {
    const bench = etcdBench();
    const r = await bench.sh(`etcdctl ${ETCD_TLS} put /demo hello && etcdctl ${ETCD_TLS} get /demo && etcdctl ${ETCD_TLS} del /demo && etcdctl ${ETCD_TLS} get /demo`);
    expect(r.stdout).toBe("OK\n/demo\nhello\n1\n");
    bench.cluster.client().create("configmaps", "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "gone" } });
    const del = await bench.sh(`etcdctl ${ETCD_TLS} del /registry/configmaps/default/gone`);
    expect(del.stdout).toBe("1\n");
    expect(bench.cluster.client().find("configmaps", "default", "gone")).toBeUndefined();
  });

  test("version", async () => {
    expect((await b().sh("etcdctl version")).stdout).toBe("etcdctl version: 3.6.4\nAPI version: 3.6\n");
  });
});

describe("etcdctl usage errors", () => {
  test("an etcd server flag: cobra's error on stderr, the command's usage on stdout", async () => {
    const r = await b().sh(`etcdctl --cert-file=${PKI}/etcd/server.crt member list`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe("Error: unknown flag: --cert-file\n\n");
    expect(r.stdout.startsWith("NAME:\n  member list - Lists all members in the cluster\n\nUSAGE:\n  etcdctl member list [flags]\n\nDESCRIPTION:\n")).toBe(true);
    expect(r.stdout).toContain('\nGLOBAL OPTIONS:\n      --cacert=""\t\t\t\tverify certificates of TLS-enabled secure servers using this CA bundle\n');
    expect(r.stdout).toContain('\n  -w, --write-out="simple"\t\t\tset the output format (fields, json, protobuf, simple, table)\n');
  });

  test("snapshot restore is gone from etcdctl 3.6: the snapshot usage (and --data-dir is unknown)", async () => {
    const plain = await b().sh("etcdctl snapshot restore /opt/snapshot.db");
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout).toContain("COMMANDS:\n  save\tStores an etcd node backend snapshot to a given file\n");
    const withDir = await b().sh("etcdctl snapshot restore /opt/snapshot.db --data-dir /var/lib/etcd-new");
    expect(withDir).toMatchObject({ exitCode: 1, stderr: "Error: unknown flag: --data-dir\n\n" });
  });

  test("an unknown command, prefixes of known ones", async () => {
    expect(await b().sh("etcdctl snapshots save x")).toMatchObject({
      exitCode: 1,
      stderr: 'Error: unknown command "snapshots" for "etcdctl"\n\nDid you mean this?\n\tsnapshot\n\nRun \'etcdctl --help\' for usage.\n',
    });
    const prefix = await b().sh(`etcdctl ${ETCD_TLS} mem li`);
    expect(prefix.stdout).toContain("started, controlplane");
  });

  test("cobra finds the command before parsing flags: a flag it does not know yet takes the next word", async () => {
    expect(await b().sh("etcdctl --prefix get /x")).toMatchObject({
      exitCode: 1,
      stderr: 'Error: unknown command "/x" for "etcdctl"\n\nDid you mean this?\n\ttxn\n\nRun \'etcdctl --help\' for usage.\n',
    });
    const rootHelp = await b().sh("etcdctl -h get");
    expect(rootHelp.stdout).toMatch(/^NAME:\n {2}etcdctl - A simple command line client for etcd3\.\n/);
  });

  test("help: a command's usage, or an unknown topic on stderr and the root's usage", async () => {
    expect((await b().sh("etcdctl help snap")).stdout).toMatch(/^NAME:\n {2}snapshot - Manages etcd node snapshots\n/);
    const unknown = await b().sh("etcdctl help bogus");
    expect(unknown).toMatchObject({ exitCode: 0, stderr: "Unknown help topic [`bogus`]\n" });
    expect(unknown.stdout).toMatch(/^NAME:\n {2}etcdctl - /);
    expect(unknown.stdout).toContain("\n  help\t\t\t\tHelp about any command\n");
  });

  test("-w with an unknown format", async () => {
    expect(await b().sh(`etcdctl ${ETCD_TLS} member list -w yaml`)).toMatchObject({ exitCode: 4, stderr: "Error: unsupported output format\n" });
    expect(await b().sh(`etcdctl ${ETCD_TLS} get /registry/namespaces/default -w table`)).toMatchObject({
      exitCode: 4,
      stderr: "Error: table not supported as output format\n",
    });
    const fields = await b().sh(`etcdctl ${ETCD_TLS} member list -w fields`);
    expect(fields.stdout).toContain(`"ID" : ${BigInt(`0x${MEMBER_ID}`)}\n"Name" : "controlplane"\n"PeerURL" : "https://192.168.100.10:2380"\n`);
  });
});
