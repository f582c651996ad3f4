/**
 * API errors as the real API server returns them: a metav1.Status with code,
 * reason and message. kubectl renders them as `Error from server (<Reason>): <message>`.
 */

export type StatusReason =
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Invalid"
  | "BadRequest"
  | "Forbidden"
  | "Unauthorized"
  | "MethodNotAllowed"
  | "TooManyRequests"
  | "InternalError"
  | "Gone"
  | "Timeout"
  | "UnsupportedMediaType"
  | "NotAcceptable"
  | "RequestEntityTooLarge"
  | "Expired";

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: StatusReason;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

export class ApiError extends Error {
  readonly status: Status;

  constructor(status: Omit<Status, "kind" | "apiVersion" | "metadata" | "status">) {
    super(status.message);
    this.status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", ...status };
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): StatusReason {
    return this.status.reason;
  }
}

/** Raised by a client when the API server cannot be reached (it is down or crash-looping). */
/** The client could not talk to the API server at all (kubectl prints the message as it is). */
export class ConnectionRefusedError extends Error {
  constructor(
    readonly server: string,
    message = `The connection to the server ${server} was refused - did you specify the right host or port?`,
  ) {
    super(message);
  }

  /** A TLS or dial failure other than a refusal: `Unable to connect to the server: <detail>`. */
  static unableToConnect(server: string, detail: string): ConnectionRefusedError {
    return new ConnectionRefusedError(server, `Unable to connect to the server: ${detail}`);
  }
}

/** What identifies the resource in messages: `pods`, `deployments.apps`. */
export interface ResourceIdentity {
  group: string;
  plural: string;
  kind: string;
}

export function qualifiedResource(r: ResourceIdentity): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

export function notFound(r: ResourceIdentity, name: string): ApiError {
  return new ApiError({
    code: 404,
    reason: "NotFound",
    message: `${qualifiedResource(r)} "${name}" not found`,
    details: { name, group: r.group || undefined, kind: r.plural },
  });
}

export function alreadyExists(r: ResourceIdentity, name: string): ApiError {
  return new ApiError({
    code: 409,
    reason: "AlreadyExists",
    message: `${qualifiedResource(r)} "${name}" already exists`,
    details: { name, group: r.group || undefined, kind: r.plural },
  });
}

export function conflict(r: ResourceIdentity, name: string, why: string): ApiError {
  return new ApiError({
    code: 409,
    reason: "Conflict",
    message: `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": ${why}`,
    details: { name, group: r.group || undefined, kind: r.plural },
  });
}

export const OPTIMISTIC_LOCK_MESSAGE =
  "the object has been modified; please apply your changes to the latest version and try again";

export function badRequest(message: string): ApiError {
  return new ApiError({ code: 400, reason: "BadRequest", message });
}

/** 401: the client certificate (or token) does not authenticate anyone. */
export function unauthorized(): ApiError {
  return new ApiError({ code: 401, reason: "Unauthorized", message: "Unauthorized" });
}

export function forbidden(r: ResourceIdentity, name: string, why: string): ApiError {
  const target = name ? `${qualifiedResource(r)} "${name}"` : qualifiedResource(r);
  return new ApiError({
    code: 403,
    reason: "Forbidden",
    message: `${target} is forbidden: ${why}`,
    details: { name: name || undefined, group: r.group || undefined, kind: r.plural },
  });
}

export function methodNotAllowed(message = "the server does not allow this method on the requested resource"): ApiError {
  return new ApiError({ code: 405, reason: "MethodNotAllowed", message });
}

export function tooManyRequests(message: string, causes?: StatusCause[]): ApiError {
  return new ApiError({ code: 429, reason: "TooManyRequests", message, details: causes ? { causes } : undefined });
}

export function internalError(message: string): ApiError {
  return new ApiError({ code: 500, reason: "InternalError", message: `Internal error occurred: ${message}` });
}

export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.reason === "NotFound";
}

export function isAlreadyExists(e: unknown): boolean {
  return e instanceof ApiError && e.reason === "AlreadyExists";
}

export function isConflict(e: unknown): boolean {
  return e instanceof ApiError && e.reason === "Conflict";
}
