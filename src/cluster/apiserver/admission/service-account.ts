/**
 * ServiceAccount: every pod runs as a service account ("default" unless it
 * names one), which must exist; unless automounting is turned off (on the
 * pod, else on the service account) each container and init container
 * mounts the projected API token volume kube-api-access-<5 random> at
 * /var/run/secrets/kubernetes.io/serviceaccount; a pod with no
 * imagePullSecrets gets the service account's
 * (plugin/pkg/admission/serviceaccount). Mirror pods of static pods are left
 * alone but may not reference service accounts or secrets.
 */
import type { KubeObject } from "../../api/types.js";
import { admissionForbidden, kindOf, type AdmissionAttributes, type AdmissionContext, type AdmissionPlugin } from "./plugin.js";

type Phase = "admit" | "validate";

export const DEFAULT_SERVICE_ACCOUNT = "default";
export const TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
export const TOKEN_VOLUME_PREFIX = "kube-api-access-";
const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";
const ENFORCE_MOUNTABLE_SECRETS = "kubernetes.io/enforce-mountable-secrets";
/** serviceaccount.WarnOnlyBoundTokenExpirationSeconds: one hour and seven seconds. */
const TOKEN_EXPIRATION_SECONDS = 3607;
/**
 * The real plugin retries a missing "default" service account for up to
 * about two seconds while the service account controller creates it; a
 * namespace this young is given that benefit without blocking.
 */
const DEFAULT_SA_GRACE_MS = 2_000;

export function serviceAccount(): AdmissionPlugin {
  return {
    name: "ServiceAccount",
    admit(a, ctx) {
      const pod = podOf(a);
      if (!pod) return;
      if (isMirrorPod(pod)) return validateMirrorPod(a, pod, "admit");
      const spec = (pod.spec ??= {});
      // v1's deprecated spec.serviceAccount is an alias of serviceAccountName.
      if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || DEFAULT_SERVICE_ACCOUNT;
      spec.serviceAccount = spec.serviceAccountName;
      const sa = lookup(a, ctx, spec.serviceAccountName, "admit");
      if (shouldAutomount(sa, spec)) mountToken(spec, ctx);
      if (!spec.imagePullSecrets?.length && sa.imagePullSecrets?.length) {
        spec.imagePullSecrets = sa.imagePullSecrets.map((s: { name: string }) => ({ name: s.name }));
      }
    },
    validate(a, ctx) {
      const pod = podOf(a);
      if (!pod) return;
      if (isMirrorPod(pod)) return validateMirrorPod(a, pod, "validate");
      const sa = lookup(a, ctx, pod.spec?.serviceAccountName ?? DEFAULT_SERVICE_ACCOUNT, "validate");
      if (sa.metadata?.annotations?.[ENFORCE_MOUNTABLE_SECRETS] === "true") limitSecretReferences(a, sa, pod);
    },
  };
}

function podOf(a: AdmissionAttributes): KubeObject | undefined {
  if (kindOf(a) !== "/Pod" || a.subresource || a.operation !== "CREATE") return undefined;
  return a.object;
}

function isMirrorPod(pod: KubeObject): boolean {
  return pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined;
}

function validateMirrorPod(a: AdmissionAttributes, pod: KubeObject, phase: Phase): void {
  const spec = pod.spec ?? {};
  if (spec.serviceAccountName) throw admissionForbidden(a, "a mirror pod may not reference service accounts", undefined, phase);
  const usesSecrets =
    (spec.volumes ?? []).some((v: any) => v.secret) ||
    (spec.imagePullSecrets ?? []).length > 0 ||
    [...(spec.containers ?? []), ...(spec.initContainers ?? [])].some(
      (c: any) => (c.env ?? []).some((e: any) => e.valueFrom?.secretKeyRef) || (c.envFrom ?? []).some((e: any) => e.secretRef),
    );
  if (usesSecrets) throw admissionForbidden(a, "a mirror pod may not reference secrets", undefined, phase);
  if ((spec.volumes ?? []).some((v: any) => (v.projected?.sources ?? []).some((s: any) => s.serviceAccountToken))) {
    throw admissionForbidden(a, "a mirror pod may not use ServiceAccountToken volume projections", undefined, phase);
  }
}

