/**
 * The shape of API objects as they travel through the simulation: plain JSON,
 * exactly as the real API serves them. Typed views of particular kinds come
 * from the `kubernetes-types` package (see kinds.ts).
 */
import type { ObjectMeta as K8sObjectMeta, OwnerReference } from "kubernetes-types/meta/v1.js";

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** ObjectMeta as the server and controllers write it (kubernetes-types marks server fields readonly). */
export type ObjectMeta = Mutable<K8sObjectMeta>;
export type { OwnerReference };

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  // Objects are open JSON: spec, status, data, rules, ... per kind.
  [field: string]: any;
}

export interface ObjectList<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string };
  items: T[];
}

/** Who makes a request, as the authenticator would report it. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  /** Extra attributes the authenticator adds (authentication.kubernetes.io/credential-id). */
  extra?: Record<string, string[]>;
}

export const ADMIN_USER: UserInfo = {
  username: "kubernetes-admin",
  groups: ["kubeadm:cluster-admins", "system:authenticated"],
};

/** The loopback identity the control plane uses internally (system:masters bypasses RBAC). */
export const SYSTEM_MASTERS: UserInfo = {
  username: "system:apiserver",
  groups: ["system:masters", "system:authenticated"],
};

export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    username: `system:serviceaccount:${namespace}:${name}`,
    groups: ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"],
  };
}

export function nodeUser(node: string): UserInfo {
  return { username: `system:node:${node}`, groups: ["system:nodes", "system:authenticated"] };
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T;
}

export function deepClone<T>(value: T): T {
  return structuredClone(value);
}

/** namespace/name, or name for cluster-scoped objects: the key controllers queue. */
export function objectKey(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name!;
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf("/");
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** The controller owner reference, if any (ownerReferences[].controller == true). */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}
