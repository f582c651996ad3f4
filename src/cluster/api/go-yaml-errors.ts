/**
 * YAML syntax errors worded as Go's yaml library (gopkg.in/yaml via
 * sigs.k8s.io/yaml) words them, `yaml: line 4: could not find expected ':'`:
 * what kubectl prints for a broken file and what the kubelet logs for a
 * broken static-pod manifest. The `yaml` package finds the same faults; only
 * the wording differs.
 */
import type { YAMLError } from "yaml";

function goReason(msg: string): string {
  const first = msg.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  if (/Implicit map keys need to be followed by map values|Nested mappings are not allowed/.test(first)) return "mapping values are not allowed in this context";
  if (/Implicit keys need to be on a single line|Implicit map keys need to be on a single line/.test(first)) return "could not find expected ':'";
  if (/tab/i.test(first)) return "found character that cannot start any token";
  if (/indent/i.test(first)) return "did not find expected key";
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** `yaml: line N: <reason>` for the first error of a parsed document. */
export function goYamlError(e: YAMLError): string {
  const line = e.linePos?.[0]?.line ?? 1;
  return `yaml: line ${line}: ${goReason(e.message)}`;
}
