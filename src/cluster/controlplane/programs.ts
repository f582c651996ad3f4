/**
 * The control-plane binaries as programs the container runtime runs
 * (kubelet/runtime/apps.ts looks them up by executable name).
 */
export { etcd } from "./etcd.js";
export { kubeApiServer } from "./kube-apiserver.js";
export { kubeControllerManager } from "./kube-controller-manager.js";
export { kubeScheduler } from "./kube-scheduler.js";
export { binaryVersionOf } from "./component.js";
