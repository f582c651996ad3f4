import { describe, expect, it } from "vitest";
import { HostFilesystem } from "../../../src/host/filesystem.js";
import { expandArgv, parseEnvironmentFile, parseEnvironmentValue, splitWords } from "../../../src/host/systemd/exec.js";
import { loadUnit } from "../../../src/host/systemd/unit.js";
import { findUnitSources } from "../../../src/host/systemd/unit-file.js";
import { systemdUnitFiles } from "../../../src/host/systemd/unit-files.js";

function fsWith(files: Record<string, string>): HostFilesystem {
  const fs = new HostFilesystem(() => 0);
  for (const [p, c] of Object.entries(files)) fs.put(p, c);
  return fs;
}

const DROP_IN = "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf";

describe("unit files and drop-ins", () => {
  it("loads the kubeadm kubelet unit: the drop-in's empty ExecStart= resets the unit's", () => {
    const { def, diagnostics } = loadUnit(fsWith(systemdUnitFiles()), "kubelet.service", "node01");
    expect(diagnostics).toEqual([]);
    expect(def.loadState).toBe("loaded");
    expect(def.description).toBe("kubelet: The Kubernetes Node Agent");
    expect(def.execStart).toHaveLength(1);
    expect(def.execStart[0].argv).toEqual(["/usr/bin/kubelet", "$KUBELET_KUBECONFIG_ARGS", "$KUBELET_CONFIG_ARGS", "$KUBELET_KUBEADM_ARGS", "$KUBELET_EXTRA_ARGS"]);
    expect(def.environment).toEqual([
      ["KUBELET_KUBECONFIG_ARGS", "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"],
      ["KUBELET_CONFIG_ARGS", "--config=/var/lib/kubelet/config.yaml"],
    ]);
    expect(def.environmentFiles).toEqual([
      { path: "/var/lib/kubelet/kubeadm-flags.env", optional: true },
      { path: "/etc/default/kubelet", optional: true },
    ]);
    expect(def.restart).toBe("always");
    expect(def.restartSecMs).toBe(10_000);
    expect(def.startLimitIntervalMs).toBe(0);
    expect(def.wantedBy).toEqual(["multi-user.target"]);
    expect(def.sources.dropInPaths).toEqual([DROP_IN]);
  });

  it("containerd's unit: Type=notify, RestartSec=5, TasksMax=infinity, the ExecStartPre with its '-' prefix", () => {
    const { def } = loadUnit(fsWith(systemdUnitFiles()), "containerd.service", "node01");
    expect(def.type).toBe("notify");
    expect(def.restartSecMs).toBe(5000);
    expect(def.tasksMax).toBe(Infinity);
    expect(def.execStartPre.map((c) => [c.path, c.ignoreFailure])).toEqual([["/sbin/modprobe", true]]);
    expect(def.execStart[0].path).toBe("/usr/bin/containerd");
  });

  it("a second ExecStart= without the empty reset makes the unit a bad setting, with systemd's reason", () => {
    const files = systemdUnitFiles();
    files[DROP_IN] = files[DROP_IN].replace("ExecStart=\n", "");
    const { def, errors } = loadUnit(fsWith(files), "kubelet.service", "node01");
    expect(def.loadState).toBe("bad-setting");
    expect(errors).toEqual(["Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing."]);
  });

  it("reports unknown keys, sections and lines without '=' as systemd logs them, and ignores them", () => {
    const files = systemdUnitFiles();
    files[DROP_IN] = files[DROP_IN].replace('Environment="KUBELET_CONFIG_ARGS', 'Enviroment="KUBELET_CONFIG_ARGS') + "[Servce]\nFoo=bar\n[Service]\njunk\n";
    const { def, diagnostics } = loadUnit(fsWith(files), "kubelet.service", "node01");
    expect(diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`)).toEqual([
      `${DROP_IN}:4: Unknown key name 'Enviroment' in section 'Service', ignoring.`,
      `${DROP_IN}:12: Unknown section 'Servce'. Ignoring.`,
      `${DROP_IN}:15: Missing '=', ignoring line.`,
    ]);
    expect(def.environment.map(([k]) => k)).toEqual(["KUBELET_KUBECONFIG_ARGS"]);
  });

  it("orders drop-ins by file name across directories; /etc masks a drop-in of the same name below it", () => {
    const fs = fsWith({
      ...systemdUnitFiles(),
      "/etc/systemd/system/kubelet.service.d/20-extra.conf": "[Service]\nEnvironment=EXTRA=1\n",
      "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf": "[Service]\nEnvironment=OVERRIDE=1\n",
      "/run/systemd/system/kubelet.service.d/05-first.conf": "[Service]\nRestartSec=3\n",
      "/etc/systemd/system/kubelet.service.d/notes.txt": "not a drop-in",
    });
    const sources = findUnitSources(fs, "kubelet.service");
    expect(sources.dropInPaths).toEqual([
      "/run/systemd/system/kubelet.service.d/05-first.conf",
      "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
      "/etc/systemd/system/kubelet.service.d/20-extra.conf",
    ]);
    const { def } = loadUnit(fs, "kubelet.service", "node01");
    expect(def.restartSecMs).toBe(3000);
    // The kubeadm drop-in is masked: the unit keeps its own ExecStart= line.
    expect(def.execStart[0].argv).toEqual(["/usr/bin/kubelet"]);
  });

  it("prefers a fragment in /etc/systemd/system over the package's", () => {
    const fs = fsWith({ ...systemdUnitFiles(), "/etc/systemd/system/kubelet.service": "[Unit]\nDescription=My kubelet\n[Service]\nExecStart=/usr/bin/kubelet\n" });
    const { def } = loadUnit(fs, "kubelet.service", "node01");
    expect(def.sources.fragmentPath).toBe("/etc/systemd/system/kubelet.service");
    expect(def.description).toBe("My kubelet");
  });

  it("joins backslash-continued lines and expands specifiers", () => {
    const fs = fsWith({ "/etc/systemd/system/demo.service": "[Unit]\nDescription=Demo on %H\n[Service]\nExecStart=/usr/bin/demo --name=%n \\\n  --long\n" });
    const { def } = loadUnit(fs, "demo.service", "node01");
    expect(def.description).toBe("Demo on node01");
    expect(def.execStart[0].argv).toEqual(["/usr/bin/demo", "--name=demo.service", "--long"]);
  });

  it("a path that is neither absolute nor a bare name fails to load the unit", () => {
    const fs = fsWith({ "/etc/systemd/system/demo.service": "[Service]\nExecStart=usr/bin/demo\n" });
    const { def, diagnostics } = loadUnit(fs, "demo.service", "node01");
    expect(def.loadState).toBe("bad-setting");
    expect(diagnostics[0].message).toBe("Neither a valid executable name nor an absolute path: usr/bin/demo");
  });
});

describe("environment and command-line expansion", () => {
  it("Environment= takes quoted assignments and reports an invalid one", () => {
    expect(parseEnvironmentValue('"A=one two" B=3 C="x y"=z')).toEqual({ vars: [["A", "one two"], ["B", "3"], ["C", "x y=z"]], invalid: [] });
    expect(parseEnvironmentValue("NOEQUALS A=1")).toEqual({ vars: [["A", "1"]], invalid: ["NOEQUALS"] });
  });

  it("an EnvironmentFile strips quotes, skips comments and trims unquoted values", () => {
    const text = [
      '# kubeadm writes this',
      'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --node-ip=192.168.100.11"',
      "; another comment",
      "KUBELET_EXTRA_ARGS=  --v=2   ",
      "SINGLE='a \"b\" c'",
      "NOVALUE",
      "",
    ].join("\n");
    expect(parseEnvironmentFile(text)).toEqual([
      ["KUBELET_KUBEADM_ARGS", "--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --node-ip=192.168.100.11"],
      ["KUBELET_EXTRA_ARGS", "--v=2"],
      ["SINGLE", 'a "b" c'],
    ]);
  });

  it("$VAR alone splits at whitespace, ${VAR} stays one argument, unset variables vanish", () => {
    const env = new Map([
      ["ARGS", "--a=1  --b=2"],
      ["ONE", "x y"],
      ["EMPTY", ""],
    ]);
    expect(expandArgv(["/usr/bin/kubelet", "$ARGS", "$UNSET", "$EMPTY", "${ONE}", "--z=${UNSET}", "pre$ONE", "$$HOME"], env)).toEqual([
      "/usr/bin/kubelet",
      "--a=1",
      "--b=2",
      "x y",
      "--z=",
      "pre$ONE",
      "$HOME",
    ]);
  });

  it("splits words with quotes and C escapes, and refuses unbalanced quotes", () => {
    expect(splitWords(`/bin/x "a b" 'c d' e\\ f \\t`)).toEqual(["/bin/x", "a b", "c d", "e f", "\t"]);
    expect(splitWords(`/bin/x "open`)).toBeUndefined();
  });
});
