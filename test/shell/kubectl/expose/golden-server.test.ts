/**
 * Golden tests of kubectl expose against a server: what the real
 * kubectl printed for each command against the workload golden cluster
 * (see ../set/golden-cluster.ts for how it was recorded).
 */
import { goldenServerSuite, type GoldenCase } from "../set/golden-cluster.js";

const CASES: GoldenCase[] = [
  ["kubectl expose deploy/web --dry-run=client -o yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: web\n  name: web\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: web\nstatus:\n  loadBalancer: {}\n", "", 0],
  ["kubectl expose pod/pod1 --dry-run=client -o yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: p\n    tier: fe\n  name: pod1\nspec:\n  ports:\n  - port: 8080\n    protocol: TCP\n    targetPort: 8080\n  selector:\n    app: p\n    tier: fe\nstatus:\n  loadBalancer: {}\n", "", 0],
  ["kubectl expose pod/pod1 --port=9090 --target-port=http --dry-run=client -o json", "{\n    \"kind\": \"Service\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {\n        \"name\": \"pod1\",\n        \"labels\": {\n            \"app\": \"p\",\n            \"tier\": \"fe\"\n        }\n    },\n    \"spec\": {\n        \"ports\": [\n            {\n                \"protocol\": \"TCP\",\n                \"port\": 9090,\n                \"targetPort\": \"http\"\n            }\n        ],\n        \"selector\": {\n            \"app\": \"p\",\n            \"tier\": \"fe\"\n        }\n    },\n    \"status\": {\n        \"loadBalancer\": {}\n    }\n}\n", "", 0],
  ["kubectl expose pod/bare --dry-run=client", "", "error: couldn't find port via --port flag or introspection\n", 1],
  ["kubectl expose svc/svc1 --name=svc2 --dry-run=client -o yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: svc1\n  name: svc2\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: svc1\nstatus:\n  loadBalancer: {}\n", "", 0],
  ["kubectl expose svc/svc1 --dry-run=client", "service/svc1 exposed (dry run)\n", "", 0],
  ["kubectl expose cm cfg --port=80", "", "error: cannot expose a ConfigMap\n", 1],
  ["kubectl expose deploy web --port=abc --dry-run=client", "", "error: strconv.Atoi: parsing \"abc\": invalid syntax\n", 1],
  ["kubectl expose deploy web --session-affinity=bogus --dry-run=client", "", "error: unknown session affinity: bogus\n", 1],
  ["kubectl expose deploy web -l =x --dry-run=client", "", "error: unexpected empty label key\n", 1],
  ["kubectl expose deploy web --type=NodePort --dry-run=client -o yaml --overrides='{\"spec\":{\"ports\":[{\"port\":80,\"nodePort\":30080}]}}'", "apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: web\n  name: web\nspec:\n  ports:\n  - nodePort: 30080\n    port: 80\n    targetPort: 0\n  selector:\n    app: web\n  type: NodePort\nstatus:\n  loadBalancer: {}\n", "", 0],
];

goldenServerSuite("kubectl expose (golden, against a server)", CASES);
