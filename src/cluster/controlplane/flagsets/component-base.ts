/**
 * The flag groups several control-plane components share, as they come from
 * the same option structs: k8s.io/apiserver's SecureServingOptions and
 * delegated authentication/authorization (kube-controller-manager and
 * kube-scheduler), component-base's metrics and logs options, and the
 * global --help/--version. Each component's table interpolates them.
 */

/** SecureServingOptions: the same flags everywhere, each component with its own port and cert dir. */
export function secureServingFlags(port: number, certDirDefault = ""): string {
  return `bind-address ip 0.0.0.0
cert-dir string${certDirDefault ? ` "${certDirDefault}"` : ""}
disable-http2-serving bool
http2-max-streams-per-connection int
permit-address-sharing bool
permit-port-sharing bool
secure-port int ${port}
tls-cert-file string
tls-cipher-suites strings
tls-min-version string
tls-private-key-file string
tls-sni-cert-key string
`;
}

/** DelegatingAuthenticationOptions (kube-controller-manager, kube-scheduler); the scheduler tolerates lookup failures. */
export function delegatedAuthenticationFlags(tolerateLookupFailure: boolean): string {
  return `authentication-kubeconfig string
authentication-skip-lookup bool
authentication-token-webhook-cache-ttl duration 10s
authentication-tolerate-lookup-failure bool${tolerateLookupFailure ? " true" : ""}
client-ca-file string
requestheader-allowed-names strings
requestheader-client-ca-file string
requestheader-extra-headers-prefix strings "x-remote-extra-"
requestheader-group-headers strings "x-remote-group"
requestheader-uid-headers strings
requestheader-username-headers strings "x-remote-user"
`;
}

/** DelegatingAuthorizationOptions (kube-controller-manager, kube-scheduler). */
export const DELEGATED_AUTHORIZATION_FLAGS = `authorization-always-allow-paths strings "/healthz,/readyz,/livez"
authorization-kubeconfig string
authorization-webhook-cache-authorized-ttl duration 10s
authorization-webhook-cache-unauthorized-ttl duration 10s
`;

/** component-base metrics options. */
export const METRICS_FLAGS = `allow-metric-labels stringToString []
allow-metric-labels-manifest string
disabled-metrics strings
show-hidden-metrics-for-version string
`;

/** component-base logs options. */
export const LOGS_FLAGS = `log-flush-frequency duration 5s
log-text-info-buffer-size quantity
log-text-split-stream bool
logging-format string "text"
-v,v level
vmodule vmodule
`;

/** cobra's and verflag's global flags. */
export const GLOBAL_FLAGS = `-h,help bool
version version
`;
