/**
 * Files the label and annotate tests write in the shell before running
 * their --local and -f cases (one copy for both commands' tests).
 */

/** `kubectl run web --image=nginx --dry-run=client -o yaml` as the real v1.32 wrote it, saved as pod.yaml. */
export const POD_YAML = `cat > pod.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: web
  name: web
spec:
  containers:
  - image: nginx
    name: web
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: {}
EOF
`;

/** A pod with two annotations, saved as ann.yaml. */
export const ANN_YAML = `cat > ann.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    a: x1
    c: y1
EOF
`;
