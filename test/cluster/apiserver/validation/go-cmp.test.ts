/**
 * The go-cmp port behind the "pod updates may not change fields ..." and
 * PVC/PV "is immutable" diffs: layout, elision, alignment and the
 * rendering of Go values (pointers, embedded structs, quantities, maps).
 */
import { describe, expect, it } from "vitest";
import { cmpDiff, internalPodSpec } from "../../../../src/cluster/apiserver/validation/go-cmp.js";

const base = () => ({
  containers: [
    {
      name: "web",
      image: "nginx",
      command: ["sh", "-c", "sleep 1d"],
      resources: {},
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "File",
      imagePullPolicy: "Always",
    },
    { name: "side", image: "busybox", resources: {} },
  ],
  restartPolicy: "Always",
  terminationGracePeriodSeconds: 30,
  dnsPolicy: "ClusterFirst",
  schedulerName: "default-scheduler",
  securityContext: {},
  nodeSelector: { disk: "ssd" },
  volumes: [1, 2, 3, 4, 5].map((i) => ({ name: `v${i}`, emptyDir: {} })),
});

describe("cmp.Diff port", () => {
  it("is empty for equal values", () => {
    expect(cmpDiff("PodSpec", base(), base())).toBe("");
  });

  it("diffs fields, pointers, maps and the internal security context", () => {
    const a: Record<string, any> = base();
    a.containers[1].command = ["sleep", "3600"];
    a.terminationGracePeriodSeconds = 60;
    a.nodeSelector = { disk: "hdd", zone: "a" };
    a.hostNetwork = true;
    expect(cmpDiff("PodSpec", internalPodSpec(base()), internalPodSpec(a))).toBe(
      [
        "  core.PodSpec{",
        '  \tVolumes:        {{Name: "v1", VolumeSource: {EmptyDir: &{}}}, {Name: "v2", VolumeSource: {EmptyDir: &{}}}, {Name: "v3", VolumeSource: {EmptyDir: &{}}}, {Name: "v4", VolumeSource: {EmptyDir: &{}}}, ...},',
        "  \tInitContainers: nil,",
        "  \tContainers: []core.Container{",
        '  \t\t{Name: "web", Image: "nginx", Command: {"sh", "-c", "sleep 1d"}, TerminationMessagePath: "/dev/termination-log", ...},',
        "  \t\t{",
        '  \t\t\tName:       "side",',
        '  \t\t\tImage:      "busybox",',
        "- \t\t\tCommand:    nil,",
        '+ \t\t\tCommand:    []string{"sleep", "3600"},',
        "  \t\t\tArgs:       nil,",
        '  \t\t\tWorkingDir: "",',
        "  \t\t\t... // 20 identical fields",
        "  \t\t},",
        "  \t},",
        "  \tEphemeralContainers:           nil,",
        '  \tRestartPolicy:                 "Always",',
        "- \tTerminationGracePeriodSeconds: &30,",
        "+ \tTerminationGracePeriodSeconds: &60,",
        "  \tActiveDeadlineSeconds:         nil,",
        '  \tDNSPolicy:                     "ClusterFirst",',
        "  \tNodeSelector: map[string]string{",
        '- \t\t"disk": "ssd",',
        '+ \t\t"disk": "hdd",',
        '+ \t\t"zone": "a",',
        "  \t},",
        '  \tServiceAccountName:           "",',
        "  \tAutomountServiceAccountToken: nil,",
        '  \tNodeName:                     "",',
        "  \tSecurityContext: &core.PodSecurityContext{",
        "- \t\tHostNetwork: false,",
        "+ \t\tHostNetwork: true,",
        "  \t\tHostPID:     false,",
        "  \t\tHostIPC:     false,",
        "  \t\t... // 15 identical fields",
        "  \t},",
        "  \tImagePullSecrets: nil,",
        '  \tHostname:         "",',
        "  \t... // 20 identical fields",
        "  }",
        "",
      ].join("\n"),
    );
  });

  it("shows inserted slice elements", () => {
    const b: Record<string, any> = base();
    b.containers.push({ name: "third", image: "redis", resources: {} });
    expect(cmpDiff("PodSpec", base(), b)).toContain(
      [
        "  \tContainers: []core.Container{",
        '  \t\t{Name: "web", Image: "nginx", Command: {"sh", "-c", "sleep 1d"}, TerminationMessagePath: "/dev/termination-log", ...},',
        '  \t\t{Name: "side", Image: "busybox"},',
        '+ \t\t{Name: "third", Image: "redis"},',
        "  \t},",
        "  \tEphemeralContainers: nil,",
      ].join("\n"),
    );
  });

  it("prints quantities with their cached string only when canonical input kept it", () => {
    const spec = (storage: string) => ({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage } }, volumeMode: "Filesystem" });
    const d = cmpDiff("PersistentVolumeClaimSpec", { ...spec("1Gi"), storageClassName: "standard" }, { ...spec("1Gi"), storageClassName: "fast" });
    expect(d).toBe(
      [
        "  core.PersistentVolumeClaimSpec{",
        "  \t... // 2 identical fields",
        '  \tResources:        {Requests: {s"storage": {i: {...}, s: "1Gi", Format: "BinarySI"}}},',
        '  \tVolumeName:       "",',
        '- \tStorageClassName: &"standard",',
        '+ \tStorageClassName: &"fast",',
        '  \tVolumeMode:       &"Filesystem",',
        "  \tDataSource:       nil,",
        "  \t... // 2 identical fields",
        "  }",
        "",
      ].join("\n"),
    );
    expect(cmpDiff("PersistentVolumeClaimSpec", spec("128Mi"), { ...spec("128Mi"), accessModes: ["ReadWriteMany"] })).toContain(
      '  \tResources:   {Requests: {s"storage": {i: {...}, Format: "BinarySI"}}},',
    );
  });
});
