/**
 * Defaults of apps/v1 (pkg/apis/apps/v1/defaults.go): replicas, update
 * strategies, history limits, the pod template, and a StatefulSet's claim
 * templates.
 */
import type { KubeObject } from "../../api/types.js";
import { defaultPodTemplate, defaultPVC } from "./core.js";

type J = Record<string, any>;

function defaultDeployment(d: KubeObject): void {
  const spec: J = (d.spec ??= {});
  spec.replicas ??= 1;
  const strategy: J = (spec.strategy ??= {});
  if (!strategy.type) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const ru: J = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= "25%";
    ru.maxSurge ??= "25%";
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplate(spec.template);
}

function defaultReplicaSet(rs: KubeObject): void {
  const spec: J = (rs.spec ??= {});
  spec.replicas ??= 1;
  defaultPodTemplate(spec.template);
}

function defaultDaemonSet(ds: KubeObject): void {
  const spec: J = (ds.spec ??= {});
  const us: J = (spec.updateStrategy ??= {});
  if (!us.type) us.type = "RollingUpdate";
  if (us.type === "RollingUpdate") {
    const ru: J = (us.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate(spec.template);
}

function defaultStatefulSet(sts: KubeObject): void {
  const spec: J = (sts.spec ??= {});
  if (!spec.podManagementPolicy) spec.podManagementPolicy = "OrderedReady";
  const us: J = (spec.updateStrategy ??= {});
  if (!us.type) {
    us.type = "RollingUpdate";
    us.rollingUpdate ??= {};
  }
  if (us.type === "RollingUpdate" && us.rollingUpdate && us.rollingUpdate.partition === undefined) us.rollingUpdate.partition = 0;
  const retention: J = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  if (!retention.whenDeleted) retention.whenDeleted = "Retain";
  if (!retention.whenScaled) retention.whenScaled = "Retain";
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate(spec.template);
  for (const pvc of spec.volumeClaimTemplates ?? []) if (pvc && typeof pvc === "object") defaultPVC(pvc);
}

export const appsDefaulters: Record<string, (obj: KubeObject) => void> = {
  "apps/Deployment": defaultDeployment,
  "apps/ReplicaSet": defaultReplicaSet,
  "apps/DaemonSet": defaultDaemonSet,
  "apps/StatefulSet": defaultStatefulSet,
};
