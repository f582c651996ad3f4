/**
 * Errors of commands that visit several objects and keep going after a
 * failure (the resource builder's ContinueOnError): each failure is
 * collected, and at the end one error stands alone (printed as cmdutil.CheckErr
 * prints it) while several are printed one per line without the `error: `
 * prefix (cmdutil.MultipleErrors).
 */
import { ApiError, ConnectionRefusedError } from "../../../../cluster/api/errors.js";
import { formatApiError, KubectlError, RawError } from "../errors.js";

/** cmdutil.AddSourceToErr: `error when creating "f.yaml": <message>`, keeping an API error's reason. */
export function withSource(verb: string, source: string, e: unknown): unknown {
  if (!source) return e;
  if (e instanceof ApiError) {
    return new ApiError({ ...e.status, message: `error when ${verb} "${source}": ${e.status.message}` });
  }
  if (e instanceof ConnectionRefusedError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new KubectlError(`error when ${verb} "${source}": ${msg}`);
}

/** One line of an aggregate, as messageForError renders it. */
function messageForError(e: unknown): string {
  if (e instanceof ApiError) return formatApiError(e);
  if (e instanceof Error) return e.message;
  return String(e);
}

export class ErrorList {
  readonly errors: unknown[] = [];

  add(e: unknown): void {
    this.errors.push(e);
  }

  /** Drops the errors a predicate matches (Result.IgnoreErrors). */
  discard(match: (e: unknown) => boolean): void {
    const kept = this.errors.filter((e) => !match(e));
    this.errors.splice(0, this.errors.length, ...kept);
  }

  get empty(): boolean {
    return this.errors.length === 0;
  }

  /** Throws what kubectl would report for the collected errors (nothing when none). */
  throwIfAny(): void {
    if (this.errors.length === 0) return;
    if (this.errors.length === 1) throw this.errors[0];
    throw new RawError(this.errors.map(messageForError).join("\n"));
  }
}

/** Runs fn, collecting a failure instead of throwing it. */
export async function collecting<T>(errors: ErrorList, fn: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    errors.add(e);
    return undefined;
  }
}
