/**
 * Validation per kind, with the API server's field paths and messages.
 * One file per API group; this index maps `group/Kind` to its validator.
 * Metadata (name, namespace, labels) is validated generically in ./metadata.ts;
 * custom resources get theirs from their CustomResourceDefinition (../crd.ts).
 * An update validator runs the create rules too, plus what may not change;
 * writes to the status subresource get the strategy's status rules.
 */
import type { Validator } from "../strategy.js";
import { appsValidators } from "./apps.js";
import { batchValidators } from "./batch.js";
import { clusterPolicyValidators } from "./cluster-policy.js";
import { coreValidators } from "./core.js";
import { networkingValidators } from "./networking.js";
import { rbacValidators } from "./rbac.js";
import { apiextensionsValidators } from "./apiextensions.js";

export const validators: Record<string, Validator> = {
  ...coreValidators,
  ...appsValidators,
  ...batchValidators,
  ...networkingValidators,
  ...rbacValidators,
  ...clusterPolicyValidators,
  ...apiextensionsValidators,
};
