/**
 * The PodDisruptionBudget describer (policy/v1; pkg/describe).
 */
import type { DescribeContext } from "./describer.js";
import { describeEvents, eventsFor } from "./events.js";
import { formatSelector, type J } from "./format.js";
import { LEVEL_0, LEVEL_2, tabbedString } from "./writer.js";

const isSet = (v: unknown) => v !== undefined && v !== null;

export const describePodDisruptionBudget = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const pdb = d.client.get<J>("poddisruptionbudgets", namespace, name);
  const events = eventsFor(d, pdb, "PodDisruptionBudget");
  return tabbedString((w) => {
    const spec = pdb.spec ?? {};
    const status = pdb.status ?? {};
    w.write(LEVEL_0, `Name:\t${pdb.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pdb.metadata.namespace}\n`);
    if (isSet(spec.minAvailable)) w.write(LEVEL_0, `Min available:\t${spec.minAvailable}\n`);
    else if (isSet(spec.maxUnavailable)) w.write(LEVEL_0, `Max unavailable:\t${spec.maxUnavailable}\n`);
    w.write(LEVEL_0, `Selector:\t${spec.selector ? formatSelector(spec.selector) : "<unset>"}\n`);
    w.write(LEVEL_0, "Status:\n");
    w.write(LEVEL_2, `Allowed disruptions:\t${status.disruptionsAllowed ?? 0}\n`);
    w.write(LEVEL_2, `Current:\t${status.currentHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Desired:\t${status.desiredHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Total:\t${status.expectedPods ?? 0}\n`);
    describeEvents(events, w, d.now);
  });
};
