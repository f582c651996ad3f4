/**
 * Printers of autoscaling (horizontal pod autoscalers, scales).
 */
import type { KubeObject } from "../../api/types.js";
import type { TableConvertor } from "../table.js";
import { NAME, AGE, column, creationAge, int } from "./common.js";

type MetricTarget = { averageUtilization?: number; averageValue?: string; value?: string };
type MetricSource = { name?: string; target?: MetricTarget; current?: MetricTarget };

/** A Quantity pointer as Go prints it: `<nil>` when absent. */
const q = (v: string | undefined): string => (v === undefined || v === null ? "<nil>" : String(v));

/** One `current/target` entry of TARGETS for a metric spec and its status. */
function formatMetric(spec: Record<string, any>, status: Record<string, any> | undefined): string {
  const valueOrAverage = (src: MetricSource, current: MetricSource | undefined): string => {
    if (src.target?.averageValue !== undefined) {
      const cur = current?.current?.averageValue !== undefined ? String(current.current.averageValue) : "<unknown>";
      return `${cur}/${src.target.averageValue} (avg)`;
    }
    const cur = current ? q(current.current?.value) : "<unknown>";
    return `${cur}/${q(src.target?.value)}`;
  };
  const resource = (src: MetricSource, current: MetricSource | undefined): string => {
    if (src.target?.averageValue !== undefined) {
      const cur = current ? q(current.current?.averageValue) : "<unknown>";
      return `${src.name}: ${cur}/${src.target.averageValue}`;
    }
    const util = current?.current?.averageUtilization;
    const cur = util !== undefined && util !== null ? `${util}%` : "<unknown>";
    const target = src.target?.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : "<auto>";
    return `${src.name}: ${cur}/${target}`;
  };
  switch (spec.type) {
    case "External":
      return valueOrAverage(spec.external ?? {}, status?.external);
    case "Object":
      return valueOrAverage(spec.object ?? {}, status?.object);
    case "Pods": {
      const cur = status?.pods ? q(status.pods.current?.averageValue) : "<unknown>";
      return `${cur}/${q(spec.pods?.target?.averageValue)}`;
    }
    case "Resource":
      return resource(spec.resource ?? {}, status?.resource);
    case "ContainerResource":
      return resource(spec.containerResource ?? {}, status?.containerResource);
  }
  return "<unknown type>";
}

/** TARGETS: the first two metrics, then ` + N more...` (formatHPAMetrics). */
function hpaTargets(hpa: KubeObject): string {
  const specs: Array<Record<string, any>> = hpa.spec?.metrics ?? [];
  if (specs.length === 0) return "<none>";
  const statuses: Array<Record<string, any>> = hpa.status?.currentMetrics ?? [];
  const list = specs.map((s, i) => formatMetric(s, statuses[i]));
  const max = 2;
  return list.length > max ? `${list.slice(0, max).join(", ")} + ${list.length - max} more...` : list.join(", ");
}

const horizontalPodAutoscalerTable: TableConvertor = {
  columns: [NAME, column("Reference"), column("Targets"), column("MinPods"), column("MaxPods"), column("Replicas"), AGE],
  cells(hpa, ctx) {
    const ref = hpa.spec?.scaleTargetRef ?? {};
    return [
      hpa.metadata.name,
      `${ref.kind ?? ""}/${ref.name ?? ""}`,
      hpaTargets(hpa),
      hpa.spec?.minReplicas !== undefined && hpa.spec?.minReplicas !== null ? String(hpa.spec.minReplicas) : "<unset>",
      int(hpa.spec?.maxReplicas),
      int(hpa.status?.currentReplicas),
      creationAge(hpa, ctx),
    ];
  },
};

const scaleTable: TableConvertor = {
  columns: [column("Name"), column("Desired", "integer"), column("Available", "integer"), AGE],
  cells: (s, ctx) => [s.metadata.name, int(s.spec?.replicas), int(s.status?.replicas), creationAge(s, ctx)],
};

export const autoscalingTables: Record<string, TableConvertor> = {
  "autoscaling/HorizontalPodAutoscaler": horizontalPodAutoscalerTable,
  "autoscaling/Scale": scaleTable,
};
