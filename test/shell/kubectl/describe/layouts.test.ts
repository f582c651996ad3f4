/**
 * kubectl describe on a live cluster: the layout of each describer as kubectl
 * v1.34 prints it (checked against the real kubectl on the same simulated
 * cluster). Values that other components choose (container and image IDs,
 * UIDs, token volume suffixes, image pull durations) are masked.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "../../../../src/cluster/cluster.js";
import { newCluster, sh } from "../../../helpers.js";

const SETUP = String.raw`
cat > /tmp/nginx.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: nginx, labels: {run: nginx}}
spec:
  containers:
  - name: nginx
    image: nginx
    ports: [{containerPort: 80, name: http}]
YAML
cat > /tmp/np.yaml <<'YAML'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np1}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - podSelector: {matchLabels: {role: fe}}
    - namespaceSelector: {matchLabels: {team: a}}
      podSelector: {matchLabels: {x: y}}
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
    ports:
    - {port: 80}
    - {port: 8000, endPort: 9000, protocol: UDP}
  - {}
  egress: []
YAML
cat > /tmp/storage.yaml <<'YAML'
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv1, labels: {type: local}}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: manual
  hostPath: {path: /mnt/data}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: pvc1}
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 500Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: user}
spec:
  containers:
  - {name: c, image: busybox, command: [sleep, "3600"], volumeMounts: [{name: v, mountPath: /v}]}
  volumes:
  - {name: v, persistentVolumeClaim: {claimName: pvc1}}
YAML
kubectl create deployment web --image=nginx --replicas=2
kubectl create service clusterip web --tcp=80:80
kubectl create configmap cfg --from-literal=a=hello --from-literal=b=world
kubectl create secret generic db --from-literal=password=s3cr3t12 --from-literal=user=admin
kubectl create role pod-reader --verb=get,list,watch --resource=pods,deployments.apps --resource-name=x
kubectl create rolebinding rb --role=pod-reader --user=jane --serviceaccount=default:default
kubectl create ns team
kubectl create quota q1 -n team --hard=pods=10,requests.cpu=2,requests.memory=1Gi
kubectl create job j1 --image=busybox -- echo hi
kubectl create cronjob cj --image=busybox --schedule="*/5 * * * *" -- date
kubectl create ingress ing1 --rule="foo.com/bar*=web:80" --class=nginx
kubectl apply -f /tmp/np.yaml -f /tmp/storage.yaml -f /tmp/nginx.yaml
sleep 30
`;


function mask(text: string): string {
  return text
    .replace(/containerd:\/\/[0-9a-f]{64}/g, "containerd://<id>")
    .replace(/@sha256:[0-9a-f]{64}/g, "@sha256:<digest>")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uid>")
    .replace(/kube-api-access-[a-z0-9]{5}/g, "kube-api-access-<x>")
    .replace(/ in [0-9.]+m?s \([0-9.]+m?s including waiting\)/g, " in <t> (<t> including waiting)");
}

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
  return mask(r.stdout);
}

describe("kubectl describe layouts", () => {
  it("a running nginx pod: containers, conditions, the projected service-account volume, tolerations and events", async () => {
    expect(await describeText("kubectl describe pod nginx")).toBe(
      `Name:             nginx
Namespace:        default
Priority:         0
Service Account:  default
Node:             node02/192.168.100.12
Start Time:       Mon, 12 Jan 2026 08:47:00 +0000
Labels:           run=nginx
Annotations:      <none>
Status:           Running
IP:               10.244.2.3
IPs:
  IP:  10.244.2.3
