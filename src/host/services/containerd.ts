/**
 * /usr/bin/containerd (1.7.27, the containerd.io package): its startup as
 * the journal shows it (cmd/containerd/command/main.go, services/server,
 * pkg/cri; logrus text format), then the socket answers
 * (host.runContainerd) and it tells systemd READY=1 (Type=notify). Stopped
 * with SIGTERM, the CRI service shuts down; the containers keep running in
 * their shims (KillMode=process).
 */
import { KERNEL_VERSION } from "../../cluster/kubelet/node-status.js";
import { CONTAINERD_VERSION } from "../../cluster/kubelet/runtime/runtime.js";
import type { ServiceProgram } from "../contracts.js";
import { ProcessLog } from "./process-log.js";

/** The commit containerd v1.7.27 was built from (git rev-list -n1 v1.7.27). */
const REVISION = "05044ec0a9a75232cad458027ca83437aae3f4da";

type Step = [offsetMs: number, msg: string, fields?: Array<[string, string]>];

/** The plugins 1.7 loads on Ubuntu 24.04 (ext4, no aufs/btrfs/zfs/devmapper), in load order, with the ones it skips. */
function startupSteps(kernel: string): Step[] {
  const steps: Step[] = [];
  let t = 9.2;
  const load = (id: string, type: string, skip?: string) => {
    steps.push([(t += 0.4), `loading plugin "${id}"...`, [["type", type]]]);
    if (skip) steps.push([(t += 0.9), `skip loading plugin "${id}"...`, [["error", skip], ["type", type]]]);
  };
  load("io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1", `aufs is not supported (modprobe aufs failed: exit status 1 "modprobe: FATAL: Module aufs not found in directory /lib/modules/${kernel}\\n"): skip plugin`);
  load("io.containerd.event.v1.exchange", "io.containerd.event.v1");
  load("io.containerd.internal.v1.opt", "io.containerd.internal.v1");
  load("io.containerd.warning.v1.deprecations", "io.containerd.warning.v1");
  load("io.containerd.snapshotter.v1.blockfile", "io.containerd.snapshotter.v1", "no scratch file generator: skip plugin");
  load("io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1", "path /var/lib/containerd/io.containerd.snapshotter.v1.btrfs (ext4) must be a btrfs filesystem to be used with the btrfs snapshotter: skip plugin");
  load("io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1", "devmapper not configured: skip plugin");
  load("io.containerd.snapshotter.v1.native", "io.containerd.snapshotter.v1");
  load("io.containerd.snapshotter.v1.overlayfs", "io.containerd.snapshotter.v1");
  load("io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1", "path /var/lib/containerd/io.containerd.snapshotter.v1.zfs must be a zfs filesystem to be used with the zfs snapshotter: skip plugin");
  load("io.containerd.content.v1.content", "io.containerd.content.v1");
  load("io.containerd.metadata.v1.bolt", "io.containerd.metadata.v1");
  steps.push([(t += 0.3), "metadata content store policy set", [["policy", "shared"]]]);
  for (const [id, type] of [
    ["io.containerd.gc.v1.scheduler", "io.containerd.gc.v1"],
    ["io.containerd.differ.v1.walking", "io.containerd.differ.v1"],
    ["io.containerd.lease.v1.manager", "io.containerd.lease.v1"],
    ["io.containerd.service.v1.containers-service", "io.containerd.service.v1"],
    ["io.containerd.service.v1.content-service", "io.containerd.service.v1"],
    ["io.containerd.service.v1.diff-service", "io.containerd.service.v1"],
    ["io.containerd.service.v1.images-service", "io.containerd.service.v1"],
    ["io.containerd.service.v1.introspection-service", "io.containerd.service.v1"],
    ["io.containerd.service.v1.namespaces-service", "io.containerd.service.v1"],
    ["io.containerd.service.v1.snapshots-service", "io.containerd.service.v1"],
    ["io.containerd.runtime.v1.linux", "io.containerd.runtime.v1"],
    ["io.containerd.runtime.v2.task", "io.containerd.runtime.v2"],
    ["io.containerd.runtime.v2.shim", "io.containerd.runtime.v2"],
    ["io.containerd.sandbox.store.v1.local", "io.containerd.sandbox.store.v1"],
    ["io.containerd.sandbox.controller.v1.local", "io.containerd.sandbox.controller.v1"],
    ["io.containerd.service.v1.tasks-service", "io.containerd.service.v1"],
    ["io.containerd.grpc.v1.introspection", "io.containerd.grpc.v1"],
    ["io.containerd.transfer.v1.local", "io.containerd.transfer.v1"],
    ["io.containerd.internal.v1.restart", "io.containerd.internal.v1"],
    ["io.containerd.grpc.v1.containers", "io.containerd.grpc.v1"],
    ["io.containerd.grpc.v1.content", "io.containerd.grpc.v1"],
    ["io.containerd.grpc.v1.diff", "io.containerd.grpc.v1"],
    ["io.containerd.grpc.v1.events", "io.containerd.grpc.v1"],
    ["io.containerd.grpc.v1.images", "io.containerd.grpc.v1"],
    ["io.containerd.grpc.v1.leases", "io.containerd.grpc.v1"],
    ["io.containerd.grpc.v1.namespaces", "io.containerd.grpc.v1"],
    ["io.containerd.grpc.v1.sandbox-controllers", "io.containerd.grpc.v1"],
    ["io.containerd.grpc.v1.sandboxes", "io.containerd.grpc.v1"],
    ["io.containerd.grpc.v1.snapshots", "io.containerd.grpc.v1"],
    ["io.containerd.streaming.v1.manager", "io.containerd.streaming.v1"],
    ["io.containerd.grpc.v1.streaming", "io.containerd.grpc.v1"],
    ["io.containerd.grpc.v1.tasks", "io.containerd.grpc.v1"],
    ["io.containerd.grpc.v1.transfer", "io.containerd.grpc.v1"],
    ["io.containerd.grpc.v1.version", "io.containerd.grpc.v1"],
    ["io.containerd.monitor.v1.cgroups", "io.containerd.monitor.v1"],
    ["io.containerd.grpc.v1.cri", "io.containerd.grpc.v1"],
  ] as const) load(id, type);
  steps.push([(t += 0.6), "Connect containerd service"]);
  steps.push([(t += 0.2), "using legacy CRI server"]);
  steps.push([(t += 0.1), "using experimental NRI integration - disable nri plugin to prevent this"]);
  load("io.containerd.tracing.processor.v1.otlp", "io.containerd.tracing.processor.v1", "skip plugin: tracing endpoint not configured");
  load("io.containerd.internal.v1.tracing", "io.containerd.internal.v1", "skip plugin: tracing endpoint not configured");
  load("io.containerd.grpc.v1.healthcheck", "io.containerd.grpc.v1");
  load("io.containerd.nri.v1.nri", "io.containerd.nri.v1");
  steps.push([(t += 0.3), "NRI interface is disabled by configuration."]);
  steps.push([(t += 0.5), "serving...", [["address", "/run/containerd/containerd.sock.ttrpc"]]]);
  steps.push([(t += 0.1), "serving...", [["address", "/run/containerd/containerd.sock"]]]);
  steps.push([(t += 0.4), "Start subscribing containerd event"]);
  steps.push([(t += 0.1), "Start recovering state"]);
  steps.push([(t += 6.2), "Start event monitor"]);
  steps.push([(t += 0.1), "Start snapshots syncer"]);
  steps.push([(t += 0.1), "Start cni network conf syncer for default"]);
  steps.push([(t += 0.1), "Start streaming server"]);
  return steps;
}

export const containerdProgram: ServiceProgram = (host, _argv, _env, pid) => {
  const log = new ProcessLog(host, "containerd", pid);
  log.logrus(8.6, "info", "starting containerd", [["revision", REVISION], ["version", CONTAINERD_VERSION]]);
  const steps = startupSteps(KERNEL_VERSION);
  for (const [offset, msg, fields] of steps) log.logrus(offset, "info", msg, fields ?? []);
  const bootedAt = steps[steps.length - 1][0] + 0.2;
  log.logrus(bootedAt, "info", `containerd successfully booted in ${((bootedAt - 8.6 + 0.4173) / 1000).toFixed(6)}s`);
  const handle = host.runContainerd();
  return {
    pid,
    readyAfterMs: Math.ceil(bootedAt + 0.5),
    running: {
      stop() {
        // server.Stop closes the CRI plugin, and the CRI service's Run closes it once more.
        log.logrus("now", "info", "Stop CRI service");
        log.logrus("now", "info", "Stop CRI service");
        log.logrus("now", "info", "Event monitor stopped");
        log.logrus("now", "info", "Stream server stopped");
        handle.stop();
      },
    },
  };
};
