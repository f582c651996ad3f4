/**
 * The PriorityClass describer (scheduling.k8s.io/v1; pkg/describe).
 */
import { formatLabels } from "../../../../cluster/api/labels.js";
import type { DescribeContext } from "./describer.js";
import { describeEvents, eventsFor } from "./events.js";
import type { J } from "./format.js";
import { LEVEL_0, tabbedString } from "./writer.js";

export const describePriorityClass = (d: DescribeContext, _ns: string | undefined, name: string): string => {
  const pc = d.client.get<J>("priorityclasses", undefined, name);
  const events = eventsFor(d, pc, "PriorityClass");
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pc.metadata.name}\n`);
    w.write(LEVEL_0, `Value:\t${pc.value ?? 0}\n`);
    w.write(LEVEL_0, `GlobalDefault:\t${pc.globalDefault === true}\n`);
    w.write(LEVEL_0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? "PreemptLowerPriority"}\n`);
    w.write(LEVEL_0, `Description:\t${pc.description ?? ""}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(pc.metadata.annotations)}\n`);
    describeEvents(events, w, d.now);
  });
};
