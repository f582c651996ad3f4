/**
 * The two flag parsers the control-plane binaries use: spf13/pflag (the
 * Kubernetes components, through cobra) and Go's flag package (etcd), with
 * the error text each prints. Expected strings are pflag v1.0.6 flag.go
 * (parseLongArg, parseSingleShortArg, Set), Go's flag.go (parseOne) and the
 * strconv/time error formats.
 */
import { describe, expect, it } from "vitest";
import { parseGoDuration, parseGoFlag, parsePflag } from "../../../src/cluster/controlplane/flags.js";
import { ETCD_FLAGS } from "../../../src/cluster/controlplane/flagsets/etcd.js";
import { KUBE_APISERVER_FLAGS } from "../../../src/cluster/controlplane/flagsets/kube-apiserver.js";
import { KUBE_CONTROLLER_MANAGER_FLAGS } from "../../../src/cluster/controlplane/flagsets/kube-controller-manager.js";

function pflagError(args: string[]): string | undefined {
  const r = parsePflag(args, KUBE_CONTROLLER_MANAGER_FLAGS);
  return "error" in r ? r.error : undefined;
}

function goFlagError(args: string[]): string | undefined {
  const r = parseGoFlag(args, ETCD_FLAGS);
  return "error" in r ? r.error : undefined;
}

describe("pflag (kube-apiserver, kube-controller-manager, kube-scheduler)", () => {
  it("takes --name=value, --name value, bare bools, shorthands and _ for -", () => {
    const r = parsePflag(["--node-monitor-grace-period", "40s", "--leader-elect=false", "--allocate-node-cidrs", "-v=2", "--cluster_cidr=10.244.0.0/16"], KUBE_CONTROLLER_MANAGER_FLAGS);
    if (!("ok" in r)) throw new Error(r.error);
    expect(r.ok.durationMs("node-monitor-grace-period")).toBe(40_000);
    expect(r.ok.bool("leader-elect")).toBe(false);
    expect(r.ok.bool("allocate-node-cidrs")).toBe(true);
    expect(r.ok.get("v")).toBe("2");
    expect(r.ok.get("cluster-cidr")).toBe("10.244.0.0/16");
    // Unset flags read as their defaults.
    expect(r.ok.durationMs("node-monitor-period")).toBe(5_000);
    expect(r.ok.list("controllers")).toEqual(["*"]);
  });

  it("a string slice given twice accumulates", () => {
    const r = parsePflag(["--etcd-servers=https://10.0.0.1:2379", "--etcd-servers", "https://10.0.0.2:2379,https://10.0.0.3:2379"], KUBE_APISERVER_FLAGS);
    if (!("ok" in r)) throw new Error(r.error);
    expect(r.ok.list("etcd-servers")).toEqual(["https://10.0.0.1:2379", "https://10.0.0.2:2379", "https://10.0.0.3:2379"]);
  });

  it("rejects unknown flags, bad syntax and missing values with pflag's words", () => {
    expect(pflagError(["--pod-eviction-timeout=5m"])).toBe("unknown flag: --pod-eviction-timeout");
    expect(pflagError(["-x"])).toBe("unknown shorthand flag: 'x' in -x");
    expect(pflagError(["-leader-elect"])).toBe("unknown shorthand flag: 'l' in -leader-elect");
    expect(pflagError(["---kubeconfig=x"])).toBe("bad flag syntax: ---kubeconfig=x");
    expect(pflagError(["--kubeconfig"])).toBe("flag needs an argument: --kubeconfig");
  });

  it("checks each value as its Go type does", () => {
    expect(pflagError(["--node-monitor-grace-period=40"])).toBe('invalid argument "40" for "--node-monitor-grace-period" flag: time: missing unit in duration "40"');
    expect(pflagError(["--node-monitor-grace-period=40x"])).toBe('invalid argument "40x" for "--node-monitor-grace-period" flag: time: unknown unit "x" in duration "40x"');
    expect(pflagError(["--node-monitor-grace-period=forty"])).toBe('invalid argument "forty" for "--node-monitor-grace-period" flag: time: invalid duration "forty"');
    expect(pflagError(["--leader-elect=yes"])).toBe('invalid argument "yes" for "--leader-elect" flag: strconv.ParseBool: parsing "yes": invalid syntax');
    expect(pflagError(["--secure-port=10257x"])).toBe('invalid argument "10257x" for "--secure-port" flag: strconv.ParseInt: parsing "10257x": invalid syntax');
    expect(pflagError(["--concurrent-gc-syncs=9999999999"])).toBe('invalid argument "9999999999" for "--concurrent-gc-syncs" flag: strconv.ParseInt: parsing "9999999999": value out of range');
    expect(pflagError(["--node-eviction-rate=fast"])).toBe('invalid argument "fast" for "--node-eviction-rate" flag: strconv.ParseFloat: parsing "fast": invalid syntax');
    expect(pflagError(["--bind-address=127.0.0.256"])).toBe('invalid argument "127.0.0.256" for "--bind-address" flag: failed to parse IP: "127.0.0.256"');
    expect(pflagError(["-v=high"])).toBe('invalid argument "high" for "-v, --v" flag: strconv.ParseInt: parsing "high": invalid syntax');
  });

  it("--service-node-port-range is a PortRange", () => {
    const err = (v: string) => {
      const r = parsePflag([`--service-node-port-range=${v}`], KUBE_APISERVER_FLAGS);
      return "error" in r ? r.error : undefined;
    };
    expect(err("30000-32767")).toBeUndefined();
    expect(err("32767-30000")).toBe('invalid argument "32767-30000" for "--service-node-port-range" flag: end port cannot be less than start port: 32767-30000');
    expect(err("30000-70000")).toBe('invalid argument "30000-70000" for "--service-node-port-range" flag: the port range cannot be greater than 65535: 30000-70000');
  });
});