function lookup(a: AdmissionAttributes, ctx: AdmissionContext, name: string, phase: Phase): KubeObject {
  const ns = a.namespace!;
  const sa = ctx.reader.get("serviceaccounts", ns, name);
  if (sa) return sa;
  if (name === DEFAULT_SERVICE_ACCOUNT) {
    const created = Date.parse(ctx.reader.get("namespaces", undefined, ns)?.metadata.creationTimestamp ?? "");
    if (Number.isFinite(created) && ctx.clock.now() - created <= DEFAULT_SA_GRACE_MS) {
      return { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: ns } };
    }
  }
  throw admissionForbidden(a, `error looking up service account ${ns}/${name}: serviceaccount "${name}" not found`, undefined, phase);
}

function shouldAutomount(sa: KubeObject, spec: any): boolean {
  if (typeof spec.automountServiceAccountToken === "boolean") return spec.automountServiceAccountToken;
  if (typeof sa.automountServiceAccountToken === "boolean") return sa.automountServiceAccountToken;
  return true;
}

function mountToken(spec: any, ctx: AdmissionContext): void {
  const volumes: any[] = spec.volumes ?? [];
  const existing = volumes.find((v) => typeof v.name === "string" && v.name.startsWith(TOKEN_VOLUME_PREFIX));
  const volumeName: string = existing?.name ?? TOKEN_VOLUME_PREFIX + ctx.random.string(5);
  let needsVolume = false;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    // A container that mounts something at the token path keeps its own mount.
    if ((c.volumeMounts ?? []).some((m: any) => m.mountPath === TOKEN_MOUNT_PATH)) continue;
    c.volumeMounts = [...(c.volumeMounts ?? []), { name: volumeName, readOnly: true, mountPath: TOKEN_MOUNT_PATH }];
    needsVolume = true;
  }
  if (!existing && needsVolume) spec.volumes = [...volumes, { name: volumeName, projected: tokenVolumeSource() }];
}

/** The projected volume a pod's API credentials come from. */
export function tokenVolumeSource(): object {
  return {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: "token" } },
      { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
      { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
    ],
  };
}

/** With kubernetes.io/enforce-mountable-secrets, a pod may only use the secrets its service account lists. */
function limitSecretReferences(a: AdmissionAttributes, sa: KubeObject, pod: KubeObject): void {
  const spec = pod.spec ?? {};
  const mountable = new Set((sa.secrets ?? []).map((s: any) => s.name));
  for (const v of spec.volumes ?? []) {
    if (v.secret && !mountable.has(v.secret.secretName)) {
      throw admissionForbidden(a, `volume with secret.secretName="${v.secret.secretName}" is not allowed because service account ${sa.metadata.name} does not reference that secret`);
    }
  }
  for (const [label, list] of [["init container", spec.initContainers], ["container", spec.containers]] as const) {
    for (const c of list ?? []) {
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef?.name;
        if (ref && !mountable.has(ref)) {
          throw admissionForbidden(
            a,
            `${label} ${c.name} with envVar ${e.name} referencing secret.secretName="${ref}" is not allowed because service account ${sa.metadata.name} does not reference that secret`,
          );
        }
      }
    }
  }
  const pullable = new Set((sa.imagePullSecrets ?? []).map((s: any) => s.name));
  (spec.imagePullSecrets ?? []).forEach((s: any, i: number) => {
    if (!pullable.has(s.name)) {
      throw admissionForbidden(a, `imagePullSecrets[${i}].name="${s.name}" is not allowed because service account ${sa.metadata.name} does not reference that imagePullSecret`);
    }
  });
}
