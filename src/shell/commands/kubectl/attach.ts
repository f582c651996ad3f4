/**
 * kubectl attach (POD | TYPE/NAME) -c CONTAINER (pkg/cmd/attach/attach.go):
 * connects to the main process of a running container: its output from now
 * on (stderr apart unless a TTY joins them), and with -i the session's
 * stdin for a shell that waits on it. At the terminal the stream lasts until
 * the process exits or Ctrl-C; a script gets what is there now, or the
 * whole session of a shell it fed.
 */
import type { KubeObject } from "../../../cluster/api/types.js";
import { resolveResource } from "./builder.js";
import { KubectlError } from "./errors.js";
import type { Subcommand } from "./types.js";
import { boolFlag, sortedFlags, stringFlag } from "./common/flags.js";
import { findOrDefaultContainer } from "./common/container-select.js";
import { attachSession } from "./common/pod-attach.js";
import { LiveOutput, interruptible } from "./common/interruptible.js";
import { objectForArg, podRunningTimeoutMs } from "./common/pod-for-object.js";
import { CONTAINER_STREAM_FLAGS, targetPod } from "./exec.js";

export const attachCommand: Subcommand = {
  name: "attach",
  short: "Attach to a running container",
  long: "Attach to a process that is already running inside an existing container.",
  examples: `  # Get output from running pod mypod; use the 'kubectl.kubernetes.io/default-container' annotation
  # for selecting the container to be attached or the first container in the pod will be chosen
  kubectl attach mypod
  
  # Get output from ruby-container from pod mypod
  kubectl attach mypod -c ruby-container
  
  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
  # and sends stdout/stderr from 'bash' back to the client
  kubectl attach mypod -c ruby-container -i -t
  
  # Get output from the first pod of a replica set named nginx
  kubectl attach rs/nginx`,
  usage: "kubectl attach (POD | TYPE/NAME) -c CONTAINER",
  flags: sortedFlags(CONTAINER_STREAM_FLAGS),
  run(k) {
    return interruptible(async () => {
      const timeoutMs = podRunningTimeoutMs(k);
      if (k.args.length === 0) throw new KubectlError("at least 1 argument is required for attach");
      if (k.args.length > 2) throw new KubectlError(`expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${k.args.length}: [${k.args.join(" ")}]`);
      if (timeoutMs <= 0) throw new KubectlError("--pod-running-timeout must be higher than zero");
      let obj: KubeObject;
      if (k.args.length === 1) obj = objectForArg(k, k.args[0]);
      else {
        const r = resolveResource(k.client, k.args[0]);
        obj = k.client.get(r, r.namespaced ? k.namespace : undefined, k.args[1]);
      }
      const pod = await targetPod(k, obj, "attach");
      const quiet = boolFlag(k, "quiet");
      let container;
      try {
        container = findOrDefaultContainer(pod, stringFlag(k, "container"), quiet, (l) => new LiveOutput(k).errLine(l));
      } catch (e) {
        throw new KubectlError(`cannot attach to the container: ${(e as Error).message}`);
      }
      await attachSession(k, pod, container, { stdin: boolFlag(k, "stdin"), tty: boolFlag(k, "tty"), quiet, fromStart: false });
      return 0;
    });
  },
};
