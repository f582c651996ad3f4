/**
 * kubectl autoscale (v1.34: autoscaling/v2, --cpu and --memory as a
 * percentage or a quantity, --cpu-percent deprecated) against the
 * simulated cluster.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

describe("kubectl autoscale", () => {
  it("creates an autoscaling/v2 HorizontalPodAutoscaler", async () => {
    const c = newCluster();
    const r = await sh("kubectl create deployment web --image=nginx >/dev/null\nkubectl autoscale deploy web --min=2 --max=5 --cpu=80%", { cluster: c });
    expect(r.stdout).toBe("horizontalpodautoscaler.autoscaling/web autoscaled\n");
    const hpa = c.client().get("horizontalpodautoscalers", "default", "web");
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
    });
  });

  it("prints the v2 object a dry run would create, as the v1.34 source builds it", async () => {
    const r = await sh("kubectl create deployment web --image=nginx >/dev/null\nkubectl autoscale deploy web --max=10 --cpu=500m --memory=200 --dry-run=client -o yaml");
    expect(r.stdout).toBe(
      "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  maxReplicas: 10\n  metrics:\n  - resource:\n      name: cpu\n      target:\n        averageValue: 500m\n        type: AverageValue\n    type: Resource\n  - resource:\n      name: memory\n      target:\n        averageValue: 200Mi\n        type: AverageValue\n    type: Resource\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\nstatus:\n  currentMetrics: null\n  desiredReplicas: 0\n",
    );
  });

  it("warns about --cpu-percent and says `created` for a client dry run", async () => {
    const r = await sh("kubectl create deployment web --image=nginx >/dev/null\nkubectl autoscale deploy web --max=3 --cpu-percent=50 --dry-run=client");
    expect(r.stdout).toBe("horizontalpodautoscaler.autoscaling/web created (dry run)\n");
    expect(r.stderr).toBe("Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).\n");
  });

  it("reports kubectl's errors", async () => {
    const r = await sh(
      "kubectl create deployment web --image=nginx >/dev/null\n" +
        [
          "kubectl autoscale deploy web",
          "kubectl autoscale deploy web --max=3 --cpu=abc",
          "kubectl autoscale deploy web --max=3 --cpu=-5%",
          "kubectl autoscale deploy web --max=3 --cpu=50% --cpu-percent=50",
          "kubectl autoscale svc kubernetes --max=3",
          "kubectl autoscale deploy web --max=3 >/dev/null",
          "kubectl autoscale deploy web --max=3",
          "kubectl autoscale deploy web --max=3 --cpu=70%",
        ].join("\n"),
    );
    expect(r.stderr).toBe(
      'error: required flag(s) "max" not set\n' +
        "error: invalid resource cpu value: abc\n" +
        "error: invalid percentage value: -5\n" +
        "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).\n" +
        "error: --cpu-percent and --cpu are mutually exclusive\n" +
        "error: cannot autoscale a Service: could not find scale subresource for /v1, Resource=services in discovery information\n" +
        "error: failed to create autoscaling/v2 HPA and the configuration is incompatible with autoscaling/v1: empty input\n" +
        'Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "web" already exists\n',
    );
  });
});
