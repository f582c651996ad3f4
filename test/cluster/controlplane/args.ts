/**
 * The command lines kubeadm v1.34 writes into the static-pod manifests of the
 * default fixture's controlplane (fact sheet 2.4), as the programs receive
 * them (without argv[0]).
 */
import { loadFixture } from "../../../src/cluster/fixture.js";
import { staticPodsFor } from "../../../src/cluster/kubeadm.js";

const fixture = loadFixture("default");
const pods = staticPodsFor(fixture, fixture.nodes[0]);
const argsOf = (name: string): string[] => pods.find((p) => p.metadata.name === name)!.spec.containers[0].command.slice(1);

export const APISERVER_ARGS = argsOf("kube-apiserver");
export const KCM_ARGS = argsOf("kube-controller-manager");
export const SCHEDULER_ARGS = argsOf("kube-scheduler");
export const ETCD_ARGS = argsOf("etcd");

/** argv with one flag replaced (or removed when value is undefined), or appended. */
export function withFlag(args: readonly string[], name: string, value?: string): string[] {
  const out = args.filter((a) => !a.startsWith(`--${name}=`));
  if (value !== undefined) out.push(`--${name}=${value}`);
  return out;
}