Containers:
  nginx:
    Container ID:   containerd://<id>
    Image:          nginx
    Image ID:       docker.io/library/nginx@sha256:<digest>
    Port:           80/TCP (http)
    Host Port:      0/TCP (http)
    State:          Running
      Started:      Mon, 12 Jan 2026 08:47:02 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-<x> (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-<x>:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  30s   default-scheduler  Successfully assigned default/nginx to node02
  Normal  Pulling    30s   kubelet            Pulling image "nginx"
  Normal  Pulled     28s   kubelet            Successfully pulled image "nginx" in <t> (<t> including waiting). Image size: 72306367 bytes.
  Normal  Created    28s   kubelet            Created container: nginx
  Normal  Started    28s   kubelet            Started container nginx
`,
    );
  });

  it("a Deployment after its rollout: replicas, strategy, pod template, conditions and ReplicaSets", async () => {
    expect(await describeText("kubectl describe deploy web")).toBe(
      `Name:                   web
Namespace:              default
CreationTimestamp:      Mon, 12 Jan 2026 08:47:00 +0000
Labels:                 app=web
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=web
Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=web
  Containers:
   nginx:
    Image:         nginx
    Port:          <none>
    Host Port:     <none>
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   web-7957885594 (2/2 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  30s   deployment-controller  Scaled up replica set web-7957885594 from 0 to 2
`,
    );
  });

  it("a worker node: lease, conditions, capacity, system info and the requests of its pods", async () => {
    expect(await describeText("kubectl describe node node01 --show-events=false")).toBe(
      `Name:               node01
Roles:              <none>
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=node01
                    kubernetes.io/os=linux
Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: unix:///var/run/containerd/containerd.sock
                    node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Mon, 12 Jan 2026 08:01:00 +0000
Taints:             <none>
Unschedulable:      false
Lease:
  HolderIdentity:  node01
  AcquireTime:     <unset>
  RenewTime:       Mon, 12 Jan 2026 08:47:30 +0000
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   Mon, 12 Jan 2026 08:47:10 +0000   Mon, 12 Jan 2026 08:01:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  DiskPressure     False   Mon, 12 Jan 2026 08:47:10 +0000   Mon, 12 Jan 2026 08:01:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure
  PIDPressure      False   Mon, 12 Jan 2026 08:47:10 +0000   Mon, 12 Jan 2026 08:01:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available
  Ready            True    Mon, 12 Jan 2026 08:47:10 +0000   Mon, 12 Jan 2026 08:01:10 +0000   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  192.168.100.11
  Hostname:    node01
Capacity:
  cpu:                2
  ephemeral-storage:  50620216Ki
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             4019328Ki
  pods:               110
Allocatable:
  cpu:                2
  ephemeral-storage:  46651590989
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             3916928Ki
  pods:               110
System Info:
  Machine ID:                 eff1237df681579caff64b72b3e1ee18
  System UUID:                <uid>
  Boot ID:                    <uid>
  Kernel Version:             6.8.0-51-generic
  OS Image:                   Ubuntu 24.04.1 LTS
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.27
  Kubelet Version:            v1.34.1
  Kube-Proxy Version:         
PodCIDR:                      10.244.1.0/24
PodCIDRs:                     10.244.1.0/24
Non-terminated Pods:          (4 in total)
  Namespace                   Name                     CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                     ------------  ----------  ---------------  -------------  ---
  default                     user                     0 (0%)        0 (0%)      0 (0%)           0 (0%)         30s
  default                     web-7957885594-qktnk     0 (0%)        0 (0%)      0 (0%)           0 (0%)         30s
  kube-flannel                kube-flannel-ds-dszpx    100m (5%)     0 (0%)      50Mi (1%)        0 (0%)         46m
  kube-system                 kube-proxy-7p4kr         0 (0%)        0 (0%)      0 (0%)           0 (0%)         46m
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests   Limits
  --------           --------   ------
  cpu                100m (5%)  0 (0%)
  memory             50Mi (1%)  0 (0%)
  ephemeral-storage  0 (0%)     0 (0%)
  hugepages-1Gi      0 (0%)     0 (0%)
  hugepages-2Mi      0 (0%)     0 (0%)
`,
    );
  });

  it("a Service with the endpoints of its EndpointSlices", async () => {
    expect(await describeText("kubectl describe svc web")).toBe(
      `Name:                     web
Namespace:                default
Labels:                   app=web
Annotations:              <none>
Selector:                 app=web
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.102.191.176
IPs:                      10.102.191.176
Port:                     80-80  80/TCP
TargetPort:               80/TCP
Endpoints:                10.244.1.2:80,10.244.2.2:80
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`,
    );
  });

  it("a ConfigMap's data and a Secret's sizes", async () => {
    expect(await describeText("kubectl describe cm cfg")).toBe(
      `Name:         cfg
Namespace:    default
Labels:       <none>
Annotations:  <none>

Data
====
a:
----
hello

b:
----
world


BinaryData
====

Events:  <none>
`,
    );
    expect(await describeText("kubectl describe secret db")).toBe(
      `Name:         db
Namespace:    default
Labels:       <none>
Annotations:  <none>

Type:  Opaque

Data
====
password:  8 bytes
user:      5 bytes
`,
    );
  });

  it("a Role's rules (one row per resource, merged verbs) and a RoleBinding's subjects", async () => {
    expect(await describeText("kubectl describe role pod-reader")).toBe(
      `Name:         pod-reader
Labels:       <none>
Annotations:  <none>
PolicyRule:
  Resources         Non-Resource URLs  Resource Names  Verbs
  ---------         -----------------  --------------  -----
  pods              []                 [x]             [get list watch]
  deployments.apps  []                 [x]             [get list watch]
`,
    );
    expect(await describeText("kubectl describe rolebinding rb")).toBe(
      `Name:         rb
Labels:       <none>
Annotations:  <none>
Role:
  Kind:  Role
  Name:  pod-reader
Subjects:
  Kind            Name     Namespace
  ----            ----     ---------
  User            jane     
  ServiceAccount  default  default
`,
    );
  });

  it("a NetworkPolicy in its prose form", async () => {
    expect(await describeText("kubectl describe netpol np1")).toBe(
      `Name:         np1
Namespace:    default
Created on:   2026-01-12 08:47:00 +0000 UTC
Labels:       <none>
Annotations:  <none>
Spec:
  PodSelector:     app=web
  Allowing ingress traffic:
    To Port: 80/TCP
    To Port Range: 8000-9000/UDP
    From:
      PodSelector: role=fe
    From:
      NamespaceSelector: team=a
      PodSelector: x=y
    From:
      IPBlock:
        CIDR: 10.0.0.0/8
        Except: 10.1.0.0/16
    ----------
    To Port: <any> (traffic allowed to all ports)
    From: <any> (traffic not restricted by source)
  Allowing egress traffic:
    <none> (Selected pods are isolated for egress connectivity)
  Policy Types: Ingress, Egress
`,
    );
  });

  it("an Ingress's rules with the endpoints behind each backend", async () => {
    expect(await describeText("kubectl describe ingress ing1")).toBe(
      `Name:             ing1
Labels:           <none>
Namespace:        default
Address:          
Ingress Class:    nginx
Default backend:  <default>
Rules:
  Host        Path  Backends
  ----        ----  --------
  foo.com     
              /bar   web:80 (10.244.1.2:80,10.244.2.2:80)
Annotations:  <none>
Events:       <none>
`,
    );
  });

  it("a completed Job and a CronJob", async () => {
    expect(await describeText("kubectl describe job j1")).toBe(
      `Name:             j1
Namespace:        default
Selector:         batch.kubernetes.io/controller-uid=<uid>
Labels:           batch.kubernetes.io/controller-uid=<uid>
                  batch.kubernetes.io/job-name=j1
                  controller-uid=<uid>
                  job-name=j1
Annotations:      <none>
Parallelism:      1
Completions:      1
Completion Mode:  NonIndexed
Suspend:          false
Backoff Limit:    6
Start Time:       Mon, 12 Jan 2026 08:47:00 +0000
Completed At:     Mon, 12 Jan 2026 08:47:03 +0000
Duration:         3s
Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed
Pod Template:
  Labels:  batch.kubernetes.io/controller-uid=<uid>
           batch.kubernetes.io/job-name=j1
           controller-uid=<uid>
           job-name=j1
  Containers:
   j1:
    Image:      busybox
    Port:       <none>
    Host Port:  <none>
    Command:
      echo
      hi
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:
  Type    Reason            Age   From            Message
  ----    ------            ----  ----            -------
  Normal  SuccessfulCreate  30s   job-controller  Created pod: j1-sj6lp
  Normal  Completed         27s   job-controller  Job completed
`,
    );
    expect(await describeText("kubectl describe cronjob cj")).toBe(
      `Name:                          cj
Namespace:                     default
Labels:                        <none>
Annotations:                   <none>
Schedule:                      */5 * * * *
Concurrency Policy:            Allow
Suspend:                       False
Successful Job History Limit:  3
Failed Job History Limit:      1
Starting Deadline Seconds:     <unset>
Selector:                      <unset>
Parallelism:                   <unset>
Completions:                   <unset>
Pod Template:
  Labels:  <none>
  Containers:
   cj:
    Image:      busybox
    Port:       <none>
    Host Port:  <none>
    Command:
      date
    Environment:     <none>
    Mounts:          <none>
  Volumes:           <none>
  Node-Selectors:    <none>
  Tolerations:       <none>
Last Schedule Time:  <unset>
Active Jobs:         <none>
Events:              <none>
`,
    );
  });

  it("a bound PersistentVolume and its claim with the pods using it", async () => {
    expect(await describeText("kubectl describe pv pv1")).toBe(
      `Name:            pv1
Labels:          type=local
Annotations:     pv.kubernetes.io/bound-by-controller: yes
Finalizers:      []
StorageClass:    manual
Status:          Bound
Claim:           default/pvc1
Reclaim Policy:  Retain
Access Modes:    RWO
VolumeMode:      Filesystem
Capacity:        1Gi
Node Affinity:   <none>
Message:         
Source:
    Type:          HostPath (bare host directory volume)
    Path:          /mnt/data
    HostPathType:  
Events:            <none>
`,
    );
    expect(await describeText("kubectl describe pvc pvc1")).toBe(
      `Name:          pvc1
Namespace:     default
StorageClass:  manual
Status:        Bound
Volume:        pv1
Labels:        <none>
Annotations:   pv.kubernetes.io/bind-completed: yes
               pv.kubernetes.io/bound-by-controller: yes
Finalizers:    []
Capacity:      1Gi
Access Modes:  RWO
VolumeMode:    Filesystem
Used By:       user
Events:
  Type     Reason              Age   From                         Message
  ----     ------              ----  ----                         -------
  Warning  ProvisioningFailed  30s   persistentvolume-controller  storageclass.storage.k8s.io "manual" not found
`,
    );
  });

  it("a Namespace with its quotas and limit ranges", async () => {
    expect(await describeText("kubectl describe ns team")).toBe(
      `Name:         team
Labels:       kubernetes.io/metadata.name=team
Annotations:  <none>
Status:       Active

Resource Quotas
  Name:            q1
  Resource         Used  Hard
  --------         ---   ---
  pods             0     10
  requests.cpu     0     2
  requests.memory  0     1Gi

No LimitRange resource.
`,
    );
  });

  it("a kind without its own describer (Lease) through the generic describer", async () => {
    expect(await describeText("kubectl describe lease -n kube-node-lease node01")).toBe(
      `Name:         node01
Namespace:    kube-node-lease
Labels:       <none>
Annotations:  <none>
API Version:  coordination.k8s.io/v1
Kind:         Lease
Metadata:
  Creation Timestamp:  2026-01-12T08:01:00Z
  Owner References:
    API Version:     v1
    Kind:            Node
    Name:            node01
    UID:             <uid>
  Resource Version:  4207
  UID:               <uid>
Spec:
  Holder Identity:         node01
  Lease Duration Seconds:  40
  Renew Time:              2026-01-12T08:47:30.000000Z
Events:                    <none>
`,
    );
  });

});
