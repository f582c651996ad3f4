/**
 * DefaultTolerationSeconds: every pod that does not already tolerate the
 * not-ready and unreachable NoExecute taints gets tolerations for them with
 * tolerationSeconds 300 (--default-not-ready-toleration-seconds and
 * --default-unreachable-toleration-seconds), so it is evicted five minutes
 * after its node fails (plugin/pkg/admission/defaulttolerationseconds).
 */
import type { AdmissionPlugin } from "./plugin.js";
import { kindOf } from "./plugin.js";

export const DEFAULT_NOT_READY_TOLERATION_SECONDS = 300;
export const DEFAULT_UNREACHABLE_TOLERATION_SECONDS = 300;

const TAINTS: Array<[key: string, seconds: number]> = [
  ["node.kubernetes.io/not-ready", DEFAULT_NOT_READY_TOLERATION_SECONDS],
  ["node.kubernetes.io/unreachable", DEFAULT_UNREACHABLE_TOLERATION_SECONDS],
];

export function defaultTolerationSeconds(): AdmissionPlugin {
  return {
    name: "DefaultTolerationSeconds",
    admit(a) {
      if (kindOf(a) !== "/Pod" || a.subresource || (a.operation !== "CREATE" && a.operation !== "UPDATE") || !a.object) return;
      const spec = (a.object.spec ??= {});
      const tolerations: any[] = spec.tolerations ?? [];
      const added: any[] = [];
      for (const [key, seconds] of TAINTS) {
        // A toleration with an empty key or effect covers the taint too.
        const covered = tolerations.some((t) => (!t.key || t.key === key) && (!t.effect || t.effect === "NoExecute"));
        if (!covered) added.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: seconds });
      }
      if (added.length) spec.tolerations = [...tolerations, ...added];
    },
  };
}
