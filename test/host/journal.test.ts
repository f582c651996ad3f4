import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/cluster/clock.js";
import { Journal } from "../../src/host/journal.js";

const T0 = Date.parse("2026-01-12T08:00:01Z");

function journal() {
  const clock = new VirtualClock(T0);
  return { clock, j: new Journal(() => clock.now(), "controlplane") };
}

describe("Journal", () => {
  it("prints entries in journalctl's short format", () => {
    const { j } = journal();
    j.append({ unit: "kubelet.service", identifier: "kubelet", pid: 1234, message: 'I0112 08:00:01.000000    1234 server.go:529] "Kubelet version" kubeletVersion="v1.34.1"' });
    j.append({ unit: "kubelet.service", identifier: "systemd", pid: 1, message: "Started kubelet.service - kubelet: The Kubernetes Node Agent." });
    const [a, b] = j.query();
    expect(j.format(a)).toBe('Jan 12 08:00:01 controlplane kubelet[1234]: I0112 08:00:01.000000    1234 server.go:529] "Kubelet version" kubeletVersion="v1.34.1"');
    expect(j.format(b)).toBe("Jan 12 08:00:01 controlplane systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.");
    expect(j.format(b, "short-iso")).toBe("2026-01-12T08:00:01+00:00 controlplane systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.");
    expect(j.format(b, "short-precise")).toBe("Jan 12 08:00:01.000000 controlplane systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.");
    expect(j.format(b, "cat")).toBe("Started kubelet.service - kubelet: The Kubernetes Node Agent.");
    expect(j.format(b, "short", { hostname: false })).toBe("Jan 12 08:00:01 systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.");
  });

  it("keeps entries in time order and shows a line stamped ahead only once the clock reaches it", () => {
    const { clock, j } = journal();
    j.append({ unit: "a.service", identifier: "a", pid: 10, message: "later", timeMs: T0 + 50 });
    j.append({ unit: "a.service", identifier: "a", pid: 10, message: "first" });
    expect(j.query().map((e) => e.message)).toEqual(["first"]);
    clock.moveTo(T0 + 50);
    expect(j.query().map((e) => e.message)).toEqual(["first", "later"]);
  });

  it("queries by unit, identifier, time window, priority, pattern and the last n lines", () => {
    const { clock, j } = journal();
    for (let i = 0; i < 5; i++) {
      j.append({ unit: "kubelet.service", identifier: "kubelet", pid: 7, message: `k${i}` });
      j.append({ unit: "containerd.service", identifier: "containerd", pid: 5, message: `c${i}`, priority: i === 2 ? 3 : 6 });
      clock.moveTo(clock.now() + 60_000);
    }
    expect(j.query({ units: ["kubelet.service"] }).map((e) => e.message)).toEqual(["k0", "k1", "k2", "k3", "k4"]);
    expect(j.query({ units: ["kubelet.service"], lines: 2 }).map((e) => e.message)).toEqual(["k3", "k4"]);
    expect(j.query({ identifiers: ["containerd"], sinceMs: T0 + 60_000, untilMs: T0 + 120_000 }).map((e) => e.message)).toEqual(["c1", "c2"]);
    expect(j.query({ maxPriority: 3 }).map((e) => e.message)).toEqual(["c2"]);
    expect(j.query({ grep: /^k[24]$/ }).map((e) => e.message)).toEqual(["k2", "k4"]);
    expect(j.query({ units: ["kubelet.service", "containerd.service"], lines: 3 }).map((e) => e.message)).toEqual(["c3", "k4", "c4"]);
  });

  it("drops the lines a killed process had stamped ahead of its death", () => {
    const { j } = journal();
    j.append({ unit: "kubelet.service", identifier: "kubelet", pid: 9, message: "now" });
    j.append({ unit: "kubelet.service", identifier: "kubelet", pid: 9, message: "soon", timeMs: T0 + 40 });
    j.append({ unit: "x.service", identifier: "x", pid: 3, message: "other", timeMs: T0 + 40 });
    j.discardAfter(9, T0);
    expect(j.query({ untilMs: T0 + 100 }).length).toBe(1);
    expect(j.query({ units: ["kubelet.service"] }).map((e) => e.message)).toEqual(["now"]);
  });

  it("indents the continuation lines of a multi-line message under its first character", () => {
    const { j } = journal();
    j.append({ unit: "", identifier: "kubelet", pid: 42, message: "first\nsecond" });
    expect(j.format(j.query()[0])).toBe("Jan 12 08:00:01 controlplane kubelet[42]: first\n                                          second");
  });
});
