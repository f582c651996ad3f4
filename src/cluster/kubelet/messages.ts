/**
 * The kubelet's event reasons and message texts (pkg/kubelet/events,
 * kuberuntime_container.go, images/image_manager.go, nodestatus/setters.go),
 * in one place because some changed between releases: from v1.35 the
 * Created/Started messages no longer name the container (PR #134043).
 */
import type { KubeObject } from "../api/types.js";

export interface KubeletMessages {
  created(container: string): string;
  started(container: string): string;
}

/** The minor release of a version ("v1.34.1" -> 34; 34 when unreadable). */
export function minorOf(kubernetesVersion: string): number {
  return Number(/^v?\d+\.(\d+)/.exec(kubernetesVersion)?.[1] ?? 34);
}

export function messagesFor(kubernetesVersion: string): KubeletMessages {
  if (minorOf(kubernetesVersion) >= 35) return { created: () => "Container created", started: () => "Container started" };
  return { created: (c) => `Created container: ${c}`, started: (c) => `Started container ${c}` };
}

/** format.Pod: `name_namespace(uid)`, how the kubelet names a pod in messages. */
export function formatPod(pod: KubeObject): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

export const NETWORK_NOT_READY_MESSAGE =
  "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized";

export const pulling = (image: string) => `Pulling image "${image}"`;
export const alreadyPresent = (image: string) => `Container image "${image}" already present on machine`;
export const neverPull = (image: string) => `Container image "${image}" is not present with pull policy of Never`;
export const backOffPulling = (image: string) => `Back-off pulling image "${image}"`;
export const failedToPull = (image: string, err: string) => `Failed to pull image "${image}": ${err}`;
export const stopping = (container: string) => `Stopping container ${container}`;
export const backOffRestarting = (container: string, pod: KubeObject) => `Back-off restarting failed container ${container} in pod ${formatPod(pod)}`;

/** "Successfully pulled image "nginx" in 2.1s (2.1s including waiting). Image size: 72188133 bytes." */
export function pulled(image: string, pullMs: number, totalMs: number, size: number): string {
  return `Successfully pulled image "${image}" in ${goSeconds(pullMs)} (${goSeconds(totalMs)} including waiting). Image size: ${size} bytes.`;
}

/** time.Duration.String() truncated to milliseconds: 837ms, 2.104s, 1m3.5s. */
export function goSeconds(ms: number): string {
  const t = Math.floor(ms);
  if (t < 1000) return `${t}ms`;
  if (t < 60_000) return `${trimZeros((t / 1000).toFixed(3))}s`;
  const m = Math.floor(t / 60_000);
  return `${m}m${trimZeros(((t % 60_000) / 1000).toFixed(3))}s`;
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}
