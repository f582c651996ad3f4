/**
 * helm template and chart rendering: Go template semantics with Helm's
 * function set (include, tpl, toYaml, nindent, default, quote, ...), values
 * as sigs.k8s.io/yaml decodes them (numbers are float64: 1000000 prints
 * 1e+06), the `# Source:` documents in install order, --show-only, and the
 * render errors Helm reports.
 */
import { describe, expect, it } from "vitest";
import { helmShell } from "./helpers.js";

const run = helmShell();

const CHART = `mkdir -p demo/templates
cat > demo/Chart.yaml <<'EOF'
apiVersion: v2
name: demo
version: 0.1.0
appVersion: "2.0"
EOF
cat > demo/values.yaml <<'EOF'
greeting: ""
replicas: 3
port: 8080
big: 1000000
items: [a, b, c]
tplText: "{{ .Release.Name }}-tpl"
config:
  b: 2
  a:
    nested: true
extra:
  zeta: z
  alpha: "1"
enabled: true
EOF
cat > demo/templates/_helpers.tpl <<'EOF'
{{- define "demo.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "demo.labels" -}}
app: {{ .Chart.Name }}
release: {{ .Release.Name | quote }}
{{- end -}}
EOF
cat > demo/templates/cm.yaml <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "demo.fullname" . }}
  labels:
    {{- include "demo.labels" . | nindent 4 }}
data:
  greeting: {{ .Values.greeting | default "hello" | upper | quote }}
  replicas: {{ .Values.replicas | quote }}
  port: "{{ .Values.port }}"
  big: "{{ .Values.big }}"
  ns: {{ .Release.Namespace }}
  kube: {{ .Capabilities.KubeVersion.Version }}
  hasApps: "{{ .Capabilities.APIVersions.Has "apps/v1" }}"
  list: {{ join "," .Values.items | squote }}
  tpl: {{ tpl .Values.tplText . | quote }}
  config.yaml: |
    {{- toYaml .Values.config | nindent 4 }}
  json: {{ toJson .Values.config | quote }}
  {{- range $k, $v := .Values.extra }}
  {{ $k }}: {{ $v | quote }}
  {{- end }}
  {{- with .Values.missing }}
  never: here
  {{- end }}
  missing: "{{ .Values.nothing }}"
  b64: {{ "secret" | b64enc }}
  ternary: {{ ternary "on" "off" .Values.enabled }}
  semver: "{{ semverCompare ">=1.20.0-0" .Capabilities.KubeVersion.Version }}"
  haskey: "{{ hasKey .Values.config "a" }}"
  dict: "{{ (dict "x" 1).x }}"
EOF
cat > demo/templates/svc.yaml <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: {{ include "demo.fullname" . }}
spec:
  ports:
  - port: {{ .Values.port }}
EOF
`;

const CM = `---
# Source: demo/templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: rel-demo
  labels:
    app: demo
    release: "rel"
data:
  greeting: "HELLO"
  replicas: "3"
  port: "8080"
  big: "1e+06"
  ns: team
  kube: v1.34.0
  hasApps: "true"
  list: 'a,b,c'
  tpl: "rel-tpl"
  config.yaml: |
    a:
      nested: true
    b: 2
  json: "{\\"a\\":{\\"nested\\":true},\\"b\\":2}"
  alpha: "1"
  zeta: "z"
  missing: ""
  b64: c2VjcmV0
  ternary: on
  semver: "true"
  haskey: "true"
  dict: "1"
`;

const SVC = `---
# Source: demo/templates/svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: rel-demo
spec:
  ports:
  - port: 8080
`;

describe("helm template", () => {
  it("renders a chart with Helm's functions, ConfigMap before Service", async () => {
    const r = await run("t1", `${CHART}helm template rel ./demo -n team`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(CM + SVC);
  });

  it("names the release release-name by default, applies --set, and picks templates with --show-only", async () => {
    const r = await run("t2", `${CHART}helm template ./demo --set port=9090 --show-only templates/svc.yaml`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(SVC.replace("rel-demo", "release-name-demo").replace("8080", "9090"));
  });

  it("renders the offline nginx chart as Helm renders its Service", async () => {
    const r = await run("t3", `helm repo add bitnami https://charts.bitnami.com/bitnami >/dev/null
helm template web bitnami/nginx --set service.type=NodePort --set service.nodePorts.http=30080 -s templates/svc.yaml`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`---
# Source: nginx/templates/svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: web-nginx
  namespace: "t3"
  labels:
    helm.sh/chart: nginx-18.2.4
    app.kubernetes.io/name: nginx
    app.kubernetes.io/instance: web
    app.kubernetes.io/version: "1.27.5"
    app.kubernetes.io/managed-by: Helm
spec:
  type: NodePort
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
      nodePort: 30080
  selector:
    app.kubernetes.io/name: nginx
    app.kubernetes.io/instance: web
`);
  });

  it("reports template errors in Helm's words", async () => {
    const r = await run(
      "t4",
      `${CHART}rm demo/templates/cm.yaml demo/templates/svc.yaml
echo 'name: {{ required "need a name" .Values.name }}' > demo/templates/a.yaml
helm template ./demo; echo "rc=$?"
echo 'x: {{ .Values.config.c.d }}' > demo/templates/a.yaml
helm template ./demo
echo 'x: {{ nofunc .Values.port }}' > demo/templates/a.yaml
helm template ./demo
echo '{{ fail "boom" }}' > demo/templates/a.yaml
helm install x ./demo
echo 'x: {{ eq .Values.port 8080 }}' > demo/templates/a.yaml
helm template ./demo
echo 'x: {{ eq .Values.port 8080.0 }}' > demo/templates/a.yaml
helm template ./demo --show-only templates/none.yaml
helm template ./demo | tail -1`,
    );
    expect(r.stdout).toBe("rc=1\nx: true\n");
    expect(r.stderr).toBe(`Error: execution error at (demo/templates/a.yaml:1:9): need a name

Use --debug flag to render out invalid YAML
Error: template: demo/templates/a.yaml:1:6: executing "demo/templates/a.yaml" at <.Values.config.c.d>: nil pointer evaluating interface {}.d

Use --debug flag to render out invalid YAML
Error: parse error at (demo/templates/a.yaml:1): function "nofunc" not defined

Use --debug flag to render out invalid YAML
Error: INSTALLATION FAILED: execution error at (demo/templates/a.yaml:1:3): boom
Error: template: demo/templates/a.yaml:1:6: executing "demo/templates/a.yaml" at <eq .Values.port 8080>: error calling eq: incompatible types for comparison

Use --debug flag to render out invalid YAML
Error: could not find template templates/none.yaml in chart
`);
  });
});

describe("helm show", () => {
  it("shows a chart's definition, values file and README", async () => {
    const r = await run("t5", `helm repo add bitnami https://charts.bitnami.com/bitnami >/dev/null
helm show chart bitnami/nginx --version 18.1.0
helm show values bitnami/redis | head -3
helm show readme bitnami/nginx | head -1`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`apiVersion: v2
appVersion: 1.26.3
description: NGINX web server as a Deployment and a Service (kubedojo offline practice
  chart).
home: https://nginx.org
keywords:
- nginx
- http
- web
- www
- reverse proxy
maintainers:
- name: kubedojo
name: nginx
type: application
version: 18.1.0

## Default values for the redis chart (standalone architecture).

image:
# nginx
`);
  });
});
