/**
 * kubectl replace against the simulated API server: PUT of edited objects
 * (from files, directories and stdin), the server's refusals (immutable pod
 * fields, stale resourceVersions), and --force, which deletes, waits for
 * the object to be gone (graceful pod termination takes virtual time) and
 * creates it again.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const POD = "kubectl run p1 --image=nginx:1.25 >/dev/null\nkubectl wait --for=condition=Ready pod/p1 >/dev/null\n";

describe("kubectl replace", () => {
  it("replaces an edited object from a file and from stdin", async () => {
    const c = newCluster();
    const r = await sh(
      POD +
        "kubectl get pod p1 -o yaml | sed 's/image: nginx:1.25/image: nginx:1.27/' > p.yaml\nkubectl replace -f p.yaml\n" +
        "kubectl get pod p1 -o yaml | sed 's/image: nginx:1.27/image: nginx:1.28/' | kubectl replace -f -\n" +
        "kubectl get pod p1 -o jsonpath='{.spec.containers[0].image}'",
      { cluster: c },
    );
    expect(r.stdout).toBe("pod/p1 replaced\npod/p1 replaced\nnginx:1.28");
  });

  it("fetches the live resourceVersion for a file without one, and refuses a stale one", async () => {
    const r = await sh(
      "kubectl create configmap cfg --from-literal=a=1 >/dev/null\nkubectl get cm cfg -o yaml > old.yaml\n" +
        "kubectl create configmap cfg --from-literal=a=2 --dry-run=client -o yaml > new.yaml\nkubectl replace -f new.yaml\nkubectl replace -f old.yaml\nkubectl get cm cfg -o jsonpath='{.data.a}'",
    );
    expect(r.stdout).toBe("configmap/cfg replaced\n2");
    expect(r.stderr).toBe(
      'Error from server (Conflict): error when replacing "old.yaml": Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again\n',
    );
  });

  it("reports what the server refuses, and objects that do not exist", async () => {
    const r = await sh(
      POD +
        "kubectl get pod p1 -o yaml | sed 's/restartPolicy: Always/restartPolicy: Never/' > p.yaml\nkubectl replace -f p.yaml\n" +
        "kubectl create configmap gone --dry-run=client -o yaml > gone.yaml\nkubectl replace -f gone.yaml",
    );
    expect(r.stderr).toMatch(/^The Pod "p1" is invalid: spec: Forbidden: pod updates may not change fields other than /);
    expect(r.stderr).toMatch(/\nError from server \(NotFound\): error when replacing "gone\.yaml": configmaps "gone" not found\n$/);
  });

  it("--force deletes, waits for the pod to terminate, and creates it again", async () => {
    const c = newCluster();
    await sh(POD, { cluster: c });
    const uid = c.client().get("pods", "default", "p1").metadata.uid;
    const start = c.clock.now();
    const r = await sh("kubectl get pod p1 -o yaml | sed 's/restartPolicy: Always/restartPolicy: Never/' > p.yaml\nkubectl replace --force -f p.yaml", { cluster: c });
    expect(r.stdout).toBe('pod "p1" deleted from default namespace\npod/p1 replaced\n');
    const pod = c.client().get("pods", "default", "p1");
    expect(pod.spec.restartPolicy).toBe("Never");
    expect(pod.metadata.uid).not.toBe(uid);
    // The new pod was created only after the kubelet had stopped the old one: the command waited for it.
    expect(c.clock.now() - start).toBeGreaterThanOrEqual(1000);
  });

  it("--dry-run=client prints without sending; --save-config records last-applied", async () => {
    const c = newCluster();
    const r = await sh(
      "kubectl create configmap cfg --from-literal=a=1 >/dev/null\nkubectl create configmap cfg --from-literal=a=2 --dry-run=client -o yaml > new.yaml\nkubectl replace -f new.yaml --dry-run=client\nkubectl replace -f new.yaml --save-config -o name",
      { cluster: c },
    );
    expect(r.stdout).toBe("configmap/cfg replaced (dry run)\nconfigmap/cfg\n");
    const cm = c.client().get("configmaps", "default", "cfg");
    expect(cm.metadata.annotations?.["kubectl.kubernetes.io/last-applied-configuration"]).toBe(
      '{"apiVersion":"v1","data":{"a":"2"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"cfg","namespace":"default"}}\n',
    );
  });
});
