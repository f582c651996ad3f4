/**
 * The default scheduling profile of kube-scheduler (default_plugins.go,
 * MultiPoint), in order, with score weights. NodeVolumeLimits and
 * VolumeZone are not simulated (no CSI drivers or zonal volumes here).
 */
import type { Handle, PluginEntry } from "../runtime.js";
import { DefaultBinder } from "./default-binder.js";
import { DefaultPreemption } from "./default-preemption.js";
import { DynamicResources } from "./dynamic-resources.js";
import { ImageLocality } from "./image-locality.js";
import { InterPodAffinity } from "./inter-pod-affinity.js";
import { NodeAffinity } from "./node-affinity.js";
import { NodeName } from "./node-name.js";
import { NodePorts } from "./node-ports.js";
import { NodeResourcesBalancedAllocation } from "./node-resources-balanced-allocation.js";
import { NodeResourcesFit } from "./node-resources-fit.js";
import { NodeUnschedulable } from "./node-unschedulable.js";
import { PodTopologySpread } from "./pod-topology-spread.js";
import { PrioritySort } from "./priority-sort.js";
import { SchedulingGates } from "./scheduling-gates.js";
import { TaintToleration } from "./taint-toleration.js";
import { VolumeBinding } from "./volume-binding.js";
import { VolumeRestrictions } from "./volume-restrictions.js";

export const DEFAULT_SCHEDULER_NAME = "default-scheduler";

export function defaultPlugins(h: Handle): PluginEntry[] {
  return [
    { plugin: new SchedulingGates() },
    { plugin: new PrioritySort() },
    { plugin: new NodeUnschedulable() },
    { plugin: new NodeName() },
    { plugin: new TaintToleration(h), weight: 3 },
    { plugin: new NodeAffinity(), weight: 2 },
    { plugin: new NodePorts() },
    { plugin: new NodeResourcesFit(), weight: 1 },
    { plugin: new VolumeRestrictions(h) },
    { plugin: new VolumeBinding(h) },
    { plugin: new PodTopologySpread(h), weight: 2 },
    { plugin: new InterPodAffinity(h), weight: 2 },
    ...(h.features.dynamicResources ? [{ plugin: new DynamicResources() }] : []),
    { plugin: new DefaultPreemption(h) },
    { plugin: new NodeResourcesBalancedAllocation(), weight: 1 },
    { plugin: new ImageLocality(h), weight: 1 },
    { plugin: new DefaultBinder(h) },
  ];
}
