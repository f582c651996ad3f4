/**
 * Golden tests of kubectl rollout history/undo/status/pause/resume/restart against a server: what the real
 * kubectl printed for each command against the workload golden cluster
 * (see ../set/golden-cluster.ts for how it was recorded).
 */
import { goldenServerSuite, type GoldenCase } from "../set/golden-cluster.js";

const CASES: GoldenCase[] = [
  ["kubectl rollout history deploy/web", "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         image 1.27\n3         image 1.27\n\n", "", 0],
  ["kubectl rollout history deploy/web --revision=2", "deployment.apps/web with revision #2\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=64bf787f5f\n  Annotations:\tkubernetes.io/change-cause: image 1.27\n  Containers:\n   nginx:\n    Image:\tnginx:1.27\n    Port:\t80/TCP\n    Host Port:\t0/TCP\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n\n", "", 0],
  ["kubectl rollout history deploy/web --revision=3", "deployment.apps/web with revision #3\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=7455fb76c4\n  Annotations:\tkubernetes.io/change-cause: image 1.27\n  Containers:\n   nginx:\n    Image:\tnginx:1.27\n    Port:\t80/TCP\n    Host Port:\t0/TCP\n    Environment:\n      A:\t1\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n\n", "", 0],
  ["kubectl rollout history deploy/web --revision=9", "", "error: unable to find the specified revision\n", 1],
  ["kubectl rollout history deploy/web -o name", "replicaset.apps/web-6cf59bd4d9\nreplicaset.apps/web-64bf787f5f\nreplicaset.apps/web-7455fb76c4\n", "", 0],
  ["kubectl rollout history deploy/web --revision=1 -o jsonpath='{.metadata.name}'", "web-6cf59bd4d9", "", 0],
  ["kubectl rollout history deploy", "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         image 1.27\n3         image 1.27\n\n", "", 0],
  ["kubectl rollout undo deploy/web --dry-run=client", "deployment.apps/web Pod Template:\n  Labels:\tapp=web\n\tpod-template-hash=64bf787f5f\n  Containers:\n   nginx:\n    Image:\tnginx:1.27\n    Port:\t80/TCP\n    Host Port:\t0/TCP\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n (dry run)\n", "", 0],
  ["kubectl rollout undo deploy/web --to-revision=3 --dry-run=client", "deployment.apps/web Pod Template:\n  Labels:\tapp=web\n\tpod-template-hash=7455fb76c4\n  Containers:\n   nginx:\n    Image:\tnginx:1.27\n    Port:\t80/TCP\n    Host Port:\t0/TCP\n    Environment:\n      A:\t1\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n (dry run)\n", "", 0],
  ["kubectl rollout undo deploy/web --to-revision=7 --dry-run=client", "", "error: unable to find specified revision 7 in history\n", 1],
  ["kubectl rollout status pod/bare", "", "error: no status viewer has been implemented for Pod\n", 1],
  ["kubectl rollout history pod/bare", "", "error: no history viewer has been implemented for \"Pod\"\n", 1],
  ["kubectl rollout undo pod/bare", "", "error: no rollbacker has been implemented for \"Pod\"\n", 1],
  ["kubectl rollout pause pod/bare", "", "error: pods \"bare\" pausing is not supported\n", 1],
  ["kubectl rollout resume pod/bare", "", "error: pods \"bare\" resuming is not supported\n", 1],
  ["kubectl rollout restart pod/bare", "", "error: pods \"bare\" restarting is not supported\n", 1],
  ["kubectl rollout status", "", "error: required resource not specified\n", 1],
  ["kubectl rollout history deploy/nope", "", "Error from server (NotFound): deployments.apps \"nope\" not found\n", 1],
  ["kubectl rollout history svc/svc1", "", "error: error retrieving history for \"Service\", no visitor method exists for { Service}\n", 1],
  ["kubectl rollout status deploy/web --revision=-1", "", "error: revision must be a positive integer: -1\n", 1],
  ["kubectl rollout status deploy/web --watch=false", "deployment \"web\" successfully rolled out\n", "", 0],
];

goldenServerSuite("kubectl rollout (golden, against a server)", CASES);
