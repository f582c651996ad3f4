/**
 * ComponentStatus (v1, deprecated since v1.19 but still served): not
 * stored, but worked out on every GET by the API server that answers, from
 * its own node: an HTTPS GET of the scheduler's and the controller
 * manager's /healthz on 127.0.0.1, and a probe of each --etcd-servers
 * entry (etcd-0, etcd-1, ...). Sources: pkg/registry/core/componentstatus
 * (rest.go getComponentStatus, validator.go DoServerCheck) and
 * pkg/registry/core/rest/storage_core.go serversToValidate.
 */
import type { KubeObject } from "../api/types.js";

/** What a probe of one component found (the httpprober's or the etcd prober's answer). */
export type ComponentProbe = { result: "Success" | "Failure" | "Unknown"; message: string; error: string };

/** An HTTP health endpoint as probe.http sees it: 2xx/3xx succeed with the body, >= 400 fail with the status. */
export function httpProbe(url: string, reply: { status: number; body: string } | { refused: string }): ComponentProbe {
  if ("refused" in reply) return { result: "Unknown", message: "", error: `Get "${url}": ${reply.refused}` };
  if (reply.status >= 400) return { result: "Failure", message: `HTTP probe failed with statuscode: ${reply.status}`, error: "" };
  return { result: "Success", message: reply.body, error: "" };
}

/** The scheduler's and controller manager's health URLs (their default secure ports on the loopback). */
export const COMPONENT_HEALTH_URLS: Array<[string, string]> = [
  ["scheduler", "https://127.0.0.1:10259/healthz"],
  ["controller-manager", "https://127.0.0.1:10257/healthz"],
];

const CONDITION_STATUS = { Success: "True", Failure: "False", Unknown: "Unknown" } as const;

/** getComponentStatus: one Healthy condition carrying the probe's message and error. */
export function componentStatus(name: string, probe: ComponentProbe): KubeObject {
  const condition: Record<string, string> = { type: "Healthy", status: CONDITION_STATUS[probe.result] };
  if (probe.message) condition.message = probe.message;
  if (probe.error) condition.error = probe.error;
  return { kind: "ComponentStatus", apiVersion: "v1", metadata: { name }, conditions: [condition] } as KubeObject;
}
