/**
 * kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]
 * (pkg/cmd/exec/exec.go): finds the pod (a workload's most active one),
 * defaults the container with the "Defaulted container" notice, and runs the
 * command through pods/exec on the pod's kubelet. The command's output is
 * printed (stderr joins stdout under a TTY); a non-zero exit is
 * `command terminated with exit code N` with that exit code.
 */
import type { KubeObject } from "../../../cluster/api/types.js";
import type { FlagSpec } from "../../flags.js";
import { KubectlError, RawError, UsageError } from "./errors.js";
import type { KubectlContext, Subcommand } from "./types.js";
import { ErrorList } from "./common/errors.js";
import { filenameOptions, readFileObjects } from "./common/file-objects.js";
import { boolFlag, sortedFlags, stringFlag } from "./common/flags.js";
import { findContainer, findOrDefaultContainer } from "./common/container-select.js";
import { connectContainer, execIn } from "./common/kubelet-connection.js";
import { setupStream } from "./common/pod-attach.js";
import { canPrompt, isInteractiveShell, runContainerShell } from "./common/container-shell.js";
import { interruptible, waitCluster } from "./common/interruptible.js";
import { POD_RUNNING_TIMEOUT_FLAG, objectForArg, podForObject, podRunningTimeoutMs } from "./common/pod-for-object.js";

export const CONTAINER_FLAG_USAGE =
  "Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen";

/** The flags exec and attach share. */
export const CONTAINER_STREAM_FLAGS: FlagSpec[] = [
  { name: "container", short: "c", type: "string", usage: CONTAINER_FLAG_USAGE },
  POD_RUNNING_TIMEOUT_FLAG("1m0s"),
  { name: "quiet", short: "q", type: "bool", usage: "Only print output from the remote session" },
  { name: "stdin", short: "i", type: "bool", usage: "Pass stdin to the container" },
  { name: "tty", short: "t", type: "bool", usage: "Stdin is a TTY" },
];

/** The object `exec -f FILE` names (the builder's single object). */
async function objectFromFile(k: KubectlContext): Promise<KubeObject> {
  const errors = new ErrorList();
  const objects = await readFileObjects(k, { ...filenameOptions(k), kustomize: "", recursive: false }, errors);
  errors.throwIfAny();
  if (objects.length !== 1) throw new KubectlError("cannot exec into multiple objects at a time");
  const o = objects[0];
  return k.client.get(o.resource, o.namespace, o.name);
}

/** The pod an exec or attach argument stands for (a workload's most active pod), never a finished one. */
export async function targetPod(k: KubectlContext, obj: KubeObject, verb: "exec into" | "attach"): Promise<KubeObject> {
  const { pod } = await podForObject(k, obj, podRunningTimeoutMs(k), "active", "attach to");
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") throw new KubectlError(`cannot ${verb} a container in a completed pod; current phase is ${phase}`);
  return pod;
}

export const execCommand: Subcommand = {
  name: "exec",
  short: "Execute a command in a container",
  long: "Execute a command in a container.",
  examples: `  # Get output from running the 'date' command from pod mypod, using the first container by default
  kubectl exec mypod -- date
  
  # Get output from running the 'date' command in ruby-container from pod mypod
  kubectl exec mypod -c ruby-container -- date
  
  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
  # and sends stdout/stderr from 'bash' back to the client
  kubectl exec mypod -c ruby-container -i -t -- bash -il
  
  # List contents of /usr from the first container of pod mypod and sort by modification time
  # If the command you want to execute in the pod has any flags in common (e.g. -i),
  # you must use two dashes (--) to separate your command's flags/arguments
  # Also note, do not surround your command and its flags/arguments with quotes
  # unless that is how you would execute it normally (i.e., do ls -t /usr, not "ls -t /usr")
  kubectl exec mypod -i -t -- ls -t /usr
  
  # Get output from running 'date' command from the first pod of the deployment mydeployment, using the first container by default
  kubectl exec deploy/mydeployment -- date
  
  # Get output from running 'date' command from the first pod of the service myservice, using the first container by default
  kubectl exec svc/myservice -- date`,
  usage: "kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]",
  flags: sortedFlags([...CONTAINER_STREAM_FLAGS, { name: "filename", short: "f", type: "stringSlice", usage: "to use to exec into the resource" }]),
  run(k) {
    return interruptible(async () => {
      // Complete: cobra's ArgsLenAtDash splits the resource from the command.
      const dashed = k.flags.afterDash.length > 0;
      const filenames = filenameOptions(k).filenames;
      if (!dashed && (k.args.length > 1 || (k.args.length > 0 && filenames.length > 0))) {
        throw new UsageError("exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead");
      }
      const resourceName = k.args[0] ?? "";
      const command = k.flags.afterDash;
      podRunningTimeoutMs(k);
      // Validate.
      if (!resourceName && filenames.length === 0) throw new KubectlError("pod, type/name or --filename must be specified");
      if (command.length === 0) throw new KubectlError("you must specify at least one command for the container");

      const quiet = boolFlag(k, "quiet");
      const obj = resourceName ? objectForArg(k, resourceName) : await objectFromFile(k);
      const pod = await targetPod(k, obj, "exec into");
      let container = stringFlag(k, "container");
      if (!container) container = findOrDefaultContainer(pod, "", quiet, (line) => k.out.errLine(line)).name;
      const setup = setupStream(k, boolFlag(k, "stdin"), boolFlag(k, "tty"), quiet);
      if (!findContainer(pod, container)) {
        // The API server validates the name before it reaches the kubelet.
        throw new KubectlError(`unable to upgrade connection: container ${container} is not valid for pod ${pod.metadata.name}`);
      }
      const stream = connectContainer(k, pod, container, "exec");
      const terminal = k.tool.terminal;
      if (setup.tty && canPrompt(terminal) && isInteractiveShell(command)) {
        const status = await runContainerShell(k, terminal, stream, command, pod.metadata.name ?? "");
        if (status !== 0) throw new RawError(`command terminated with exit code ${status}`, status);
        return 0;
      }
      const r = execIn(k, stream, command, setup.stdin ? k.tool.stdin : "");
      if (r.elapsedMs > 0) await waitCluster(k, r.elapsedMs);
      k.out.out(r.stdout);
      if (setup.tty) k.out.out(r.stderr);
      else k.out.err(r.stderr);
      if (r.exitCode !== 0) throw new RawError(`command terminated with exit code ${r.exitCode}`, r.exitCode);
      return 0;
    });
  },
};
