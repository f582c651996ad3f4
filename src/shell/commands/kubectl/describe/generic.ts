/**
 * The generic describer, for every kind without its own (Lease, Event,
 * ControllerRevision, custom resources, ...): name, namespace, labels and
 * annotations, then every other field of the object as nested `Label:`
 * lines (printUnstructuredContent), field names turned into words by
 * smartLabelFor (kubectl v1.34).
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import type { ResourceType } from "../../../../cluster/apiserver/resources.js";
import { goSprint } from "../printers/gofmt.js";
import type { DescribeContext } from "./describer.js";
import { describeEvents, eventsFor } from "./events.js";
import { printAnnotationsMultiline, printLabelsMultiline, type J } from "./format.js";
import { LEVEL_0, tabbedString, type PrefixWriter } from "./writer.js";

const SKIPPED = new Set([".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations"]);

export function genericDescriber(r: ResourceType) {
  return (d: DescribeContext, namespace: string | undefined, name: string): string => {
    const obj = d.client.get<KubeObject>(r, namespace, name);
    const content: J = { apiVersion: r.group ? `${r.group}/${r.version}` : r.version, kind: r.kind, ...obj };
    const events = eventsFor(d, obj, content.kind);
    return tabbedString((w) => {
      w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ""}\n`);
      w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ""}\n`);
      printLabelsMultiline(w, "Labels", obj.metadata.labels);
      printAnnotationsMultiline(w, "Annotations", obj.metadata.annotations);
      printUnstructuredContent(w, LEVEL_0, content, "");
      describeEvents(events, w, d.now);
    });
  };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function printUnstructuredContent(w: PrefixWriter, level: number, content: Record<string, unknown>, skipPrefix: string): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const path = `${skipPrefix}.${field}`;
    if (SKIPPED.has(path) || value === undefined) continue;
    if (isMap(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (isMap(child)) printUnstructuredContent(w, level + 1, child, path);
        else w.write(level + 1, `${goSprint(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goSprint(value)}\n`);
    }
  }
}

const ACRONYMS = ["API", "URL", "UID", "OSB", "GUID"];

/** fatih/camelcase.Split: runs of lower, upper, digit and other characters, an upper-to-lower switch starting a new word. */
function camelcaseSplit(s: string): string[] {
  const classOf = (ch: string) => (/\p{Ll}/u.test(ch) ? 1 : /\p{Lu}/u.test(ch) ? 2 : /\p{Nd}/u.test(ch) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const ch of s) {
    const c = classOf(ch);
    if (c === last) runs[runs.length - 1].push(ch);
    else runs.push([ch]);
    last = c;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (classOf(runs[i][0]) === 2 && classOf(runs[i + 1][0]) === 1) {
      runs[i + 1].unshift(runs[i].pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(""));
}

/** smartLabelFor: `apiVersion` -> `API Version`, `holderIdentity` -> `Holder Identity`; names with other characters kept. */
export function smartLabelFor(field: string): string {
  if ([...field].some((ch) => !/\p{L}/u.test(ch) && ch !== "-")) return field;
  return camelcaseSplit(field)
    .filter((p) => p !== "_")
    .map((p) => (ACRONYMS.includes(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(" ");
}
