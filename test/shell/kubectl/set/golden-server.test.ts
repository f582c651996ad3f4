/**
 * Golden tests of kubectl set image/env/resources/serviceaccount/subject/selector against a server: what the real
 * kubectl printed for each command against the workload golden cluster
 * (see ../set/golden-cluster.ts for how it was recorded).
 */
import { goldenServerSuite, type GoldenCase } from "./golden-cluster.js";

const CASES: GoldenCase[] = [
  ["kubectl set image deploy/web nginx=nginx:1.28 --dry-run=client", "deployment.apps/web image updated (dry run)\n", "", 0],
  ["kubectl set image deploy/web x=y nginx=a --dry-run=client", "deployment.apps/web image updated (dry run)\n", "error: unable to find container named \"x\"\n", 1],
  ["kubectl set image svc/kubernetes x=y --dry-run=client", "", "error: services/kubernetes the object is not a pod or does not have a pod template: *v1.Service\n", 1],
  ["kubectl set image deploy/web nginx=nginx:1.28 --dry-run=client -o yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    deployment.kubernetes.io/revision: \"3\"\n    kubernetes.io/change-cause: image 1.27\n  creationTimestamp: \"2026-01-12T08:47:00Z\"\n  generation: 3\n  labels:\n    app: web\n  name: web\n  namespace: default\n  resourceVersion: \"4366\"\n  uid: 079263b3-a34f-42e8-b0bc-ecd151a94162\nspec:\n  progressDeadlineSeconds: 600\n  replicas: 3\n  revisionHistoryLimit: 10\n  selector:\n    matchLabels:\n      app: web\n  strategy:\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 25%\n    type: RollingUpdate\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - env:\n        - name: A\n          value: \"1\"\n        image: nginx:1.28\n        imagePullPolicy: IfNotPresent\n        name: nginx\n        ports:\n        - containerPort: 80\n          protocol: TCP\n        resources: {}\n        terminationMessagePath: /dev/termination-log\n        terminationMessagePolicy: File\n      dnsPolicy: ClusterFirst\n      restartPolicy: Always\n      schedulerName: default-scheduler\n      securityContext: {}\n      terminationGracePeriodSeconds: 30\nstatus:\n  availableReplicas: 3\n  conditions:\n  - lastTransitionTime: \"2026-01-12T08:47:04Z\"\n    lastUpdateTime: \"2026-01-12T08:47:04Z\"\n    message: Deployment has minimum availability.\n    reason: MinimumReplicasAvailable\n    status: \"True\"\n    type: Available\n  - lastTransitionTime: \"2026-01-12T08:47:00Z\"\n    lastUpdateTime: \"2026-01-12T08:47:53Z\"\n    message: ReplicaSet \"web-7455fb76c4\" has successfully progressed.\n    reason: NewReplicaSetAvailable\n    status: \"True\"\n    type: Progressing\n  observedGeneration: 3\n  readyReplicas: 3\n  replicas: 3\n  updatedReplicas: 3\n", "", 0],
  ["kubectl set image deploy/web nginx=nginx:1.27", "", "", 0],
  ["kubectl set image deploy web", "", "error: at least one image update is required\n", 1],
  ["kubectl set image deploy nginx=x", "", "error: resource(s) were provided, but no name was specified\n", 1],
  ["kubectl set env deploy/web --list", "# Deployment web, container nginx\nA=1\n", "", 0],
  ["kubectl set env deploy/web --list --resolve", "# Deployment web, container nginx\nA=1\n", "", 0],
  ["kubectl set env deploy/web B=2 --list", "# Deployment web, container nginx\nA=1\nB=2\n", "", 0],
  ["kubectl set env deploy/web A- --dry-run=client -o jsonpath='{.spec.template.spec.containers[0].env}'", "", "", 0],
  ["kubectl set env deploy/web --from=configmap/cfg --keys=db.host --dry-run=client -o jsonpath='{.spec.template.spec.containers[0].env}'", "[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"DB_HOST\",\"valueFrom\":{\"configMapKeyRef\":{\"key\":\"db.host\",\"name\":\"cfg\"}}}]", "Warning: key db.host transferred to DB_HOST\n", 0],
  ["kubectl set env deploy/web --from=secret/sec --prefix=APP_ --list", "# Deployment web, container nginx\nA=1\n# APP_PASSWORD from secret sec, key PASSWORD\n", "", 0],
  ["kubectl set env deploy/web --from=svc/svc1 --list", "", "error: unsupported resource specified in --from\n", 1],
  ["kubectl set env deploy/web --overwrite=false A=2", "", "error: deployments/web 'A' already has a value (1), and --overwrite is false\n", 1],
  ["kubectl set env pod/pod1 -c nope A=1", "", "Warning: Pod/pod1 does not have any containers matching \"nope\"\n", 0],
  ["kubectl set resources deploy/web --limits=cpu=200m,memory=512Mi --requests=cpu=0.1 --dry-run=client -o jsonpath='{.spec.template.spec.containers[0].resources}'", "{\"limits\":{\"cpu\":\"200m\",\"memory\":\"512Mi\"},\"requests\":{\"cpu\":\"100m\"}}", "", 0],
  ["kubectl set resources deploy/web -c nope --limits=cpu=1 --dry-run=client", "", "error: unable to find container named nope\n", 1],
  ["kubectl set sa deploy/web robot --dry-run=client", "deployment.apps/web serviceaccount updated (dry run)\n", "", 0],
  ["kubectl set sa deploy/web robot --dry-run=client -o jsonpath='{.spec.template.spec.serviceAccountName}'", "robot", "", 0],
  ["kubectl set sa", "", "error: serviceaccount is required\n", 1],
  ["kubectl set subject rolebinding rb --user=bob --group=devs --serviceaccount=default:robot --dry-run=client -o yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  creationTimestamp: \"2026-01-12T08:48:20Z\"\n  name: rb\n  namespace: default\n  resourceVersion: \"4404\"\n  uid: 03081871-e761-4b07-8017-50005802b5a2\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: admin\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: User\n  name: admin\n- apiGroup: rbac.authorization.k8s.io\n  kind: User\n  name: bob\n- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n  name: devs\n- kind: ServiceAccount\n  name: robot\n  namespace: default\n", "", 0],
  ["kubectl set subject rolebinding rb --user=admin --dry-run=client", "", "", 0],
  ["kubectl set subject svc/svc1 --user=admin --dry-run=client", "", "error: services/svc1 setting subjects is only supported for RoleBinding/ClusterRoleBinding\n", 1],
  ["kubectl set subject rolebinding rb", "", "error: you must specify at least one value of user, group or serviceaccount\n", 1],
  ["kubectl set selector svc svc1 app=web --dry-run=client -o yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: \"2026-01-12T08:48:20Z\"\n  labels:\n    app: svc1\n  name: svc1\n  namespace: default\n  resourceVersion: \"4407\"\n  uid: eb9f1dd4-9f5b-4be7-b91d-718ac4995fea\nspec:\n  clusterIP: 10.99.103.227\n  clusterIPs:\n  - 10.99.103.227\n  internalTrafficPolicy: Cluster\n  ipFamilies:\n  - IPv4\n  ipFamilyPolicy: SingleStack\n  ports:\n  - name: 80-8080\n    port: 80\n    protocol: TCP\n    targetPort: 8080\n  selector:\n    app: web\n  sessionAffinity: None\n  type: ClusterIP\nstatus:\n  loadBalancer: {}\n", "", 0],
  ["kubectl set selector deploy web app=web --dry-run=client", "", "error: setting a selector is only supported for Services\n", 1],
  ["kubectl set selector svc svc1", "", "error: resource(s) were provided, but no name was specified\n", 1],
];

goldenServerSuite("kubectl set (golden, against a server)", CASES);
