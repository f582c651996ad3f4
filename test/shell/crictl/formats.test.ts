/**
 * The formats crictl borrows from its libraries, checked at their edges:
 * go-units' durations and sizes, Go's flag parsing as urfave/cli drives it,
 * and crictl's rewrite of /etc/crictl.yaml.
 */
import { describe, expect, it } from "vitest";
import { FlagError, parseFlags, type FlagSpec } from "../../../src/shell/commands/crictl/cli.js";
import { readConfig, renderConfig, serverConfig, setConfigValue } from "../../../src/shell/commands/crictl/config-file.js";
import { humanDuration, humanSize, logrusLine, rfc3339Nano } from "../../../src/shell/commands/crictl/output.js";

describe("go-units", () => {
  it("HumanDuration: seconds, then about a minute, minutes, about an hour (rounded), hours, days", () => {
    const s = 1000;
    expect([0.5 * s, 1 * s, 59 * s, 60 * s, 119 * s, 120 * s, 59 * 60 * s, 89 * 60 * s, 90 * 60 * s, 47 * 3600 * s, 48 * 3600 * s, 15 * 86400 * s].map(humanDuration)).toEqual([
      "Less than a second",
      "1 second",
      "59 seconds",
      "About a minute",
      "About a minute",
      "2 minutes",
      "59 minutes",
      "About an hour",
      "2 hours",
      "47 hours",
      "2 days",
      "2 weeks",
    ]);
  });

  it("HumanSizeWithPrecision(3): decimal units and %.3g", () => {
    expect([315937, 29158126, 4467684, 999, 999_999, 1_500_000, 120_000_000].map((n) => humanSize(n))).toEqual(["316kB", "29.2MB", "4.47MB", "999B", "1e+03kB", "1.5MB", "120MB"]);
  });

  it("RFC3339Nano drops trailing zeros of the fraction", () => {
    expect(rfc3339Nano(1768204800456000000n)).toBe("2026-01-12T08:00:00.456Z");
    expect(rfc3339Nano(1768204800000000000n)).toBe("2026-01-12T08:00:00Z");
    expect(rfc3339Nano(1768204800123456789n)).toBe("2026-01-12T08:00:00.123456789Z");
  });

  it("logrus pads the message to 44 columns and ends with a space", () => {
    expect(logrusLine("FATA", "short")).toBe(`FATA[0000] short${" ".repeat(39)} \n`);
    expect(logrusLine("WARN", "x".repeat(50))).toBe(`WARN[0000] ${"x".repeat(50)} \n`);
  });
});

describe("flag parsing (Go's flag package under urfave/cli v2)", () => {
  const flags: FlagSpec[] = [
    { name: "all", aliases: ["a"], kind: "bool", usage: "" },
    { name: "quiet", aliases: ["q"], kind: "bool", usage: "" },
    { name: "last", aliases: ["n"], kind: "int", usage: "" },
    { name: "label", kind: "stringSlice", usage: "" },
    { name: "output", aliases: ["o"], kind: "string", usage: "", value: "table" },
  ];
  const env = new Map<string, string>();

  it("accepts -x and --x, values after = or as the next word, and stops at the first argument", () => {
    const p = parseFlags(flags, ["--all", "-o=json", "--last", "3", "id", "-q"], false, env);
    expect([p.bool("a"), p.string("output"), p.int("n"), p.bool("quiet"), p.args]).toEqual([true, "json", 3, false, ["id", "-q"]]);
    expect(parseFlags(flags, ["--", "-a"], false, env).args).toEqual(["-a"]);
    expect(parseFlags(flags, ["-a=false"], false, env).bool("all")).toBe(false);
  });

  it("splits combined short options only where the command allows it", () => {
    expect(parseFlags(flags, ["-aq"], true, env).bool("quiet")).toBe(true);
    expect(() => parseFlags(flags, ["-aq"], false, env)).toThrow(new FlagError("flag provided but not defined: -aq"));
    expect(() => parseFlags(flags, ["-ax"], true, env)).toThrow(new FlagError("flag provided but not defined: -ax"));
  });

  it("collects repeated and comma-separated slice values", () => {
    expect(parseFlags(flags, ["--label", "a=1,b=2", "--label=c=3"], false, env).stringSlice("label")).toEqual(["a=1", "b=2", "c=3"]);
  });

  it("words its errors as the flag package does", () => {
    expect(() => parseFlags(flags, ["--last"], false, env)).toThrow("flag needs an argument: -last");
    expect(() => parseFlags(flags, ["-n", "x"], false, env)).toThrow('invalid value "x" for flag -n: parse error');
    expect(() => parseFlags(flags, ["--all=maybe"], false, env)).toThrow('invalid boolean value "maybe" for -all: parse error');
    expect(() => parseFlags(flags, ["---all"], false, env)).toThrow("bad flag syntax: ---all");
  });
});

describe("/etc/crictl.yaml", () => {
  it("reads the endpoints and timeout, and rejects unknown options", () => {
    const cfg = serverConfig(readConfig("runtime-endpoint: unix:///run/containerd/containerd.sock\nimage-endpoint: unix:///run/containerd/containerd.sock\ntimeout: 10\n"));
    expect(cfg).toEqual({ runtimeEndpoint: "unix:///run/containerd/containerd.sock", imageEndpoint: "unix:///run/containerd/containerd.sock", timeout: 10, debug: false });
    expect(() => serverConfig(readConfig("runtime_endpoint: x\n"))).toThrow("Config option 'runtime_endpoint' is not valid");
    expect(() => serverConfig(readConfig("timeout: 2s\n"))).toThrow(`parsing config option 'timeout': strconv.Atoi: parsing "2s": invalid syntax`);
  });

  it("rewrites in place, keeping order, quoting and comments, and appends the missing options", () => {
    const cfg = readConfig("# set by the lab\nruntime-endpoint: unix:///var/run/dockershim.sock\ntimeout: 10\n");
    setConfigValue(cfg, "runtime-endpoint", "unix:///run/containerd/containerd.sock");
    expect(renderConfig(cfg)).toBe('# set by the lab\nruntime-endpoint: unix:///run/containerd/containerd.sock\ntimeout: 10\nimage-endpoint: ""\ndebug: false\npull-image-on-create: false\ndisable-pull-on-run: false\n');
    expect(() => setConfigValue(cfg, "debug", "maybe")).toThrow(`parse debug value 'maybe': strconv.ParseBool: parsing "maybe": invalid syntax`);
  });
});
