/**
 * Golden tests of kubectl patch --dry-run=client against a server: what the real
 * kubectl printed for each command against the workload golden cluster
 * (see ../set/golden-cluster.ts for how it was recorded).
 */
import { goldenServerSuite, type GoldenCase } from "../set/golden-cluster.js";

const CASES: GoldenCase[] = [
  ["kubectl patch deploy web -p '{\"spec\":{\"replicas\":5}}' --dry-run=client", "deployment.apps/web patched\n", "", 0],
  ["kubectl patch deploy web -p '{\"spec\":{\"replicas\":3}}' --dry-run=client", "deployment.apps/web patched (no change)\n", "", 0],
  ["kubectl patch deploy web --type=merge -p '{\"spec\":{\"replicas\":5}}' --dry-run=client -o jsonpath='{.spec.replicas}'", "5", "", 0],
  ["kubectl patch deploy web --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]' --dry-run=client -o jsonpath='{.spec.replicas}'", "4", "", 0],
  ["kubectl patch deploy web -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.29\"}]}}}}' --dry-run=client -o jsonpath='{.spec.template.spec.containers[*].image}'", "nginx:1.29", "", 0],
  ["kubectl patch pod pod1 -p 'metadata: {labels: {x: \"1\"}}' --dry-run=client -o jsonpath='{.metadata.labels}'", "{\"app\":\"p\",\"tier\":\"fe\",\"x\":\"1\"}", "", 0],
  ["kubectl patch deploy/web svc/svc1 -p '{\"metadata\":{\"labels\":{\"a\":\"b\"}}}' --dry-run=client", "deployment.apps/web patched\nservice/svc1 patched\n", "", 0],
  ["kubectl patch deploy web", "", "error: must specify --patch or --patch-file containing the contents of the patch\n", 1],
];

goldenServerSuite("kubectl patch (golden, against a server)", CASES);
