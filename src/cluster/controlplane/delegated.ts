/**
 * The steps kube-controller-manager and kube-scheduler share before they
 * run: their own HTTPS endpoint (self-signed unless given a cert), the
 * delegated authentication and authorization kubeconfigs and CA files
 * (k8s.io/apiserver v0.34.1 pkg/server/options authentication.go,
 * authorization.go, serving.go), and the kubeconfig their clients use
 * (client-go clientcmd). Each returns the error the real option's ApplyTo
 * returns, for `"command failed" err=...`.
 */
import type { ProcessContext, Program } from "../kubelet/runtime/process.js";
import type { ComponentHandle, ComponentProcessOptions, ControlPlaneHooks, LeaderElectionTimings } from "./hooks.js";
import { hostPort, isLocalAddress, runUntilExit, type ExitRequest } from "./component.js";
import { x509KeyPairError } from "./files.js";
import type { ParsedFlags } from "./flags.js";
import { loadKubeconfig, type KubeconfigConnection } from "./kubeconfig.js";
import type { Klog } from "./logs.js";
import { caFile, failed, servingPair } from "./tls-material.js";

/** SecureServingOptions.MaybeDefaultWithSelfSignedCerts: without --tls-cert-file, an in-memory cert (serving.go:386). */
export function maybeSelfSigned(f: ParsedFlags, log: Klog): void {
  if (!f.get("tls-cert-file") && !f.get("tls-private-key-file")) log.info("serving.go:386", "Generated self-signed cert in-memory");
}

/** SecureServingOptions.ApplyTo: the listener (serving.go:251, 400), then a given serving cert. */
export function secureServing(ctx: ProcessContext, f: ParsedFlags): string | undefined {
  const port = f.number("secure-port");
  if (port === 0) return undefined;
  const bind = f.get("bind-address");
  if (!isLocalAddress(ctx, bind)) {
    const addr = hostPort(bind, port);
    return `failed to create listener: failed to listen on ${addr}: listen tcp ${addr}: bind: cannot assign requested address`;
  }
  if (f.get("tls-cert-file") || f.get("tls-private-key-file")) {
    const pair = servingPair(ctx.fs, "serving-cert", f.get("tls-cert-file"), f.get("tls-private-key-file"));
    if (failed(pair)) return pair.error;
  }
  return undefined;
}

/**
 * The error an in-cluster lookup of configmap/extension-apiserver-authentication
 * gets when the API server cannot be reached (client-go's Get), or undefined
 * when it answers or the network layer cannot tell.
 */
