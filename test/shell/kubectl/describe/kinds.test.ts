/**
 * kubectl describe for the remaining kinds on a live cluster, as kubectl
 * v1.34 prints them (checked against the real kubectl on the same simulated
 * cluster): StatefulSet, DaemonSet, HPA, LimitRange, ResourceQuota, PDB,
 * PriorityClass, ServiceAccount, ClusterRole and CSR.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../../helpers.js";

// A CSR made by `openssl req -subj "/CN=jane/O=dev/O=ops/C=US" -addext "subjectAltName=DNS:jane.example.com,IP:10.0.0.1,email:j@x.com"`.
const SETUP = String.raw`
cat > /tmp/kinds.yaml <<'YAML'
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: redis
        volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 5
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
---
apiVersion: v1
kind: LimitRange
metadata: {name: lr}
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 256Mi}
    defaultRequest: {cpu: 100m, memory: 128Mi}
    max: {cpu: "2"}
  - type: Pod
    maxLimitRequestRatio: {cpu: "10"}
---
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: jane}
spec:
  request: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlJQ3VqQ0NBYUlDQVFBd09ERU5NQXNHQTFVRUF3d0VhbUZ1WlRFTU1Bb0dBMVVFQ2d3RFpHVjJNUXd3Q2dZRApWUVFLREFOdmNITXhDekFKQmdOVkJBWVRBbFZUTUlJQklqQU5CZ2txaGtpRzl3MEJBUUVGQUFPQ0FROEFNSUlCCkNnS0NBUUVBcVpsbUlKOUFoZ29ycWJXdlpiaE9xQWFKTTF1WndQNnBjblRMcjY3R2FjYW9INUQvajJwRUMrVW4KUWdxWjBJL2tBM2NpVVdhSHhLS2pIem84M05KdFBnQzlSZHduMFd0R2dLY2gyeEZXMzhrMktvVnc1a1hrM0VBQgpCTk40QjBaOEwxbnRHdTFjUFZ6MTFobUpuMmNjM2hXQnRGK0F1a0ZQUWNJbDlIOGhhckFNb1F0UDhCSmcwVUlnClNzc2hLd1BRNTh3U2lvd2hWZFdqVmFGMVpTekxBVXA5bDNVdUNScXdzTHhCdDZNZFppdmZaVEo4dXFmNzl2b0UKeFYrNWtkbjd3N1dCUXlBT3BZc3dUUzhuZUd6N2hURzZqVUlqR25QZVNkU2k5K2pHSEQ2WkZOb3lidkJkV2piVgpNVTY0MVNBNlpaMVp5ZGdQWWJ0WDNlZ3NNeDk1ZndJREFRQUJvRDB3T3dZSktvWklodmNOQVFrT01TNHdMREFxCkJnTlZIUkVFSXpBaGdoQnFZVzVsTG1WNFlXMXdiR1V1WTI5dGh3UUtBQUFCZ1FkcVFIZ3VZMjl0TUEwR0NTcUcKU0liM0RRRUJDd1VBQTRJQkFRQjRhU01kbzhRM3lKdzAzL3l3WEVZeGNSMERPUkQ5dEJzTml6L29sVUdMN09LMAp5UmY3bElWZWtZVGhSWTE1REd5TDRlZGlCNEtBOEdqdXU1RDdJU3NPaHRqTGU0ZUZ1L1hXdkg4L3JUSjdBbUgrCklsL1RzbmJZRWF2YjdTV0c3OEQrL0hCT2tPVzJpc0J4Z1FjSkttRm5aci9MY20xVVdkZ1VCL3VSb3I2OHRkb3gKSW00ZzhuUGtlK0tsT0ZVYi9BK2lNM2JVZU9QYUJBeDRKRUFwMzFsK296S0RHMkdVejQ1VllQS0ZkamhDSGF1UwphS1d6QUZCWlpUQ0V3Q2ZlcWdheEM3NXY1ZG1oZXM2STRqWFlERmlvdGEzZ3J6R3pZVjZwSHh2SloyU2g3UXIzCld2aHBBeU42RnMxMGQ1YkhjaEhxMHZrSU9hRmM1THBTdHZxaXQyWFMKLS0tLS1FTkQgQ0VSVElGSUNBVEUgUkVRVUVTVC0tLS0tCg==
  signerName: kubernetes.io/kube-apiserver-client
  expirationSeconds: 86400
  usages: [client auth]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: mixed}
rules:
- {apiGroups: [""], resources: [pods, pods/log], verbs: [get, list]}
- {apiGroups: [apps], resources: [deployments], verbs: [create]}
- {apiGroups: [""], resources: [pods], verbs: [delete]}
- {nonResourceURLs: [/healthz, /metrics], verbs: [get]}
YAML
kubectl create deployment web --image=nginx
kubectl create pdb pdb1 --selector=app=web --min-available=1
kubectl create quota q1 --hard=pods=10,requests.memory=1Gi
kubectl create priorityclass high --value=1000 --description="high prio"
kubectl create sa builder
kubectl create -f /tmp/kinds.yaml
sleep 30
`;


let cluster: Cluster;
beforeAll(async () => {
  cluster = newCluster();
  const r = await sh(SETUP, { cluster });
  expect(r.stderr).toBe("");
}, 120_000);

async function describeText(command: string): Promise<string> {
  const r = await sh(command, { cluster });
  expect(r.stderr).toBe("");
  expect(r.exitCode).toBe(0);
  return r.stdout;
}

describe("kubectl describe: more kinds", () => {
  it("a StatefulSet with its volume claim templates", async () => {
    expect(await describeText("kubectl describe sts db")).toBe(
      `Name:               db
Namespace:          default
CreationTimestamp:  Mon, 12 Jan 2026 08:47:00 +0000
Selector:           app=db
Labels:             <none>
Annotations:        <none>
Replicas:           1 desired | 1 total
Update Strategy:    RollingUpdate
  Partition:        0
Pods Status:        0 Running / 1 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=db
  Containers:
   db:
    Image:        redis
    Port:         <none>
    Host Port:    <none>
    Environment:  <none>
    Mounts:
      /data from data (rw)
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Volume Claims:
  Name:          data
  StorageClass:  
  Labels:        <none>
  Annotations:   <none>
  Capacity:      1Gi
  Access Modes:  [ReadWriteOnce]
Events:
  Type    Reason            Age   From                    Message
  ----    ------            ----  ----                    -------
  Normal  SuccessfulCreate  30s   statefulset-controller  create Claim data-db-0 Pod db-0 in StatefulSet db success
  Normal  SuccessfulCreate  30s   statefulset-controller  create Pod db-0 in StatefulSet db successful
`,
    );
  });

  it("a DaemonSet: scheduling counts, node selector and a pod template with volumes (v1.34 adds Namespace)", async () => {
    expect(await describeText("kubectl describe ds -n kube-system kube-proxy")).toBe(
      `Name:           kube-proxy
Namespace:      kube-system
Selector:       k8s-app=kube-proxy
Node-Selector:  kubernetes.io/os=linux
Labels:         k8s-app=kube-proxy
Annotations:    <none>
Desired Number of Nodes Scheduled: 3
Current Number of Nodes Scheduled: 3
Number of Nodes Scheduled with Up-to-date Pods: 3
Number of Nodes Scheduled with Available Pods: 3
Number of Nodes Misscheduled: 0
Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:           k8s-app=kube-proxy
  Service Account:  kube-proxy
  Containers:
   kube-proxy:
    Image:      registry.k8s.io/kube-proxy:v1.34.1
    Port:       <none>
    Host Port:  <none>
    Command:
      /usr/local/bin/kube-proxy
      --config=/var/lib/kube-proxy/config.conf
      --hostname-override=$(NODE_NAME)
    Environment:
      NODE_NAME:   (v1:spec.nodeName)
    Mounts:
      /lib/modules from lib-modules (ro)
      /run/xtables.lock from xtables-lock (rw)
      /var/lib/kube-proxy from kube-proxy (rw)
  Volumes:
   kube-proxy:
    Type:      ConfigMap (a volume populated by a ConfigMap)
    Name:      kube-proxy
    Optional:  false
   xtables-lock:
    Type:          HostPath (bare host directory volume)
    Path:          /run/xtables.lock
    HostPathType:  FileOrCreate
   lib-modules:
    Type:               HostPath (bare host directory volume)
    Path:               /lib/modules
    HostPathType:       
  Priority Class Name:  system-node-critical
  Node-Selectors:       kubernetes.io/os=linux
  Tolerations:          op=Exists
Events:
  Type    Reason            Age   From                  Message
  ----    ------            ----  ----                  -------
  Normal  SuccessfulCreate  47m   daemonset-controller  Created pod: kube-proxy-pdwjz
  Normal  SuccessfulCreate  46m   daemonset-controller  Created pod: kube-proxy-7p4kr
  Normal  SuccessfulCreate  46m   daemonset-controller  Created pod: kube-proxy-7gf9p
`,
    );
  });

  it("a HorizontalPodAutoscaler's metrics as current / target", async () => {
    expect(await describeText("kubectl describe hpa web --show-events=false")).toBe(
      `Name:                                                  web
Namespace:                                             default
Labels:                                                <none>
Annotations:                                           <none>
CreationTimestamp:                                     Mon, 12 Jan 2026 08:47:00 +0000
Reference:                                             Deployment/web
Metrics:                                               ( current / target )
  resource cpu on pods  (as a percentage of request):  <unknown> / 50%
Min replicas:                                          1
Max replicas:                                          5
Deployment pods:                                       1 current / 0 desired
Conditions:
  Type           Status  Reason                   Message
  ----           ------  ------                   -------
  AbleToScale    True    SucceededGetScale        the HPA controller was able to get the target's current scale
  ScalingActive  False   FailedGetResourceMetric  the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container nginx of Pod web-7957885594-zrpkc
`,
    );
  });

  it("a LimitRange table with `-` for unset bounds and a ResourceQuota's used and hard", async () => {
    expect(await describeText("kubectl describe limits lr")).toBe(
      `Name:       lr
Namespace:  default
Type        Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio
----        --------  ---  ---  ---------------  -------------  -----------------------
Container   cpu       -    2    100m             500m           -
Container   memory    -    -    128Mi            256Mi          -
Pod         cpu       -    -    -                -              10
`,
    );
    expect(await describeText("kubectl describe quota q1")).toBe(
      `Name:            q1
Namespace:       default
Resource         Used   Hard
--------         ----   ----
pods             2      10
requests.memory  128Mi  1Gi
`,
    );
  });

  it("a PodDisruptionBudget's status and a PriorityClass", async () => {
    expect(await describeText("kubectl describe pdb pdb1")).toBe(
      `Name:           pdb1
Namespace:      default
Min available:  1
Selector:       app=web
Status:
    Allowed disruptions:  0
    Current:              1
    Desired:              1
    Total:                1
Events:                   <none>
`,
    );
    expect(await describeText("kubectl describe pc high")).toBe(
      `Name:              high
Value:             1000
GlobalDefault:     false
PreemptionPolicy:  PreemptLowerPriority
Description:       high prio
Annotations:       <none>
Events:            <none>
`,
    );
  });

  it("a ServiceAccount's secrets sections", async () => {
    expect(await describeText("kubectl describe sa builder")).toBe(
      `Name:                builder
Namespace:           default
Labels:              <none>
Annotations:         <none>
Image pull secrets:  <none>
Mountable secrets:   <none>
Tokens:              <none>
Events:              <none>
`,
    );
  });

  it("a ClusterRole's rules broken down, merged per resource and sorted by their verbs, URL rules last", async () => {
    expect(await describeText("kubectl describe clusterrole mixed")).toBe(
      `Name:         mixed
Labels:       <none>
Annotations:  <none>
PolicyRule:
  Resources         Non-Resource URLs  Resource Names  Verbs
  ---------         -----------------  --------------  -----
  deployments.apps  []                 []              [create]
  pods              []                 []              [get list delete]
  pods/log          []                 []              [get list]
                    [/healthz]         []              [get]
                    [/metrics]         []              [get]
`,
    );
  });

  it("a CertificateSigningRequest's subject and alternative names read from the request", async () => {
    expect(await describeText("kubectl describe csr jane")).toBe(
      `Name:                jane
Labels:              <none>
Annotations:         <none>
CreationTimestamp:   Mon, 12 Jan 2026 08:47:00 +0000
Requesting User:     kubernetes-admin
Signer:              kubernetes.io/kube-apiserver-client
Requested Duration:  24h
Status:              Pending
Subject:
  Common Name:    jane
  Serial Number:  
  Organization:   dev
                  ops
  Country:        US
Subject Alternative Names:
         DNS Names:        jane.example.com
         Email Addresses:  j@x.com
         IP Addresses:     10.0.0.1
Events:  <none>
`,
    );
  });

});
