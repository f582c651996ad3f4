/**
 * Printers of the core group besides pods: columns and cell formats.
 */
import { describe, expect, it } from "vitest";
import { defaultTable, tableConvertorFor, customResourceTable } from "../../../../src/cluster/apiserver/printers/index.js";
import { ResourceRegistry } from "../../../../src/cluster/apiserver/resources.js";
import { NOW, ago, headers, meta, row } from "./helpers.js";

describe("nodes", () => {
  const node = (status: Record<string, any>, labels: Record<string, string> = {}, spec: Record<string, any> = {}) => ({
    metadata: { name: "node01", creationTimestamp: ago(3 * 86400), labels },
    spec,
    status,
  });

  it("has the real columns", () => {
    expect(headers("/Node")).toEqual({
      normal: ["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
      wide: ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
    });
  });

  it("derives STATUS from the Ready condition only, and adds SchedulingDisabled", () => {
    expect(row("/Node", node({ conditions: [{ type: "Ready", status: "True" }] })).Status).toBe("Ready");
    expect(row("/Node", node({ conditions: [{ type: "MemoryPressure", status: "True" }, { type: "Ready", status: "Unknown" }] })).Status).toBe("NotReady");
    expect(row("/Node", node({ conditions: [{ type: "Ready", status: "False" }] }, {}, { unschedulable: true })).Status).toBe("NotReady,SchedulingDisabled");
    expect(row("/Node", node({}, {}, { unschedulable: true })).Status).toBe("Unknown,SchedulingDisabled");
  });

  it("lists roles from node-role labels and the legacy kubernetes.io/role, sorted", () => {
    expect(row("/Node", node({}, { "node-role.kubernetes.io/control-plane": "", "node-role.kubernetes.io/etcd": "", "kubernetes.io/role": "master" })).Roles).toBe("control-plane,etcd,master");
    expect(row("/Node", node({}, { "node-role.kubernetes.io/": "" })).Roles).toBe("<none>");
  });

  it("prints version, addresses and node info", () => {
    const n = node({
      addresses: [{ type: "InternalIP", address: "192.168.100.11" }, { type: "Hostname", address: "node01" }],
      nodeInfo: { kubeletVersion: "v1.34.1", osImage: "Ubuntu 22.04.4 LTS", kernelVersion: "5.15.0-105-generic", containerRuntimeVersion: "containerd://1.7.27" },
    });
    expect(row("/Node", n)).toEqual({
      Name: "node01",
      Status: "Unknown",
      Roles: "<none>",
      Age: "3d",
      Version: "v1.34.1",
      "Internal-IP": "192.168.100.11",
      "External-IP": "<none>",
      "OS-Image": "Ubuntu 22.04.4 LTS",
      "Kernel-Version": "5.15.0-105-generic",
      "Container-Runtime": "containerd://1.7.27",
    });
    expect(row("/Node", node({}))).toMatchObject({ "OS-Image": "<unknown>", "Kernel-Version": "<unknown>", "Container-Runtime": "<unknown>", Version: "" });
  });
});

describe("services", () => {
  const svc = (spec: Record<string, any>, status: Record<string, any> = {}) => ({ metadata: meta("web"), spec, status });

  it("has the real columns", () => {
    expect(headers("/Service")).toEqual({ normal: ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], wide: ["SELECTOR"] });
  });

  it("prints ClusterIP, NodePort, headless and ExternalName services", () => {
    expect(row("/Service", svc({ type: "ClusterIP", clusterIPs: ["10.96.0.10"], ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }, { port: 9153, protocol: "TCP" }], selector: { "k8s-app": "kube-dns" } }))).toEqual({
      Name: "web",
      Type: "ClusterIP",
      "Cluster-IP": "10.96.0.10",
      "External-IP": "<none>",
      "Port(s)": "53/UDP,53/TCP,9153/TCP",
      Age: "5m",
      Selector: "k8s-app=kube-dns",
    });
    expect(row("/Service", svc({ type: "NodePort", clusterIPs: ["10.96.1.1"], externalIPs: ["1.2.3.4"], ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }] }))).toMatchObject({
      "External-IP": "1.2.3.4",
      "Port(s)": "80:30080/TCP",
      Selector: "<none>",
    });
    expect(row("/Service", svc({ type: "ClusterIP", clusterIPs: ["None"] }))).toMatchObject({ "Cluster-IP": "None", "Port(s)": "<none>" });
    expect(row("/Service", svc({ type: "ExternalName", externalName: "example.com" }))).toMatchObject({ "Cluster-IP": "<none>", "External-IP": "example.com" });
  });

  it("shows <pending> until a load balancer has an address, then its sorted addresses (never truncated by the server)", () => {
    expect(row("/Service", svc({ type: "LoadBalancer", clusterIPs: ["10.96.1.2"] }))["External-IP"]).toBe("<pending>");
    const lb = svc({ type: "LoadBalancer", externalIPs: ["9.9.9.9"] }, { loadBalancer: { ingress: [{ ip: "5.6.7.8" }, { hostname: "a-very-long-load-balancer.example.com" }, { ip: "1.2.3.4" }] } });
    expect(row("/Service", lb)["External-IP"]).toBe("1.2.3.4,5.6.7.8,a-very-long-load-balancer.example.com,9.9.9.9");
  });
});

