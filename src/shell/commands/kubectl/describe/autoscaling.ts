/**
 * The HorizontalPodAutoscaler describer (autoscaling/v2; pkg/describe):
 * each metric as `( current / target )`, replica bounds, behavior and conditions.
 */
import { goQuote } from "../printers/gofmt.js";
import type { DescribeContext } from "./describer.js";
import { describeEvents, eventsFor } from "./events.js";
import { printAnnotationsMultiline, printLabelsMultiline, quantityString, rfc1123z, type J } from "./format.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString, type PrefixWriter } from "./writer.js";

const isSet = (v: unknown) => v !== undefined && v !== null;

export const describeHorizontalPodAutoscaler = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const hpa = d.client.get<J>("horizontalpodautoscalers", namespace, name);
  const events = eventsFor(d, hpa, "HorizontalPodAutoscaler");
  return tabbedString((w) => {
    const spec = hpa.spec ?? {};
    const status = hpa.status ?? {};
    const ref = spec.scaleTargetRef ?? {};
    w.write(LEVEL_0, `Name:\t${hpa.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace}\n`);
    printLabelsMultiline(w, "Labels", hpa.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", hpa.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Reference:\t${ref.kind ?? ""}/${ref.name ?? ""}\n`);
    w.write(LEVEL_0, "Metrics:\t( current / target )\n");
    (spec.metrics ?? []).forEach((m: J, i: number) => describeMetric(m, status.currentMetrics?.[i], w));
    w.write(LEVEL_0, `Min replicas:\t${isSet(spec.minReplicas) ? spec.minReplicas : "<unset>"}\n`);
    w.write(LEVEL_0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
    if (spec.behavior) {
      w.write(LEVEL_0, "Behavior:\n");
      printDirectionBehavior(w, "Scale Up", spec.behavior.scaleUp);
      printDirectionBehavior(w, "Scale Down", spec.behavior.scaleDown);
    }
    w.write(LEVEL_0, `${ref.kind ?? ""} pods:\t`);
    w.write(LEVEL_0, `${status.currentReplicas ?? 0} current / ${status.desiredReplicas ?? 0} desired\n`);
    const conditions: J[] = status.conditions ?? [];
    if (conditions.length) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t------\t-------\n");
      for (const c of conditions) w.write(LEVEL_1, `${c.type ?? ""}\t${c.status ?? ""}\t${c.reason ?? ""}\t${c.message ?? ""}\n`);
    }
    describeEvents(events, w, d.now);
  });
};

const q = (v: unknown) => quantityString(v);

function describeMetric(m: J, current: J, w: PrefixWriter): void {
  switch (m.type) {
    case "External": {
      const target = m.external?.target ?? {};
      const name = goQuote(m.external?.metric?.name ?? "");
      if (isSet(target.averageValue)) {
        const cur = isSet(current?.external?.current?.averageValue) ? q(current.external.current.averageValue) : "<unknown>";
        w.write(LEVEL_1, `${name} (target average value):\t${cur} / ${q(target.averageValue)}\n`);
      } else {
        const cur = current?.external ? q(current.external.current?.value) : "<unknown>";
        w.write(LEVEL_1, `${name} (target value):\t${cur} / ${q(target.value)}\n`);
      }
      return;
    }
    case "Pods": {
      const cur = current?.pods ? q(current.pods.current?.averageValue) : "<unknown>";
      w.write(LEVEL_1, `${goQuote(m.pods?.metric?.name ?? "")} on pods:\t${cur} / ${q(m.pods?.target?.averageValue)}\n`);
      return;
    }
    case "Object": {
      const o = m.object ?? {};
      w.write(LEVEL_1, `"${o.metric?.name ?? ""}" on ${o.describedObject?.kind ?? ""}/${o.describedObject?.name ?? ""} `);
      if (o.target?.type === "AverageValue") {
        const cur = current?.object ? q(current.object.current?.averageValue) : "<unknown>";
        w.write(LEVEL_0, `(target average value):\t${cur} / ${q(o.target?.averageValue)}\n`);
      } else {
        const cur = current?.object ? q(current.object.current?.value) : "<unknown>";
        w.write(LEVEL_0, `(target value):\t${cur} / ${q(o.target?.value)}\n`);
      }
      return;
    }
    case "Resource":
    case "ContainerResource": {
      const key = m.type === "Resource" ? "resource" : "containerResource";
      const src = m[key] ?? {};
      const cur = current?.[key];
      if (m.type === "Resource") w.write(LEVEL_1, `resource ${src.name ?? ""} on pods`);
      else w.write(LEVEL_1, `resource ${src.name ?? ""} of container "${src.container ?? ""}" on pods`);
      if (isSet(src.target?.averageValue)) {
        w.write(LEVEL_0, `:\t${cur ? q(cur.current?.averageValue) : "<unknown>"} / ${q(src.target.averageValue)}\n`);
      } else {
        const curText = cur && isSet(cur.current?.averageUtilization) ? `${cur.current.averageUtilization}% (${q(cur.current?.averageValue)})` : "<unknown>";
        const target = isSet(src.target?.averageUtilization) ? `${src.target.averageUtilization}%` : "<auto>";
        w.write(LEVEL_1, `(as a percentage of request):\t${curText} / ${target}\n`);
      }
      return;
    }
    default:
      w.write(LEVEL_1, `<unknown metric type ${goQuote(m.type ?? "")}>\n`);
  }
}

function printDirectionBehavior(w: PrefixWriter, direction: string, rules: J): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (isSet(rules.stabilizationWindowSeconds)) w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if (rules.policies?.length) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? "Max"}\n`);
    w.write(LEVEL_2, "Policies:\n");
    for (const p of rules.policies) w.write(LEVEL_3, `- Type: ${p.type ?? ""}\tValue: ${p.value ?? 0}\tPeriod: ${p.periodSeconds ?? 0} seconds\n`);
  }
}
