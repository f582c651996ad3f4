/** kubectl create priorityclass NAME --value=N [--global-default] [--description] [--preemption-policy] (create_priorityclass.go). */
import { boolFlag, intFlag, stringFlag } from "../common/flags.js";
import { defineGenerator } from "./generator.js";
import { objectMeta } from "./objects.js";

export const createPriorityClassCommand = defineGenerator({
  name: "priorityclass",
  aliases: ["pc"],
  short: "Create a priority class with the specified name",
  long: "Create a priority class with the specified name, value, globalDefault and description.",
  examples:
    '  # Create a priority class named high-priority\n  kubectl create priorityclass high-priority --value=1000 --description="high priority"\n  \n  # Create a priority class named default-priority that is considered as the global default priority\n  kubectl create priorityclass default-priority --value=1000 --global-default=true --description="default priority"\n  \n  # Create a priority class named high-priority that cannot preempt pods with lower priority\n  kubectl create priorityclass high-priority --value=1000 --description="high priority" --preemption-policy="Never"',
  usage: "kubectl create priorityclass NAME --value=VALUE --global-default=BOOL [--dry-run=server|client|none] [options]",
  flags: [
    { name: "description", type: "string", usage: "description is an arbitrary string that usually provides guidelines on when this priority class should be used." },
    { name: "global-default", type: "bool", usage: "global-default specifies whether this PriorityClass should be considered as the default priority." },
    { name: "preemption-policy", type: "string", default: "PreemptLowerPriority", usage: "preemption-policy is the policy for preempting pods with lower priority." },
    { name: "value", type: "int", usage: "the value of this priority class." },
  ],
  resource: "priorityclasses",
  createErrorPrefix: "failed to create priorityclass: ",
  build: ({ k, name }) => ({
    kind: "PriorityClass",
    apiVersion: "scheduling.k8s.io/v1",
    metadata: objectMeta({ name }),
    value: intFlag(k, "value"),
    globalDefault: boolFlag(k, "global-default") || undefined,
    description: stringFlag(k, "description") || undefined,
    preemptionPolicy: stringFlag(k, "preemption-policy"),
  }),
});
