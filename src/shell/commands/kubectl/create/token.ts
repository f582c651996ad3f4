/**
 * kubectl create token SERVICE_ACCOUNT [--duration] [--audience] [--bound-object-*]
 * (pkg/cmd/create/create_token.go).
 *
 * Simulator shortcut: the API server does not serve serviceaccounts/token
 * yet, so the TokenRequest is answered here, through the API: the service
 * account (and a bound object) is read from the server, and a JWT-shaped
 * token with the claims kube-apiserver would sign is built deterministically.
 */
import { createHash } from "node:crypto";
import { ApiError, ConnectionRefusedError } from "../../../../cluster/api/errors.js";
import { invalidError, fe } from "../../../../cluster/api/field-errors.js";
import { parseDuration } from "../../../../cluster/clock.js";
import { SeededRandom } from "../../../../cluster/random.js";
import { KubectlError } from "../errors.js";
import { PRINT_FLAGS, listFlag, stringFlag } from "../common/flags.js";
import { ObjectPrinter } from "../common/print.js";
import type { KubectlContext } from "../types.js";
import { defineGenerator, type GeneratorInput } from "./generator.js";

const ISSUER = "https://kubernetes.default.svc.cluster.local";
const BOUND_OBJECT_KINDS: Record<string, string> = { Node: "v1", Pod: "v1", Secret: "v1" };
const DEFAULT_EXPIRATION_SECONDS = 3600;

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

/** A stand-in for an RS256 signature: 256 bytes derived from the signed content. */
function signature(content: string): string {
  const chunks: Buffer[] = [];
  for (let i = 0; i < 8; i++) chunks.push(createHash("sha256").update(`${i}:${content}`).digest());
  return base64url(Buffer.concat(chunks));
}

function durationSeconds(k: KubectlContext): number {
  const text = stringFlag(k, "duration");
  if (!text || text === "0") return 0;
  const ms = parseDuration(text) ?? 0;
  if (ms < 0) throw new KubectlError("--duration must be greater than or equal to 0");
  if (ms % 1000 !== 0) throw new KubectlError("--duration cannot be expressed in units less than seconds");
  return ms / 1000;
}

function validate({ k }: GeneratorInput): void {
  durationSeconds(k);
  if (listFlag(k, "audience").some((a) => a === "")) throw new KubectlError("--audience must not be an empty string");
  const kind = stringFlag(k, "bound-object-kind");
  if (!kind) {
    if (stringFlag(k, "bound-object-name")) throw new KubectlError("--bound-object-name can only be set if --bound-object-kind is provided");
    if (stringFlag(k, "bound-object-uid")) throw new KubectlError("--bound-object-uid can only be set if --bound-object-kind is provided");
  } else {
    if (!(kind in BOUND_OBJECT_KINDS)) throw new KubectlError(`supported --bound-object-kind values are ${Object.keys(BOUND_OBJECT_KINDS).sort().join(", ")}`);
    if (!stringFlag(k, "bound-object-name")) throw new KubectlError("--bound-object-name is required if --bound-object-kind is provided");
  }
}

