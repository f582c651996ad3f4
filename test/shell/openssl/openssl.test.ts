/**
 * openssl on a node: the CKA "create a user" flow (genrsa, req -new -subj,
 * x509 -req with the cluster CA), self-signed certificates, extension
 * files, and the read-only views. Every -text/-subject/... output is
 * compared byte for byte with the host's openssl (3.0.x) on the same PEM
 * files; times come from the virtual clock.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../helpers.js";

let cluster: Cluster;
let dir: string;

/** Runs a script on controlplane in the shared cluster. */
async function run(script: string) {
  return sh(script, { cluster });
}

/** The host's openssl in the temp dir holding copies of the simulated files. */
function hostOpenssl(args: string[]): { stdout: string; stderr: string; status: number } {
  const r = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

/** Copies simulated files (cat'ed from the node) to the host temp dir under their base names. */
async function copyOut(...paths: string[]): Promise<void> {
  for (const p of paths) {
    const r = await run(`cat ${p}`);
    expect(r.exitCode, `cat ${p}: ${r.stderr}`).toBe(0);
    writeFileSync(join(dir, p.split("/").pop()!), r.stdout);
  }
}

beforeAll(async () => {
  cluster = newCluster();
  dir = mkdtempSync(join(tmpdir(), "kubedojo-openssl-"));
  const r = await run(`cd /root
openssl genrsa -out jane.key 2048
openssl req -new -key jane.key -subj "/CN=jane/O=dev" -out jane.csr
openssl x509 -req -in jane.csr -CA /etc/kubernetes/pki/ca.crt -CAkey /etc/kubernetes/pki/ca.key -CAcreateserial -out jane.crt -days 365`);
  expect(r.exitCode, r.stderr).toBe(0);
  await copyOut("/root/jane.key", "/root/jane.csr", "/root/jane.crt", "/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/apiserver.crt", "/etc/kubernetes/pki/etcd/server.crt");
  const ec = await run("ssh node01 cat /var/lib/kubelet/pki/kubelet-client-current.pem");
  writeFileSync(join(dir, "node01-kubelet-client.pem"), ec.stdout);
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the CKA user certificate flow", () => {
  it("signs jane's request with the cluster CA, valid from the virtual now for 365 days", async () => {
    const r = await run("openssl x509 -in /root/jane.crt -noout -subject -issuer -dates");
    expect(r.stdout).toBe("subject=CN = jane, O = dev\nissuer=CN = kubernetes\nnotBefore=Jan 12 08:47:00 2026 GMT\nnotAfter=Jan 12 08:47:00 2027 GMT\n");
    const host = hostOpenssl(["x509", "-in", "jane.crt", "-noout", "-subject", "-issuer", "-dates"]);
    expect(r.stdout).toBe(host.stdout);
  });

  it("writes the key as PKCS#8 with mode 0600 and the serial file next to the CA", async () => {
    const r = await run("head -1 /root/jane.key; cat /etc/kubernetes/pki/ca.srl; openssl x509 -in /root/jane.crt -noout -serial");
    const [first, srl, serial] = r.stdout.trim().split("\n");
    expect(first).toBe("-----BEGIN PRIVATE KEY-----");
    expect(cluster.machine("controlplane")!.fs.statSync("/root/jane.key").mode & 0o777).toBe(0o600);
    expect(serial).toBe(`serial=${srl}`);
    expect(srl).toMatch(/^[0-9A-F]{40}$/);
  });

  it("says what x509 -req says on stderr", async () => {
    const r = await run("cd /root && openssl x509 -req -in jane.csr -CA /etc/kubernetes/pki/ca.crt -CAkey /etc/kubernetes/pki/ca.key -out jane2.crt -days 10");
    expect(r.stderr).toBe("Certificate request self-signature ok\nsubject=CN = jane, O = dev\n");
    expect(r.exitCode).toBe(0);
  });

  it("increments the serial file on the next signature", async () => {
    const r = await run("cd /root && S1=$(cat /etc/kubernetes/pki/ca.srl) && openssl x509 -req -in jane.csr -CA /etc/kubernetes/pki/ca.crt -CAkey /etc/kubernetes/pki/ca.key -CAserial /etc/kubernetes/pki/ca.srl -out j3.crt 2>/dev/null && echo $S1 && cat /etc/kubernetes/pki/ca.srl");
    const [before, after] = r.stdout.trim().split("\n");
    expect(BigInt(`0x${after}`) - BigInt(`0x${before}`)).toBe(1n);
  });

  it("verifies against the CA the way openssl verify does", async () => {
    const r = await run("cd /root && openssl verify -CAfile /etc/kubernetes/pki/ca.crt jane.crt; echo rc=$?; openssl verify -CAfile /etc/kubernetes/pki/etcd/ca.crt jane.crt; echo rc=$?");
    expect(r.stdout).toBe("jane.crt: OK\nrc=0\nrc=2\n");
    expect(r.stderr).toBe("CN = jane, O = dev\nerror 20 at 0 depth lookup: unable to get local issuer certificate\nerror jane.crt: verification failed\n");
  });

  it("makes the same key for the same seed and commands", async () => {
    const again = await sh("openssl genrsa 2048 2>/dev/null | head -3");
    const once = await sh("openssl genrsa 2048 2>/dev/null | head -3");
    expect(again.stdout).toBe(once.stdout);
    expect(again.stdout).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  }, 120_000);
});

describe("the same output as the host's openssl", () => {
  const X509_VIEWS: string[][] = [
    ["-noout", "-text"],
    ["-noout", "-subject", "-issuer", "-serial", "-enddate", "-startdate"],
    ["-noout", "-dates"],
    ["-noout", "-fingerprint"],
    ["-noout", "-fingerprint", "-sha256"],
    ["-noout", "-ext", "subjectAltName"],
    ["-noout", "-ext", "keyUsage,basicConstraints,authorityKeyIdentifier"],
    ["-noout", "-pubkey"],
    ["-noout", "-modulus"],
    ["-noout", "-text", "-subject"],
    ["-subject"],
  ];
  for (const file of ["apiserver.crt", "ca.crt", "server.crt", "jane.crt", "node01-kubelet-client.pem"]) {
    for (const view of X509_VIEWS) {
      it(`x509 -in ${file} ${view.join(" ")}`, async () => {
        const sim = await run(`cd /tmp && cat > f.pem <<'EOF'\n${(await import("node:fs")).readFileSync(join(dir, file), "utf8")}EOF\nopenssl x509 -in f.pem ${view.join(" ")}`);
        const host = hostOpenssl(["x509", "-in", file, ...view]);
        expect(sim.stdout).toBe(host.stdout);
        expect(sim.stderr).toBe(host.stderr);
        expect(sim.exitCode).toBe(host.status);
      });
    }
  }

  it("req -in jane.csr -noout -text -subject", async () => {
    const sim = await run("openssl req -in /root/jane.csr -noout -text -subject");
    expect(sim.stdout).toBe(hostOpenssl(["req", "-in", "jane.csr", "-noout", "-text", "-subject"]).stdout);
  });

  it("req -verify and -pubkey", async () => {
    const sim = await run("openssl req -in /root/jane.csr -noout -verify -pubkey");
    const host = hostOpenssl(["req", "-in", "jane.csr", "-noout", "-verify", "-pubkey"]);
    expect(sim.stdout).toBe(host.stdout);
    expect(sim.stderr).toBe(host.stderr);
  });

  it("rsa -noout -modulus, -pubout and -text", async () => {
    for (const args of [["-noout", "-modulus"], ["-pubout"], ["-noout", "-text"]]) {
      const sim = await run(`openssl rsa -in /root/jane.key ${args.join(" ")}`);
      const host = hostOpenssl(["rsa", "-in", "jane.key", ...args]);
      expect(sim.stdout).toBe(host.stdout);
      expect(sim.stderr).toBe(host.stderr);
    }
  });

  it("the host's openssl accepts the simulated key, request and certificate", () => {
    expect(hostOpenssl(["rsa", "-in", "jane.key", "-check", "-noout"]).stdout).toBe("RSA key ok\n");
    expect(hostOpenssl(["verify", "-CAfile", "ca.crt", "jane.crt"]).stdout).toBe("jane.crt: OK\n");
    expect(hostOpenssl(["req", "-in", "jane.csr", "-noout", "-verify"]).stderr).toBe("Certificate request self-signature verify OK\n");
    const modCert = hostOpenssl(["x509", "-in", "jane.crt", "-noout", "-modulus"]).stdout;
    expect(hostOpenssl(["rsa", "-in", "jane.key", "-noout", "-modulus"]).stdout).toBe(modCert);
  });

  it("req -x509 -newkey: a self-signed v3 CA certificate with the default config's v3_ca extensions", async () => {
    const r = await run("cd /root && openssl req -x509 -newkey rsa:2048 -nodes -keyout self.key -out self.crt -subj /CN=self/O=org -days 10 2>err.txt; echo rc=$?; tail -1 err.txt; cat self.crt");
    expect(r.stdout).toMatch(/^rc=0\n-----\n-----BEGIN CERTIFICATE-----/);
    writeFileSync(join(dir, "self.crt"), r.stdout.slice(r.stdout.indexOf("-----BEGIN")));
    const sim = await run("openssl x509 -in /root/self.crt -noout -text");
    expect(sim.stdout).toBe(hostOpenssl(["x509", "-in", "self.crt", "-noout", "-text"]).stdout);
    expect(sim.stdout).toContain("            X509v3 Basic Constraints: critical\n                CA:TRUE\n");
    expect(sim.stdout).toContain("Not Before: Jan 12 08:47:00 2026 GMT\n            Not After : Jan 22 08:47:00 2026 GMT");
  }, 60_000);

  it("x509 -req with an extension file: SANs from @alt_names, key ids added", async () => {
    const r = await run(`cd /root && cat > ext.cnf <<'EOF'
[v3_req]
keyUsage = keyEncipherment, dataEncipherment
extendedKeyUsage = serverAuth
subjectAltName = @alt_names
[alt_names]
DNS.1 = web.example.com
IP.1 = 10.0.0.1
EOF
openssl x509 -req -in jane.csr -CA /etc/kubernetes/pki/ca.crt -CAkey /etc/kubernetes/pki/ca.key -set_serial 0x1F -out web.crt -days 30 -extfile ext.cnf -extensions v3_req 2>/dev/null && cat web.crt`);
    expect(r.exitCode).toBe(0);
    writeFileSync(join(dir, "web.crt"), r.stdout);
    const sim = await run("openssl x509 -in /root/web.crt -noout -text");
    expect(sim.stdout).toBe(hostOpenssl(["x509", "-in", "web.crt", "-noout", "-text"]).stdout);
    expect(sim.stdout).toContain("Serial Number: 31 (0x1f)");
    expect(sim.stdout).toContain("X509v3 Subject Alternative Name: \n                DNS:web.example.com, IP Address:10.0.0.1\n            X509v3 Subject Key Identifier: \n");
  });

  it("req -new with -addext puts the extensions in the request", async () => {
    const r = await run("openssl req -new -key /root/jane.key -subj /CN=x -addext 'subjectAltName=DNS:foo,IP:1.2.3.4'");
    writeFileSync(join(dir, "x.csr"), r.stdout);
    const sim = await run(`cat > /tmp/x.csr <<'EOF'\n${r.stdout}EOF\nopenssl req -in /tmp/x.csr -noout -text`);
    expect(sim.stdout).toBe(hostOpenssl(["req", "-in", "x.csr", "-noout", "-text"]).stdout);
    // x509 -req -copy_extensions copy carries them into the certificate, before the key ids.
    const signed = await run("openssl x509 -req -in /tmp/x.csr -CA /etc/kubernetes/pki/ca.crt -CAkey /etc/kubernetes/pki/ca.key -copy_extensions copy -set_serial 7 2>/dev/null");
    writeFileSync(join(dir, "x.crt"), signed.stdout);
    const text = await run(`cat > /tmp/x.crt <<'EOF'\n${signed.stdout}EOF\nopenssl x509 -in /tmp/x.crt -noout -text`);
    expect(text.stdout).toBe(hostOpenssl(["x509", "-in", "x.crt", "-noout", "-text"]).stdout);
    expect(text.stdout).toContain("            X509v3 Subject Alternative Name: \n                DNS:foo, IP Address:1.2.3.4\n            X509v3 Subject Key Identifier: \n");
  });
});

describe("genpkey and pkey", () => {
  it("genpkey -algorithm RSA prints the prime search on stderr and writes PKCS#8; pkey -text matches the host's", async () => {
    const r = await run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out /root/g.key; head -1 /root/g.key; cat /root/g.key");
    expect(r.stderr).toMatch(/^([.+]+\*[.+]+\*[.+]+\n){2}$/);
    expect(r.stdout).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    writeFileSync(join(dir, "g.key"), r.stdout.slice(r.stdout.indexOf("\n") + 1));
    for (const args of [["-noout", "-text"], ["-pubout"]]) {
      const sim = await run(`openssl pkey -in /root/g.key ${args.join(" ")}`);
      expect(sim.stdout).toBe(hostOpenssl(["pkey", "-in", "g.key", ...args]).stdout);
    }
  });

  it("an EC P-256 key, shown as the host shows it", async () => {
    const r = await run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256");
    expect(r.stderr).toBe("");
    writeFileSync(join(dir, "ec.key"), r.stdout);
    const sim = await run(`cat > /tmp/ec.key <<'EOF'\n${r.stdout}EOF\nopenssl pkey -in /tmp/ec.key -noout -text`);
    expect(sim.stdout).toBe(hostOpenssl(["pkey", "-in", "ec.key", "-noout", "-text"]).stdout);
  });
});

describe("errors as openssl prints them", () => {
  it("a missing input file", async () => {
    const r = await run("openssl x509 -in /nonexist -noout");
    expect(r.exitCode).toBe(1);
    expect(r.stderr.replace(/^[0-9A-F]{16}:/gm, "TID:")).toBe(
      "Could not open file or uri for loading certificate from /nonexist\nTID:error:16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:../crypto/store/store_register.c:237:scheme=file\nTID:error:80000002:system library:file_open:No such file or directory:../providers/implementations/storemgmt/file_store.c:266:calling stat(/nonexist)\nUnable to load certificate\n",
    );
  });

  it("a file that is not a certificate", async () => {
    const r = await run("echo junk > /tmp/junk.pem; openssl x509 -in /tmp/junk.pem -noout");
    expect(r.stderr).toBe("Could not read certificate from /tmp/junk.pem\nUnable to load certificate\n");
    expect(r.exitCode).toBe(1);
  });

  it("-checkend against the virtual clock, with its exit status", async () => {
    const r = await run("openssl x509 -in /etc/kubernetes/pki/apiserver.crt -noout -checkend 86400; echo rc=$?; openssl x509 -in /etc/kubernetes/pki/apiserver.crt -noout -checkend 31536000; echo rc=$?");
    expect(r.stdout).toBe("Certificate will not expire\nrc=0\nCertificate will expire\nrc=1\n");
  });

  it("options that need a value, unknown commands, a CA key that is not the CA's", async () => {
    const r = await run("openssl x509 -in /root/jane.crt -noout -checkend; openssl foo; openssl x509 -req -in /root/jane.csr -CA /etc/kubernetes/pki/ca.crt -CAkey /root/jane.key -out /tmp/bad.crt");
    expect(r.stderr.replace(/^[0-9A-F]{16}:/gm, "TID:")).toBe(
      "x509: Option -checkend needs a value\nx509: Use -help for summary.\nInvalid command 'foo'; type \"help\" for a list.\nCertificate request self-signature ok\nsubject=CN = jane, O = dev\nCA certificate and CA private key do not match\nTID:error:05800074:x509 certificate routines:X509_check_private_key:key values mismatch:../crypto/x509/x509_cmp.c:405:\n",
    );
  });

  it("a subject not in /type=value form", async () => {
    const r = await run("openssl req -new -key /root/jane.key -subj CN=jane -out /tmp/x.csr");
    expect(r.stderr).toBe("req: subject name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: 'CN=jane'\n");
    expect(r.exitCode).toBe(1);
  });

  it("genrsa into a directory that does not exist", async () => {
    const r = await run("openssl genrsa -out /nonexist/x.key 2048");
    expect(r.stderr).toBe('genrsa: Can\'t open "/nonexist/x.key" for writing, No such file or directory\n');
    expect(r.exitCode).toBe(1);
  });

  it("version", async () => {
    const r = await run("openssl version");
    expect(r.stdout).toBe("OpenSSL 3.0.13 30 Jan 2024 (Library: OpenSSL 3.0.13 30 Jan 2024)\n");
  });

  it("the host's openssl prints the same help listing", async () => {
    const r = await run("openssl help");
    const host = spawnSync("openssl", ["help"], { encoding: "utf8" });
    expect(r.stdout).toBe(host.stdout);
    expect(r.stderr).toBe(host.stderr);
  });
});

describe("s_client over the simulated network", () => {
  it("hands the API server's certificate to x509, and fails as BIO_connect does on a closed port", async () => {
    const r = await run("openssl s_client -connect controlplane:6443 </dev/null 2>/dev/null | openssl x509 -noout -subject -enddate; openssl x509 -in /etc/kubernetes/pki/apiserver.crt -noout -subject -enddate; openssl s_client -connect localhost:1; echo rc=$?");
    const [a, b, c, d, rc] = r.stdout.trim().split("\n");
    expect([a, b]).toEqual([c, d]);
    expect(a).toBe("subject=CN = kube-apiserver");
    expect(rc).toBe("rc=1");
    expect(r.stderr.replace(/^[0-9A-F]{16}:/gm, "TID:")).toBe(
      "TID:error:8000006F:system library:BIO_connect:Connection refused:../crypto/bio/bio_sock2.c:117:calling connect()\nTID:error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:119:\nconnect:errno=111\n",
    );
  });

  it("verifies the chain with -CAfile", async () => {
    const r = await run("openssl s_client -connect controlplane:6443 -CAfile /etc/kubernetes/pki/ca.crt </dev/null | grep -E '^Verify return code'; openssl s_client -connect controlplane:6443 </dev/null | grep -E '^Verify return code'");
    expect(r.stdout).toBe("Verify return code: 0 (ok)\nVerify return code: 21 (unable to verify the first certificate)\n");
    expect(r.stderr).toBe(
      "depth=0 CN = kube-apiserver\nverify return:1\nDONE\ndepth=0 CN = kube-apiserver\nverify error:num=20:unable to get local issuer certificate\nverify return:1\ndepth=0 CN = kube-apiserver\nverify error:num=21:unable to verify the first certificate\nverify return:1\ndepth=0 CN = kube-apiserver\nverify return:1\nDONE\n",
    );
  });
});
