/**
 * kubectl get componentstatuses (cs): the API server probes the scheduler's
 * and controller manager's /healthz on its node's loopback and each etcd
 * server when asked, and warns that v1 ComponentStatus is deprecated; a
 * stopped scheduler shows as Unhealthy with the prober's dial error.
 * Sources: pkg/registry/core/componentstatus, storage_core.go.
 */
import { describe, expect, it } from "vitest";
import { sh } from "../../../helpers.js";

const WARNING = "Warning: v1 ComponentStatus is deprecated in v1.19+\n";

describe("kubectl get componentstatuses", () => {
  it("all healthy on a fresh cluster, then the scheduler unhealthy once its manifest is gone", async () => {
    const r = await sh("kubectl get cs; mv /etc/kubernetes/manifests/kube-scheduler.yaml /root/; sleep 30; kubectl get componentstatuses");
    expect(r.stdout).toBe(
      [
        "NAME                 STATUS    MESSAGE   ERROR",
        "scheduler            Healthy   ok        ",
        "controller-manager   Healthy   ok        ",
        "etcd-0               Healthy   ok        ",
        "NAME                 STATUS      MESSAGE   ERROR",
        'scheduler            Unhealthy             Get "https://127.0.0.1:10259/healthz": dial tcp 127.0.0.1:10259: connect: connection refused',
        "controller-manager   Healthy     ok        ",
        "etcd-0               Healthy     ok        ",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toBe(WARNING + WARNING);
  });

  it("one by name, and a name that is no component", async () => {
    const r = await sh("kubectl get cs etcd-0 -o jsonpath='{.conditions[0].status} {.conditions[0].message}{\"\\n\"}'; kubectl get cs nope");
    expect(r.stdout).toBe("True ok\n");
    expect(r.stderr).toBe(`${WARNING}${WARNING}Error from server (NotFound): componentstatus "nope" not found\n`);
  });
});