describe("endpoints", () => {
  it("shows up to three ip:port pairs and how many more", () => {
    const ep = {
      metadata: meta("web"),
      subsets: [
        { addresses: [{ ip: "10.244.1.5" }, { ip: "10.244.2.7" }], ports: [{ port: 80 }, { port: 443 }] },
        { addresses: [{ ip: "fd00::1" }], ports: [{ port: 8080 }] },
      ],
    };
    expect(row("/Endpoints", ep).Endpoints).toBe("10.244.1.5:80,10.244.2.7:80,10.244.1.5:443 + 2 more...");
    expect(row("/Endpoints", { metadata: meta("x"), subsets: [{ addresses: [{ ip: "fd00::1" }], ports: [{ port: 80 }] }] }).Endpoints).toBe("[fd00::1]:80");
    expect(row("/Endpoints", { metadata: meta("x"), subsets: [{ addresses: [{ ip: "10.0.0.1" }] }] }).Endpoints).toBe("10.0.0.1");
    expect(row("/Endpoints", { metadata: meta("x") }).Endpoints).toBe("<none>");
  });
});

describe("configuration objects", () => {
  it("counts data keys of config maps and secrets, secrets of service accounts", () => {
    expect(row("/ConfigMap", { metadata: meta("c"), data: { a: "1", b: "2" }, binaryData: { c: "AA==" } })).toEqual({ Name: "c", Data: 3, Age: "5m" });
    expect(row("/Secret", { metadata: meta("s"), type: "kubernetes.io/tls", data: { "tls.crt": "", "tls.key": "" } })).toEqual({ Name: "s", Type: "kubernetes.io/tls", Data: 2, Age: "5m" });
    expect(row("/ServiceAccount", { metadata: meta("sa") })).toEqual({ Name: "sa", Secrets: 0, Age: "5m" });
    expect(row("/Namespace", { metadata: meta("ns"), status: { phase: "Terminating" } })).toEqual({ Name: "ns", Status: "Terminating", Age: "5m" });
  });

  it("splits resource quota usage into requests and limits", () => {
    const q = {
      metadata: meta("q"),
      status: { hard: { pods: "10", "limits.cpu": "2", "requests.memory": "1Gi", "limits.memory": "2Gi" }, used: { pods: "3", "requests.memory": "512Mi" } },
    };
    expect(row("/ResourceQuota", q)).toEqual({ Name: "q", Request: "pods: 3/10, requests.memory: 512Mi/1Gi", Limit: "limits.cpu: 0/2, limits.memory: 0/2Gi", Age: "5m" });
  });
});

describe("events", () => {
  it("has LAST SEEN TYPE REASON OBJECT MESSAGE, and the wide columns in between and after", () => {
    expect(headers("/Event")).toEqual({ normal: ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], wide: ["SUBOBJECT", "SOURCE", "FIRST SEEN", "COUNT", "NAME"] });
  });

  it("prints core events with their timestamps, count and source", () => {
    const ev = {
      metadata: meta("web.1"),
      involvedObject: { kind: "Pod", name: "web", fieldPath: "spec.containers{app}" },
      reason: "BackOff",
      message: "  Back-off restarting failed container\n",
      type: "Warning",
      source: { component: "kubelet", host: "node01" },
      firstTimestamp: ago(600),
      lastTimestamp: ago(20),
      count: 12,
    };
    expect(row("/Event", ev)).toEqual({
      "Last Seen": "20s",
      Type: "Warning",
      Reason: "BackOff",
      Object: "pod/web",
      Subobject: "spec.containers{app}",
      Source: "kubelet, node01",
      Message: "Back-off restarting failed container",
      "First Seen": "10m",
      Count: 12,
      Name: "web.1",
    });
  });

  it("falls back to eventTime and the reporting controller for events.k8s.io events, with count 1", () => {
    const ev = {
      metadata: meta("web.2"),
      involvedObject: { kind: "Pod", name: "web" },
      reason: "Scheduled",
      message: "Successfully assigned default/web to node01",
      type: "Normal",
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: new Date(NOW - 90_500).toISOString().replace("Z", "000Z"),
      reportingComponent: "default-scheduler",
      reportingInstance: "default-scheduler-controlplane",
    };
    expect(row("/Event", ev)).toMatchObject({ "Last Seen": "90s", "First Seen": "90s", Count: 1, Source: "default-scheduler, default-scheduler-controlplane" });
  });

  it("uses the series for repeated new-style events, and the kind alone without a name", () => {
    const ev = { metadata: meta("n.1"), involvedObject: { kind: "Node" }, series: { count: 4, lastObservedTime: ago(5) }, eventTime: ago(3600), source: { component: "kubelet" } };
    expect(row("/Event", ev)).toMatchObject({ "Last Seen": "5s", "First Seen": "60m", Count: 4, Object: "node", Source: "kubelet" });
  });
});