export function lookupError(ctx: ProcessContext, kubeconfig: KubeconfigConnection): string | undefined {
  const url = `${kubeconfig.server.replace(/\/$/, "")}/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication`;
  const r = ctx.system.network.httpGet(url);
  if (!("error" in r) || !/refused|failed to connect|couldn't connect/i.test(r.error)) return undefined;
  const m = /^[a-z]+:\/\/([^/]+)/.exec(kubeconfig.server);
  const host = m?.[1] ?? kubeconfig.server;
  return `Get ${JSON.stringify(url)}: dial tcp ${/:\d+$/.test(host) ? host : hostPort(host, 443)}: connect: connection refused`;
}

/** DelegatingAuthenticationOptions.ApplyTo (authentication.go:329-421 at v0.34.1). */
export function delegatedAuthentication(ctx: ProcessContext, f: ParsedFlags, log: Klog): string | undefined {
  let client: KubeconfigConnection | undefined;
  const path = f.get("authentication-kubeconfig");
  if (path) {
    const r = loadKubeconfig(ctx.fs, path);
    if ("error" in r) return `failed to get delegated authentication kubeconfig: ${r.error}`;
    client = r.ok;
  }
  const skip = f.bool("authentication-skip-lookup");
  if (f.get("client-ca-file")) {
    const ca = caFile(ctx.fs, "client-ca-bundle", f.get("client-ca-file"));
    if (failed(ca)) return `unable to load client CA provider: ${ca.error}`;
  } else if (!skip && !client) {
    log.warn("authentication.go:368", "No authentication-kubeconfig provided in order to lookup client-ca-file in configmap/extension-apiserver-authentication in kube-system, so client certificate authentication won't work.");
  }
  if (f.get("requestheader-client-ca-file")) {
    const ca = caFile(ctx.fs, "request-header", f.get("requestheader-client-ca-file"));
    if (failed(ca)) return `unable to create request header authentication config: ${ca.error}`;
  } else if (!skip) {
    if (!client) {
      log.warn("authentication.go:392", "No authentication-kubeconfig provided in order to lookup requestheader-client-ca-file in configmap/extension-apiserver-authentication in kube-system, so request-header client certificate authentication won't work.");
    } else {
      const err = lookupError(ctx, client);
      if (err && f.bool("authentication-tolerate-lookup-failure")) {
        log.warn("authentication.go:397", `Error looking up in-cluster authentication configuration: ${err}`);
        log.warn("authentication.go:398", "Continuing without authentication configuration. This may treat all requests as anonymous.");
        log.warn("authentication.go:399", "To require authentication configuration lookup to succeed, set --authentication-tolerate-lookup-failure=false");
      } else if (err) return `unable to load configmap based request-header-client-ca-file: ${err}`;
    }
  }
  return undefined;
}

/** DelegatingAuthorizationOptions.ApplyTo (authorization.go:193, 231 at v0.34.1). */
export function delegatedAuthorization(ctx: ProcessContext, f: ParsedFlags, log: Klog): string | undefined {
  const path = f.get("authorization-kubeconfig");
  if (!path) {
    log.warn("authorization.go:193", "No authorization-kubeconfig provided, so SubjectAccessReview of authorization tokens won't work.");
    return undefined;
  }
  const r = loadKubeconfig(ctx.fs, path);
  return "error" in r ? `failed to get delegated authorization kubeconfig: ${r.error}` : undefined;
}

/**
 * clientcmd.BuildConfigFromFlags(--master, --kubeconfig), then the client's
 * TLS pair as rest.TransportFor loads it when the clientset is created.
 */
export function clientKubeconfig(ctx: ProcessContext, f: ParsedFlags, log: Klog): { ok: KubeconfigConnection } | { error: string } {
  const path = f.get("kubeconfig");
  const master = f.get("master");
  if (!path && !master) {
    log.warn("client_config.go:667", "Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.");
    if (!ctx.env.KUBERNETES_SERVICE_HOST || !ctx.env.KUBERNETES_SERVICE_PORT) return { error: "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined" };
    return { error: "open /var/run/secrets/kubernetes.io/serviceaccount/token: no such file or directory" };
  }
  if (!path) return { ok: { path: "", server: master, user: "", context: "" } };
  const r = loadKubeconfig(ctx.fs, path);
  if ("error" in r) return r;
  if (r.ok.certPem && r.ok.keyPem) {
    const bad = x509KeyPairError(r.ok.certPem, r.ok.keyPem);
    if (bad) return { error: bad };
  }
  return { ok: master ? { ...r.ok, server: master } : r.ok };
}

/** --leader-elect-lease-duration / -renew-deadline / -retry-period. */
export function leaderElectionTimings(f: ParsedFlags): LeaderElectionTimings {
  return { leaseDurationMs: f.durationMs("leader-elect-lease-duration"), renewDeadlineMs: f.durationMs("leader-elect-renew-deadline"), retryPeriodMs: f.durationMs("leader-elect-retry-period") };
}

/**
 * The common tail of kube-controller-manager and kube-scheduler: hand the
 * component to the cluster (behind its leader Lease when --leader-elect)
 * and run until the process ends. Without a cluster behind the process
 * (runtime unit tests) it is a healthy leader that just serves.
 */
export function* runElected(
  ctx: ProcessContext,
  f: ParsedFlags,
  log: Klog,
  lockName: string,
  kubeconfig: KubeconfigConnection,
  leaderElect: boolean,
  start: (hooks: ControlPlaneHooks, common: ComponentProcessOptions & { leaderElect: boolean }) => ComponentHandle,
): Program {
  const hooks = ctx.system.controlPlane;
  if (!hooks) {
    if (leaderElect) {
      log.info("leaderelection.go:257", `attempting to acquire leader lease kube-system/${lockName}...`);
      log.info("leaderelection.go:271", `successfully acquired lease kube-system/${lockName}`);
    }
    return yield* runUntilExit(ctx, undefined, undefined, 500);
  }
  const exit: ExitRequest = {};
  const handle = start(hooks, {
    leaderElect,
    kubeconfig,
    leaderElection: leaderElectionTimings(f),
    log: (severity, file, msg) => log.line(severity, file, msg),
    exit: (code) => {
      exit.code ??= code;
    },
  });
  return yield* runUntilExit(ctx, handle, exit, 500);
}
