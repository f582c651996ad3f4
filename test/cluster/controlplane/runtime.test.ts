/**
 * The container runtime runs the control-plane programs by executable name
 * (kubelet/runtime/apps.ts), with the image's command line from the manifest.
 */
import { describe, expect, it } from "vitest";
import { lookupProgram } from "../../../src/cluster/kubelet/runtime/apps.js";
import { parseImageReference, resolveImage, type RemoteImage } from "../../../src/cluster/kubelet/runtime/images.js";
import { APISERVER_ARGS, ETCD_ARGS, KCM_ARGS, SCHEDULER_ARGS } from "./args.js";
import { FakeHooks, Run } from "./harness.js";

function image(ref: string): RemoteImage {
  const r = resolveImage(parseImageReference(ref));
  if (r.kind !== "found") throw new Error(ref);
  return r.image;
}

describe("the control-plane images run the control-plane programs", () => {
  it.each([
    ["registry.k8s.io/kube-apiserver:v1.34.1", "kube-apiserver", APISERVER_ARGS, "serveApiServer"],
    ["registry.k8s.io/kube-controller-manager:v1.34.1", "kube-controller-manager", KCM_ARGS, "startControllerManager"],
    ["registry.k8s.io/kube-scheduler:v1.34.1", "kube-scheduler", SCHEDULER_ARGS, "startScheduler"],
    ["registry.k8s.io/etcd:3.6.4-0", "etcd", ETCD_ARGS, "openEtcd"],
  ])("%s", (ref, bin, args, hook) => {
    const hooks = new FakeHooks();
    const run = new Run((ctx, a) => lookupProgram([bin, ...a], ctx, image(ref))!, [...args], { hooks });
    expect(run.exitCode).toBeUndefined();
    expect(hooks.calls.map((c) => c.method).filter((m) => m !== "dialEtcd")).toEqual([hook]);
    const broken = new Run((ctx, a) => lookupProgram([bin, ...a], ctx, image(ref))!, [...args, "--no-such-flag"], { hooks: new FakeHooks() });
    expect(broken.exitCode).toBe(bin === "etcd" ? 2 : 1);
  });
});
