/**
 * Defaulting: the object a create returns (and `kubectl get -o yaml` shows)
 * carries exactly the fields the real API server's SetObjectDefaults and
 * registry strategies fill in (pkg/apis/<group>/v1/defaults.go,
 * zz_generated.defaults.go), and none it would not write.
 */
import { beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { newApi, type TestApi } from "../api-fixture.js";
import type { KubeObject } from "../../../../src/cluster/api/types.js";

let t: TestApi;
beforeAll(() => {
  t = newApi();
});

/** The created object without the metadata a server assigns (uid, resourceVersion, creationTimestamp). */
function created(resource: string, yaml: string): Record<string, any> {
  const out = structuredClone(t.create(resource, YAML.parse(yaml) as KubeObject)) as Record<string, any>;
  expect(out.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
  expect(out.metadata.creationTimestamp).toBe("2025-06-01T10:00:00Z");
  expect(out.metadata.resourceVersion).toMatch(/^\d+$/);
  delete out.metadata.uid;
  delete out.metadata.resourceVersion;
  delete out.metadata.creationTimestamp;
  return out;
}

const y = (s: string) => YAML.parse(s);

describe("Pod defaults", () => {
  it("fills the pod spec, containers and status as the real server does", () => {
    const pod = created(
      "pods",
      `
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
  - name: nginx
    image: nginx
    ports:
    - containerPort: 80
`,
    );
    const token = pod.spec.volumes[0].name;
    expect(token).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    expect(pod).toEqual(
      y(`
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: default
  generation: 1
  labels: {app: web}
spec:
  containers:
  - name: nginx
    image: nginx
    imagePullPolicy: Always
    ports:
    - containerPort: 80
      protocol: TCP
    resources: {}
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: ${token}
      readOnly: true
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  preemptionPolicy: PreemptLowerPriority
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccount: default
  serviceAccountName: default
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  - effect: NoExecute
    key: node.kubernetes.io/unreachable
    operator: Exists
    tolerationSeconds: 300
  volumes:
  - name: ${token}
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
      - configMap:
          items:
          - key: ca.crt
            path: ca.crt
          name: kube-root-ca.crt
      - downwardAPI:
          items:
          - fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
            path: namespace
status:
  phase: Pending
  qosClass: BestEffort
`),
    );
  });

  it("defaults imagePullPolicy from the image tag", () => {
    const pod = created(
      "pods",
      `
apiVersion: v1
kind: Pod
metadata: {name: tags}
spec:
  containers:
  - {name: a, image: nginx}
  - {name: b, image: "nginx:latest"}
  - {name: c, image: "nginx:1.27"}
  - {name: d, image: "registry.local:5000/nginx"}
  - {name: e, image: "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000"}
`,
    );
    expect(pod.spec.containers.map((c: any) => c.imagePullPolicy)).toEqual(["Always", "Always", "IfNotPresent", "Always", "IfNotPresent"]);
  });

  it("copies limits into unset requests and canonicalizes quantities", () => {
    const pod = created(
      "pods",
      `
apiVersion: v1
kind: Pod
metadata: {name: res}
spec:
  containers:
  - name: c
    image: busybox:1.36
    resources:
      limits: {cpu: "0.5", memory: 1024Mi}
      requests: {cpu: 100m}
`,
    );
    expect(pod.spec.containers[0].resources).toEqual({ limits: { cpu: "500m", memory: "1Gi" }, requests: { cpu: "100m", memory: "1Gi" } });
    expect(pod.status.qosClass).toBe("Burstable");
  });

  it("defaults volumes, probes and env sources", () => {
    const pod = created(
      "pods",
      `
apiVersion: v1
kind: Pod
metadata: {name: vols}
spec:
  restartPolicy: Never
  containers:
  - name: c
    image: busybox:1.36
    env:
    - name: NODE
      valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
    livenessProbe:
      httpGet: {path: /healthz, port: 8080}
    readinessProbe:
      tcpSocket: {port: 80}
  volumes:
  - name: cfg
    configMap: {name: app}
  - name: sec
    secret: {secretName: app}
  - name: scratch
  - name: host
    hostPath: {path: /var/log}
`,
    );
    const c = pod.spec.containers[0];
    expect(c.env[0].valueFrom.fieldRef).toEqual({ apiVersion: "v1", fieldPath: "spec.nodeName" });
    expect(c.livenessProbe).toEqual({
      httpGet: { path: "/healthz", port: 8080, scheme: "HTTP" },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: 80 }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    const vols = Object.fromEntries(pod.spec.volumes.map((v: any) => [v.name, v]));
    expect(vols.cfg).toEqual({ name: "cfg", configMap: { name: "app", defaultMode: 420 } });
    expect(vols.sec).toEqual({ name: "sec", secret: { secretName: "app", defaultMode: 420 } });
    expect(vols.scratch).toEqual({ name: "scratch", emptyDir: {} });
    expect(vols.host).toEqual({ name: "host", hostPath: { path: "/var/log", type: "" } });
  });
});

describe("workload defaults", () => {
  it("Deployment", () => {
    const d = created(
      "deployments",
      `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        resources:
          requests: {cpu: "0.25", memory: 64Mi}
`,
    );
    expect(d).toEqual(
      y(`
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  generation: 1
  labels: {app: web}
spec:
  progressDeadlineSeconds: 600
  replicas: 1
  revisionHistoryLimit: 10
  selector:
    matchLabels: {app: web}
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - image: nginx:1.27
        imagePullPolicy: IfNotPresent
        name: nginx
        resources:
          requests: {cpu: 250m, memory: 64Mi}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
status: {}
`),
    );
  });

  it("Deployment with Recreate gets no rollingUpdate", () => {
    const d = created(
      "deployments",
      `
apiVersion: apps/v1
kind: Deployment
metadata: {name: rec}
spec:
  strategy: {type: Recreate}
  selector: {matchLabels: {app: rec}}
  template:
    metadata: {labels: {app: rec}}
    spec: {containers: [{name: c, image: nginx}]}
`,
    );
    expect(d.spec.strategy).toEqual({ type: "Recreate" });
  });

  it("StatefulSet, with its claim templates", () => {
    const s = created(
      "statefulsets",
      `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: pg, image: "postgres:16"}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`,
    );
    expect(s.spec.replicas).toBe(1);
    expect(s.spec.podManagementPolicy).toBe("OrderedReady");
    expect(s.spec.revisionHistoryLimit).toBe(10);
    expect(s.spec.updateStrategy).toEqual({ type: "RollingUpdate", rollingUpdate: { partition: 0 } });
    expect(s.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: "Retain", whenScaled: "Retain" });
    expect(s.spec.volumeClaimTemplates[0]).toEqual(
      y(`
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
  volumeMode: Filesystem
status: {phase: Pending}
`),
    );
    expect(s.status).toEqual({ replicas: 0, availableReplicas: 0 });
  });

  it("DaemonSet", () => {
    const d = created(
      "daemonsets",
      `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: c, image: busybox}]}
`,
    );
    expect(d.spec.updateStrategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.status).toEqual({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
  });

  it("ReplicaSet", () => {
    const r = created(
      "replicasets",
      `
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs}
spec:
  selector: {matchLabels: {app: rs}}
  template:
    metadata: {labels: {app: rs}}
    spec: {containers: [{name: c, image: nginx}]}
`,
    );
    expect(r.spec.replicas).toBe(1);
    expect(r.status).toEqual({ replicas: 0 });
  });

  it("Job: defaults, generated selector and labels (job strategy)", () => {
    const j = created(
      "jobs",
      `
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: pi, image: "perl:5.34", command: [perl]}]
`,
    );
    const uid = j.spec.selector.matchLabels["batch.kubernetes.io/controller-uid"];
    expect(uid).toMatch(/^[0-9a-f-]{36}$/);
    const labels = { "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": "pi", "controller-uid": uid, "job-name": "pi" };
    expect(j.metadata.labels).toEqual(labels);
    expect(j.spec).toEqual({
      backoffLimit: 6,
      completionMode: "NonIndexed",
      completions: 1,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: "TerminatingOrFailed",
      selector: { matchLabels: { "batch.kubernetes.io/controller-uid": uid } },
      suspend: false,
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: "pi",
              image: "perl:5.34",
              command: ["perl"],
              imagePullPolicy: "IfNotPresent",
              resources: {},
              terminationMessagePath: "/dev/termination-log",
              terminationMessagePolicy: "File",
            },
          ],
          dnsPolicy: "ClusterFirst",
          restartPolicy: "Never",
          schedulerName: "default-scheduler",
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    });
    expect(j.status).toEqual({});
  });

  it("Job with parallelism only keeps completions unset", () => {
    const j = created(
      "jobs",
      `
apiVersion: batch/v1
kind: Job
metadata: {name: par}
spec:
  parallelism: 3
  template:
    spec:
      restartPolicy: OnFailure
      containers: [{name: c, image: busybox}]
`,
    );
    expect(j.spec.parallelism).toBe(3);
    expect(j.spec.completions).toBeUndefined();
  });

  it("CronJob", () => {
    const c = created(
      "cronjobs",
      `
apiVersion: batch/v1
kind: CronJob
metadata: {name: hello}
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: hello, image: busybox}]
`,
    );
    expect(c.spec.concurrencyPolicy).toBe("Allow");
    expect(c.spec.suspend).toBe(false);
    expect(c.spec.successfulJobsHistoryLimit).toBe(3);
    expect(c.spec.failedJobsHistoryLimit).toBe(1);
    expect(c.spec.jobTemplate.metadata).toEqual({});
    expect(c.spec.jobTemplate.spec.template.metadata).toEqual({});
    expect(c.spec.jobTemplate.spec.template.spec.dnsPolicy).toBe("ClusterFirst");
    // Job-level defaults are not applied inside a CronJob's template.
    expect(c.spec.jobTemplate.spec.backoffLimit).toBeUndefined();
    expect(c.status).toEqual({});
  });
});

describe("Service defaults", () => {
  it("ClusterIP service", () => {
    const s = created(
      "services",
      `
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports:
  - port: 80
`,
    );
    const ip = s.spec.clusterIP;
    expect(ip).toMatch(/^10\.9[6-9]\.|^10\.1[01]\d\./);
    expect(s).toEqual(
      y(`
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  clusterIP: ${ip}
  clusterIPs: [${ip}]
  internalTrafficPolicy: Cluster
  ipFamilies: [IPv4]
  ipFamilyPolicy: SingleStack
  ports:
  - port: 80
    protocol: TCP
    targetPort: 80
  selector: {app: web}
  sessionAffinity: None
  type: ClusterIP
status:
  loadBalancer: {}
`),
    );
  });

  it("NodePort service gets externalTrafficPolicy and a node port; named targetPort kept", () => {
    const s = created(
      "services",
      `
apiVersion: v1
kind: Service
metadata: {name: np}
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - name: http
    port: 80
    targetPort: http
`,
    );
    expect(s.spec.externalTrafficPolicy).toBe("Cluster");
    expect(s.spec.ports[0]).toEqual({ name: "http", port: 80, protocol: "TCP", targetPort: "http", nodePort: s.spec.ports[0].nodePort });
    expect(s.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(s.spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
  });

  it("headless service", () => {
    const s = created("services", `{apiVersion: v1, kind: Service, metadata: {name: hl}, spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}}`);
    expect(s.spec.clusterIP).toBe("None");
    expect(s.spec.clusterIPs).toEqual(["None"]);
    // (ipFamilies/ipFamilyPolicy of headless services are the allocator's business: SingleStack + [IPv4] here.)
  });
});

describe("other kinds", () => {
  it("Secret: type Opaque, stringData merged into data", () => {
    const s = created("secrets", `{apiVersion: v1, kind: Secret, metadata: {name: s}, stringData: {user: admin}}`);
    expect(s).toEqual({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" }, type: "Opaque", data: { user: "YWRtaW4=" } });
  });

  it("ConfigMap gets nothing added", () => {
    const c = created("configmaps", `{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: "1"}}`);
    expect(c).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default" }, data: { a: "1" } });
  });

  it("PersistentVolumeClaim and PersistentVolume", () => {
    const c = created("persistentvolumeclaims", `{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: c}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1024Mi}}}}`);
    expect(c.spec).toEqual({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, volumeMode: "Filesystem" });
    expect(c.status).toEqual({ phase: "Pending" });
    const pv = created("persistentvolumes", `{apiVersion: v1, kind: PersistentVolume, metadata: {name: pv}, spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /data}}}`);
    expect(pv.spec).toEqual({
      capacity: { storage: "1Gi" },
      accessModes: ["ReadWriteOnce"],
      hostPath: { path: "/data", type: "" },
      persistentVolumeReclaimPolicy: "Retain",
      volumeMode: "Filesystem",
    });
  });

  it("StorageClass", () => {
    const s = created("storageclasses", `{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: fast}, provisioner: example.com/fast}`);
    expect(s).toEqual({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "fast" },
      provisioner: "example.com/fast",
      reclaimPolicy: "Delete",
      volumeBindingMode: "Immediate",
    });
  });

  it("Namespace", () => {
    const n = created("namespaces", `{apiVersion: v1, kind: Namespace, metadata: {name: dev}}`);
    expect(n).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "dev", labels: { "kubernetes.io/metadata.name": "dev" } },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    });
  });

  it("NetworkPolicy: protocol and policyTypes", () => {
    const n = created("networkpolicies", `{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: np}, spec: {podSelector: {}, ingress: [{ports: [{port: 80}]}], egress: [{}]}}`);
    expect(n.spec).toEqual({ podSelector: {}, ingress: [{ ports: [{ port: 80, protocol: "TCP" }] }], egress: [{}], policyTypes: ["Ingress", "Egress"] });
    const deny = created("networkpolicies", `{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: deny}, spec: {podSelector: {}}}`);
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress"] });
  });

  it("Ingress keeps its spec and gets a status", () => {
    const i = created(
      "ingresses",
      `{apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: ing}, spec: {rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]}}`,
    );
    expect(i.spec.rules[0].http.paths[0]).toEqual({ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } });
    expect(i.status).toEqual({ loadBalancer: {} });
  });

  it("HorizontalPodAutoscaler (autoscaling/v2)", () => {
    const h = created(
      "horizontalpodautoscalers",
      `{apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, metadata: {name: web}, spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, maxReplicas: 5}}`,
    );
    expect(h.spec).toEqual({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      maxReplicas: 5,
      minReplicas: 1,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
    });
    expect(h.status).toEqual({ desiredReplicas: 0 });
  });

  it("PriorityClass and PodDisruptionBudget", () => {
    const p = created("priorityclasses", `{apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: high}, value: 1000}`);
    expect(p.preemptionPolicy).toBe("PreemptLowerPriority");
    const b = created("poddisruptionbudgets", `{apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {name: pdb}, spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}}`);
    expect(b.status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
  });

  it("drops fields Go would not write: nulls, empty omitempty lists, zero omitempty scalars", () => {
    const p = created(
      "pods",
      `
apiVersion: v1
kind: Pod
metadata: {name: zeros, annotations: {}}
spec:
  hostNetwork: false
  nodeName: ""
  tolerations: []
  containers:
  - name: c
    image: nginx
    args: []
    stdin: false
    ports: [{containerPort: 80, hostPort: 0}]
    env: null
`,
    );
    expect(p.metadata.annotations).toBeUndefined();
    expect(p.spec.hostNetwork).toBeUndefined();
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.spec.containers[0].args).toBeUndefined();
    expect(p.spec.containers[0].stdin).toBeUndefined();
    expect(p.spec.containers[0].env).toBeUndefined();
    expect(p.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: "TCP" }]);
  });
});
