/**
 * Priority: resolves a pod's priorityClassName to spec.priority and
 * spec.preemptionPolicy on create (the global default class when none is
 * named, else priority 0 and PreemptLowerPriority), refuses unknown classes
 * and hand-written values that disagree, keeps both on update, and allows
 * only one globalDefault PriorityClass (plugin/pkg/admission/priority).
 */
import type { KubeObject } from "../../api/types.js";
import type { StoreReader } from "../strategy.js";
import { admissionForbidden, kindOf, type AdmissionPlugin } from "./plugin.js";

const DEFAULT_PREEMPTION_POLICY = "PreemptLowerPriority";

export function priority(): AdmissionPlugin {
  return {
    name: "Priority",
    admit(a, ctx) {
      if (a.subresource || kindOf(a) !== "/Pod" || !a.object) return;
      const spec = (a.object.spec ??= {});
      if (a.operation === "UPDATE") {
        // Set on create; validation keeps them immutable.
        const old = a.oldObject?.spec ?? {};
        if (spec.priority === undefined && old.priority !== undefined) spec.priority = old.priority;
        if (spec.preemptionPolicy === undefined && old.preemptionPolicy !== undefined) spec.preemptionPolicy = old.preemptionPolicy;
        return;
      }
      if (a.operation !== "CREATE") return;
      let value: number;
      let policy: string;
      if (!spec.priorityClassName) {
        const def = defaultPriorityClass(ctx.reader);
        value = def?.value ?? 0;
        policy = def?.preemptionPolicy ?? DEFAULT_PREEMPTION_POLICY;
        if (def) spec.priorityClassName = def.metadata.name;
      } else {
        const pc = ctx.reader.get("priorityclasses", undefined, spec.priorityClassName);
        if (!pc) throw admissionForbidden(a, `no PriorityClass with name ${spec.priorityClassName} was found`, undefined, "admit");
        value = pc.value ?? 0;
        // PriorityClass defaulting sets PreemptLowerPriority when the class names none.
        policy = pc.preemptionPolicy ?? DEFAULT_PREEMPTION_POLICY;
      }
      if (spec.priority !== undefined && spec.priority !== null && spec.priority !== value) {
        throw admissionForbidden(
          a,
          `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
          undefined,
          "admit",
        );
      }
      spec.priority = value;
      if (spec.preemptionPolicy && spec.preemptionPolicy !== policy) {
        throw admissionForbidden(
          a,
          `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
          undefined,
          "admit",
        );
      }
      spec.preemptionPolicy = policy;
    },
    validate(a, ctx) {
      if (a.subresource || kindOf(a) !== "scheduling.k8s.io/PriorityClass" || !a.object) return;
      if ((a.operation !== "CREATE" && a.operation !== "UPDATE") || !a.object.globalDefault) return;
      const def = defaultPriorityClass(ctx.reader);
      if (def && (a.operation === "CREATE" || def.metadata.name !== a.object.metadata.name)) {
        throw admissionForbidden(a, `PriorityClass ${def.metadata.name} is already marked as default. Only one default can exist`);
      }
    },
  };
}

/** The globalDefault class; with several (a race), the lowest value. */
function defaultPriorityClass(reader: StoreReader): KubeObject | undefined {
  let best: KubeObject | undefined;
  for (const pc of reader.list("priorityclasses")) {
    if (pc.globalDefault && (!best || (best.value ?? 0) > (pc.value ?? 0))) best = pc;
  }
  return best;
}
