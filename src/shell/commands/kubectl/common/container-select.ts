/**
 * Which container of a pod a command acts on (pkg/cmd/util/podcmd): the one
 * -c names, else the `kubectl.kubernetes.io/default-container` annotation's,
 * else the first, with the "Defaulted container" notice when there was a
 * choice. Shared by exec, attach, logs, cp and run.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import { KubectlError } from "../errors.js";

export const DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

export interface PodContainer {
  name: string;
  tty?: boolean;
  stdin?: boolean;
  [field: string]: unknown;
}

export type ContainerKind = "containers" | "initContainers" | "ephemeralContainers";

/** FindContainerByName: regular containers first, then init, then ephemeral ones. */
export function findContainer(pod: KubeObject, name: string): { container: PodContainer; kind: ContainerKind } | undefined {
  for (const kind of ["containers", "initContainers", "ephemeralContainers"] as const) {
    const c = ((pod.spec?.[kind] ?? []) as PodContainer[]).find((x) => x.name === name);
    if (c) return { container: c, kind };
  }
  return undefined;
}

/** AllContainerNames: `a, b, c (ephem), d (init)`. */
export function allContainerNames(pod: KubeObject): string {
  const names = ((pod.spec?.containers ?? []) as PodContainer[]).map((c) => c.name);
  for (const c of (pod.spec?.ephemeralContainers ?? []) as PodContainer[]) names.push(`${c.name} (ephem)`);
  for (const c of (pod.spec?.initContainers ?? []) as PodContainer[]) names.push(`${c.name} (init)`);
  return names.join(", ");
}

/** True when a pod has more than one container to choose from (the defaulting notice is printed then). */
export function hasContainerChoice(pod: KubeObject): boolean {
  return (pod.spec?.containers ?? []).length > 1 || (pod.spec?.initContainers ?? []).length > 0 || (pod.spec?.ephemeralContainers ?? []).length > 0;
}

/**
 * FindOrDefaultContainerByName. `warn` receives the notice line (stderr);
 * unknown names fail with kubectl's client-side message.
 */
export function findOrDefaultContainer(pod: KubeObject, name: string, quiet: boolean, warn: (line: string) => void): PodContainer {
  const podName = pod.metadata.name ?? "";
  if (name) {
    const found = findContainer(pod, name);
    if (!found) throw new KubectlError(`container ${name} not found in pod ${podName}`);
    return found.container;
  }
  const containers = (pod.spec?.containers ?? []) as PodContainer[];
  if (containers.length === 0) throw new KubectlError(`pod ${pod.metadata.namespace}/${podName} does not have any containers`);
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated) {
    const found = findContainer(pod, annotated);
    if (found) return found.container;
  }
  if (!quiet && hasContainerChoice(pod)) warn(`Defaulted container "${containers[0].name}" out of: ${allContainerNames(pod)}`);
  return containers[0];
}
