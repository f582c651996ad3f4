/**
 * Golden tests of kubectl wait against a server: what the real
 * kubectl printed for each command against the workload golden cluster
 * (see ../set/golden-cluster.ts for how it was recorded).
 */
import { goldenServerSuite, type GoldenCase } from "../set/golden-cluster.js";

const CASES: GoldenCase[] = [
  ["kubectl wait --for=condition=Ready pod/pod1 --timeout=0", "pod/pod1 condition met\n", "", 0],
  ["kubectl wait --for=condition=ready=TRUE pod/pod1 --timeout=0", "pod/pod1 condition met\n", "", 0],
  ["kubectl wait --for=condition=Ready=false pod/pod1 --timeout=0", "", "error: condition not met for pods/pod1\n", 1],
  ["kubectl wait --for=jsonpath='{.status.phase}'=Running pod/pod1 --timeout=0", "pod/pod1 condition met\n", "", 0],
  ["kubectl wait --for=jsonpath='{.status.phase}' pod/pod1 --timeout=0", "pod/pod1 condition met\n", "", 0],
  ["kubectl wait --for=jsonpath='.status.phase'=Running pod/pod1 --timeout=0", "pod/pod1 condition met\n", "", 0],
  ["kubectl wait --for=jsonpath='{.spec.containers}' pod/pod1 --timeout=0", "pod/pod1 condition met\n", "", 0],
  ["kubectl wait --for=jsonpath='{.status.conditions[*].type}'=Ready pod/pod1 --timeout=0", "", "error: given jsonpath expression matches more than one value\n", 1],
  ["kubectl wait --for=jsonpath='{.status.phase}'= pod/pod1", "", "error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3\n", 1],
  ["kubectl wait --for=condition=Ready pod/nope", "", "Error from server (NotFound): pods \"nope\" not found\n", 1],
  ["kubectl wait --for=delete pod/nope", "", "", 0],
  ["kubectl wait --for=foo pod/pod1", "", "error: unrecognized condition: \"foo\"\n", 1],
  ["kubectl wait --for=condition=Ready pods", "", "error: resource(s) were provided, but no name was specified\n", 1],
  ["kubectl wait --for=condition=Available deploy --all --timeout=0", "deployment.apps/web condition met\n", "", 0],
  ["kubectl wait --for=create pod/pod1 --timeout=0", "pod/pod1 condition met\n", "", 0],
];

goldenServerSuite("kubectl wait (golden, against a server)", CASES);
