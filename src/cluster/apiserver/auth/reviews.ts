/**
 * The self-review APIs kubectl's auth commands call, answered by the
 * authorizer and the authenticator rather than stored
 * (pkg/registry/authorization/selfsubjectaccessreview,
 * selfsubjectrulesreview, pkg/registry/authentication/selfsubjectreview):
 *  - SelfSubjectAccessReview: may I do this verb on this resource or URL?
 *  - SelfSubjectRulesReview: every rule that applies to me in a namespace;
 *  - SelfSubjectReview: who the server thinks I am.
 */
import type { KubeObject, UserInfo } from "../../api/types.js";
import { badRequest } from "../../api/errors.js";
import { fe, invalidError } from "../../api/field-errors.js";
import type { StoreReader } from "../strategy.js";
import { canI, rulesFor } from "./authorizer.js";

export const REVIEW_KINDS = new Set([
  "authorization.k8s.io/SelfSubjectAccessReview",
  "authorization.k8s.io/SelfSubjectRulesReview",
  "authentication.k8s.io/SelfSubjectReview",
]);

function accessReview(user: UserInfo, obj: KubeObject, reader: StoreReader): KubeObject {
  const spec = obj.spec ?? {};
  const res = spec.resourceAttributes;
  const nonRes = spec.nonResourceAttributes;
  if (!!res === !!nonRes) {
    throw invalidError("SelfSubjectAccessReview", "authorization.k8s.io", "", [
      fe.invalid("spec.resourceAttributes", res ?? null, "exactly one of nonResourceAttributes or resourceAttributes must be specified"),
    ]);
  }
  const d = res
    ? canI(reader, user, res.verb ?? "", { verb: res.verb ?? "", resource: res.resource ?? "", group: res.group ?? "", subresource: res.subresource || undefined, name: res.name || undefined }, res.namespace)
    : canI(reader, user, nonRes.verb ?? "", { verb: nonRes.verb ?? "", path: nonRes.path ?? "" });
  const status: Record<string, unknown> = { allowed: d.allowed };
  if (d.reason) status.reason = d.reason;
  return { ...obj, status };
}

function rulesReview(user: UserInfo, obj: KubeObject, reader: StoreReader): KubeObject {
  const namespace = obj.spec?.namespace ?? "";
  if (!namespace) throw badRequest("no namespace on request");
  const r = rulesFor(reader, user, namespace);
  const status: Record<string, unknown> = { resourceRules: r.resourceRules, nonResourceRules: r.nonResourceRules, incomplete: r.incomplete };
  if (r.evaluationError) status.evaluationError = r.evaluationError;
  return { ...obj, status };
}

function selfReview(user: UserInfo, obj: KubeObject): KubeObject {
  const userInfo: Record<string, unknown> = { username: user.username };
  if (user.uid) userInfo.uid = user.uid;
  if (user.groups.length) userInfo.groups = [...user.groups];
  if (user.extra && Object.keys(user.extra).length) userInfo.extra = structuredClone(user.extra);
  return { ...obj, status: { userInfo } };
}

/** The answer to a create of one of the review kinds (kindKey `group/Kind`). */
export function answerReview(kindKey: string, user: UserInfo, obj: KubeObject, reader: StoreReader, now: string): KubeObject {
  const base = { ...obj, metadata: { ...(obj.metadata ?? {}), creationTimestamp: now } };
  switch (kindKey) {
    case "authorization.k8s.io/SelfSubjectAccessReview":
      return accessReview(user, base, reader);
    case "authorization.k8s.io/SelfSubjectRulesReview":
      return rulesReview(user, base, reader);
    default:
      return selfReview(user, base);
  }
}
