/**
 * helm repo and search against the repositories kubedojo serves offline:
 * the messages of cmd/helm/repo_*.go, the files Helm keeps under
 * ~/.config/helm and ~/.cache/helm, and the search table.
 */
import { describe, expect, it } from "vitest";
import { sh } from "../../helpers.js";
import { helmShell } from "./helpers.js";

const run = helmShell();

const ADD = "helm repo add bitnami https://charts.bitnami.com/bitnami >/dev/null";

describe("helm repo", () => {
  it("adds a repository, writes repositories.yaml and the index cache, and skips an identical re-add", async () => {
    const r = await sh(`helm repo add bitnami https://charts.bitnami.com/bitnami
helm repo add bitnami https://charts.bitnami.com/bitnami
cat ~/.config/helm/repositories.yaml
ls ~/.cache/helm/repository
cat ~/.cache/helm/repository/bitnami-charts.txt
grep -c 'https://charts.bitnami.com/bitnami/nginx-' ~/.cache/helm/repository/bitnami-index.yaml`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      `"bitnami" has been added to your repositories
"bitnami" already exists with the same configuration, skipping
apiVersion: ""
generated: "0001-01-01T00:00:00Z"
repositories:
- caFile: ""
  certFile: ""
  insecure_skip_tls_verify: false
  keyFile: ""
  name: bitnami
  pass_credentials_all: false
  password: ""
  url: https://charts.bitnami.com/bitnami
  username: ""
bitnami-charts.txt
bitnami-index.yaml
nginx
redis
2
`,
    );
  });

  it("refuses an unreachable URL, a second URL under a taken name and a name with a slash", async () => {
    const r = await run("t2", `${ADD}
helm repo add foo https://charts.example.com/stable; echo "rc=$?"
helm repo add bitnami https://kubernetes.github.io/ingress-nginx; echo "rc=$?"
helm repo add a/b https://charts.bitnami.com/bitnami; echo "rc=$?"`);
    expect(r.stdout).toBe("rc=1\nrc=1\nrc=1\n");
    expect(r.stderr).toBe(
      'Error: looks like "https://charts.example.com/stable" is not a valid chart repository or cannot be reached: Get "https://charts.example.com/stable/index.yaml": dial tcp: lookup charts.example.com: no such host\n' +
        "Error: repository name (bitnami) already exists, please specify a different name\n" +
        "Error: repository name (a/b) contains '/', please specify a different name without '/'\n",
    );
  });

  it("lists, updates and removes repositories", async () => {
    const r = await run("t3", `${ADD}
helm repo add ingress-nginx https://kubernetes.github.io/ingress-nginx >/dev/null
helm repo list
helm repo update
helm repo update ingress-nginx
helm repo remove ingress-nginx
ls $HELM_CACHE_HOME/repository
helm repo remove nope`);
    expect(r.stdout).toBe(
      `NAME         	URL                                       
bitnami      	https://charts.bitnami.com/bitnami        
ingress-nginx	https://kubernetes.github.io/ingress-nginx
Hang tight while we grab the latest from your chart repositories...
...Successfully got an update from the "bitnami" chart repository
...Successfully got an update from the "ingress-nginx" chart repository
Update Complete. ⎈Happy Helming!⎈
Hang tight while we grab the latest from your chart repositories...
...Successfully got an update from the "ingress-nginx" chart repository
Update Complete. ⎈Happy Helming!⎈
"ingress-nginx" has been removed from your repositories
bitnami-charts.txt
bitnami-index.yaml
`,
    );
    expect(r.stderr).toBe('Error: no repo named "nope" found\n');
  });

  it("reports no repositories as Helm does", async () => {
    const r = await run("t4", "helm repo list; helm repo update; helm search repo nginx");
    expect(r.stderr).toBe("Error: no repositories to show\nError: no repositories found. You must add one before updating\nError: no repositories configured\n");
  });
});

describe("helm search repo", () => {
  it("shows the newest version of each matching chart, all versions with --versions", async () => {
    const r = await run("t5", `${ADD}
helm search repo nginx
helm search repo bitnami/nginx --versions
helm search repo nothing-like-this`);
    expect(r.stdout).toBe(
      `NAME         	CHART VERSION	APP VERSION	DESCRIPTION                                       
bitnami/nginx	18.2.4       	1.27.5     	NGINX web server as a Deployment and a Service ...
NAME         	CHART VERSION	APP VERSION	DESCRIPTION                                       
bitnami/nginx	18.2.4       	1.27.5     	NGINX web server as a Deployment and a Service ...
bitnami/nginx	18.1.0       	1.26.3     	NGINX web server as a Deployment and a Service ...
No results found
`,
    );
  });

  it("matches keywords and filters by version constraint", async () => {
    const r = await run("t6", `${ADD}
helm search repo database -o json
helm search repo bitnami/nginx --version '<18.2.0' -o yaml`);
    expect(r.stdout).toBe(
      '[{"name":"bitnami/redis","version":"20.1.7","app_version":"7.4.5","description":"Redis in-memory key-value store, one StatefulSet with a password (kubedojo offline practice chart)."}]\n' +
        "- app_version: 1.26.3\n  description: NGINX web server as a Deployment and a Service (kubedojo offline practice\n    chart).\n  name: bitnami/nginx\n  version: 18.1.0\n",
    );
  });

  it("warns about a repository whose index is missing", async () => {
    const r = await run("t7", `${ADD}
rm $HELM_CACHE_HOME/repository/bitnami-index.yaml
helm search repo nginx`);
    expect(r.stderr).toBe(`WARNING: Repo "bitnami" is corrupt or missing. Try 'helm repo update'.\nWARNING: open /tmp/helm-t7/cache/repository/bitnami-index.yaml: no such file or directory\n`);
    expect(r.stdout).toBe("No results found\n");
  });
});
