/**
 * The EndpointSlice describer (discovery.k8s.io/v1; pkg/describe).
 */
import type { DescribeContext } from "./describer.js";
import { describeEvents, eventsFor } from "./events.js";
import { printAnnotationsMultiline, printLabelsMultiline, type J } from "./format.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString } from "./writer.js";

const isSet = (v: unknown) => v !== undefined && v !== null;

export const describeEndpointSlice = (d: DescribeContext, namespace: string | undefined, name: string): string => {
  const eps = d.client.get<J>("endpointslices", namespace, name);
  const events = eventsFor(d, eps, "EndpointSlice");
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${eps.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${eps.metadata.namespace}\n`);
    printLabelsMultiline(w, "Labels", eps.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", eps.metadata.annotations);
    w.write(LEVEL_0, `AddressType:\t${eps.addressType ?? ""}\n`);
    const ports: J[] = eps.ports ?? [];
    if (ports.length === 0) w.write(LEVEL_0, "Ports: <unset>\n");
    else {
      w.write(LEVEL_0, "Ports:\n");
      w.write(LEVEL_1, "Name\tPort\tProtocol\n");
      w.write(LEVEL_1, "----\t----\t--------\n");
      for (const p of ports) w.write(LEVEL_1, `${p.name || "<unset>"}\t${isSet(p.port) ? p.port : "<unset>"}\t${p.protocol ?? ""}\n`);
    }
    const endpoints: J[] = eps.endpoints ?? [];
    if (endpoints.length === 0) w.write(LEVEL_0, "Endpoints: <none>\n");
    else {
      w.write(LEVEL_0, "Endpoints:\n");
      for (const e of endpoints) {
        w.write(LEVEL_1, `- Addresses:\t${(e.addresses ?? []).join(", ") || "<none>"}\n`);
        w.write(LEVEL_2, "Conditions:\n");
        w.write(LEVEL_3, `Ready:\t${isSet(e.conditions?.ready) ? String(e.conditions.ready === true) : "<unset>"}\n`);
        w.write(LEVEL_2, `Hostname:\t${e.hostname ?? "<unset>"}\n`);
        if (e.targetRef) w.write(LEVEL_2, `TargetRef:\t${e.targetRef.kind ?? ""}/${e.targetRef.name ?? ""}\n`);
        w.write(LEVEL_2, `NodeName:\t${e.nodeName ?? "<unset>"}\n`);
        w.write(LEVEL_2, `Zone:\t${e.zone ?? "<unset>"}\n`);
      }
    }
    describeEvents(events, w, d.now);
  });
};
