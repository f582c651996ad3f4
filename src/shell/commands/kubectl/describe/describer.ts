/**
 * What a describer is given (DescriberSettings plus the client and the
 * clock) and what it returns: the object's description, or a thrown API
 * error when it cannot be fetched.
 */
import type { Client } from "../../../../cluster/client/client.js";

export interface DescribeContext {
  client: Client;
  /** Virtual now, in ms, for ages. */
  now: number;
  showEvents: boolean;
  chunkSize: number;
}

/** Describes the named object (namespace undefined for cluster-scoped kinds). */
export type Describer = (d: DescribeContext, namespace: string | undefined, name: string) => string;
