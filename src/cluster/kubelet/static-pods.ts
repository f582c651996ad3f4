/**
 * Static pods (pkg/kubelet/config/file.go, common.go, mirror_client.go):
 * manifests the kubelet runs on its own, without the API server, and
 * mirrors into the API as `<name>-<node>` so kubectl can see them. The
 * manifests come from a StaticPodSource (the files of staticPodPath, see
 * static-pod-files.ts).
 */
import type { KubeObject } from "../api/types.js";
import { CONFIG_HASH, CONFIG_MIRROR, CONFIG_SEEN, CONFIG_SOURCE } from "./pod-spec.js";
import { sha256 } from "./runtime/images.js";

export interface StaticPodManifest {
  /** The Pod as parsed from its file. */
  pod: KubeObject;
  /** Where it came from (a file path), part of the pod's identity. */
  source: string;
}

/** Where the kubelet's static pods come from; it re-reads them when told they changed. */
export interface StaticPodSource {
  list(): StaticPodManifest[];
  onChange(listener: () => void): void;
}

/** No static pods at all: a kubelet started without staticPodPath. */
export const NO_STATIC_PODS: StaticPodSource = { list: () => [], onChange: () => {} };

/**
 * The kubelet's view of a manifest (applyDefaults in config/common.go):
 * name suffixed with the node, namespace defaulted, uid and config.hash from
 * the content, node name set, a NoExecute toleration for everything.
 */
export function toStaticPod(m: StaticPodManifest, nodeName: string, seenAt: string): KubeObject {
  const pod = structuredClone(m.pod) as KubeObject;
  const hash = sha256(`${JSON.stringify(m.pod)}|${nodeName}|${m.source}`).slice(0, 32);
  pod.apiVersion = "v1";
  pod.kind = "Pod";
  pod.metadata.name = `${pod.metadata.name}-${nodeName.toLowerCase()}`;
  pod.metadata.namespace ??= "default";
  pod.metadata.uid = hash;
  pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [CONFIG_HASH]: hash, [CONFIG_SEEN]: seenAt, [CONFIG_SOURCE]: "file" };
  pod.spec = { ...pod.spec, nodeName };
  const tolerations = [...(pod.spec.tolerations ?? [])];
  if (!tolerations.some((t: { operator?: string; effect?: string; key?: string }) => t.operator === "Exists" && t.effect === "NoExecute" && !t.key)) tolerations.push({ operator: "Exists", effect: "NoExecute" });
  pod.spec.tolerations = tolerations;
  pod.spec.restartPolicy ??= "Always";
  pod.spec.terminationGracePeriodSeconds ??= 30;
  pod.spec.dnsPolicy ??= "ClusterFirst";
  pod.spec.schedulerName ??= "default-scheduler";
  pod.spec.enableServiceLinks ??= true;
  pod.status = { phase: "Pending" };
  return pod;
}

/** The mirror pod the kubelet creates in the API for a static pod. */
export function mirrorPodFor(staticPod: KubeObject, node: KubeObject): KubeObject {
  const hash = staticPod.metadata.annotations![CONFIG_HASH];
  const m = staticPod.metadata;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: m.name,
      namespace: m.namespace,
      labels: m.labels,
      annotations: { ...m.annotations, [CONFIG_MIRROR]: hash },
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name: node.metadata.name!, uid: node.metadata.uid!, controller: true }],
    },
    spec: structuredClone(staticPod.spec),
  };
}