describe("volumes", () => {
  it("prints persistent volumes", () => {
    expect(headers("/PersistentVolume")).toEqual({
      normal: ["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"],
      wide: ["VOLUMEMODE"],
    });
    const pv = {
      metadata: meta("pv1", { namespace: undefined }),
      spec: { capacity: { storage: "10Gi" }, accessModes: ["ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce"], persistentVolumeReclaimPolicy: "Retain", claimRef: { namespace: "default", name: "data" }, storageClassName: "fast", volumeMode: "Filesystem" },
      status: { phase: "Bound" },
    };
    expect(row("/PersistentVolume", pv)).toEqual({
      Name: "pv1",
      Capacity: "10Gi",
      "Access Modes": "RWO,RWX",
      "Reclaim Policy": "Retain",
      Status: "Bound",
      Claim: "default/data",
      StorageClass: "fast",
      VolumeAttributesClass: "<unset>",
      Reason: "",
      Age: "5m",
      VolumeMode: "Filesystem",
    });
    expect(row("/PersistentVolume", { ...pv, metadata: { ...pv.metadata, deletionTimestamp: ago(0) } }).Status).toBe("Terminating");
  });

  it("prints claims, with capacity and modes only once bound", () => {
    const pending = { metadata: meta("data", { annotations: { "volume.beta.kubernetes.io/storage-class": "old" } }), spec: { resources: { requests: { storage: "1Gi" } }, storageClassName: "new" }, status: { phase: "Pending" } };
    expect(row("/PersistentVolumeClaim", pending)).toEqual({
      Name: "data",
      Status: "Pending",
      Volume: "",
      Capacity: "",
      "Access Modes": "",
      StorageClass: "old",
      VolumeAttributesClass: "<unset>",
      Age: "5m",
      VolumeMode: "<unset>",
    });
    const bound = { metadata: meta("data"), spec: { volumeName: "pv1", storageClassName: "fast", volumeMode: "Block" }, status: { phase: "Bound", capacity: { storage: "10Gi" }, accessModes: ["ReadWriteOncePod", "ReadOnlyMany"] } };
    expect(row("/PersistentVolumeClaim", bound)).toMatchObject({ Volume: "pv1", Capacity: "10Gi", "Access Modes": "ROX,RWOP", StorageClass: "fast", VolumeMode: "Block" });
  });
});

describe("resources without a printer", () => {
  const registry = new ResourceRegistry();

  it("roles, cluster roles and limit ranges get the server's default table: NAME and CREATED AT", () => {
    for (const name of ["roles", "clusterroles", "limitranges", "customresourcedefinitions"]) {
      expect(tableConvertorFor(registry.resolve(name)!)).toBe(defaultTable);
    }
    const cells = defaultTable.cells({ metadata: { name: "pod-reader", creationTimestamp: "2026-01-12T08:00:00Z" } }, { now: NOW });
    expect(defaultTable.columns.map((c) => c.name.toUpperCase())).toEqual(["NAME", "CREATED AT"]);
    expect(cells).toEqual(["pod-reader", "2026-01-12T08:00:00Z"]);
    expect(defaultTable.cells({ metadata: { name: "x" } }, { now: NOW })).toEqual(["x", "0001-01-01T00:00:00Z"]);
  });

  it("custom resources get NAME and AGE", () => {
    const crd = { ...registry.resolve("configmaps")!, kind: "Widget", group: "example.com", plural: "widgets", custom: true };
    expect(tableConvertorFor(crd)).toBe(customResourceTable);
    expect(customResourceTable.cells({ metadata: { name: "w", creationTimestamp: ago(7200) } }, { now: NOW })).toEqual(["w", "120m"]);
  });
});