describe("Go's flag package (etcd)", () => {
  it("takes -name and --name, values after = or as the next argument, bools only with =", () => {
    const r = parseGoFlag(["-name", "m1", "--data-dir=/var/lib/etcd", "--client-cert-auth", "--snapshot-count", "5000"], ETCD_FLAGS);
    if (!("ok" in r)) throw new Error(r.error);
    expect(r.ok.get("name")).toBe("m1");
    expect(r.ok.get("data-dir")).toBe("/var/lib/etcd");
    expect(r.ok.bool("client-cert-auth")).toBe(true);
    expect(r.ok.get("snapshot-count")).toBe("5000");
  });

  it("stops at the first argument that is not a flag", () => {
    const r = parseGoFlag(["--name=m1", "foo", "--data-dir=/x"], ETCD_FLAGS);
    if (!("ok" in r)) throw new Error(r.error);
    expect(r.ok.positional).toEqual(["foo", "--data-dir=/x"]);
  });

  it("words its errors as flag.go does", () => {
    expect(goFlagError(["--listen-client-url=https://127.0.0.1:2379"])).toBe("flag provided but not defined: -listen-client-url");
    expect(goFlagError(["--data-dir"])).toBe("flag needs an argument: -data-dir");
    expect(goFlagError(["--client-cert-auth=yes"])).toBe('invalid boolean value "yes" for -client-cert-auth: parse error');
    expect(goFlagError(["--snapshot-count=lots"])).toBe('invalid value "lots" for flag -snapshot-count: parse error');
    expect(goFlagError(["--election-timeout=-5"])).toBe('invalid value "-5" for flag -election-timeout: parse error');
    expect(goFlagError(["--watch-progress-notify-interval=5"])).toBe('invalid value "5" for flag -watch-progress-notify-interval: parse error');
    expect(goFlagError(["--initial-cluster-state=old"])).toBe('invalid value "old" for flag -initial-cluster-state: invalid value');
    expect(goFlagError(["--listen-client-urls=127.0.0.1:2379"])).toBe('invalid value "127.0.0.1:2379" for flag -listen-client-urls: URL scheme must be http, https, unix, or unixs: 127.0.0.1:2379');
    expect(goFlagError(["--listen-peer-urls=https://10.0.0.1"])).toBe('invalid value "https://10.0.0.1" for flag -listen-peer-urls: URL address does not have the form "host:port": https://10.0.0.1');
    expect(goFlagError(["--feature-gates=InitialCorruptChek=true"])).toBe('invalid value "InitialCorruptChek=true" for flag -feature-gates: unrecognized feature gate: InitialCorruptChek');
  });
});

describe("time.ParseDuration", () => {
  it("reads Go durations", () => {
    expect(parseGoDuration("1m0s")).toBe(60_000);
    expect(parseGoDuration("1h30m")).toBe(5_400_000);
    expect(parseGoDuration("1.5s")).toBe(1500);
    expect(parseGoDuration("500ms")).toBe(500);
    expect(parseGoDuration("0")).toBe(0);
    expect(parseGoDuration("10")).toBeUndefined();
    expect(parseGoDuration("")).toBeUndefined();
  });
});
