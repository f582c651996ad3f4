/**
 * kubectl autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min] --max
 * [--cpu] [--memory] (pkg/cmd/autoscale/autoscale.go, v1.34): creates an
 * autoscaling/v2 HorizontalPodAutoscaler for anything with a scale
 * subresource, and prints `horizontalpodautoscaler.autoscaling/NAME
 * autoscaled`. --cpu and --memory take a percentage (average utilization)
 * or a quantity (average value); the older --cpu-percent is deprecated.
 */
import { Quantity, QuantityError } from "../../../cluster/api/quantity.js";
import type { KubeObject } from "../../../cluster/api/types.js";
import type { ResourceType } from "../../../cluster/apiserver/resources.js";
import { KubectlError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";
import { ErrorList } from "./common/errors.js";
import { filenameOptions } from "./common/file-objects.js";
import { DRY_RUN_FLAG, PRINT_FLAGS, SAVE_CONFIG_FLAG, dryRunStrategy, fieldManagerFlag, filenameFlags, requireFlags, sortedFlags, stringFlag } from "./common/flags.js";
import { setLastAppliedTyped } from "./common/last-applied.js";
import { ObjectPrinter } from "./common/print.js";
import { objectMeta } from "./create/objects.js";
import { formatGoFloat } from "./printers/gofmt.js";
import { RECORD_FLAG, record, warnRecordDeprecated } from "./record.js";
import { checkErrors, findObjects, goError } from "./visit.js";

type MetricTarget = { type: "Utilization"; averageUtilization: number } | { type: "AverageValue"; averageValue: string };

/** parsePercentage + parseResourceInput: `70%`, a quantity, or a bare number in the resource's default unit. */
function parseResourceInput(input: string, resource: "cpu" | "memory"): MetricTarget {
  const s = input.trim();
  if (s === "") throw new Error("empty input");
  if (s.endsWith("%")) {
    const trimmed = s.slice(0, -1);
    const n = /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : NaN;
    if (!Number.isInteger(n) || n < 0 || n > 2147483647) throw new Error(`invalid percentage value: ${trimmed}`);
    return { type: "Utilization", averageUtilization: n };
  }
  const unit = resource === "cpu" ? "m" : "Mi";
  try {
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) || /^[+-]?(inf|infinity|nan)$/i.test(s)) {
      return { type: "AverageValue", averageValue: Quantity.parse(`${formatGoFloat(Number(s))}${unit}`).toString() };
    }
    return { type: "AverageValue", averageValue: Quantity.parse(s).toString() };
  } catch (e) {
    if (e instanceof QuantityError) throw new Error(`invalid resource ${resource} value: ${s}`);
    throw e;
  }
}

function metric(resource: "cpu" | "memory", target: MetricTarget): Record<string, unknown> {
  // MetricTarget's field order: type, value, averageValue, averageUtilization.
  const t = target.type === "Utilization" ? { type: target.type, averageUtilization: target.averageUtilization } : { type: target.type, averageValue: target.averageValue };
  return { type: "Resource", resource: { name: resource, target: t } };
}

interface AutoscaleInputs {
  name: string;
  min: number;
  max: number;
  cpuPercent: number;
  cpu: string;
  memory: string;
}

/** createHorizontalPodAutoscalerV2, laid out as the Go struct (field order matters for -o json). */
function horizontalPodAutoscaler(r: ResourceType, refName: string, o: AutoscaleInputs): KubeObject {
  const metrics: unknown[] = [];
  if (o.cpuPercent > 0) metrics.push(metric("cpu", { type: "Utilization", averageUtilization: o.cpuPercent }));
  if (o.cpu !== "") metrics.push(metric("cpu", parseResourceInput(o.cpu, "cpu")));
  if (o.memory !== "") metrics.push(metric("memory", parseResourceInput(o.memory, "memory")));
  const spec: Record<string, unknown> = {
    scaleTargetRef: { kind: r.kind, name: refName, apiVersion: r.group ? `${r.group}/${r.version}` : r.version },
  };
  if (o.min > 0) spec.minReplicas = o.min;
  spec.maxReplicas = o.max;
  if (metrics.length) spec.metrics = metrics;
  return {
    kind: "HorizontalPodAutoscaler",
    apiVersion: "autoscaling/v2",
    metadata: objectMeta({ name: o.name || refName }),
    spec,
    // desiredReplicas and currentMetrics have no omitempty.
    status: { desiredReplicas: 0, currentMetrics: null },
  };
}

/**
 * canCreateHPAV1: whether the v1 fallback could express the request. Its
 * error (or, when there is none, Go's `%!w(<nil>)`) ends the message kubectl
 * prints when the v2 create failed and v1 cannot be tried.
 */
function v1Incompatibility(o: AutoscaleInputs): string | undefined {
  let type: string;
  try {
    type = parseResourceInput(o.cpu, "cpu").type;
  } catch (e) {
    return (e as Error).message;
  }
  const ok = (o.cpuPercent >= 0 && o.memory === "") || (o.memory === "" && type === "Utilization");
  return ok ? undefined : "%!w(<nil>)";
}