/** What kube-apiserver's TokenRequest REST handler would answer. */
function tokenRequest({ k, name, namespace }: GeneratorInput) {
  const sa = k.client.get("serviceaccounts", namespace, name);
  const requested = durationSeconds(k);
  const expirationSeconds = requested || DEFAULT_EXPIRATION_SECONDS;
  if (requested && requested < 600) {
    throw invalidError("TokenRequest", "authentication.k8s.io", name, [fe.invalid("spec.expirationSeconds", requested, "may not specify a duration less than 10 minutes")]);
  }
  if (requested > 2 ** 32) {
    throw invalidError("TokenRequest", "authentication.k8s.io", name, [fe.invalid("spec.expirationSeconds", requested, "may not specify a duration larger than 2^32 seconds")]);
  }
  const audiences = listFlag(k, "audience").length ? listFlag(k, "audience") : [ISSUER];
  const now = Math.floor(k.now() / 1000);
  const claims: Record<string, unknown> = { namespace, serviceaccount: { name, uid: sa.metadata.uid } };
  const kind = stringFlag(k, "bound-object-kind");
  let boundObjectRef: Record<string, string> | null = null;
  if (kind) {
    const boundName = stringFlag(k, "bound-object-name");
    const resource = kind === "Pod" ? "pods" : kind === "Secret" ? "secrets" : "nodes";
    const bound = k.client.get(resource, kind === "Node" ? undefined : namespace, boundName);
    const uid = stringFlag(k, "bound-object-uid") || bound.metadata.uid!;
    boundObjectRef = { kind, apiVersion: BOUND_OBJECT_KINDS[kind], name: boundName, uid };
    claims[kind.toLowerCase()] = { name: boundName, uid };
    if (kind === "Pod" && bound.spec?.nodeName) {
      const node = k.client.find("nodes", undefined, bound.spec.nodeName);
      if (node) claims.node = { name: node.metadata.name, uid: node.metadata.uid };
    }
  }
  const random = new SeededRandom(`kubectl-create-token:${k.now()}:${namespace}/${name}`);
  const payload = {
    aud: audiences,
    exp: now + expirationSeconds,
    iat: now,
    iss: ISSUER,
    jti: random.uuid(),
    "kubernetes.io": Object.fromEntries(Object.entries(claims).sort(([a], [b]) => a.localeCompare(b))),
    nbf: now,
    sub: `system:serviceaccount:${namespace}:${name}`,
  };
  const header = { alg: "RS256", kid: base64url(createHash("sha256").update("kubedojo service account signing key").digest()) };
  const signed = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  return {
    kind: "TokenRequest",
    apiVersion: "authentication.k8s.io/v1",
    metadata: { name, namespace, creationTimestamp: new Date(now * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") },
    spec: { audiences, expirationSeconds, boundObjectRef },
    status: { token: `${signed}.${signature(signed)}`, expirationTimestamp: new Date((now + expirationSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") },
  };
}

export const createTokenCommand = defineGenerator({
  name: "token",
  short: "Request a service account token",
  long: "Request a service account token.",
  examples:
    '  # Request a token to authenticate to the kube-apiserver as the service account "myapp" in the current namespace\n  kubectl create token myapp\n  \n  # Request a token for a service account in a custom namespace\n  kubectl create token myapp --namespace myns\n  \n  # Request a token with a custom expiration\n  kubectl create token myapp --duration 10m\n  \n  # Request a token with a custom audience\n  kubectl create token myapp --audience https://example.com\n  \n  # Request a token bound to an instance of a Secret object\n  kubectl create token myapp --bound-object-kind Secret --bound-object-name mysecret\n  \n  # Request a token bound to an instance of a Secret object with a specific UID\n  kubectl create token myapp --bound-object-kind Secret --bound-object-name mysecret --bound-object-uid 0d4691ed-659b-4935-a832-355f77ee47cc',
  usage: "kubectl create token SERVICE_ACCOUNT_NAME [options]",
  bare: true,
  flags: [
    ...PRINT_FLAGS,
    {
      name: "audience",
      type: "stringArray",
      usage:
        "Audience of the requested token. If unset, defaults to requesting a token for use with the Kubernetes API server. May be repeated to request a token valid for multiple audiences.",
    },
    { name: "bound-object-kind", type: "string", usage: "Kind of an object to bind the token to. Supported kinds are Node, Pod, Secret. If set, --bound-object-name must be provided." },
    { name: "bound-object-name", type: "string", usage: "Name of an object to bind the token to. The token will expire when the object is deleted. Requires --bound-object-kind." },
    {
      name: "bound-object-uid",
      type: "string",
      usage: "UID of an object to bind the token to. Requires --bound-object-kind and --bound-object-name. If unset, the UID of the existing object is used.",
    },
    {
      name: "duration",
      type: "duration",
      default: "0s",
      usage:
        "Requested lifetime of the issued token. If not set or if set to 0, the lifetime will be determined by the server automatically. The server may return a token with a longer or shorter lifetime.",
    },
  ],
  resource: "serviceaccounts",
  build: () => {
    throw new Error("create token builds no object");
  },
  async run(input) {
    const { k } = input;
    const printer = await ObjectPrinter.create(k, { operation: "created", dryRun: "none" });
    validate(input);
    let response;
    try {
      response = tokenRequest(input);
    } catch (e) {
      if (e instanceof ApiError || e instanceof ConnectionRefusedError) throw new KubectlError(`failed to create token: ${e.message}`);
      throw e;
    }
    if (k.flags.changed.has("output")) printer.print(response);
    else k.out.line(response.status.token);
    return 0;
  },
});
