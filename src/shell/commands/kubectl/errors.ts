/**
 * How kubectl reports failures (cmdutil.CheckErr): API errors as
 * `Error from server (<Reason>): <message>`, a down API server as the
 * connection-refused line, usage errors as `error: <message>`; exit code 1.
 */
import { ApiError, ConnectionRefusedError } from "../../../cluster/api/errors.js";
import { FlagError } from "../../flags.js";

export class UsageError extends Error {
  /** The command path for the `See 'kubectl get --help' for usage.` hint. */
  constructor(message: string, readonly commandPath?: string) {
    super(message);
  }
}

/** A failure whose message is printed as-is (no `error: ` prefix), like cmdutil.ErrExit paths. */
export class RawError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export function formatApiError(e: ApiError): string {
  const s = e.status;
  if (s.reason === "InternalError" || !s.reason) return `Error from server: ${s.message}`;
  return `Error from server (${s.reason}): ${s.message}`;
}

/**
 * cmdutil.CheckErr's form for a 422 Invalid status: `The Kind "name" is invalid: field: detail`,
 * or one `* field: detail` line per cause when there are several.
 */
export function formatInvalid(e: ApiError): string {
  const d = e.status.details ?? {};
  const head = d.kind || d.name ? `The ${d.kind ?? ""} "${d.name ?? ""}" is invalid` : `The request is invalid${d.causes?.length ? "" : `: ${e.status.message}`}`;
  const causes = [...new Set((d.causes ?? []).map((c) => `${c.field}: ${c.message}`))];
  if (causes.length === 0) return head;
  if (causes.length === 1) return `${head}: ${causes[0]}`;
  return `${head}: \n${causes.map((c) => `* ${c}`).join("\n")}`;
}

/** The stderr text and exit code kubectl gives for an error thrown by a subcommand. */
export function describeError(e: unknown, commandPath: string): { text: string; exitCode: number } {
  if (e instanceof ConnectionRefusedError) return { text: e.message, exitCode: 1 };
  // cmdutil.StandardErrorMessage: a 401 asks the user to log in.
  if (e instanceof ApiError && e.status.code === 401) return { text: `error: You must be logged in to the server (${e.status.message})`, exitCode: 1 };
  if (e instanceof ApiError && e.reason === "Invalid" && e.status.details) return { text: formatInvalid(e), exitCode: 1 };
  if (e instanceof ApiError) return { text: formatApiError(e), exitCode: 1 };
  // cobra reports flag errors itself, capitalised (kubectl's FlagErrorFunc wraps them in a usage error).
  if (e instanceof FlagError) return { text: `Error: ${e.message}\nSee '${commandPath} --help' for usage.`, exitCode: 1 };
  if (e instanceof UsageError) {
    const hint = e.commandPath ?? commandPath;
    return { text: `error: ${e.message}${hint ? `\nSee '${hint} -h' for help and examples` : ""}`, exitCode: 1 };
  }
  if (e instanceof RawError) return { text: e.message, exitCode: e.exitCode };
  if (e instanceof Error && e.name === "KubectlError") return { text: `error: ${e.message}`, exitCode: 1 };
  // An unexpected failure is a simulator bug: say so plainly, never dump a stack at the learner.
  const msg = e instanceof Error ? e.message : String(e);
  return { text: `error: ${msg}`, exitCode: 1 };
}

/** `error: <message>` with exit 1: kubectl's generic failure. */
export class KubectlError extends Error {
  override name = "KubectlError";
}