export const autoscaleCommand: Subcommand = {
  name: "autoscale",
  short: "Auto-scale a deployment, replica set, stateful set, or replication controller",
  long: "Creates an autoscaler that automatically chooses and sets the number of pods that run in a Kubernetes cluster. The command will attempt to use the autoscaling/v2 API first, in case of an error, it will fall back to autoscaling/v1 API.\n\n Looks up a deployment, replica set, stateful set, or replication controller by name and creates an autoscaler that uses the given resource as a reference. An autoscaler can automatically increase or decrease number of pods deployed within the system as needed.",
  examples:
    '  # Auto scale a deployment "foo", with the number of pods between 2 and 10, no target CPU utilization specified so a default autoscaling policy will be used\n  kubectl autoscale deployment foo --min=2 --max=10\n  \n  # Auto scale a replication controller "foo", with the number of pods between 1 and 5, target CPU utilization at 80%\n  kubectl autoscale rc foo --max=5 --cpu=80%\n  \n  # Auto scale a deployment "bar", with the number of pods between 3 and 6, target average CPU of 500m and memory of 200Mi\n  kubectl autoscale deployment bar --min=3 --max=6 --cpu=500m --memory=200Mi\n  \n  # Auto scale a deployment "bar", with the number of pods between 2 and 8, target CPU utilization 60% and memory utilization 70%\n  kubectl autoscale deployment bar --min=3 --max=6 --cpu=60% --memory=70%',
  usage: "kubectl autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu=CPU] [--memory=MEMORY] [options]",
  flags: sortedFlags([
    ...PRINT_FLAGS,
    RECORD_FLAG,
    DRY_RUN_FLAG,
    SAVE_CONFIG_FLAG,
    fieldManagerFlag("kubectl-autoscale"),
    ...filenameFlags("identifying the resource to autoscale."),
    {
      name: "min",
      type: "int",
      default: -1,
      usage: "The lower limit for the number of pods that can be set by the autoscaler. If it's not specified or negative, the server will apply a default value.",
    },
    { name: "max", type: "int", default: -1, usage: "The upper limit for the number of pods that can be set by the autoscaler. Required." },
    {
      name: "cpu-percent",
      type: "int",
      default: -1,
      hidden: true,
      usage:
        "The target average CPU utilization (represented as a percent of requested CPU) over all the pods. If it's not specified or negative, a default autoscaling policy will be used.",
    },
    {
      name: "cpu",
      type: "string",
      usage:
        'Target CPU utilization over all the pods. When specified as a percentage (e.g."70%" for 70% of requested CPU) it will target average utilization. When specified as quantity (e.g."500m" for 500 milliCPU) it will target average value. Value without units is treated as a quantity with miliCPU being the unit (e.g."500" is "500m").',
    },
    {
      name: "memory",
      type: "string",
      usage:
        'Target memory utilization over all the pods. When specified  as a percentage (e.g."60%" for 60% of requested memory) it will target average utilization. When specified as quantity (e.g."200Mi" for 200 MiB, "1Gi" for 1 GiB) it will target average value. Value without units is treated as a quantity with mebibytes being the unit (e.g."200" is "200Mi").',
    },
    { name: "name", type: "string", usage: "The name for the newly created object. If not specified, the name of the input resource will be used." },
  ]),
  async run(k: KubectlContext) {
    requireFlags(k, ["max"]);
    if (k.flags.changed.has("cpu-percent")) {
      k.out.err("Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).\n");
    }
    warnRecordDeprecated(k);
    const dryRun = dryRunStrategy(k);
    const o: AutoscaleInputs = {
      name: stringFlag(k, "name"),
      min: Number(k.flags.values.min),
      max: Number(k.flags.values.max),
      cpuPercent: Number(k.flags.values["cpu-percent"]),
      cpu: stringFlag(k, "cpu"),
      memory: stringFlag(k, "memory"),
    };
    if (o.max < 1) throw new KubectlError(`--max=MAXPODS is required and must be at least 1, max: ${o.max}`);
    if (o.max < o.min) throw new KubectlError(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${o.max}, min: ${o.min}`);
    if (o.cpuPercent > 0 && o.cpu !== "") throw new KubectlError("--cpu-percent and --cpu are mutually exclusive");
    for (const [flag, res] of [
      ["cpu", "cpu"],
      ["memory", "memory"],
    ] as const) {
      const v = o[flag];
      if (v === "") continue;
      try {
        parseResourceInput(v, res);
      } catch (e) {
        throw new KubectlError((e as Error).message);
      }
    }
    // The printer is resolved per object (created for a dry run, autoscaled otherwise), after the checks above.
    const created = await ObjectPrinter.create(k, { operation: "created", dryRun });
    const autoscaled = await ObjectPrinter.create(k, { operation: "autoscaled", dryRun });

    const errors = new ErrorList();
    const targets = await findObjects(k, { args: k.args, files: filenameOptions(k) }, errors);
    const errs: unknown[] = [...errors.errors];
    let count = 0;
    for (const t of targets) {
      try {
        if (!t.resource.subresources.includes("scale")) {
          const gv = t.resource.group ? `${t.resource.group}/${t.resource.version}` : `/${t.resource.version}`;
          throw goError(`cannot autoscale a ${t.resource.kind}: could not find scale subresource for ${gv}, Resource=${t.resource.plural} in discovery information`);
        }
        const hpa = horizontalPodAutoscaler(t.resource, t.name, o);
        record(k, hpa);
        if (dryRun === "client") {
          created.print(hpa, { typed: true });
        } else {
          if (k.flags.values["save-config"] === true) setLastAppliedTyped(hpa);
          let actual: KubeObject;
          try {
            actual = k.client.create("horizontalpodautoscalers", k.namespace, hpa, { dryRun: dryRun === "server" });
          } catch (e) {
            // The autoscaling/v1 fallback: refused when v1 cannot express the request, else it fails as v2 did.
            const why = v1Incompatibility(o);
            if (why !== undefined) throw goError(`failed to create autoscaling/v2 HPA and the configuration is incompatible with autoscaling/v1: ${why}`);
            throw e;
          }
          autoscaled.print(actual);
        }
        count++;
      } catch (e) {
        errs.push(e);
      }
    }
    checkErrors(errs);
    if (count === 0) throw new KubectlError("no objects passed to autoscale");
    return 0;
  },
};
