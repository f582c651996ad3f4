/**
 * Defaulting per kind, as the API server's SetObjectDefaults_* functions do
 * (e.g. a Deployment's strategy, a container's imagePullPolicy and
 * terminationMessagePath). One file per API group; this index maps
 * `group/Kind` to its defaulter.
 */
import type { Defaulter } from "../strategy.js";

export const defaulters: Record<string, Defaulter> = {};
